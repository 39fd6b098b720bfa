package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestWhatIf(t *testing.T) {
	common := []string{"whatif", "--data", fixtureData, "--rules-dir", fixtureRules, "--rules", "engine", "--category", "water", "--distances", "50,120,250"}
	code, out, errOut := MustRun(t, append(common, "--format", "json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Distances []struct {
			Count  int `json:"count"`
			Places []struct {
				FeatureID string `json:"feature_id"`
			} `json:"places"`
		} `json:"distances"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Distances) != 3 || got.Distances[0].Count != 0 || got.Distances[1].Count != 1 || got.Distances[2].Count != 2 ||
		got.Distances[2].Places[0].FeatureID != "water/1" {
		t.Errorf("answer %+v", got)
	}
	code, out, _ = MustRun(t, append(common, "--format", "csv")...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[1], "water/1,河1,water,110.") || !strings.Contains(lines[1], ",120,school/1,") ||
		!strings.Contains(lines[2], ",250,school/1,") {
		t.Errorf("csv: exit %d\n%s", code, out)
	}
	code, out, _ = MustRun(t, common...)
	if code != 0 || !strings.Contains(out, "    120 m: 1\n") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
}

func TestWhatIf_errors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"NoCategory", nil, "--category is required"},
		{"Category", []string{"--category", "ktv"}, `category "ktv"`},
		{"Decreasing", []string{"--category", "bar", "--distances", "200,100"}, `must increase, but "100" follows 200`},
		{"TooFar", []string{"--category", "bar", "--distances", "100,9000"}, `"9000" must be above 0 and at most the rule limit, 5000 m`},
		{"From", []string{"--category", "bar", "--from", "door"}, `from "door": must be campus or gate`},
		{"Kinds", []string{"--category", "bar", "--kinds", "uni"}, `school kind "uni"`},
		{"Format", []string{"--category", "bar", "--format", "xml"}, `format "xml"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, append([]string{"whatif", "--data", fixtureData, "--rules-dir", fixtureRules}, tc.args...)...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}
