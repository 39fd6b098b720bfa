package walk_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/safezone/safezone/geo"
)

// checkEvidence fails the test unless a cleared hit carries its evidence:
// the walk (longer than the limit, never shorter than the straight line,
// ending at the gate) or the cap searched.
func checkEvidence(t *testing.T, h geo.Hit, gate geo.Point) {
	t.Helper()
	switch {
	case !h.Cleared || h.Method != geo.Walking:
		t.Errorf("%s: cleared %v, method %q", h.Rule.ID, h.Cleared, h.Method)
	case h.WalkCapMeters != 0:
		if h.WalkingMeters != 0 || h.Route != nil || h.WalkCapMeters != geo.WalkCapFactor*h.Rule.DistanceMeters {
			t.Errorf("%s: cap %v m with a walk of %v m", h.Rule.ID, h.WalkCapMeters, h.WalkingMeters)
		}
	case h.WalkingMeters <= h.Rule.DistanceMeters || h.WalkingMeters < h.DistanceMeters || h.WalkingMeters > geo.WalkCapFactor*h.Rule.DistanceMeters:
		t.Errorf("%s: walking %v m, straight %v m, limit %v m", h.Rule.ID, h.WalkingMeters, h.DistanceMeters, h.Rule.DistanceMeters)
	case math.Abs(lineMeters(h.Route)-h.WalkingMeters) > 1e-6 || h.Route[len(h.Route)-1] != orbPt(gate):
		t.Errorf("%s: route of %v m to %v, walking %v m", h.Rule.ID, lineMeters(h.Route), h.Route[len(h.Route)-1], h.WalkingMeters)
	}
}

