package osm

import (
	"os"
	"runtime"
	"testing"

	"github.com/paulmach/orb"
)

// basemapFirstView is the box the map UI asks for when it opens the Chengdu
// demo in the e2e tests' 1280×800 chromium: the data's extent fitted at
// zoom 12, with half a view of margin on each side (from the request the
// browser made).
var basemapFirstView = orb.Bound{Min: orb.Point{103.815994, 30.446796}, Max: orb.Point{104.433975, 30.894465}}

// sharedBasemapPath returns a shared extract's path, skipping b without it.
func sharedBasemapPath(b *testing.B, name string) string {
	path := sharedOSM + name
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no %s: %v", path, err)
	}
	return path
}

// BenchmarkReadBasemap reads real extracts. retained-MB is the heap the
// basemap keeps once read; Read of the same file is the baseline.
func BenchmarkReadBasemap(b *testing.B) {
	for _, name := range []string{"chengdu-2018.osm.pbf", "liechtenstein-2021.osm.pbf"} {
		b.Run(name, func(b *testing.B) {
			path := sharedBasemapPath(b, name)
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			bm, err := ReadBasemap(path)
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			runtime.ReadMemStats(&m1)
			retained := float64(m1.HeapAlloc) - float64(m0.HeapAlloc)
			b.ReportAllocs()
			for b.Loop() {
				if bm, err = ReadBasemap(path); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(retained/(1<<20), "retained-MB")
			b.ReportMetric(float64(bm.Len()), "features")
			b.ReportMetric(float64(len(bm.Intersections())), "junctions")
		})
		b.Run(name+"/Read", func(b *testing.B) {
			path := sharedBasemapPath(b, name)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBasemap_InBound queries the Chengdu demo's first view at the
// zoom the map opens at (12) and closer; the naive baseline scans every
// feature instead of the R-trees.
func BenchmarkBasemap_InBound(b *testing.B) {
	bm, err := ReadBasemap(sharedBasemapPath(b, "chengdu-2018.osm.pbf"))
	if err != nil {
		b.Fatal(err)
	}
	c := basemapFirstView.Center()
	oneView := orb.Bound{Min: orb.Point{c[0] - 0.02, c[1] - 0.015}, Max: orb.Point{c[0] + 0.02, c[1] + 0.015}}
	cases := []struct {
		name  string
		bound orb.Bound
		zoom  float64
	}{
		{"first-view/z=12", basemapFirstView, 12},
		{"first-view/z=16", basemapFirstView, 16},
		{"one-view/z=15", oneView, 15},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			var fs []MapFeature
			b.ReportAllocs()
			for b.Loop() {
				fs, _ = bm.InBound(bc.bound, bc.zoom, 0)
			}
			b.ReportMetric(float64(len(fs)), "features/op")
			b.ReportMetric(float64(countPoints(fs)), "points/op")
		})
		b.Run(bc.name+"/naive", func(b *testing.B) {
			level := min(maxDetailZoom, int(bc.zoom))
			s := newSimplifier(bc.bound, bc.zoom)
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				n = 0
				for i := range bm.items {
					it := &bm.items[i]
					if it.minZoom <= level && it.Geometry.Bound().Intersects(bc.bound) && s.geometry(it.Geometry) != nil {
						n++
					}
				}
			}
			b.ReportMetric(float64(n), "features/op")
		})
	}
}

func countPoints(fs []MapFeature) int {
	n := 0
	for _, f := range fs {
		switch g := f.Geometry.(type) {
		case orb.LineString:
			n += len(g)
		case orb.MultiLineString:
			for _, l := range g {
				n += len(l)
			}
		case orb.Polygon:
			for _, r := range g {
				n += len(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				for _, r := range p {
					n += len(r)
				}
			}
		}
	}
	return n
}
