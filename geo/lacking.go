package geo

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// requiresRules returns the pack's Requires rules that apply to schools of
// kind k, sorted by ID.
func requiresRules(pack *RulePack, k SchoolKind) []*Rule {
	if pack == nil {
		return nil
	}
	var rs []*Rule
	for i := range pack.Rules {
		if r := &pack.Rules[i]; r.Kind == Requires && r.AppliesTo(k) {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(a, b *Rule) int { return cmp.Compare(a.ID, b.ID) })
	return rs
}

// lackingAt returns the Lacking hits of school s: one for each Requires
// rule with no place of its categories (indexed, or among extra) within
// its distance of the campus, or of the gates when the rule says so and
// the school has some.
func (x *Index) lackingAt(s uint32, pack *RulePack, extra []Feature) []Hit {
	var out []Hit
	for _, r := range requiresRules(pack, SchoolKinds[x.t.sub[s]]) {
		from, fromGate := x.t.geometry(s), false
		if g := x.t.gateGeometry(s); r.From == FromGate && g != nil {
			from, fromGate = g, true
		}
		if _, _, found := x.nearestOf(from, r.Categories, extra, r.DistanceMeters); found {
			continue
		}
		h := Hit{School: x.t.feature(s), Rule: r, FromGate: fromGate, Lacking: true}
		// The nearest such place is evidence: how far the school is from
		// one. Look within four times the distance, then as far as any rule.
		for _, limit := range []float64{min(4*r.DistanceMeters, MaxRuleDistanceMeters), MaxRuleDistanceMeters} {
			if f, d, ok := x.nearestOf(from, r.Categories, extra, limit); ok {
				h.Feature, h.DistanceMeters = f, d
				break
			}
		}
		out = append(out, h)
	}
	return out
}

// nearestOf returns the place of one of cats (indexed, or among extra)
// nearest to g within limitMeters, ties by ID; found is false if there is
// none. A place at exactly limitMeters is found.
func (x *Index) nearestOf(g orb.Geometry, cats []Category, extra []Feature, limitMeters float64) (f Feature, d float64, found bool) {
	best, bestID := limitMeters, ""
	consider := func(id string, geom orb.Geometry, feature func() Feature) {
		if dd, ok := geodist.Within(g, geom, best); ok && (!found || dd < best || (dd == best && id < bestID)) {
			f, best, bestID, found = feature(), dd, id, true
		}
	}
	kinds := []Kind{Business}
	if slices.Contains(cats, Water) {
		kinds = append(kinds, WaterBody)
	}
	b := geodist.Bound(g)
	for _, k := range kinds {
		x.search(k, b, limitMeters, func(row uint32) bool {
			if slices.Contains(cats, categoryOf(x.t.cat[row])) {
				consider(x.t.ids.get(row), x.t.geometry(row), func() Feature { return x.t.feature(row) })
			}
			return true
		})
	}
	for _, e := range extra {
		if e.Geometry != nil && slices.Contains(cats, e.Category) {
			consider(e.ID, e.Geometry, func() Feature { return e })
		}
	}
	return f, best, found
}

// lacking returns the Lacking hits of every school whose campus lies in
// the audit's bound and area, sorted by school ID and rule ID.
func (x *Index) lacking(pack *RulePack, opts *AuditOptions) []Hit {
	if !pack.Has(Requires) {
		return nil
	}
	filter := opts.Bound != (orb.Bound{}) || opts.Area != nil
	var out []Hit
	for _, s := range x.t.byID {
		if x.t.kind[s] != kindCode(School) ||
			(filter && !opts.touches(func() orb.Geometry { return x.t.geometry(s) }, x.t.bound(s))) {
			continue
		}
		out = append(out, x.lackingAt(s, pack, opts.Extra)...)
	}
	return out
}
