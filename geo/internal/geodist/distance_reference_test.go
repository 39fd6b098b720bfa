package geodist

import (
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
	"github.com/tidwall/geodesic"
)

// distBands are the places the reference tests run at: on the equator, at
// Chengdu (30°N 104°E), at high latitudes, and in the south.
var distBands = []struct {
	name string
	at   orb.Point
}{
	{"equator", orb.Point{104.06, 0}},
	{"chengdu", orb.Point{104.06, 30.66}},
	{"70N", orb.Point{25.78, 70}},
	{"80N", orb.Point{15.63, 80}},
	{"45S", orb.Point{170.5, -45.87}},
}

// distDirect returns the point s meters from p along azimuth az (degrees).
func distDirect(p orb.Point, az, s float64) orb.Point {
	var lat, lon float64
	geodesic.WGS84.Direct(p[1], p[0], az, s, &lat, &lon, nil)
	return orb.Point{lon, lat}
}

// distAlong returns the point s meters from a towards b on their geodesic, and
// the geodesic's azimuth there.
func distAlong(a, b orb.Point, s float64) (orb.Point, float64) {
	l := geodesic.WGS84.InverseLine(a[1], a[0], b[1], b[0], 0)
	var lat, lon, az float64
	l.Position(s, &lat, &lon, &az)
	return orb.Point{lon, lat}, az
}

// distNgon returns a closed counterclockwise ring of n vertices at
// radius meters from c, the first at azimuth rot.
func distNgon(c orb.Point, radius float64, n int, rot float64) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for k := range n {
		r = append(r, distDirect(c, rot-float64(k)*360/float64(n), radius))
	}
	return append(r, r[0])
}

// refSegmentDistance is the tests' independent reference for the distance
// from p to the geodesic segment a–b: samples evenly spaced points along
// the geodesic (InverseLine and Position), then narrows the best one down
// by golden-section search, measuring each with Inverse.
func refSegmentDistance(p, a, b orb.Point, samples int) float64 {
	l := geodesic.WGS84.InverseLine(a[1], a[0], b[1], b[0], 0)
	s12 := l.S13()
	f := func(s float64) float64 {
		var lat, lon, d float64
		l.Position(s, &lat, &lon, nil)
		geodesic.WGS84.Inverse(p[1], p[0], lat, lon, &d, nil, nil)
		return d
	}
	best, bi := math.Inf(1), 0
	for i := 0; i <= samples; i++ {
		if d := f(s12 * float64(i) / float64(samples)); d < best {
			best, bi = d, i
		}
	}
	lo := s12 * float64(max(bi-1, 0)) / float64(samples)
	hi := s12 * float64(min(bi+1, samples)) / float64(samples)
	g := (math.Sqrt(5) - 1) / 2
	c, d := hi-g*(hi-lo), lo+g*(hi-lo)
	fc, fd := f(c), f(d)
	for hi-lo > 1e-7 {
		if fc < fd {
			hi, d, fd = d, c, fc
			c = hi - g*(hi-lo)
			fc = f(c)
		} else {
			lo, c, fc = c, d, fd
			d = lo + g*(hi-lo)
			fd = f(d)
		}
	}
	return math.Min(best, math.Min(fc, fd))
}

// refPathDistance is the reference distance from p to the nearest edge of
// a path (closed if ring).
func refPathDistance(p orb.Point, path []orb.Point, samples int) float64 {
	best := math.Inf(1)
	for i := 1; i < len(path); i++ {
		best = math.Min(best, refSegmentDistance(p, path[i-1], path[i], samples))
	}
	return best
}

// distRandomNear returns a random point within radius meters of c.
func distRandomNear(r *rand.Rand, c orb.Point, radius float64) orb.Point {
	return distDirect(c, r.Float64()*360, r.Float64()*radius)
}

func TestGeometryDistanceMeters_segmentReference(t *testing.T) {
	cases := 40
	if testing.Short() {
		cases = 4
	}
	r := rand.New(rand.NewSource(42))
	for _, band := range distBands {
		t.Run(band.name, func(t *testing.T) {
			var maxErr float64
			for i := range cases {
				a := distRandomNear(r, band.at, 1000)
				b := distDirect(a, r.Float64()*360, 10+r.Float64()*1990)
				s12 := Meters(a, b)
				foot, az := distAlong(a, b, s12*(r.Float64()*1.4-0.2))
				side := 90.0
				if i%2 == 1 {
					side = -90
				}
				p := distDirect(foot, az+side+r.Float64()*10-5, r.Float64()*2000)
				want := refSegmentDistance(p, a, b, 20000)
				got := Distance(p, orb.LineString{a, b})
				if err := math.Abs(got - want); err > 5e-3 {
					t.Errorf("%v to %v–%v: got %.6f m, want %.6f m", p, a, b, got, want)
				} else {
					maxErr = math.Max(maxErr, err)
				}
			}
			t.Logf("max error vs dense sampling: %.2g mm over %d segments", maxErr*1e3, cases)
		})
	}
}

