package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/safezone/safezone/store"
)

// BenchmarkStore_Import writes n new businesses in one import, into a new
// store each time, fsync included.
func BenchmarkStore_Import(b *testing.B) {
	for _, n := range []int{100_000} {
		batch := store.ImportBatch{Source: "bench"}
		for i := range n {
			batch.Businesses = append(batch.Businesses, store.BusinessInput{
				Name: fmt.Sprintf("商户%d", i), Category: "bar", Lat: 30.5 + float64(i%1000)*1e-4, Lon: 104 + float64(i/1000)*1e-4,
				Licence: fmt.Sprintf("L%07d", i), Status: "licensed",
			})
		}
		b.Run(fmt.Sprintf("businesses=%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := MustOpen(b, b.TempDir())
				b.StartTimer()
				sum, err := s.Import(context.Background(), regulator, batch)
				if err != nil || sum.Created != n {
					b.Fatal(err, sum)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
