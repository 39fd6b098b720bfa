package geodist

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
	"github.com/tidwall/geodesic"
)

// TestSagitta checks sagitta against how far random geodesics, up to the
// length where it gives up, stray from the lon/lat straight line between
// their endpoints.
func TestSagitta(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, lat := range []float64{0, 30.66, -45, 60, 70, 80, 84} {
		t.Run(fmt.Sprintf("lat=%v", lat), func(t *testing.T) {
			var worst float64
			for range 60 {
				a := orb.Point{r.Float64()*300 - 150, lat + r.Float64() - 0.5}
				kappa, _ := curvatureBound(math.Abs(a[1]) + 0.5)
				b := distDirect(a, r.Float64()*360, r.Float64()*math.Min(0.05/kappa, geodPlaneMax))
				kappa, _ = curvatureBound(math.Max(math.Abs(a[1]), math.Abs(b[1])))
				l := Meters(a, b)
				h := sagitta(l, kappa)
				if math.IsInf(h, 1) {
					continue
				}
				dev := chordDeviation(a, b, l)
				if dev > h {
					t.Errorf("%v–%v (%.0f m): strays %.6f m from the chord, sagitta says %.6f m", a, b, l, dev, h)
				}
				worst = math.Max(worst, dev/h)
			}
			t.Logf("largest deviation / sagitta: %.3f", worst)
		})
	}
}

// chordDeviation measures how far the geodesic a–b of length l strays from
// the curve straight in lon/lat between a and b: for points along the
// geodesic, the distance to the nearest point of the curve, found by
// golden-section search.
func chordDeviation(a, b orb.Point, l float64) float64 {
	line := geodesic.WGS84.InverseLine(a[1], a[0], b[1], b[0], 0)
	chord := func(t float64) orb.Point { return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t} }
	var worst float64
	for i := 1; i < 16; i++ {
		var lat, lon float64
		line.Position(l*float64(i)/16, &lat, &lon, nil)
		x := orb.Point{lon, lat}
		f := func(t float64) float64 { return Meters(x, chord(t)) }
		lo, hi := float64(i-2)/16, float64(i+2)/16
		g := (math.Sqrt(5) - 1) / 2
		for range 50 {
			c, d := hi-g*(hi-lo), lo+g*(hi-lo)
			if f(c) < f(d) {
				hi = d
			} else {
				lo = c
			}
		}
		worst = math.Max(worst, f((lo+hi)/2))
	}
	return worst
}

// TestExpandBound checks that the box holds every point at exactly meters
// from corners, edges and inside of random bounds, in all directions.
func TestExpandBound(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, lat := range []float64{0, 30.66, -45, 60, 80, 89.9} {
		for _, meters := range []float64{50, 200, 2000} {
			t.Run(fmt.Sprintf("lat=%v/m=%v", lat, meters), func(t *testing.T) {
				for range 20 {
					lo := orb.Point{r.Float64()*300 - 150, lat - r.Float64()*0.01}
					b := orb.Bound{Min: lo, Max: orb.Point{lo[0] + r.Float64()*0.02, math.Min(90, lo[1]+r.Float64()*0.01)}}
					if r.Intn(4) == 0 {
						b.Max = b.Min // a point
					}
					ex := ExpandBound(b, meters)
					for range 40 {
						from := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
						switch r.Intn(3) {
						case 0:
							from = orb.Point{[]float64{b.Min[0], b.Max[0]}[r.Intn(2)], []float64{b.Min[1], b.Max[1]}[r.Intn(2)]}
						case 1:
							from[r.Intn(2)] = []float64{b.Min[r.Intn(2)], b.Max[r.Intn(2)]}[r.Intn(2)]
							from[1] = math.Max(b.Min[1], math.Min(b.Max[1], from[1]))
							from[0] = math.Max(b.Min[0], math.Min(b.Max[0], from[0]))
						}
						for k := range 36 {
							to := distDirect(from, float64(k)*10+r.Float64()*10, meters)
							if !ex.Contains(to) {
								t.Fatalf("ExpandBound(%v, %v) = %v misses %v", b, meters, ex, to)
							}
						}
					}
				}
			})
		}
	}
}

