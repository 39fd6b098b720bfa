package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const monaco = "testdata/monaco-2023.osm.pbf"

// patrolOut is the part of `safezone patrol --format json` the tests read.
type patrolOut struct {
	Posts []struct {
		ID     string   `json:"id"`
		Covers []string `json:"covers"`
	} `json:"posts"`
	Schools       int     `json:"schools"`
	Covered       int     `json:"covered"`
	CoveredWeight float64 `json:"covered_weight"`
	UpperBound    float64 `json:"upper_bound"`
	Candidates    int     `json:"candidates"`
	Roster        *struct {
		Peaks []struct {
			Peak   string `json:"peak"`
			Duties []any  `json:"duties"`
		} `json:"peaks"`
	} `json:"roster"`
}

func mustPatrol(t *testing.T, args ...string) patrolOut {
	t.Helper()
	code, out, errOut := MustRun(t, append([]string{"patrol", "--rules-dir", rulesDir}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var p patrolOut
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return p
}

// TestPatrol_junctions plans on Monaco with the default candidates: road
// junctions near schools.
func TestPatrol_junctions(t *testing.T) {
	p := mustPatrol(t, "--data", monaco, "--posts", "3", "--radius", "250")
	if len(p.Posts) == 0 || len(p.Posts) > 3 || p.Candidates == 0 {
		t.Fatalf("%d posts from %d candidates, want 1-3", len(p.Posts), p.Candidates)
	}
	for _, post := range p.Posts {
		if !strings.HasPrefix(post.ID, "node/") || len(post.Covers) == 0 {
			t.Errorf("post %s covers %v: want a junction node covering a school", post.ID, post.Covers)
		}
	}
	if p.Covered == 0 || p.Covered > p.Schools || p.UpperBound < p.CoveredWeight {
		t.Errorf("covered %d of %d, bound %v", p.Covered, p.Schools, p.UpperBound)
	}
	more := mustPatrol(t, "--data", monaco, "--posts", "6", "--radius", "250")
	if more.CoveredWeight < p.CoveredWeight {
		t.Errorf("6 posts cover %v, 3 posts %v", more.CoveredWeight, p.CoveredWeight)
	}
}

func TestPatrol_files(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// Two points in Monaco, each a few meters from a school no police
	// station is within 150 m of.
	cands := write("c.geojson", `{"type":"FeatureCollection","features":[
		{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[7.4218,43.7329]}},
		{"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Point","coordinates":[7.4350,43.7487]}}]}`)
	bells := write("b.json", `{"kinds":{"primary":["08:00","16:30"],"secondary":["08:00","17:00"],"school":["08:00"],"kindergarten":["08:30"]}}`)
	lp := filepath.Join(dir, "p.lp")
	p := mustPatrol(t, "--data", monaco, "--candidates", cands, "--posts", "1", "--radius", "150",
		"--bells", bells, "--lp", lp)
	if len(p.Posts) != 1 || p.Roster == nil || len(p.Roster.Peaks) != 3 || len(p.Roster.Peaks[0].Duties) == 0 {
		t.Fatalf("posts %v, roster %+v: want one post staffed in the morning", p.Posts, p.Roster)
	}
	text, err := os.ReadFile(lp)
	if err != nil || !strings.Contains(string(text), "Maximize") || !strings.Contains(string(text), "Binary") {
		t.Errorf("LP file: %v\n%s", err, text)
	}

	// A district around a only: b's school is left out.
	district := write("district.geojson", `{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Polygon",
		"coordinates":[[[7.418,43.730],[7.426,43.730],[7.426,43.736],[7.418,43.736],[7.418,43.730]]]}}`)
	all := mustPatrol(t, "--data", monaco, "--candidates", cands, "--posts", "2", "--radius", "150")
	in := mustPatrol(t, "--data", monaco, "--candidates", cands, "--posts", "2", "--radius", "150", "--district", district)
	if in.Schools == 0 || in.Schools >= all.Schools || len(in.Posts) != 1 || in.Posts[0].ID != "a" {
		t.Errorf("district: %d schools of %d, posts %v; want fewer schools and post a alone", in.Schools, all.Schools, in.Posts)
	}

	code, out, errOut := MustRun(t, "patrol", "--rules-dir", rulesDir, "--data", monaco, "--candidates", cands, "--posts", "2",
		"--radius", "300", "--format", "geojson")
	var fc struct {
		Type     string         `json:"type"`
		Features []any          `json:"features"`
		Plan     map[string]any `json:"plan"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &fc) != nil || fc.Type != "FeatureCollection" || fc.Plan["upper_bound"] == nil {
		t.Errorf("geojson: exit %d %s\n%.300s", code, errOut, out)
	}
}

func TestPatrol_errors(t *testing.T) {
	dir := t.TempDir()
	geojsonData := filepath.Join(dir, "d.geojson")
	os.WriteFile(geojsonData, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ErrNoPosts", []string{"--radius", "300"}, "--posts and --radius are required"},
		{"ErrPostsZero", []string{"--posts", "0", "--radius", "300"}, `posts "0"`},
		{"ErrPostsText", []string{"--posts", "many", "--radius", "300"}, `posts "many"`},
		{"ErrRadiusNaN", []string{"--posts", "3", "--radius", "NaN"}, `radius "NaN"`},
		{"ErrRadiusNegative", []string{"--posts", "3", "--radius", "-1"}, `radius "-1"`},
		{"ErrFormat", []string{"--posts", "3", "--radius", "300", "--format", "csv"}, `format "csv"`},
		{"ErrBBox", []string{"--posts", "3", "--radius", "300", "--bbox", "1,2,3"}, `bbox "1,2,3"`},
		{"ErrDistrictMissing", []string{"--posts", "3", "--radius", "300", "--district", filepath.Join(dir, "none.geojson")}, "district"},
		{"ErrDistrictType", []string{"--posts", "3", "--radius", "300", "--district", geojsonData}, `district "{\"type\":\"FeatureCollection\"`},
		{"ErrNear", []string{"--posts", "3", "--radius", "300", "--near", "-5"}, `candidate distance "-5"`},
		{"ErrHazardWeight", []string{"--posts", "3", "--radius", "300", "--hazard-weight", "NaN"}, `hazard weight "NaN"`},
		{"ErrCandidatesMissing", []string{"--posts", "3", "--radius", "300", "--candidates", filepath.Join(dir, "none.geojson")}, "candidates"},
		{"ErrBellsMissing", []string{"--posts", "3", "--radius", "300", "--bells", filepath.Join(dir, "none.json")}, "bells"},
		{"ErrNoRoads", []string{"--data", geojsonData, "--posts", "3", "--radius", "300"}, "no road network"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"patrol", "--rules-dir", rulesDir, "--data", monaco}, tc.args...)
			code, _, errOut := MustRun(t, args...)
			if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want 2 and one line containing %q", code, errOut, tc.want)
			}
		})
	}
}
