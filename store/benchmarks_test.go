package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/safezone/safezone/store"
)

// BenchmarkStore_CreateBusiness creates businesses from concurrent writers,
// each waiting for its write to commit before the next, fsync included: an
// op is one acknowledged create. writes/s counts them over the wall time,
// p50-ms and p99-ms are per write.
func BenchmarkStore_CreateBusiness(b *testing.B) {
	for _, writers := range []int{1, 32} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s := MustOpen(b, b.TempDir())
			lat := make([][]time.Duration, writers)
			ops := make(chan int, writers)
			var wg sync.WaitGroup
			b.ResetTimer()
			for w := range writers {
				wg.Go(func() {
					for i := range ops {
						start := time.Now()
						in := store.BusinessInput{Name: fmt.Sprintf("商户%d", i), Category: "bar", Lat: 30.5, Lon: 104}
						if _, err := s.CreateBusiness(context.Background(), regulator, in); err != nil {
							b.Error(err)
							return
						}
						lat[w] = append(lat[w], time.Since(start))
					}
				})
			}
			for i := 0; i < b.N; i++ {
				ops <- i
			}
			close(ops)
			wg.Wait()
			b.StopTimer()
			all := slices.Concat(lat...)
			slices.Sort(all)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
			b.ReportMetric(float64(all[len(all)/2])/1e6, "p50-ms")
			b.ReportMetric(float64(all[len(all)*99/100])/1e6, "p99-ms")
		})
	}
}
