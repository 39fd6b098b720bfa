package geo

import (
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// evaluator applies a rule pack to features, one at a time, against the
// schools of an index. It is safe for concurrent use once initialised.
type evaluator struct {
	x       *Index
	rules   [][]Rule   // by category code
	applies [][]uint16 // for each rule, a bit for each of SchoolKinds it applies to
	reach   []float64  // largest distance among the category's rules
}

// newEvaluator returns an evaluator of pack for features of the given
// categories, or of every category if none is given. It applies the rules
// that judge one feature at a time: near and inside rules, and along rules
// when alongFromCampus (no routes are known, so they are measured from the
// campus); requires rules judge schools (see lacking).
func newEvaluator(x *Index, pack *RulePack, alongFromCampus bool, cats ...Category) *evaluator {
	n := len(Categories) + 1
	ev := &evaluator{x: x, rules: make([][]Rule, n), applies: make([][]uint16, n), reach: make([]float64, n)}
	if len(cats) == 0 {
		cats = Categories
	}
	for _, c := range cats {
		code := categoryCode(c)
		ev.rules[code] = slices.DeleteFunc(pack.RulesFor(c), func(r Rule) bool {
			return r.Kind == Requires || (r.Kind == Along && !alongFromCampus)
		})
		for _, r := range ev.rules[code] {
			ev.reach[code] = max(ev.reach[code], r.DistanceMeters)
			var kinds uint16
			for i, k := range SchoolKinds {
				if r.AppliesTo(k) {
					kinds |= 1 << i
				}
			}
			ev.applies[code] = append(ev.applies[code], kinds)
		}
	}
	return ev
}

// match is one (school, rule) broken by the feature being evaluated.
type match struct {
	school    uint32
	rule      *Rule
	d         float64
	fromGate  bool
	fromRoute bool
}

// eval calls emit for every (school, rule) broken by a feature of category
// code cat with geometry g. A school at exactly a rule's distance breaks it.
func (ev *evaluator) eval(cat uint8, g orb.Geometry, emit func(match)) {
	if len(ev.rules[cat]) == 0 {
		return
	}
	b := geodist.Bound(g)
	limit := ev.reach[cat]
	ev.x.search(School, b, limit, func(s uint32) bool {
		// The distances from the campus and from the gates are each computed
		// at most once, against the category's largest rule distance.
		var campus, gate distCache
		ev.matchRules(s, cat, func(fromGate bool) (float64, bool) {
			if fromGate {
				return gate.get(ev.x.t.gateGeometry(s), g, limit)
			}
			return campus.get(ev.x.t.geometry(s), g, limit)
		}, emit)
		return true
	})
}

// matchRules emits a match for each rule of category cat that a feature
// breaks at school s. dist(fromGate) returns the feature's distance from
// the school's gates or campus, and whether it is within the category's
// largest rule distance; rules measured from the gate fall back to the
// campus for a school without gates.
func (ev *evaluator) matchRules(s uint32, cat uint8, dist func(fromGate bool) (float64, bool), emit func(match)) {
	kind := uint16(1) << ev.x.t.sub[s]
	hasGates := ev.x.t.gateGeometry(s) != nil
	rs := ev.rules[cat]
	for i, applies := range ev.applies[cat] {
		r := &rs[i]
		if applies&kind == 0 {
			continue
		}
		fromGate := r.From == FromGate && hasGates
		if d, ok := dist(fromGate); ok && d <= r.DistanceMeters {
			emit(match{school: s, rule: r, d: d, fromGate: fromGate})
		}
	}
}

// hit turns a match for feature f into a Hit.
func (ev *evaluator) hit(f Feature, m match) Hit {
	h := newHit(f, ev.x.t.feature(m.school), m.rule, m.d, m.fromGate)
	h.FromRoute = m.fromRoute
	return h
}

// appendHits appends the hits of feature f.
func (ev *evaluator) appendHits(hits []Hit, f Feature) []Hit {
	ev.eval(categoryCode(f.Category), f.Geometry, func(m match) { hits = append(hits, ev.hit(f, m)) })
	return hits
}

// distCache remembers one geodist.Within answer.
type distCache struct {
	done bool
	d    float64
	ok   bool
}

func (c *distCache) get(a, b orb.Geometry, limit float64) (float64, bool) {
	if !c.done {
		c.d, c.ok = geodist.Within(a, b, limit)
		c.done = true
	}
	return c.d, c.ok
}

// memo is get with the answer computed by within.
func (c *distCache) memo(within func() (float64, bool)) (float64, bool) {
	if !c.done {
		c.d, c.ok = within()
		c.done = true
	}
	return c.d, c.ok
}
