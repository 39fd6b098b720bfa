package walk_test

import (
	"errors"
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
	"github.com/tidwall/geodesic"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/walk"
)

// at returns the point of the town fixture x meters east and y north of
// its origin, as town.py places them.
func at(x, y float64) orb.Point {
	const ky, lat0, lon0 = 110850.0, 30.65, 104.06
	kx := 111320.0 * math.Cos(lat0*math.Pi/180)
	return orb.Point{lon0 + x/kx, lat0 + y/ky}
}

func TestWaterAlong(t *testing.T) {
	tw := mustTown(t)
	pond := tw.feature(t, "way/130")
	river := tw.feature(t, "way/131")
	routes := []walk.Route{
		{ID: "along 南街", Line: orb.LineString{at(0, 0), at(200, 0), at(300, 0), at(400, 0)}},
		{ID: "over the river", Line: orb.LineString{at(100, 250), at(100, 350)}},
		{ID: "far", Line: orb.LineString{at(1000, -500), at(1100, -500)}},
	}
	got, err := walk.WaterAlong(tw.index, routes, 100)
	if err != nil {
		t.Fatal(err)
	}
	// The pond's south-west corner (250, 20) is where 南街 first comes
	// closest; the river crosses x=100 at y=306.
	corner := pond.Geometry.Bound().Min
	crossAt := geo.DistanceMeters(pt(at(100, 250)), pt(at(100, 306)))
	want := []struct {
		route, water string
		d, along     float64
	}{
		{"along 南街", pond.ID, geo.GeometryDistanceMeters(routes[0].Line, pond.Geometry),
			geo.DistanceMeters(pt(at(0, 0)), pt(at(200, 0))) + geo.DistanceMeters(pt(at(200, 0)), pt(orb.Point{corner[0], at(0, 0)[1]}))},
		{"over the river", river.ID, 0, crossAt},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d hits %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.RouteID != w.route || g.Water.ID != w.water || math.Abs(g.DistanceMeters-w.d) > 1e-9 {
			t.Errorf("hit %d: %s %s %v m, want %s %s %v m", i, g.RouteID, g.Water.ID, g.DistanceMeters, w.route, w.water, w.d)
		}
		// The fixture's points are rounded to 1e-7 degrees (1 cm).
		if math.Abs(g.AlongMeters-w.along) > 0.05 {
			t.Errorf("hit %d: along %v m, want %v m", i, g.AlongMeters, w.along)
		}
	}
}

func pt(p orb.Point) geo.Point { return geo.Point{Lat: p[1], Lon: p[0]} }

// TestWaterAlong_dense checks distances and AlongMeters against
// dense sampling of random routes: the point at AlongMeters is within a
// millimeter of the minimum distance, no sample comes nearer, and no
// sample more than a meter before it comes that close.
func TestWaterAlong_dense(t *testing.T) {
	tw := mustTown(t)
	r := rand.New(rand.NewSource(42))
	var routes []walk.Route
	for i := range 40 {
		line := orb.LineString{at(r.Float64()*500-50, r.Float64()*400-50)}
		for range 1 + r.Intn(4) {
			last := line[len(line)-1]
			line = append(line, orb.Point{last[0] + (r.Float64()-0.5)*0.002, last[1] + (r.Float64()-0.5)*0.002})
		}
		routes = append(routes, walk.Route{ID: string(rune('A' + i)), Line: line})
	}
	got, err := walk.WaterAlong(tw.index, routes, 100)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]walk.Route{}
	for _, rt := range routes {
		byID[rt.ID] = rt
	}
	if len(got) < 15 {
		t.Fatalf("only %d hits", len(got))
	}
	for _, h := range got {
		line := byID[h.RouteID].Line
		if want := geo.GeometryDistanceMeters(line, h.Water.Geometry); h.DistanceMeters != want {
			t.Errorf("%s %s: %v m, GeometryDistanceMeters %v m", h.RouteID, h.Water.ID, h.DistanceMeters, want)
		}
		minSeen, firstNear := math.Inf(1), math.Inf(1)
		sampleRoute(line, 0.02, func(p orb.Point, along float64) {
			d := geo.GeometryDistanceMeters(p, h.Water.Geometry)
			minSeen = min(minSeen, d)
			if d <= h.DistanceMeters+1e-3 && math.IsInf(firstNear, 1) {
				firstNear = along
			}
		})
		atAlong := geo.GeometryDistanceMeters(pointAlong(line, h.AlongMeters), h.Water.Geometry)
		if minSeen < h.DistanceMeters-1e-8 { // the engine is exact to 10 nm
			t.Errorf("%s %s: a sample at %v m, below the distance %v m", h.RouteID, h.Water.ID, minSeen, h.DistanceMeters)
		}
		if atAlong > h.DistanceMeters+2e-3 {
			t.Errorf("%s %s: %v m from the water at along %v m, want %v m", h.RouteID, h.Water.ID, atAlong, h.AlongMeters, h.DistanceMeters)
		}
		if firstNear < h.AlongMeters-1 {
			t.Errorf("%s %s: along %v m, but the route comes as close at %v m", h.RouteID, h.Water.ID, h.AlongMeters, firstNear)
		}
	}
}

