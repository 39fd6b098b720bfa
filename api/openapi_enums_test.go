package api_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/geo/osm"
	"github.com/safezone/safezone/geo/patrol"
)

// names turns a list of string-typed constants into strings.
func names[S ~string](list []S) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

// TestOpenAPI_enums holds every enum of the OpenAPI document to the list
// the code keeps, so that neither can change without the other.
func TestOpenAPI_enums(t *testing.T) {
	data, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	business := slices.DeleteFunc(names(geo.Categories), func(c string) bool { return c == string(geo.Water) })
	otherSystems := slices.DeleteFunc(names(crs.Systems), func(s string) bool { return s == string(crs.WGS84) })
	tests := []struct {
		path string // of the enum, "/" between the keys
		want []string
	}{
		{"components/schemas/Category", names(geo.Categories)},
		{"components/schemas/BusinessCategory", business},
		{"components/schemas/WaterKind", names(geo.WaterKinds)},
		{"components/schemas/SchoolKind", names(geo.SchoolKinds)},
		{"components/schemas/Severity", names(geo.Severities)},
		{"components/schemas/HitSeverity", names(geo.HitSeverities)},
		{"components/schemas/CheckHit/properties/existing", names(geo.Existings)},
		{"components/schemas/CheckHit/properties/precedes", names(geo.Precedences)},
		{"components/schemas/Rule/properties/existing", names(geo.Existings)},
		{"components/schemas/MeasuredFrom", names(geo.MeasureFroms)},
		{"components/schemas/RuleKind", names(geo.RuleKinds)},
		{"components/schemas/CheckRequest/properties/method", names(geo.Methods)},
		{"components/schemas/CheckHit/properties/method", names(geo.Methods)},
		{"components/schemas/CheckResponse/properties/verdict", names(geo.Verdicts)},
		{"components/schemas/CheckResponse/properties/crs", otherSystems},
		{"components/schemas/MapFeature/properties/properties/properties/kind", names(geo.Kinds)},
		{"components/schemas/BasemapFeatureCollection/properties/features/items/properties/properties/properties/layer", names(osm.Layers)},
		{"components/schemas/PatrolRoster/properties/peaks/items/properties/peak", names(patrol.Peaks)},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			node := doc
			for _, key := range strings.Split(tc.path, "/") {
				m, ok := node.(map[string]any)
				if !ok {
					t.Fatalf("%s: no %q", tc.path, key)
				}
				node = m[key]
			}
			m, _ := node.(map[string]any)
			raw, _ := m["enum"].([]any)
			var got []string
			for _, v := range raw {
				s, _ := v.(string)
				got = append(got, s)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("enum %v, the code has %v", got, tc.want)
			}
		})
	}
}
