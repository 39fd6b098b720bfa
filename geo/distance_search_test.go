package geo

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
	"github.com/tidwall/geodesic"
)

// TestWithinMeters_limit places geometries at exactly limit + delta meters
// from a point, a segment or a convex polygon, by a geodesic perpendicular
// to the nearest edge, and checks that withinMeters never rejects one
// within the limit, never accepts one beyond it, and returns the exact
// distance.
func TestWithinMeters_limit(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	deltas := []float64{-0.1, -0.01, -0.001, 0.001, 0.01, 0.1}
	lats := []float64{0, 30.66, -45.87, 60, 70, 80, 84}
	for _, lat := range lats {
		for _, limit := range []float64{50, 100, 200} {
			t.Run(fmt.Sprintf("lat=%v/limit=%v", lat, limit), func(t *testing.T) {
				for range 8 {
					c := orb.Point{r.Float64()*360 - 180, lat + r.Float64()*0.01}
					for _, delta := range deltas {
						for _, k := range limitCases(r, c, limit+delta) {
							checkWithin(t, k.name, k.a, k.b, limit, limit+delta)
							checkWithin(t, k.name+" swapped", k.b, k.a, limit, limit+delta)
						}
					}
					for _, k := range limitCases(r, c, limit) {
						checkAtLimit(t, k.name, k.a, k.b)
					}
				}
			})
		}
	}
}

type limitCase struct {
	name string
	a, b orb.Geometry
}

// limitCases returns pairs of geometries exactly dist meters apart.
func limitCases(r *rand.Rand, c orb.Point, dist float64) []limitCase {
	// A convex polygon; the nearest point is foot on edge k, and p lies on
	// the outward perpendicular there (the ring is counterclockwise, so
	// outward is to the right).
	ring := regularPolygon(c, 20+r.Float64()*300, 3+r.Intn(10), r.Float64()*360)
	k := r.Intn(len(ring) - 1)
	s12 := geodDistance(ring[k], ring[k+1])
	foot, az := along(ring[k], ring[k+1], s12*(0.05+0.9*r.Float64()))
	p := direct(foot, az+90, dist)
	// A triangle with its apex at p, opening away from the polygon.
	_, back := geodInverse(p, foot)
	tri := orb.Ring{p, direct(p, back+180-40, 80), direct(p, back+180+40, 80), p}
	seg := orb.LineString{ring[k], ring[k+1]}
	return []limitCase{
		{"point–point", c, direct(c, r.Float64()*360, dist)},
		{"point–segment", p, seg},
		{"point–polygon", p, orb.Polygon{ring}},
		{"segment–polygon", orb.LineString{p, tri[1]}, orb.Polygon{ring}},
		{"polygon–polygon", orb.Polygon{tri}, orb.Polygon{ring}},
		{"polygon–multilinestring", orb.Polygon{tri}, orb.MultiLineString{seg, {c, ring[0]}}},
	}
}

func checkWithin(t *testing.T, name string, a, b orb.Geometry, limit, want float64) {
	t.Helper()
	d, ok := withinMeters(a, b, limit)
	switch {
	case ok != (want <= limit):
		t.Errorf("%s at %.9f m: withinMeters(limit %v) = %v, %v", name, want, limit, d, ok)
	case ok && math.Abs(d-want) > 1e-6:
		t.Errorf("%s: withinMeters = %.9f m, want %.9f m", name, d, want)
	case !ok && !math.IsInf(d, 1):
		t.Errorf("%s: rejected with d = %v, want +Inf", name, d)
	}
	if got := GeometryDistanceMeters(a, b); math.Abs(got-want) > 1e-6 {
		t.Errorf("%s: GeometryDistanceMeters = %.9f m, want %.9f m", name, got, want)
	}
}

// checkAtLimit checks the boundary rule: a pair at exactly the limit is
// within it, and just beyond it is not.
func checkAtLimit(t *testing.T, name string, a, b orb.Geometry) {
	t.Helper()
	want := GeometryDistanceMeters(a, b)
	if d, ok := withinMeters(a, b, want); !ok || d != want {
		t.Errorf("%s: withinMeters(limit = its distance %.9f) = %v, %v", name, want, d, ok)
	}
	if d, ok := withinMeters(a, b, want-1e-7); ok {
		t.Errorf("%s: withinMeters(limit = %.9f − 0.1 µm) = %v, %v", name, want, d, ok)
	}
}

