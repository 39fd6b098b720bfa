package geo

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// AuditOptions narrows an audit.
type AuditOptions struct {
	// Bound, when not empty (zero), limits the audit to features whose box
	// intersects it.
	Bound orb.Bound
	// Extra features (such as businesses registered by regulators) are
	// audited along with the index's own.
	Extra []Feature
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
}

// Audit returns every (feature, school, rule) hit: each business or water
// body within a rule's distance of a school the rule applies to, measured
// from the campus or the gate as the rule says. A feature at exactly the
// rule's distance is a hit. Hits are sorted by feature ID, school ID and rule
// ID. Audit is safe for concurrent use.
func (x *Index) Audit(rules *RulePack, opts AuditOptions) []Hit {
	ev := newEvaluator(x, rules)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	filter := opts.Bound != (orb.Bound{})
	n := x.t.len()
	const chunk = 2048
	var next atomic.Int64
	parts := make([][]Hit, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out []Hit
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					break
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					out = x.auditRow(ev, uint32(i), filter, opts.Bound, out)
				}
			}
			parts[w] = out
		}()
	}
	wg.Wait()
	var hits []Hit
	for _, p := range parts {
		hits = append(hits, p...)
	}
	for _, f := range opts.Extra {
		if g := f.Geometry; g != nil && (!filter || opts.Bound.Intersects(g.Bound())) {
			hits = ev.appendHits(hits, f)
		}
	}
	sortAuditHits(hits)
	return hits
}

// AuditFeatures audits only the given features, such as a list of licences,
// against the index's schools, with the same rules and order as Audit.
// Features without a geometry are skipped. It is safe for concurrent use.
func (x *Index) AuditFeatures(rules *RulePack, features []Feature) []Hit {
	ev := newEvaluator(x, rules)
	var hits []Hit
	for _, f := range features {
		if f.Geometry != nil {
			hits = ev.appendHits(hits, f)
		}
	}
	sortAuditHits(hits)
	return hits
}

func (x *Index) auditRow(ev *evaluator, row uint32, filter bool, b orb.Bound, out []Hit) []Hit {
	t := &x.t
	cat := t.cat[row]
	if len(ev.rules[cat]) == 0 || t.kind[row] == kindCode(School) {
		return out
	}
	if filter && !b.Intersects(t.bound(row)) {
		return out
	}
	var f *Feature
	ev.eval(cat, t.geometry(row), func(m match) {
		if f == nil {
			ff := t.feature(row)
			f = &ff
		}
		out = append(out, ev.hit(*f, m))
	})
	return out
}

func sortAuditHits(hs []Hit) {
	sort.Slice(hs, func(i, j int) bool {
		a, b := &hs[i], &hs[j]
		if a.Feature.ID != b.Feature.ID {
			return a.Feature.ID < b.Feature.ID
		}
		if a.School.ID != b.School.ID {
			return a.School.ID < b.School.ID
		}
		return a.Rule.ID < b.Rule.ID
	})
}
