package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	fixtureData  = "../../geo/testdata/geojson/collection.geojson"
	fixtureRules = "../../geo/testdata/rules"
)

// A site file holding school/1's campus, kind and gates finds the hazards
// of `safezone school --id school/1`, rule by rule; --format csv has the
// audit's columns.
func TestSite_equalsSchool(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site.geojson")
	os.WriteFile(site, []byte(`{"type":"Feature","properties":{"name":"新校","school_kind":"primary","gates":[[104.0005,30.0],[104.001,30.0005]]},
		"geometry":{"type":"Polygon","coordinates":[[[104.0,30.0],[104.001,30.0],[104.001,30.001],[104.0,30.001],[104.0,30.0]]]}}`), 0o644)
	common := []string{"--data", fixtureData, "--rules-dir", fixtureRules, "--rules", "engine", "--format", "json"}
	code, out, errOut := MustRun(t, append([]string{"site", "--site", site}, common...)...)
	if code != 0 {
		t.Fatalf("site: exit %d: %s", code, errOut)
	}
	var got struct {
		Site struct{ Name string } `json:"site"`
		Hits []struct {
			FeatureID string  `json:"feature_id"`
			RuleID    string  `json:"rule_id"`
			DistanceM float64 `json:"distance_m"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = MustRun(t, append([]string{"school", "--id", "school/1"}, common...)...)
	if code != 0 {
		t.Fatalf("school: exit %d: %s", code, errOut)
	}
	var rep struct {
		Rings []struct {
			Hazards []struct {
				FeatureID string `json:"feature_id"`
				Rules     []struct {
					RuleID    string  `json:"rule_id"`
					DistanceM float64 `json:"distance_m"`
				} `json:"rules"`
			} `json:"hazards"`
		} `json:"rings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var want, have []string
	for _, r := range rep.Rings {
		for _, h := range r.Hazards {
			for _, hr := range h.Rules {
				want = append(want, h.FeatureID+" "+hr.RuleID+" "+jsonNum(hr.DistanceM))
			}
		}
	}
	for _, h := range got.Hits {
		have = append(have, h.FeatureID+" "+h.RuleID+" "+jsonNum(h.DistanceM))
	}
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(have, want) || len(want) == 0 || got.Site.Name != "新校" {
		t.Errorf("site %v (%q), school %v", have, got.Site.Name, want)
	}
	code, out, _ = MustRun(t, "site", "--site", site, "--data", fixtureData, "--rules-dir", fixtureRules, "--rules", "engine", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "feature_id,feature_name,category,school_id") || strings.Count(out, "\n") != len(want)+1 {
		t.Errorf("csv: exit %d\n%s", code, out)
	}
}

func jsonNum(v float64) string { b, _ := json.Marshal(v); return string(b) }

func TestSite_errors(t *testing.T) {
	dir := t.TempDir()
	bowtie := filepath.Join(dir, "bowtie.geojson")
	os.WriteFile(bowtie, []byte(`{"type":"Polygon","coordinates":[[[104,30],[104.001,30.001],[104.001,30],[104,30.001],[104,30]]]}`), 0o644)
	unclosed := filepath.Join(dir, "unclosed.geojson")
	os.WriteFile(unclosed, []byte(`{"type":"Polygon","coordinates":[[[104,30],[104.001,30],[104.001,30.001],[104,30.001]]]}`), 0o644)
	common := []string{"--data", fixtureData, "--rules-dir", fixtureRules, "--rules", "engine"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"Bowtie", []string{"--site", bowtie}, "bowtie.geojson: site: self-intersecting"},
		{"Unclosed", []string{"--site", unclosed}, "unclosed.geojson: site: unclosed ring"},
		{"Missing", []string{"--site", filepath.Join(dir, "nope.geojson")}, "nope.geojson"},
		{"Both", []string{"--site", bowtie, "--lon", "104"}, "give one or the other"},
		{"Neither", nil, "--site, or --lon and --lat, is required"},
		{"Lat", []string{"--lon", "104", "--lat", "95"}, `lat "95": must be between -90 and 90`},
		{"Kind", []string{"--lon", "104", "--lat", "30", "--kind", "uni"}, `school_kind "uni"`},
		{"Gates", []string{"--lon", "104", "--lat", "30", "--gates", "104;30"}, `gates "104;30": gate 1 "104" must be lon,lat`},
		{"Format", []string{"--lon", "104", "--lat", "30", "--format", "pdf"}, `format "pdf": must be text, json or csv`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, append(append([]string{"site"}, tc.args...), common...)...)
			if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}
