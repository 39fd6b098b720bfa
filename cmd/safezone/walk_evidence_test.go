package main

import (
	"strings"
	"testing"
)

const (
	townData  = "../../geo/testdata/walk/town.osm"
	walkRules = "../../geo/testdata/rules/walking-example.yaml"
)

// Audits, school reports and sites walk the walking rules, and list the
// places the walk clears with the walk as evidence.
func TestWalkEverywhere(t *testing.T) {
	code, out, errOut := MustRun(t, "audit", "--data", townData, "--rules", walkRules, "--format", "csv")
	if code != 0 {
		t.Fatalf("audit: exit %d: %s", code, errOut)
	}
	// node/71 is 105 m from the gate, 595 m on foot: the 200 m walking
	// belt clears it; node/72 is 55 m on foot, inside the belt.
	for _, want := range []string{
		"node/71,北边网吧,internet_cafe,way/120,南街小学,primary,belt_entertainment_walk_200,prohibited,",
		",walking,595.",
		",yes,,\n",
		"node/72,南街网吧,internet_cafe,way/120,南街小学,primary,belt_entertainment_walk_200,prohibited,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("audit csv lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = MustRun(t, "school", "--data", townData, "--rules", walkRules, "--id", "way/120")
	if code != 0 || !strings.Contains(out, "cleared    belt_entertainment_walk_200") || !strings.Contains(out, "  walking 595.") {
		t.Errorf("school: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = MustRun(t, "site", "--data", townData, "--rules", walkRules, "--lon", "104.0606", "--lat", "30.6504", "--kind", "primary")
	if code != 0 || !strings.Contains(out, "walking") {
		t.Errorf("site: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = MustRun(t, "audit", "--data", fixtureData, "--rules-dir", fixtureRules, "--method", "walking")
	if code != 2 || !strings.Contains(errOut, `method "walking": no road network is loaded`) {
		t.Errorf("walking on GeoJSON: exit %d, %s", code, errOut)
	}
}
