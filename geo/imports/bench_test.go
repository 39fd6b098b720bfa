package imports_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/safezone/safezone/geo/imports"

	"github.com/safezone/safezone/geo/crs"
)

// licenceCSV returns a licence list of n rows with Chinese headers and
// categories, around Chengdu.
func licenceCSV(n int) []byte {
	r := rand.New(rand.NewSource(42))
	cats := []string{"网吧", "彩票", "酒吧", "internet_cafe", "hotel", "烟草"}
	var b bytes.Buffer
	b.WriteString("\ufeff名称,类别,经度,纬度,许可证号,地址\n")
	for i := range n {
		fmt.Fprintf(&b, "商户%d,%s,%.6f,%.6f,L%07d,成都市某路%d号\n", i, cats[r.Intn(len(cats))], 104+r.Float64()*0.2, 30.5+r.Float64()*0.2, i, i)
	}
	return b.Bytes()
}

func BenchmarkReadCSV(b *testing.B) {
	for _, n := range []int{100_000} {
		data := licenceCSV(n)
		for _, system := range []crs.System{crs.WGS84, crs.GCJ02} {
			b.Run(fmt.Sprintf("rows=%d/crs=%s", n, system), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					im, err := imports.ReadCSV(bytes.NewReader(data), "bench.csv", imports.Options{CRS: system})
					if err != nil || len(im.Rows) != n {
						b.Fatal(err, len(im.Bad))
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
