package walk_test

import (
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/walk"
)

func TestWalkGraph_RoutesToSchool(t *testing.T) {
	tw := mustTown(t)
	school := tw.feature(t, "way/120")
	homes, err := walk.ResidentialHomes(tw.bm, school, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// 北苑 (way/140) is nearer the campus than 东苑 (way/141).
	if ids := homeIDs(homes); !slices.Equal(ids, []string{"way/140", "way/141"}) {
		t.Fatalf("homes %v, want way/140, way/141", ids)
	}
	// A home by the gate, off the street: the walk goes by the street, as
	// every walk joins the graph at its nearest way.
	homes = append(homes, walk.Home{ID: "by the gate", Point: pt(at(110, 10))})
	routes, unreached, err := tw.graph.RoutesToSchool(school, homes, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// 东苑 is reached only along the trunk road without a sidewalk.
	if ids := homeIDs(unreached); !slices.Equal(ids, []string{"way/141"}) {
		t.Errorf("unreached %v, want way/141", ids)
	}
	if len(routes) != 2 {
		t.Fatalf("routes %+v, want two", routes)
	}
	for i, h := range []walk.Home{homes[0], homes[2]} { // in the order given
		r := routes[i]
		w, ok := tw.graph.WalkToSchool(school, geo.Feature{Geometry: orbPt(h.Point)}, 1000)
		if !ok || r.ID != h.ID+" → way/120" || math.Abs(r.Meters-w.Meters) > 1e-9 || !slices.Equal(r.Line, w.Route) {
			t.Errorf("route %d: %s %v m %v; WalkToSchool %v m %v", i, r.ID, r.Meters, r.Line, w.Meters, w.Route)
		}
	}
	// 北苑 is 5 blocks round by 西街: a 500 m reach does not get there.
	if routes, unreached, _ := tw.graph.RoutesToSchool(school, homes[:1], 500); len(routes) != 0 || len(unreached) != 1 {
		t.Errorf("within 500 m: %d routes, %d unreached; want none, one", len(routes), len(unreached))
	}
}

func homeIDs(hs []walk.Home) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

func TestWalkGraph_RoutesToSchool_errors(t *testing.T) {
	tw := mustTown(t)
	school := tw.feature(t, "way/120")
	tests := []struct {
		name  string
		homes []walk.Home
		reach float64
		want  string
	}{
		{"reach 0", nil, 0, `reach "0": must be a number of meters above 0 and at most 5000`},
		{"reach NaN", nil, math.NaN(), `reach "NaN": must be a number of meters above 0 and at most 5000`},
		{"reach too far", nil, 5001, `reach "5001": must be a number of meters above 0 and at most 5000`},
		{"bad home", []walk.Home{{ID: "h", Point: geo.Point{Lat: 95}}}, 100, `home "h": lat "95": must be between -90 and 90`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tw.graph.RoutesToSchool(school, tc.homes, tc.reach)
			if !errors.Is(err, geo.ErrInvalidInput) || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := walk.ResidentialHomes(tw.bm, school, -1); !errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("ResidentialHomes(-1) error %v, want ErrInvalidInput", err)
	}
}

func TestReadRoutes(t *testing.T) {
	tests := []struct {
		file string
		ids  []string
		pts  []int
	}{
		{"../testdata/walk/routes.geojson", []string{"小明", "过河", "7/1", "7/2", "route/4"}, []int{2, 2, 2, 3, 2}},
		{"../testdata/walk/routes.gpx", []string{"上学路", "上学路/2", "trk/2", "rte/1"}, []int{2, 2, 2, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			routes, err := walk.ReadRoutes(f, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			var pts []int
			for _, r := range routes {
				ids, pts = append(ids, r.ID), append(pts, len(r.Line))
				if want := lineMeters(r.Line); math.Abs(r.Meters-want) > 1e-9 || r.Meters <= 0 {
					t.Errorf("%s: Meters %v, want %v", r.ID, r.Meters, want)
				}
			}
			if !slices.Equal(ids, tc.ids) || !slices.Equal(pts, tc.pts) {
				t.Errorf("routes %v with %v points, want %v with %v", ids, pts, tc.ids, tc.pts)
			}
		})
	}
}

func TestReadRoutes_errors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  ", `r: empty: want GeoJSON LineStrings or GPX tracks`},
		{"csv", "a,b\n", `r: starts with "a": want GeoJSON ('{') or GPX ('<')`},
		{"point", `{"type":"Feature","id":"p","geometry":{"type":"Point","coordinates":[104,30]}}`,
			`r: route "p": geometry Point: must be a LineString or MultiLineString`},
		{"no geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"n"}}]}`,
			`r: route "n": no geometry: must be a LineString or MultiLineString`},
		{"one point", `{"type":"LineString","coordinates":[[104,30]]}`, `r: route "route/1": 1 point(s): a route needs at least two`},
		{"short position", `{"type":"LineString","coordinates":[[104,30],[104]]}`, `r: route "route/1": point 2: 1 number(s): a position is [lon, lat]`},
		{"null feature", `{"type":"FeatureCollection","features":[null]}`, `r: route "route/1": no geometry: must be a LineString or MultiLineString`},
		{"bad lon", `{"type":"LineString","coordinates":[[104,30],[181,30]]}`, `r: route "route/1": point 2: lon "181": must be between -180 and 180`},
		{"no routes", `{"type":"FeatureCollection","features":[]}`, `r: no routes: want GeoJSON LineStrings or GPX tracks`},
		{"gpx bad lat", `<gpx><trk><name>t</name><trkseg><trkpt lat="x" lon="104"/><trkpt lat="30" lon="104"/></trkseg></trk></gpx>`,
			`r: route "t": point 1: lat "x": must be a number`},
		{"gpx empty", `<gpx></gpx>`, `r: no routes: want GeoJSON LineStrings or GPX tracks`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := walk.ReadRoutes(strings.NewReader(tc.in), "r")
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzReadRoutes(f *testing.F) {
	for _, file := range []string{"../testdata/walk/routes.geojson", "../testdata/walk/routes.gpx"} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"type":"LineString","coordinates":[[104,30],[104]]}`))
	f.Add([]byte(`{"type":"LineString","coordinates":[[104,30,1,2],[1e400,0]]}`))
	f.Add([]byte(`{"type":"MultiLineString","coordinates":[[]]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[null]}`))
	f.Add([]byte(`<gpx><rte><rtept lat="NaN" lon="Inf"/></rte></gpx>`))
	f.Add([]byte(`<gpx><trk><trkseg><trkpt lat="90" lon="-180"/><trkpt lat="-90" lon="180"/></trkseg></trk></gpx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		routes, err := walk.ReadRoutes(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %v does not wrap ErrInvalidInput", err)
			}
			return
		}
		for _, r := range routes {
			if len(r.Line) < 2 || math.IsNaN(r.Meters) || r.Meters < 0 {
				t.Fatalf("route %q: %d points, %v m", r.ID, len(r.Line), r.Meters)
			}
			for _, p := range r.Line {
				if err := (geo.Point{Lat: p[1], Lon: p[0]}).Validate(); err != nil {
					t.Fatalf("route %q: %v", r.ID, err)
				}
			}
		}
	})
}

func TestSchoolRoutes(t *testing.T) {
	tw := mustTown(t)
	rep, err := walk.SchoolRoutes(tw.index, tw.graph, tw.bm, "way/120", nil, 1000, 120)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Routes) != 1 || len(rep.Unreached) != 1 || rep.Unreached[0].ID != "way/141" {
		t.Fatalf("routes %+v, unreached %+v; want one from way/140, way/141 unreached", rep.Routes, rep.Unreached)
	}
	// The walk from 北苑 follows 北街, about 100 m south of the river, and
	// passes the pond on one of its two equally short ways round.
	var want []string
	for _, id := range []string{"way/130", "way/131"} {
		if geo.GeometryDistanceMeters(rep.Routes[0].Line, tw.feature(t, id).Geometry) <= 120 {
			want = append(want, id)
		}
	}
	var got []string
	for _, w := range rep.Water {
		got = append(got, w.Water.ID)
	}
	if !sameSet(got, want) || !slices.Contains(got, "way/131") {
		t.Errorf("water %v, want %v with the river", got, want)
	}
	homes := []walk.Home{{ID: "h", Point: pt(at(250, -10))}}
	rep, err = walk.SchoolRoutes(tw.index, tw.graph, tw.bm, "way/120", homes, 1000, 50)
	if err != nil || len(rep.Routes) != 1 || len(rep.Water) != 1 || rep.Water[0].Water.ID != "way/130" {
		t.Errorf("from a home below the pond: %+v, %v; want the pond", rep, err)
	}
	if _, err := walk.SchoolRoutes(tw.index, tw.graph, tw.bm, "node/71", nil, 1000, 50); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("a business as school: error %v, want ErrNotFound", err)
	}
	if _, err := walk.SchoolRoutes(tw.index, tw.graph, tw.bm, "way/120", nil, 1000, 0); !errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("within 0: error %v, want ErrInvalidInput", err)
	}
}
