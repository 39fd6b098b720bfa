package walk_test

import (
	"errors"
	"math"
	"testing"

	"github.com/safezone/safezone/geo"
)

func mustWalkPack(tb testing.TB) *geo.RulePack {
	tb.Helper()
	p, err := geo.LoadRulePack("../testdata/rules/walking-example.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// ruleIDs lists "rule/method" for each hit; the method is empty for a
// rule measured straight as it asks.
func ruleIDs(hs []geo.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Rule.ID+"/"+string(h.Method))
	}
	return out
}

func TestIndex_CheckWith(t *testing.T) {
	tw := mustTown(t)
	pack := mustWalkPack(t)
	school := tw.feature(t, "way/120")
	gate := orbPt(school.Gates[0])
	at := func(id string) geo.Point {
		f := tw.feature(t, id)
		return geo.Point{Lat: f.Geometry.Bound().Min.Lat(), Lon: f.Geometry.Bound().Min.Lon()}
	}
	tests := []struct {
		name        string
		place       string
		opts        geo.CheckOptions
		hits        []string
		cleared     []string
		wantVerdict geo.Verdict
	}{
		// node/72 is 40 m from the gate and 55 m away on foot: inside the
		// 200 m walking zone, outside the 50 m one, inside the straight
		// 100 m.
		{"across the street", "node/72", geo.CheckOptions{Walk: tw.graph},
			[]string{"belt_entertainment_walk_200/walking", "belt_straight_100/"},
			[]string{"gate_stalls_walk_50/walking"}, geo.VerdictProhibited},
		// node/71 is 105 m from the gate but about 495 m on foot: both
		// walking zones clear it.
		{"round the block", "node/71", geo.CheckOptions{Walk: tw.graph},
			[]string{"belt_straight_100/"},
			[]string{"belt_entertainment_walk_200/walking"}, geo.VerdictInspect},
		// A rule that asks for walking but is measured straight says so.
		{"straight overrides", "node/71", geo.CheckOptions{Walk: tw.graph, Method: geo.Straight},
			[]string{"belt_straight_100/", "belt_entertainment_walk_200/straight"},
			nil, geo.VerdictProhibited},
		{"walking overrides", "node/71", geo.CheckOptions{Walk: tw.graph, Method: geo.Walking},
			nil, []string{"belt_straight_100/walking", "belt_entertainment_walk_200/walking"}, geo.VerdictAllowed},
		{"no graph: straight", "node/71", geo.CheckOptions{},
			[]string{"belt_straight_100/", "belt_entertainment_walk_200/straight"},
			nil, geo.VerdictProhibited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tw.index.CheckWith(at(tc.place), "internet_cafe", pack, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tc.wantVerdict {
				t.Errorf("verdict %s, want %s", res.Verdict, tc.wantVerdict)
			}
			if got := ruleIDs(res.Hits); !sameSet(got, tc.hits) {
				t.Errorf("hits %v, want %v", got, tc.hits)
			}
			if got := ruleIDs(res.Cleared); !sameSet(got, tc.cleared) {
				t.Errorf("cleared %v, want %v", got, tc.cleared)
			}
			for _, h := range res.Hits {
				if h.Method != geo.Walking {
					if h.Route != nil || h.WalkingMeters != 0 {
						t.Errorf("%s: straight hit with a walk", h.Rule.ID)
					}
					continue
				}
				if h.WalkingMeters < h.DistanceMeters || h.WalkingMeters > h.Rule.DistanceMeters {
					t.Errorf("%s: walking %v m, straight %v m, limit %v m", h.Rule.ID, h.WalkingMeters, h.DistanceMeters, h.Rule.DistanceMeters)
				}
				if math.Abs(lineMeters(h.Route)-h.WalkingMeters) > 1e-6 || h.Route[len(h.Route)-1] != gate {
					t.Errorf("%s: route %v (%v m), walking %v m", h.Rule.ID, h.Route, lineMeters(h.Route), h.WalkingMeters)
				}
				if want := geo.GeometryDistanceMeters(gate, h.Feature.Geometry); !h.FromGate || math.Abs(h.DistanceMeters-want) > 1e-9 {
					t.Errorf("%s: straight %v m from gate %v, want %v m from the gate", h.Rule.ID, h.DistanceMeters, h.FromGate, want)
				}
			}
		})
	}
}

func TestIndex_CheckWith_errors(t *testing.T) {
	tw := mustTown(t)
	pack := mustWalkPack(t)
	p := geo.Point{Lat: 30.65, Lon: 104.061}
	tests := []struct {
		name string
		opts geo.CheckOptions
		want string
	}{
		{"unknown method", geo.CheckOptions{Method: "bicycle", Walk: tw.graph}, `method "bicycle": must be straight or walking`},
		{"walking without a graph", geo.CheckOptions{Method: geo.Walking}, `method "walking": no road network is loaded; walking distances need OpenStreetMap data (.osm.pbf or .osm)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tw.index.CheckWith(p, "internet_cafe", pack, tc.opts)
			if !errors.Is(err, geo.ErrInvalidInput) || err.Error() != tc.want {
				t.Errorf("error %v, want %q wrapping ErrInvalidInput", err, tc.want)
			}
		})
	}
}

func TestParseMethod(t *testing.T) {
	for _, s := range []string{"", "straight", "walking"} {
		if m, err := geo.ParseMethod(s); err != nil || string(m) != s {
			t.Errorf("ParseMethod(%q) = %q, %v", s, m, err)
		}
	}
	for _, s := range []string{"Walking", "walk", " straight", "driving"} {
		if _, err := geo.ParseMethod(s); !errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("ParseMethod(%q) error %v, want ErrInvalidInput", s, err)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestIndex_CheckWith_nilPack(t *testing.T) {
	tw := mustTown(t)
	res, err := tw.index.CheckWith(geo.Point{Lat: 30.6499, Lon: 104.0612}, "internet_cafe", nil, geo.CheckOptions{Method: geo.Walking, Walk: tw.graph})
	if err != nil || res.Verdict != geo.VerdictAllowed || len(res.Hits) != 0 {
		t.Errorf("no rules: %+v, %v; want allowed", res, err)
	}
}
