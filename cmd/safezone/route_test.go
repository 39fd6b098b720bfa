package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The walking fixture: geo/testdata/walk/town.py draws it.
const (
	townOSM     = "../../geo/testdata/walk/town.osm"
	walkingPack = "../../geo/testdata/rules/walking-example.yaml"
)

func TestCheck_walking(t *testing.T) {
	// 北边网吧 (node/71): 45 m from the campus, about 495 m on foot.
	args := []string{"check", "--data", townOSM, "--rules", walkingPack, "--lat", "30.6511276", "--lon", "104.0610442",
		"--category", "internet_cafe", "--format", "json"}
	var res struct {
		Verdict string `json:"verdict"`
		Hits    []struct {
			RuleID   string   `json:"rule_id"`
			Method   string   `json:"method"`
			WalkingM *float64 `json:"walking_m"`
			Route    *struct {
				Type        string       `json:"type"`
				Coordinates [][2]float64 `json:"coordinates"`
			} `json:"route"`
		} `json:"hits"`
		Cleared []struct {
			RuleID string `json:"rule_id"`
		} `json:"cleared_by_walking"`
	}
	for _, tc := range []struct {
		method, verdict string
		hits, cleared   int
		walked          bool
	}{
		{"", "inspect", 1, 1, false},
		{"straight", "prohibited", 2, 0, false},
		{"walking", "allowed", 0, 2, false},
	} {
		t.Run("method="+tc.method, func(t *testing.T) {
			code, out, errOut := MustRun(t, append(args, "--method", tc.method)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			res.Hits, res.Cleared = nil, nil
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tc.verdict || len(res.Hits) != tc.hits || len(res.Cleared) != tc.cleared {
				t.Errorf("verdict %s, %d hits, %d cleared; want %s, %d, %d\n%s", res.Verdict, len(res.Hits), len(res.Cleared),
					tc.verdict, tc.hits, tc.cleared, out)
			}
		})
	}
	// 南街网吧 (node/72): within 200 m on foot, with the route as evidence.
	code, out, errOut := MustRun(t, "check", "--data", townOSM, "--rules", walkingPack, "--lat", "30.6498647",
		"--lon", "104.0612531", "--category", "internet_cafe", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	res.Hits, res.Cleared = nil, nil
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var walked bool
	for _, h := range res.Hits {
		if h.Method == "walking" {
			walked = true
			if h.WalkingM == nil || *h.WalkingM > 200 || h.Route == nil || h.Route.Type != "LineString" || len(h.Route.Coordinates) < 2 {
				t.Errorf("walking hit %+v: want walking_m within 200 and a LineString route", h)
			}
		}
	}
	if !walked {
		t.Errorf("no walking hit: %s", out)
	}
}

func TestRouteWater(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "water.csv")
	code, _, errOut := MustRun(t, "route-water", "--data", townOSM, "--rules", walkingPack,
		"--route", "../../geo/testdata/walk/routes.gpx", "--within", "100", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"route_id", "water_id", "water_name", "water_kind", "distance_m", "along_m"},
		{"上学路", "way/130", "小池塘", "pond", "", ""},
		{"上学路/2", "way/131", "锦江", "river", "0.000", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %v, want %d", rows, len(want))
	}
	for i, w := range want {
		for j, v := range w {
			if v != "" && rows[i][j] != v {
				t.Errorf("row %d column %s: %q, want %q", i, want[0][j], rows[i][j], v)
			}
		}
	}
	// The pond is about 20 m from 南街, closest at its corner 250 m along.
	if d, _ := strconv.ParseFloat(rows[1][4], 64); d < 19.9 || d > 20.1 {
		t.Errorf("pond at %s m, want about 20", rows[1][4])
	}
	if a, _ := strconv.ParseFloat(rows[1][5], 64); a < 249 || a > 251 {
		t.Errorf("pond along %s m, want about 250", rows[1][5])
	}
}

func TestRoute_school(t *testing.T) {
	code, out, errOut := MustRun(t, "route-water", "--data", townOSM, "--rules", walkingPack,
		"--school", "way/120", "--within", "120", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Routes []struct {
			ID     string  `json:"id"`
			Meters float64 `json:"meters"`
		} `json:"routes"`
		Unreached []struct {
			ID string `json:"id"`
		} `json:"unreached"`
		Water []struct {
			WaterID string `json:"water_id"`
		} `json:"water"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Routes) != 1 || res.Routes[0].ID != "way/140 → way/120" || len(res.Unreached) != 1 || len(res.Water) == 0 {
		t.Errorf("routes %+v, unreached %+v, water %+v", res.Routes, res.Unreached, res.Water)
	}
	code, out, errOut = MustRun(t, "route", "--data", townOSM, "--rules", walkingPack, "--school", "way/120")
	if code != 0 || !strings.Contains(out, `"FeatureCollection"`) || !strings.Contains(out, `"LineString"`) {
		t.Errorf("route: exit %d, %s %s", code, out, errOut)
	}
}

func TestWalkGraph_export(t *testing.T) {
	dir := t.TempDir()
	edges, pairs := filepath.Join(dir, "edges.csv"), filepath.Join(dir, "pairs.csv")
	code, _, errOut := MustRun(t, "walk-graph", "--data", townOSM, "--out", edges, "--pairs-out", pairs, "--pairs", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// town.osm has 19 walkable segments; a header row heads each file.
	for file, n := range map[string]int{edges: 20, pairs: 21} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
		if err != nil || len(rows) != n {
			t.Errorf("%s: %d rows, %v; want %d", file, len(rows), err, n)
		}
	}
}

func TestRoute_errors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no within", []string{"route-water", "--data", townOSM, "--route", "x.gpx"}, "--within is required"},
		{"bad within", []string{"route-water", "--data", townOSM, "--route", "x.gpx", "--within", "5000"}, `within "5000": must be a number of meters above 0 and at most 1000`},
		{"both", []string{"route-water", "--data", townOSM, "--route", "x.gpx", "--school", "way/120", "--within", "50"}, "give one of --route FILE or --school ID"},
		{"bad format", []string{"route-water", "--data", townOSM, "--route", "x.gpx", "--within", "50", "--format", "kml"}, `format "kml": must be csv, json or geojson`},
		{"missing route file", []string{"route-water", "--data", townOSM, "--route", "nope.gpx", "--within", "50"}, `route "nope.gpx"`},
		{"not a school", []string{"route", "--data", townOSM, "--rules", walkingPack, "--school", "node/71"}, `school "node/71"`},
		{"bad reach", []string{"route", "--data", townOSM, "--rules", walkingPack, "--school", "way/120", "--reach", "9000"}, `reach "9000": must be a number of meters above 0 and at most 5000`},
		{"bad method", []string{"check", "--data", townOSM, "--lat", "30.65", "--lon", "104.06", "--category", "bar", "--method", "fly"}, `method "fly": must be straight or walking`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}

func TestSchool_routes(t *testing.T) {
	code, out, errOut := MustRun(t, "school", "--data", townOSM, "--rules", walkingPack, "--id", "way/120", "--routes-within", "120")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"water within 120 m of the walks to school from 2 residential area(s) within 1000 m (1 unreached): 2",
		"way/131 锦江  (way/140 → way/120)"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	code, out, _ = MustRun(t, "school", "--data", townOSM, "--rules", walkingPack, "--id", "way/120", "--format", "json")
	if code != 0 || !strings.Contains(out, `"routes": {`) || !strings.Contains(out, `"within_m": 50`) {
		t.Errorf("json: exit %d, no routes section with within_m 50:\n%s", code, out)
	}
	code, _, errOut = MustRun(t, "school", "--data", townOSM, "--rules", walkingPack, "--id", "way/120", "--routes-within", "0")
	if want := `routes-within "0": must be a number of meters above 0 and at most 1000`; code != 2 || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, want)
	}
}