func TestExpandBound_edges(t *testing.T) {
	b := orb.Bound{Min: orb.Point{104, 30}, Max: orb.Point{104.01, 30.01}}
	tests := []struct {
		name   string
		b      orb.Bound
		meters float64
		want   orb.Bound
	}{
		{"negative meters", b, -1, b},
		{"NaN meters", b, math.NaN(), b},
		{"zero meters", b, 0, b},
		{"empty bound", orb.Bound{Min: orb.Point{1, 1}}, 100, orb.Bound{Min: orb.Point{1, 1}}},
		{"reaches the pole", orb.Bound{Min: orb.Point{10, 89.999}, Max: orb.Point{10, 89.999}}, 200,
			orb.Bound{Min: orb.Point{-180, 89.999 - 200/MinRadius/RadPerDeg}, Max: orb.Point{180, 90}}},
		{"clamped at 180", orb.Bound{Min: orb.Point{179.9999, 0}, Max: orb.Point{179.9999, 0}}, 200,
			orb.Bound{Min: orb.Point{179.9999 - 200/SemiMajor/RadPerDeg, -200 / MinRadius / RadPerDeg}, Max: orb.Point{180, 200 / MinRadius / RadPerDeg}}},
		{"infinite", b, math.Inf(1), orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ExpandBound(tc.b, tc.meters)
			for i := range 2 {
				if math.Abs(got.Min[i]-tc.want.Min[i]) > 1e-9 || math.Abs(got.Max[i]-tc.want.Max[i]) > 1e-9 {
					t.Fatalf("ExpandBound = %v, want %v", got, tc.want)
				}
			}
		})
	}
}

// TestGeodesicBound checks that the box holds points all along random
// edges, and that a vertex bound would not.
func TestGeodesicBound(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, lat := range []float64{0, 30.66, -45, 60, 80, 89.5} {
		t.Run(fmt.Sprintf("lat=%v", lat), func(t *testing.T) {
			for range 30 {
				a := orb.Point{r.Float64()*300 - 150, lat}
				line := orb.LineString{a}
				for range 1 + r.Intn(4) {
					line = append(line, distDirect(line[len(line)-1], r.Float64()*360, r.Float64()*5000))
				}
				geoms := []orb.Geometry{line, orb.Polygon{append(orb.Ring{}, append(line, a)...)}, orb.Collection{orb.MultiLineString{line}}}
				for _, g := range geoms {
					gb := Bound(g)
					ex := ExpandBound(gb, 100)
					gb = gb.Pad(1e-12) // Position at the ends rounds off
					for i := 1; i < len(line); i++ {
						s12 := Meters(line[i-1], line[i])
						for k := range 17 {
							p, az := distAlong(line[i-1], line[i], s12*float64(k)/16)
							if !gb.Contains(p) {
								t.Fatalf("Bound(%v) = %v misses %v", g, gb, p)
							}
							if q := distDirect(p, az+90, 100); !ex.Contains(q) {
								t.Fatalf("ExpandBound(Bound(%v), 100) = %v misses %v", g, ex, q)
							}
						}
					}
				}
			}
		})
	}
	t.Run("bowed edge", func(t *testing.T) {
		line := orb.LineString{{25.0, 60}, {25.09, 60}} // 5 km east–west
		top, _ := distAlong(line[0], line[1], Meters(line[0], line[1])/2)
		if line.Bound().Contains(top) {
			t.Fatalf("the vertex bound holds the top of the edge, %v: pick a longer edge", top)
		}
		if !Bound(line).Contains(top) {
			t.Errorf("Bound = %v misses %v", Bound(line), top)
		}
	})
	if b := Bound(orb.LineString{}); !b.IsEmpty() {
		t.Errorf("Bound(empty) = %v, want empty", b)
	}
}
