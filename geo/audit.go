package geo

import (
	"cmp"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// AuditOptions narrows an audit.
type AuditOptions struct {
	// Bound, when not empty (zero), limits the audit to features whose box
	// intersects it.
	Bound orb.Bound
	// Area, when not nil, limits the audit to features in or on it: a
	// Polygon or MultiPolygon, such as a district's boundary (see
	// ParseArea). A feature is in when GeometryDistanceMeters between them
	// is 0, so one that straddles the boundary is kept.
	Area      orb.Geometry
	areaBound orb.Bound // Area's, worked out once per audit
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
// ID. Audit is safe for concurrent use. For large audits, AuditSeq avoids
// holding every Hit at once.
func (x *Index) Audit(rules *RulePack, opts AuditOptions) []Hit {
	return slices.Collect(x.AuditSeq(rules, opts))
}

// AuditSeq is Audit as an iterator: the audit runs when iteration starts,
// keeps only a compact record per hit, and builds each Hit as it is yielded.
func (x *Index) AuditSeq(rules *RulePack, opts AuditOptions) iter.Seq[Hit] {
	return func(yield func(Hit) bool) {
		ev := newEvaluator(x, rules)
		if opts.Area != nil {
			opts.areaBound = opts.Area.Bound()
		}
		ms := x.auditRows(ev, opts)
		extra := opts.Extra
		if opts.Bound != (orb.Bound{}) || opts.Area != nil {
			extra = nil
			for _, f := range opts.Extra {
				if f.Geometry != nil && opts.touches(func() orb.Geometry { return f.Geometry }, f.Geometry.Bound()) {
					extra = append(extra, f)
				}
			}
		}
		x.yieldSorted(ev, ms, extra, yield)
	}
}

// AuditFeatures audits only the given features, such as a list of licences,
// against the index's schools, with the same rules and order as Audit.
// Features without a geometry are skipped. It is safe for concurrent use.
func (x *Index) AuditFeatures(rules *RulePack, features []Feature) []Hit {
	var hits []Hit
	x.yieldSorted(newEvaluator(x, rules), nil, features, func(h Hit) bool {
		hits = append(hits, h)
		return true
	})
	return hits
}

// auditMatch is a hit of an indexed feature, kept small: an audit may have
// millions.
type auditMatch struct {
	row int32 // the feature's row; for extra features, -1 - its index in extra
	match
	key uint64 // for an indexed row: the rank of its ID above the rank of the school's
}

// auditRows evaluates every indexed business and water body, in parallel.
func (x *Index) auditRows(ev *evaluator, opts AuditOptions) []auditMatch {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	filter := opts.Bound != (orb.Bound{}) || opts.Area != nil
	n := x.t.len()
	const chunk = 1024
	var next atomic.Int64
	parts := make([][]auditMatch, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out []auditMatch
			for lo := int(next.Add(chunk)) - chunk; lo < n; lo = int(next.Add(chunk)) - chunk {
				for i := lo; i < min(lo+chunk, n); i++ {
					row := uint32(i)
					if x.t.kind[row] == kindCode(School) || len(ev.rules[x.t.cat[row]]) == 0 ||
						(filter && !opts.touches(func() orb.Geometry { return x.t.geometry(row) }, x.t.bound(row))) {
						continue
					}
					ev.evalIn(x.t.cat[row], x.t.geometry(row), x.t.bound(row), func(m match) {
						out = append(out, auditMatch{row: int32(row), match: m})
					})
				}
			}
			parts[w] = out
		}()
	}
	wg.Wait()
	return slices.Concat(parts...)
}

// yieldSorted adds the hits of the extra features to ms, sorts everything by
// feature ID, school ID and rule ID, and yields each as a Hit.
func (x *Index) yieldSorted(ev *evaluator, ms []auditMatch, extra []Feature, yield func(Hit) bool) {
	for i, f := range extra {
		if f.Geometry != nil {
			ev.eval(categoryCode(f.Category), f.Geometry, func(m match) {
				ms = append(ms, auditMatch{row: int32(-1 - i), match: m})
			})
		}
	}
	id := func(row int32) string {
		if row < 0 {
			return extra[-1-row].ID
		}
		return x.t.ids.get(uint32(row))
	}
	rank := x.t.idRanks()
	for i := range ms {
		if m := &ms[i]; m.row >= 0 {
			m.key = uint64(rank[m.row])<<32 | uint64(rank[m.school])
		}
	}
	sortParallel(ms, func(a, b auditMatch) int {
		if a.row >= 0 && b.row >= 0 {
			if a.key != b.key {
				return cmp.Compare(a.key, b.key)
			}
			return cmp.Compare(a.rule.ID, b.rule.ID)
		}
		if a.row != b.row {
			if a.row >= 0 && b.row >= 0 {
				return cmp.Compare(rank[a.row], rank[b.row])
			}
			return cmp.Compare(id(a.row), id(b.row))
		}
		if a.school != b.school {
			return cmp.Compare(rank[a.school], rank[b.school])
		}
		return cmp.Compare(a.rule.ID, b.rule.ID)
	})
	var f Feature
	for i, m := range ms {
		if i == 0 || m.row != ms[i-1].row {
			if m.row < 0 {
				f = extra[-1-m.row]
			} else {
				f = x.t.feature(uint32(m.row))
			}
		}
		if !yield(ev.hit(f, m.match)) {
			return
		}
	}
}

// sortParallel sorts s by cmp, which must be a total order, on two cores
// when it is long: each half sorted at once, then merged.
func sortParallel[T any](s []T, cmp func(a, b T) int) {
	if len(s) < 1<<15 || runtime.GOMAXPROCS(0) < 2 {
		slices.SortFunc(s, cmp)
		return
	}
	mid := len(s) / 2
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(s[:mid], cmp) })
	slices.SortFunc(s[mid:], cmp)
	wg.Wait()
	merged := make([]T, 0, len(s))
	i, j := 0, mid
	for i < mid && j < len(s) {
		if cmp(s[j], s[i]) < 0 {
			merged = append(merged, s[j])
			j++
		} else {
			merged = append(merged, s[i])
			i++
		}
	}
	merged = append(append(merged, s[i:mid]...), s[j:]...)
	copy(s, merged)
}
