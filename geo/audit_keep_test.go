package geo_test

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

func TestAuditOptions_Keep(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	district := geotest.Square(c, 500)
	in := geo.Feature{ID: "in", Kind: geo.Business, Geometry: c}
	edge := geo.Feature{ID: "edge", Kind: geo.Business, Geometry: district[0][1]} // a corner: on the boundary
	straddles := geo.Feature{ID: "straddles", Kind: geo.Business, Geometry: geotest.Square(geotest.Offset(c, 90, 500), 20)}
	out := geo.Feature{ID: "out", Kind: geo.Business, Geometry: geotest.Offset(c, 90, 700)}
	none := geo.Feature{ID: "none", Kind: geo.Business}
	all := []geo.Feature{in, edge, straddles, out, none}
	east := geotest.Offset(c, 90, 800)
	strip := orb.Bound{Min: orb.Point{c[0], c[1] - 0.001}, Max: orb.Point{east[0], c[1] + 0.001}} // from c east, past out
	tests := []struct {
		name string
		opts geo.AuditOptions
		want []string
	}{
		{"Nothing set", geo.AuditOptions{}, []string{"in", "edge", "straddles", "out", "none"}},
		{"Area", geo.AuditOptions{Area: district}, []string{"in", "edge", "straddles"}},
		{"Bound", geo.AuditOptions{Bound: strip}, []string{"in", "straddles", "out"}},
		{"BoundAndArea", geo.AuditOptions{Bound: strip, Area: district}, []string{"in", "straddles"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range tc.opts.Keep(all) {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Keep: %v, want %v", got, tc.want)
			}
		})
	}
}

// A list filtered by Keep and audited with AuditFeatures gets the hits an
// audit of the area gives the same features as Extra.
func TestAuditOptions_Keep_auditFeatures(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	c := orb.Point{104.06, 30.66}
	fs := geotest.RandomFeatures(rng, c, 800)
	var schools, listed []geo.Feature
	for _, f := range fs {
		if f.Kind == geo.Business {
			listed = append(listed, f)
		} else if f.Kind == geo.School {
			schools = append(schools, f)
		}
	}
	idx := geotest.MustIndex(t, schools)
	pack := geotest.MustRulePack(t, "engine.yaml")
	opts := geo.AuditOptions{Area: geotest.Square(geotest.Offset(c, 45, 800), 1200)}
	kept := opts.Keep(listed)
	if len(kept) == 0 || len(kept) == len(listed) {
		t.Fatalf("kept %d of %d: the district should cut the list", len(kept), len(listed))
	}
	var want []string
	opts.Extra = listed
	for _, h := range idx.Audit(pack, opts) {
		if !h.Lacking {
			want = append(want, h.Feature.ID+" "+h.School.ID+" "+h.Rule.ID)
		}
	}
	var got []string
	for _, h := range idx.AuditFeatures(pack, kept) {
		got = append(got, h.Feature.ID+" "+h.School.ID+" "+h.Rule.ID)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("AuditFeatures(Keep): %d hits, Audit: %d", len(got), len(want))
	}
}
