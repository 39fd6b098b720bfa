package geo

import "github.com/paulmach/orb"

// evaluator applies a rule pack to features, one at a time, against the
// schools of an index. It is safe for concurrent use once initialised.
type evaluator struct {
	x     *Index
	rules [][]Rule  // by category code
	reach []float64 // largest distance among the category's rules
}

// newEvaluator returns an evaluator of pack for features of the given
// categories, or of every category if none is given.
func newEvaluator(x *Index, pack *RulePack, cats ...Category) *evaluator {
	ev := &evaluator{x: x, rules: make([][]Rule, len(Categories)+1), reach: make([]float64, len(Categories)+1)}
	if len(cats) == 0 {
		cats = Categories
	}
	for _, c := range cats {
		code := categoryCode(c)
		ev.rules[code] = pack.RulesFor(c)
		for _, r := range ev.rules[code] {
			ev.reach[code] = max(ev.reach[code], r.DistanceMeters)
		}
	}
	return ev
}

// match is one (school, rule) broken by the feature being evaluated.
type match struct {
	school   uint32
	rule     *Rule
	d        float64
	fromGate bool
}

// eval calls emit for every (school, rule) broken by a feature of category
// code cat with geometry g. A school at exactly a rule's distance breaks it.
func (ev *evaluator) eval(cat uint8, g orb.Geometry, emit func(match)) {
	if len(ev.rules[cat]) > 0 {
		ev.evalIn(cat, g, geodesicBound(g), emit)
	}
}

// evalIn is eval for a feature whose geodesicBound is known to be b, such as
// an indexed row's: computing it again for every row of an audit cost a
// tenth of the audit.
func (ev *evaluator) evalIn(cat uint8, g orb.Geometry, b orb.Bound, emit func(match)) {
	rs := ev.rules[cat]
	if len(rs) == 0 {
		return
	}
	t := &ev.x.t
	limit := ev.reach[cat]
	ev.x.search(School, b, limit, func(s uint32) bool {
		kind := SchoolKinds[t.sub[s]]
		// The distances from the campus and from the gates are each computed
		// at most once, against the category's largest rule distance.
		var campus, gate distCache
		for i := range rs {
			r := &rs[i]
			if !r.AppliesTo(kind) {
				continue
			}
			c, fromGate, target := &campus, false, orb.Geometry(nil)
			if r.From == FromGate {
				if gs := t.gateGeometry(s); gs != nil {
					c, fromGate, target = &gate, true, gs
				}
			}
			if target == nil && !c.done {
				target = t.geometry(s)
			}
			if d, ok := c.get(target, g, limit); ok && d <= r.DistanceMeters {
				emit(match{school: s, rule: r, d: d, fromGate: fromGate})
			}
		}
		return true
	})
}

// hit turns a match for feature f into a Hit.
func (ev *evaluator) hit(f Feature, m match) Hit {
	return Hit{Feature: f, School: ev.x.t.feature(m.school), Rule: m.rule, DistanceMeters: m.d, FromGate: m.fromGate}
}

// appendHits appends the hits of feature f.
func (ev *evaluator) appendHits(hits []Hit, f Feature) []Hit {
	ev.eval(categoryCode(f.Category), f.Geometry, func(m match) { hits = append(hits, ev.hit(f, m)) })
	return hits
}

// distCache remembers one withinMeters answer.
type distCache struct {
	done bool
	d    float64
	ok   bool
}

func (c *distCache) get(a, b orb.Geometry, limit float64) (float64, bool) {
	if !c.done {
		c.d, c.ok = withinMeters(a, b, limit)
		c.done = true
	}
	return c.d, c.ok
}