// sampleRoute calls fn every step meters along line, on the geodesics
// between its vertices, and at its end.
func sampleRoute(line orb.LineString, step float64, fn func(p orb.Point, along float64)) {
	cum := 0.0
	for i := 0; i+1 < len(line); i++ {
		a, b := line[i], line[i+1]
		var l, azi float64
		geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0], &l, &azi, nil)
		n := int(math.Ceil(l / step))
		for k := range n {
			s := l * float64(k) / float64(n)
			var lat, lon float64
			geodesic.WGS84.Direct(a[1], a[0], azi, s, &lat, &lon, nil)
			fn(orb.Point{lon, lat}, cum+s)
		}
		cum += l
	}
	fn(line[len(line)-1], cum)
}

// pointAlong returns the point along meters from the start of line, on
// the geodesics between its vertices.
func pointAlong(line orb.LineString, along float64) orb.Point {
	for i := 0; i+1 < len(line); i++ {
		a, b := line[i], line[i+1]
		var l, azi float64
		geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0], &l, &azi, nil)
		if along <= l {
			var lat, lon float64
			geodesic.WGS84.Direct(a[1], a[0], azi, along, &lat, &lon, nil)
			return orb.Point{lon, lat}
		}
		along -= l
	}
	return line[len(line)-1]
}

func TestWaterAlong_errors(t *testing.T) {
	tw := mustTown(t)
	ok := []walk.Route{{ID: "r", Line: orb.LineString{at(0, 0), at(10, 0)}}}
	tests := []struct {
		name   string
		routes []walk.Route
		within float64
		want   string
	}{
		{"within zero", ok, 0, `within "0": must be a number of meters above 0 and at most 1000`},
		{"within NaN", ok, math.NaN(), `within "NaN": must be a number of meters above 0 and at most 1000`},
		{"within too far", ok, 1001, `within "1001": must be a number of meters above 0 and at most 1000`},
		{"one point", []walk.Route{{ID: "r1", Line: orb.LineString{at(0, 0)}}}, 50, `route "r1": 1 point(s): a route needs at least two`},
		{"bad lat", []walk.Route{{ID: "r2", Line: orb.LineString{at(0, 0), {104, 91}}}}, 50, `route "r2": point 2: lat "91": must be between -90 and 90`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := walk.WaterAlong(tw.index, tc.routes, tc.within)
			if !errors.Is(err, geo.ErrInvalidInput) || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseWithinMeters(t *testing.T) {
	for s, want := range map[string]float64{"50": 50, "0.5": 0.5, "1000": 1000, " 20 ": 20} {
		if got, err := walk.ParseWithinMeters(s); err != nil || got != want {
			t.Errorf("ParseWithinMeters(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "0", "-1", "1000.5", "NaN", "Inf", "abc", "1e9"} {
		if _, err := walk.ParseWithinMeters(s); !errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("ParseWithinMeters(%q) error %v, want ErrInvalidInput", s, err)
		}
	}
}
