package zones_test

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/zones"

	"github.com/safezone/safezone/geo/synth"
)

// benchShapes are campuses to buffer: a point, a square, an L-shaped and a
// 12-vertex star-shaped (concave) campus, and a 3-vertex line.
func benchShapes() []struct {
	name string
	g    orb.Geometry
} {
	c := orb.Point{104.06, 30.66}
	star := orb.Ring{}
	for k := range 12 {
		d := 150.0
		if k%2 == 1 {
			d = 110
		}
		star = append(star, geotest.Offset(c, float64(k)*30, d))
	}
	star = append(star, star[0])
	return []struct {
		name string
		g    orb.Geometry
	}{
		{"point", c},
		{"square", geotest.Square(c, 100)},
		{"L", lShape(c)},
		{"star12", orb.Polygon{star}},
		{"line", orb.LineString{c, geotest.Offset(c, 45, 500), geotest.Offset(geotest.Offset(c, 45, 500), 170, 300)}},
	}
}

func BenchmarkBufferMeters(b *testing.B) {
	for _, s := range benchShapes() {
		for _, m := range []float64{50, 200, 5000} {
			b.Run(fmt.Sprintf("%s/r=%gm", s.name, m), func(b *testing.B) {
				b.ReportAllocs()
				var verts int
				for b.Loop() {
					mp, err := zones.BufferMeters(s.g, m)
					if err != nil {
						b.Fatal(err)
					}
					verts = countVertices(mp)
				}
				b.ReportMetric(float64(verts), "vertices/op")
			})
		}
	}
}

// BenchmarkZones draws the internet-café zones over synthetic cities,
// half the schools with polygon campuses, for the whole extent.
func BenchmarkBuild(b *testing.B) {
	pack := mustPack(b, zonesPackYAML)
	for _, n := range []int{60, 600} {
		var fs []geo.Feature
		err := synth.Generate(synth.Config{Schools: n, Seed: 7}, func(f geo.Feature) error {
			fs = append(fs, f)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		idx := geotest.MustIndex(b, fs)
		ext, _ := idx.Extent()
		for _, c := range []geo.Category{"internet_cafe", "bar", "street_stall"} {
			b.Run(fmt.Sprintf("schools=%d/%s", n, c), func(b *testing.B) {
				b.ReportAllocs()
				var zs zones.Set
				for b.Loop() {
					if zs, err = zones.Build(idx, c, pack, ext); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(countVertices(zs.Prohibited)+countVertices(zs.Inspect)), "vertices/op")
			})
		}
	}
}

func countVertices(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}
