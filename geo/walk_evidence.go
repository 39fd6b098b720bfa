package geo

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// WalkCapFactor is how far past a rule's distance the walk from a place
// the walking method clears is searched, as a multiple of the distance:
// the cleared place gets its walking distance and route up to 5 × 200 m,
// and beyond that the statement that no walk of that length reaches the
// school (Hit.WalkCapMeters).
const WalkCapFactor = 5

// walked reports whether rule r is measured by walking under method m:
// Walking measures every rule so, Straight none, and "" each rule as it
// says.
func walked(m Method, r *Rule) bool {
	near := r.Kind == Near || r.Kind == "" // only distances from the campus or gate are walked
	return near && (m == Walking || (m == "" && r.Method == Walking))
}

// walkHit measures hit h, found by the straight line, by walking with g,
// and returns it as the walking method has it. Either the walk is within
// the rule's distance (a walk of exactly the distance is within): the hit
// stands, with the walking distance and the route as evidence. Or it is
// not: the hit is Cleared, with the walking distance and route of the
// shortest walk up to WalkCapFactor times the distance, or, when there is
// none that short, WalkCapMeters. Method is Walking either way.
func walkHit(g Walker, h Hit) Hit {
	limit := h.Rule.DistanceMeters
	capMeters := WalkCapFactor * limit
	w, ok := g.WalkToSchool(h.School, h.Feature, capMeters)
	h.Method = Walking
	if ok {
		h.WalkingMeters, h.Route = w.Meters, w.Route
	}
	if ok && w.Meters <= limit {
		return h
	}
	h.Cleared = true
	if !ok {
		h.WalkCapMeters = capMeters
	}
	return h
}

// WalkOptions say how audits, sites and school reports measure the rules
// that ask for walking, as CheckOptions does for a check.
type WalkOptions struct {
	// Method measures every rule by that method: Straight or Walking.
	// Empty keeps each rule's own (Rule.Method).
	Method Method
	// Walk is the pedestrian network, such as walk.Graph. A nil Walk
	// measures walking rules straight, which can only widen a zone.
	Walk Walker
	// Workers is the number of goroutines walking; 0 means GOMAXPROCS.
	Workers int
}

// AuditWalk is Audit with the rules that ask for walking (or every rule,
// with Method Walking) measured by walking: each hit the straight line
// finds for such a rule is walked, and either stands, with the walking
// distance and the route as evidence, or is cleared, with the walk found
// past the rule's distance (see Hit.Cleared). It returns the hits that
// stand and the cleared ones, each sorted as Audit sorts. A walk starts at
// the place's entrance and ends at a school gate, or a vertex of its
// campus when none is mapped (see Walker). It is safe for concurrent use.
func (x *Index) AuditWalk(rules *RulePack, opts AuditOptions, w WalkOptions) (hits, cleared []Hit) {
	return WalkHits(x.Audit(rules, opts), w)
}

// SortAudit sorts hits as Audit does: by feature ID, school ID and rule
// ID; hits of one key keep their order.
func SortAudit(hits []Hit) {
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Feature.ID, b.Feature.ID), cmp.Compare(a.School.ID, b.School.ID), cmp.Compare(a.Rule.ID, b.Rule.ID))
	})
}

// WalkHits re-measures by walking the hits of the rules w walks, such as
// those of AuditFeatures, as AuditWalk does, and returns the hits that
// stand and those the walk clears, each in the order given.
func WalkHits(hits []Hit, w WalkOptions) (kept, cleared []Hit) {
	return walkHits(w.Walk, w.Method, hits, w.Workers)
}

// walkHits re-measures, by walking, the hits of rules walked under method
// m, in parallel on workers goroutines (0: GOMAXPROCS), and returns the
// hits that stand and those the walking method clears, each in the order
// given. A nil g leaves the hits as they are, marking those of rules that
// ask for walking as measured Straight.
func walkHits(g Walker, m Method, hits []Hit, workers int) (kept, cleared []Hit) {
	if g == nil || m == Straight {
		for i := range hits {
			if hits[i].Rule.Method == Walking {
				hits[i].Method = Straight
			}
		}
		return hits, nil
	}
	out := make([]Hit, len(hits))
	copy(out, hits)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(out); i = int(next.Add(1)) - 1 {
				if walked(m, out[i].Rule) {
					out[i] = walkHit(g, out[i])
				}
			}
		})
	}
	wg.Wait()
	kept = out[:0]
	for _, h := range out {
		if h.Cleared {
			cleared = append(cleared, h)
		} else {
			kept = append(kept, h)
		}
	}
	return kept, cleared
}