func TestWithinMeters_errors(t *testing.T) {
	tests := []struct {
		name  string
		limit float64
	}{
		{"negative", -1},
		{"NaN", math.NaN()},
		{"-Inf", math.Inf(-1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d, ok := withinMeters(chengdu, chengdu, tc.limit); ok || !math.IsInf(d, 1) {
				t.Errorf("withinMeters = %v, %v, want +Inf, false", d, ok)
			}
		})
	}
}

// TestVertexEdgeBounds checks the plane frame's error bounds against the
// exact distance over random vertex–edge pairs, from a meter to 100 km,
// up to the highest latitude the frame is used at.
func TestVertexEdgeBounds(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, lat := range []float64{0, 30.66, -45, 60, 70, 80, 84} {
		t.Run(fmt.Sprintf("lat=%v", lat), func(t *testing.T) {
			var worst float64 // largest (exact − planar) / margin
			for i := range 400 {
				c := orb.Point{r.Float64()*360 - 180, lat}
				scale := math.Pow(10, r.Float64()*5) // 1 m to 100 km
				a := randomNear(r, c, scale)
				b := direct(a, r.Float64()*360, r.Float64()*scale)
				if i%10 == 0 {
					b = a
				}
				v := randomNear(r, c, 2*scale)
				origin := randomNear(r, c, scale)
				kappa, ok := curvatureBound(math.Max(maxAbsLat(orb.Bound{Min: a, Max: a}.Extend(b).Extend(v)), math.Abs(origin[1])) + 0.2)
				if !ok {
					continue // too near the pole: pairs are bounded on the sphere
				}
				f := newPlaneFrame(origin, kappa, true)
				e := f.edge(a, b)
				f.finish(&e)
				x, y := f.xy(v)
				lb, ub, near := f.vertexEdgeBounds(&planeVertex{p: v, x: x, y: y}, &e)
				if math.IsInf(ub, 1) {
					continue
				}
				exact := segmentDistance(v, a, b)
				if !(lb <= exact && exact <= ub) {
					t.Errorf("%v to %v–%v: exact %.9f not in [%.9f, %.9f]", v, a, b, exact, lb, ub)
				}
				worst = math.Max(worst, math.Abs(exact-(lb+ub)/2)/((ub-lb)/2))
				if end, ok := map[nearKind]orb.Point{nearA: a, nearB: b}[near]; ok {
					if d := geodDistance(v, end); math.Abs(d-exact) > 1e-9*d+1e-9 {
						t.Errorf("%v to %v–%v: nearest end %v is %.9f m, exact %.9f m", v, a, b, end, d, exact)
					}
				}
			}
			t.Logf("largest error / margin: %.3f", worst)
		})
	}
}

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
				b := direct(a, r.Float64()*360, r.Float64()*math.Min(0.05/kappa, geodPlaneMax))
				kappa, _ = curvatureBound(math.Max(math.Abs(a[1]), math.Abs(b[1])))
				l := geodDistance(a, b)
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
		f := func(t float64) float64 { return geodDistance(x, chord(t)) }
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
					ex := expandBound(b, meters)
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
							to := direct(from, float64(k)*10+r.Float64()*10, meters)
							if !ex.Contains(to) {
								t.Fatalf("expandBound(%v, %v) = %v misses %v", b, meters, ex, to)
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
			orb.Bound{Min: orb.Point{-180, 89.999 - 200/geodM0/geodDeg}, Max: orb.Point{180, 90}}},
		{"clamped at 180", orb.Bound{Min: orb.Point{179.9999, 0}, Max: orb.Point{179.9999, 0}}, 200,
			orb.Bound{Min: orb.Point{179.9999 - 200/geodA/geodDeg, -200 / geodM0 / geodDeg}, Max: orb.Point{180, 200 / geodM0 / geodDeg}}},
		{"infinite", b, math.Inf(1), orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := expandBound(tc.b, tc.meters)
			for i := range 2 {
				if math.Abs(got.Min[i]-tc.want.Min[i]) > 1e-9 || math.Abs(got.Max[i]-tc.want.Max[i]) > 1e-9 {
					t.Fatalf("expandBound = %v, want %v", got, tc.want)
				}
			}
		})
	}
}
