package crs

import (
	"math"
	"testing"

	"github.com/safezone/safezone/geo"
)

// TestInvert_iterations records how many iterations the inverses take over
// a 0.5° grid of China and checks the bound the doc comments state.
func TestInvert_iterations(t *testing.T) {
	for _, tc := range []struct {
		name    string
		forward func(geo.Point) geo.Point
	}{{"gcj02", WGS84ToGCJ02}, {"bd09", WGS84ToBD09}} {
		t.Run(tc.name, func(t *testing.T) {
			most, total, n := 0, 0, 0
			for lat := 18.0; lat <= 54; lat += 0.5 {
				for lon := 73.0; lon <= 135; lon += 0.5 {
					p := geo.Point{Lat: lat, Lon: lon}
					q, it := invert(p, tc.forward)
					f := tc.forward(q)
					if e := max(math.Abs(f.Lat-p.Lat), math.Abs(f.Lon-p.Lon)); e > invertTolDeg {
						t.Fatalf("%v: residual %g degrees after %d iterations", p, e, it)
					}
					most, total, n = max(most, it), total+it, n+1
				}
			}
			if most > 5 {
				t.Errorf("up to %d iterations; the doc says at most 5 in China", most)
			}
			t.Logf("%d points: mean %.2f, most %d iterations", n, float64(total)/float64(n), most)
		})
	}
}

// FuzzGCJ02ToWGS84 checks that the inverses never return NaN or an
// out-of-range point, stop within invertMaxIter, and, away from the edges of
// the China box where the forward transform jumps, solve to 0.5 m.
func FuzzGCJ02ToWGS84(f *testing.F) {
	for _, p := range [][2]float64{{39.9, 116.4}, {0.8293, 72.004}, {55.8271, 137.8347}, {55.82, 72.01}, {30, 72.005}, {-90, 180}, {1e-300, 105}, {35, 105}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, lat, lon float64) {
		p := geo.Point{Lat: lat, Lon: lon}
		if p.Validate() != nil {
			return
		}
		for _, forward := range []func(geo.Point) geo.Point{WGS84ToGCJ02, WGS84ToBD09} {
			q, it := invert(p, forward)
			if q.Validate() != nil || it > invertMaxIter {
				t.Fatalf("%v: %v after %d iterations", p, q, it)
			}
			inner := p.Lat > 0.8293+0.1 && p.Lat < 55.8271-0.1 && p.Lon > 72.004+0.1 && p.Lon < 137.8347-0.1
			if d := geo.DistanceMeters(forward(q), p); inner && d > 0.5 {
				t.Fatalf("%v: forward(inverse) is %.3f m away", p, d)
			}
		}
	})
}
