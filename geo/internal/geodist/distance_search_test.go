package geodist

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
)

// TestWithinMeters_limit places geometries at exactly limit + delta meters
// from a point, a segment or a convex polygon, by a geodesic perpendicular
// to the nearest edge, and checks that Within never rejects one
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
						for _, k := range distLimitCases(r, c, limit+delta) {
							checkWithinMeters(t, k.name, k.a, k.b, limit, limit+delta)
							checkWithinMeters(t, k.name+" swapped", k.b, k.a, limit, limit+delta)
						}
					}
					for _, k := range distLimitCases(r, c, limit) {
						checkWithinAtLimit(t, k.name, k.a, k.b)
					}
				}
			})
		}
	}
}

type distLimitCase struct {
	name string
	a, b orb.Geometry
}

// distLimitCases returns pairs of geometries exactly dist meters apart.
func distLimitCases(r *rand.Rand, c orb.Point, dist float64) []distLimitCase {
	// A convex polygon; the nearest point is foot on edge k, and p lies on
	// the outward perpendicular there (the ring is counterclockwise, so
	// outward is to the right).
	ring := distNgon(c, 20+r.Float64()*300, 3+r.Intn(10), r.Float64()*360)
	k := r.Intn(len(ring) - 1)
	s12 := Meters(ring[k], ring[k+1])
	foot, az := distAlong(ring[k], ring[k+1], s12*(0.05+0.9*r.Float64()))
	p := distDirect(foot, az+90, dist)
	// A triangle with its apex at p, opening away from the polygon.
	_, back := Inverse(p, foot)
	tri := orb.Ring{p, distDirect(p, back+180-40, 80), distDirect(p, back+180+40, 80), p}
	seg := orb.LineString{ring[k], ring[k+1]}
	return []distLimitCase{
		{"point–point", c, distDirect(c, r.Float64()*360, dist)},
		{"point–segment", p, seg},
		{"point–polygon", p, orb.Polygon{ring}},
		{"segment–polygon", orb.LineString{p, tri[1]}, orb.Polygon{ring}},
		{"polygon–polygon", orb.Polygon{tri}, orb.Polygon{ring}},
		{"polygon–multilinestring", orb.Polygon{tri}, orb.MultiLineString{seg, {c, ring[0]}}},
	}
}

func checkWithinMeters(t *testing.T, name string, a, b orb.Geometry, limit, want float64) {
	t.Helper()
	d, ok := Within(a, b, limit)
	switch {
	case ok != (want <= limit):
		t.Errorf("%s at %.9f m: Within(limit %v) = %v, %v", name, want, limit, d, ok)
	case ok && math.Abs(d-want) > 1e-6:
		t.Errorf("%s: Within = %.9f m, want %.9f m", name, d, want)
	case !ok && !math.IsInf(d, 1):
		t.Errorf("%s: rejected with d = %v, want +Inf", name, d)
	}
	if got := Distance(a, b); math.Abs(got-want) > 1e-6 {
		t.Errorf("%s: GeometryDistanceMeters = %.9f m, want %.9f m", name, got, want)
	}
}

// checkWithinAtLimit checks the boundary rule: a pair at exactly the limit is
// within it, and just beyond it is not.
func checkWithinAtLimit(t *testing.T, name string, a, b orb.Geometry) {
	t.Helper()
	want := Distance(a, b)
	if d, ok := Within(a, b, want); !ok || d != want {
		t.Errorf("%s: Within(limit = its distance %.9f) = %v, %v", name, want, d, ok)
	}
	if d, ok := Within(a, b, want-1e-7); ok {
		t.Errorf("%s: Within(limit = %.9f − 0.1 µm) = %v, %v", name, want, d, ok)
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
			if d, ok := Within(distOrigin, distOrigin, tc.limit); ok || !math.IsInf(d, 1) {
				t.Errorf("Within = %v, %v, want +Inf, false", d, ok)
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
				a := distRandomNear(r, c, scale)
				b := distDirect(a, r.Float64()*360, r.Float64()*scale)
				if i%10 == 0 {
					b = a
				}
				v := distRandomNear(r, c, 2*scale)
				origin := distRandomNear(r, c, scale)
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
					if d := Meters(v, end); math.Abs(d-exact) > 1e-9*d+1e-9 {
						t.Errorf("%v to %v–%v: nearest end %v is %.9f m, exact %.9f m", v, a, b, end, d, exact)
					}
				}
			}
			t.Logf("largest error / margin: %.3f", worst)
		})
	}
}

// TestSearchDistance_planeVsSphere compares the plane frame's pruning with
// the sphere bounds, which leave nearly every pair to the exact solution,
// over random lines and polygons that cross, touch, nest or stand apart.
func TestSearchDistance_planeVsSphere(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	shape := func(c orb.Point) orb.Geometry {
		switch r.Intn(4) {
		case 0:
			return distRandomNear(r, c, 600)
		case 1:
			l := orb.LineString{distRandomNear(r, c, 600)}
			for range 1 + r.Intn(6) {
				l = append(l, distDirect(l[len(l)-1], r.Float64()*360, r.Float64()*400))
			}
			return l
		case 2:
			return orb.Polygon{distNgon(distRandomNear(r, c, 400), 10+r.Float64()*300, 3+r.Intn(12), r.Float64()*360)}
		}
		q := distRandomNear(r, c, 400)
		return orb.MultiPolygon{{distNgon(q, 300, 8, 0), distNgon(q, 100, 5, 0)}, {distNgon(distRandomNear(r, c, 900), 50, 4, 0)}}
	}
	for _, lat := range []float64{0, 30.66, -45.87, 60, 70, 80, 84} {
		t.Run(fmt.Sprintf("lat=%v", lat), func(t *testing.T) {
			var kinds [3]int
			for range 600 {
				c := orb.Point{r.Float64()*300 - 150, lat}
				a, b := shape(c), shape(c)
				limit := []float64{50, 100, 200, math.Inf(1)}[r.Intn(4)]
				var ga, gb Parts
				ga.Split(a)
				gb.Split(b)
				d1, ok1 := searchDistanceIn(&ga, &gb, limit, true)
				d2, ok2 := searchDistanceIn(&ga, &gb, limit, false)
				if ok1 != ok2 || ok1 && math.Abs(d1-d2) > 1e-7 {
					t.Errorf("%v to %v, limit %v: plane %v, %v; sphere %v, %v", a, b, limit, d1, ok1, d2, ok2)
				}
				switch {
				case !ok1:
					kinds[0]++
				case d1 == 0:
					kinds[1]++
				default:
					kinds[2]++
				}
			}
			t.Logf("beyond the limit %d, at 0 %d, within %d", kinds[0], kinds[1], kinds[2])
		})
	}
}