// A place the walk clears carries its walking distance and route, found
// past the rule's distance; one no walk within the cap reaches says how
// far the search went.
func TestIndex_CheckWith_clearedEvidence(t *testing.T) {
	tw := mustTown(t)
	pack := mustWalkPack(t)
	gate := tw.feature(t, "way/120").Gates[0]
	at := func(id string) geo.Point {
		c := tw.feature(t, id).Geometry.Bound().Min
		return geo.Point{Lat: c.Lat(), Lon: c.Lon()}
	}
	tests := []struct {
		place, rule string
		walk        float64 // about, in meters
	}{
		{"node/71", "belt_entertainment_walk_200", 595}, // round the block, from the footway
		{"node/72", "gate_stalls_walk_50", 55},          // across the street
	}
	for _, tc := range tests {
		t.Run(tc.place, func(t *testing.T) {
			res, err := tw.index.CheckWith(at(tc.place), geo.Category("internet_cafe"), pack, geo.CheckOptions{Walk: tw.graph})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(res.Cleared, func(h geo.Hit) bool { return h.Rule.ID == tc.rule })
			if i < 0 {
				t.Fatalf("cleared %v, want %s", ruleIDs(res.Cleared), tc.rule)
			}
			h := res.Cleared[i]
			checkEvidence(t, h, gate)
			if math.Abs(h.WalkingMeters-tc.walk) > 10 {
				t.Errorf("walking %v m, want about %v m", h.WalkingMeters, tc.walk)
			}
		})
	}
	// node/73 lies beyond the trunk road without a sidewalk: no walk
	// reaches it, however long.
	far, err := geo.ParseRulePack("far.yaml", []byte(`id: far
title: 远
document: {title: 测试文件, issuer: 测试机关, date: "2024"}
rules:
  - {id: walk_800, title: 步行800米, categories: [internet_cafe], distance_m: 800, from: gate, method: walking, severity: prohibited, citation: {clause: 条款}}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := tw.index.CheckWith(at("node/73"), geo.Category("internet_cafe"), far, geo.CheckOptions{Walk: tw.graph})
	if err != nil || len(res.Cleared) != 1 || res.Verdict != geo.VerdictAllowed {
		t.Fatalf("check %+v, %v", res, err)
	}
	checkEvidence(t, res.Cleared[0], gate)
	if res.Cleared[0].WalkCapMeters != 4000 {
		t.Errorf("cap %v m, want 4000 m", res.Cleared[0].WalkCapMeters)
	}
}

// hitKeys names hits by feature, rule, cleared and the walk, to the
// millimetre.
func hitKeys(hs []geo.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, fmt.Sprintf("%s %s cleared=%v walk=%.3f cap=%g", h.Feature.ID, h.Rule.ID, h.Cleared, h.WalkingMeters, h.WalkCapMeters))
	}
	slices.Sort(out)
	return out
}

// An audit, a school's report and a site on its campus walk the walking
// rules as a check at each place does, with the same evidence.
func TestIndex_walkEverywhere(t *testing.T) {
	tw := mustTown(t)
	pack := mustWalkPack(t)
	school := tw.feature(t, "way/120")
	for _, m := range []geo.Method{"", geo.Walking} {
		t.Run("method="+string(m), func(t *testing.T) {
			w := geo.WalkOptions{Walk: tw.graph, Method: m}
			hits, cleared := tw.index.AuditWalk(pack, geo.AuditOptions{}, w)
			var checked, checkedCleared []geo.Hit
			tw.index.Features(geo.Business, func(f geo.Feature) bool {
				c := f.Geometry.Bound().Min
				res, err := tw.index.CheckWith(geo.Point{Lat: c.Lat(), Lon: c.Lon()}, f.Category, pack, geo.CheckOptions{Walk: tw.graph, Method: m})
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					h.Feature = f
					checked = append(checked, h)
				}
				for _, h := range res.Cleared {
					h.Feature = f
					checkedCleared = append(checkedCleared, h)
				}
				return true
			})
			var bizHits []geo.Hit
			for _, h := range hits {
				if h.Feature.Kind == geo.Business {
					bizHits = append(bizHits, h)
				}
			}
			if a, c := hitKeys(bizHits), hitKeys(checked); !slices.Equal(a, c) || len(a) == 0 {
				t.Errorf("audit hits\n%v\nchecks\n%v", a, c)
			}
			if a, c := hitKeys(cleared), hitKeys(checkedCleared); !slices.Equal(a, c) || len(a) == 0 {
				t.Errorf("audit cleared\n%v\nchecks\n%v", a, c)
			}
			for _, h := range cleared {
				checkEvidence(t, h, school.Gates[0])
			}
			rep, err := tw.index.SchoolReportWith(school.ID, pack, geo.ReportOptions{Walk: w})
			if err != nil {
				t.Fatal(err)
			}
			var repHits, repCleared []geo.Hit
			for _, r := range rep.Rings {
				for _, h := range r.Hazards {
					repHits = append(repHits, h.Hits...)
					repCleared = append(repCleared, h.Cleared...)
				}
			}
			for _, h := range rep.Cleared {
				if len(h.Hits) != 0 {
					t.Errorf("report: %s is listed as cleared with hits", h.Feature.ID)
				}
				repCleared = append(repCleared, h.Cleared...)
			}
			site, err := tw.index.Site(geo.Site{Geometry: school.Geometry, SchoolKind: school.SchoolKind, Gates: school.Gates}, pack, geo.SiteOptions{Walk: w})
			if err != nil {
				t.Fatal(err)
			}
			if a, r, s := hitKeys(hits), hitKeys(repHits), hitKeys(site.Hits); !slices.Equal(a, r) || !slices.Equal(a, s) {
				t.Errorf("hits: audit\n%v\nreport\n%v\nsite\n%v", a, r, s)
			}
			if a, r, s := hitKeys(cleared), hitKeys(repCleared), hitKeys(site.Cleared); !slices.Equal(a, r) || !slices.Equal(a, s) {
				t.Errorf("cleared: audit\n%v\nreport\n%v\nsite\n%v", a, r, s)
			}
		})
	}
}