func TestGeometryDistanceMeters_shapeReference(t *testing.T) {
	cases := 6
	if testing.Short() {
		cases = 2
	}
	r := rand.New(rand.NewSource(42))
	for _, band := range distBands {
		t.Run(band.name, func(t *testing.T) {
			var maxErr float64
			check := func(p orb.Point, g orb.Geometry, want float64) {
				t.Helper()
				got := Distance(p, g)
				if err := math.Abs(got - want); err > 5e-3 {
					t.Errorf("%v to %v: got %.6f m, want %.6f m", p, g, got, want)
				} else {
					maxErr = math.Max(maxErr, err)
				}
			}
			for range cases {
				c := distRandomNear(r, band.at, 500)
				outer := distNgon(c, 200+r.Float64()*300, 3+r.Intn(8), r.Float64()*360)
				hole := distNgon(c, 60, 5, r.Float64()*360)
				poly := orb.Polygon{outer, hole}
				// Outside: farther from c than any vertex.
				p := distDirect(c, r.Float64()*360, 520+r.Float64()*1500)
				check(p, poly, refPathDistance(p, outer, 2000))
				// In the hole: nearer c than the hole's inscribed circle.
				q := distDirect(c, r.Float64()*360, r.Float64()*45)
				check(q, poly, refPathDistance(q, hole, 2000))
				// A polyline.
				line := orb.LineString{distRandomNear(r, c, 800), distRandomNear(r, c, 800), distRandomNear(r, c, 800)}
				p = distRandomNear(r, c, 2000)
				check(p, line, refPathDistance(p, line, 2000))
			}
			t.Logf("max error vs dense sampling: %.2g mm", maxErr*1e3)
		})
	}
}

// TestGeometryDistanceMeters_haversine shows why distances are geodesic:
// near the equator a meridian degree is 0.56% shorter than on the mean
// sphere, so haversine overstates a 199.5 m north–south distance by over a
// meter and puts it outside a 200 m zone.
func TestGeometryDistanceMeters_haversine(t *testing.T) {
	a := orb.Point{104.06, 0.5}
	b := distDirect(a, 0, 199.5)
	hav := distHaversine(a, b)
	if hav-199.5 < 0.3 {
		t.Fatalf("haversine = %.3f m: expected it to be off by more than 0.3 m", hav)
	}
	if hav <= 200 {
		t.Errorf("haversine = %.3f m: expected the verdict to flip", hav)
	}
	got := Distance(a, orb.LineString{b, distDirect(b, 90, 50)})
	if math.Abs(got-199.5) > 1e-6 {
		t.Errorf("GeometryDistanceMeters = %.9f m, want 199.5", got)
	}
	if d, ok := Within(a, b, 200); !ok || math.Abs(d-199.5) > 1e-6 {
		t.Errorf("Within = %v, %v, want 199.5, true", d, ok)
	}
}

// distHaversine is the great-circle distance on the mean Earth radius,
// the naive formula this package avoids.
func distHaversine(a, b orb.Point) float64 {
	const r = 6371008.8
	la1, la2 := a[1]*RadPerDeg, b[1]*RadPerDeg
	dla, dlo := la2-la1, (b[0]-a[0])*RadPerDeg
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// TestGeometryDistanceMeters_sphereBounds covers the pairs the plane frame
// leaves to the inscribed-sphere bounds: near the poles, far apart, and
// along edges longer than 100 km.
func TestGeometryDistanceMeters_sphereBounds(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	near89 := orb.Point{40, 88.9}
	river := orb.LineString{{103.5, 30.2}, {104.1, 30.9}, {105.2, 31.1}} // edges of 90–110 km
	tests := []struct {
		name string
		a, b orb.Geometry
	}{
		{"polygon at 88.9N", distDirect(near89, r.Float64()*360, 400+r.Float64()*1600), orb.Polygon{distNgon(near89, 300, 7, 10)}},
		{"line at 88.9N", orb.LineString{distRandomNear(r, near89, 900), distRandomNear(r, near89, 900)}, orb.LineString{distDirect(near89, 10, 1500), distDirect(near89, 100, 1500)}},
		{"polygons 400 km apart", orb.Polygon{distNgon(distOrigin, 300, 5, 0)}, orb.Polygon{distNgon(distDirect(distOrigin, 70, 400e3), 500, 6, 3)}},
		{"points across the world", orb.MultiPoint{distOrigin, {2.35, 48.86}}, orb.LineString{{-74.0, 40.7}, {-0.13, 51.5}}},
		{"point by a long river", distDirect(orb.Point{104.1, 30.9}, 200, 700), river},
		{"polygon by a long river", orb.Polygon{distNgon(distDirect(orb.Point{104.6, 30.99}, 350, 900), 120, 6, 0)}, river},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := refGeometryDistance(t, tc.a, tc.b)
			got := Distance(tc.a, tc.b)
			if err := math.Abs(got - want); err > 5e-3 {
				t.Errorf("GeometryDistanceMeters = %.6f m, want %.6f m", got, want)
			}
			t.Logf("%.3f m, error %.2g mm", got, math.Abs(got-want)*1e3)
			d, ok := Within(tc.a, tc.b, want+0.001)
			if !ok || math.Abs(d-got) > 1e-6 {
				t.Errorf("Within(%.3f) = %v, %v", want+0.001, d, ok)
			}
			if d, ok := Within(tc.a, tc.b, want-0.001); ok {
				t.Errorf("Within(%.3f) = %v, %v", want-0.001, d, ok)
			}
		})
	}
}
