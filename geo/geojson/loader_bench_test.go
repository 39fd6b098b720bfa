package geojson

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/synth"
)

// BenchmarkLoader_ReadDir measures start-up: reading a directory of map data,
// a file per kind as WriteGeoJSONL writes them, in the proportions of the
// 200000x2000000 benchmark data (a school per 10 businesses, a water body
// per 10 schools), and indexing it. "builder" reads with an Loader;
// the baseline, "features", with ReadGeoJSONDir and NewIndex. Both stages
// are reported in seconds per op. Later iterations reuse memory the first
// had to fault in, so -benchtime=1x is closest to a fresh process.
func BenchmarkLoader_ReadDir(b *testing.B) {
	root := b.TempDir()
	for _, n := range []int{220_000, 2_200_000} {
		cfg := synth.Config{Schools: n / 11, Water: n / 110, Seed: 1}
		cfg.Businesses = n - cfg.Schools - cfg.Water
		dir, written := filepath.Join(root, fmt.Sprint(n)), false
		for _, how := range []string{"builder", "features"} {
			b.Run(fmt.Sprintf("%s/n=%d", how, n), func(b *testing.B) {
				if !written { // once, and only if a benchmark of this size runs
					if err := os.Mkdir(dir, 0o755); err != nil {
						b.Fatal(err)
					}
					writeSynthDir(b, dir, cfg)
					written = true
				}
				b.ReportAllocs()
				var read, index time.Duration
				for b.Loop() {
					start := time.Now()
					var ib Loader
					var features []geo.Feature
					var err error
					if how == "builder" {
						err = ib.ReadDir(dir)
					} else {
						features, err = ReadDir(dir)
						ib.Add(features)
					}
					if err != nil {
						b.Fatal(err)
					}
					mid := time.Now()
					idx, err := ib.Build()
					if err != nil || idx.Len() != n {
						b.Fatalf("indexed %d features, want %d: %v", idx.Len(), n, err)
					}
					read, index = read+mid.Sub(start), index+time.Since(mid)
				}
				b.ReportMetric(read.Seconds()/float64(b.N), "read-s/op")
				b.ReportMetric(index.Seconds()/float64(b.N), "index-s/op")
			})
		}
	}
}
