package geojson_test

import (
	"bufio"
	"bytes"
	"fmt"
	"testing"

	orbjson "github.com/paulmach/orb/geojson"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"

	"github.com/safezone/safezone/geo/synth"
)

// synthGeoJSON returns cfg's features as newline-delimited GeoJSON, or as a
// FeatureCollection with one feature per line.
func synthGeoJSON(tb testing.TB, cfg synth.Config, collection bool) []byte {
	tb.Helper()
	var out []byte
	sep := "\n"
	if collection {
		out, sep = []byte(`{"type":"FeatureCollection","features":[`+"\n"), ",\n"
	}
	if err := synth.Generate(cfg, func(f geo.Feature) error {
		var err error
		out, err = geojson.AppendFeature(out, f)
		out = append(out, sep...)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	if collection {
		out = append(bytes.TrimSuffix(out, []byte(sep)), "\n]}\n"...)
	}
	return out
}

// BenchmarkRead reads synthetic cities: 10 businesses per school,
// half the campuses polygons, 5% footprints. The naive baseline decodes
// each line with orb's geojson package.
func BenchmarkRead(b *testing.B) {
	for _, n := range []int{10_000, 220_000, 2_200_000} {
		cfg := synth.Config{Schools: n / 11, Businesses: n - n/11, Seed: 1}
		for _, form := range []string{"ndjson", "collection", "ndjson-naive"} {
			if n > 220_000 && form != "ndjson" {
				continue
			}
			b.Run(fmt.Sprintf("%s/n=%d", form, n), func(b *testing.B) {
				data := synthGeoJSON(b, cfg, form == "collection")
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if form == "ndjson-naive" {
						readNaive(b, data)
						continue
					}
					features, err := geojson.Read(bytes.NewReader(data), "bench")
					if err != nil || len(features) != n {
						b.Fatalf("got %d features, %v", len(features), err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
			})
		}
	}
}

func readNaive(b *testing.B, data []byte) {
	s := bufio.NewScanner(bytes.NewReader(data))
	s.Buffer(nil, 1<<20)
	var features []*orbjson.Feature
	for s.Scan() {
		f, err := orbjson.UnmarshalFeature(s.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		features = append(features, f)
	}
}

// BenchmarkGenerate makes a province: 10 businesses per school and a
// water body per 10 schools.
func BenchmarkGenerate(b *testing.B) {
	for _, schools := range []int{1_000, 200_000} {
		cfg := synth.Config{Schools: schools, Businesses: 10 * schools, Water: schools / 10, Seed: 1}
		n := cfg.Schools + cfg.Businesses + cfg.Water
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := synth.Generate(cfg, func(geo.Feature) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
		})
	}
}
