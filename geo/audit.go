package geo

import (
	"iter"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
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
	areaGrid  *areaGrid // answers Area; set with areaBound
	// Extra features (such as businesses registered by regulators) are
	// audited along with the index's own.
	Extra []Feature
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Routes, when not nil, gives the ways pupils walk to each school, from
	// which rules of kind Along are measured; a school it knows no route
	// to, and every school when Routes is nil, is measured from its campus.
	Routes RouteFinder
}

// Audit returns every (feature, school, rule) hit: each business or water
// body within a rule's distance of a school the rule applies to, measured
// from the campus or the gate as the rule says (on the campus for Inside
// rules, from the routes to it for Along rules, see AuditOptions.Routes).
// A feature at exactly the rule's distance is a hit. Hits are sorted by
// feature ID, school ID and rule ID; after them come the Lacking hits of
// Requires rules, one for each school without the place a rule requires,
// sorted by school ID and rule ID. Audit is safe for concurrent use. For
// large audits, AuditSeq avoids holding every Hit at once.
func (x *Index) Audit(rules *RulePack, opts AuditOptions) []Hit {
	return slices.Collect(x.AuditSeq(rules, opts))
}

// AuditSeq is Audit as an iterator: the audit runs when iteration starts,
// keeps only a compact record per hit, and builds each Hit as it is yielded.
func (x *Index) AuditSeq(rules *RulePack, opts AuditOptions) iter.Seq[Hit] {
	return func(yield func(Hit) bool) {
		ev := newEvaluator(x, rules, opts.Routes == nil)
		if opts.Area != nil {
			opts.areaBound, opts.areaGrid = opts.Area.Bound(), newAreaGrid(opts.Area)
		}
		parts := x.auditRows(ev, opts)
		extra := opts.Extra
		if opts.Bound != (orb.Bound{}) || opts.Area != nil {
			extra = opts.keep(opts.Extra)
		}
		var extraMatches []auditMatch
		if opts.Routes != nil {
			var indexed []auditMatch
			for _, m := range x.alongMatches(rules, &opts, extra) {
				if m.row < 0 {
					extraMatches = append(extraMatches, m)
				} else {
					indexed = append(indexed, m)
				}
			}
			parts = append(parts, indexed)
		}
		if !x.yieldSorted(ev, parts, extra, extraMatches, yield) {
			return
		}
		for _, h := range x.lacking(rules, &opts) {
			if !yield(h) {
				return
			}
		}
	}
}

// Keep returns the features an audit with o goes through, in their order:
// those with a geometry whose box meets Bound (when set) and that lie in or
// on Area (when set; one that straddles its boundary is kept). Filtering a
// list of licences by a district with Keep, then auditing it with
// AuditFeatures, audits the list as Audit audits Extra. It returns
// features itself when neither is set.
func (o AuditOptions) Keep(features []Feature) []Feature {
	if o.Bound == (orb.Bound{}) && o.Area == nil {
		return features
	}
	if o.Area != nil {
		o.areaBound, o.areaGrid = o.Area.Bound(), newAreaGrid(o.Area)
	}
	return o.keep(features)
}

// keep is Keep with areaBound worked out.
func (o AuditOptions) keep(features []Feature) []Feature {
	var out []Feature
	for _, f := range features {
		if f.Geometry != nil && o.touches(func() orb.Geometry { return f.Geometry }, f.Geometry.Bound()) {
			out = append(out, f)
		}
	}
	return out
}

// AuditFeatures audits only the given features, such as a list of licences,
// against the index's schools, with the same rules and order as Audit.
// Features without a geometry are skipped. It is safe for concurrent use.
func (x *Index) AuditFeatures(rules *RulePack, features []Feature) []Hit {
	var hits []Hit
	x.yieldSorted(newEvaluator(x, rules, true), nil, features, nil, func(h Hit) bool {
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
}

// auditRows evaluates every indexed business and water body, in parallel.
// It goes school by school: one R-tree search per school finds every
// feature that may be within reach of it, and the school's campus is
// prepared once for the distances from all of them (see geodist.PointTarget). Going
// feature by feature instead costs a search per feature, ten times as
// many, and takes the campus apart again for every pair.
func (x *Index) auditRows(ev *evaluator, opts AuditOptions) [][]auditMatch {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	reach := slices.Max(ev.reach)
	n := x.t.len()
	const chunk = 256
	var next atomic.Int64
	blocks := make([][][]auditMatch, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			a := schoolAudit{x: x, ev: ev, opts: &opts, reach: reach}
			for lo := int(next.Add(chunk)) - chunk; lo < n; lo = int(next.Add(chunk)) - chunk {
				for i := lo; i < min(lo+chunk, n); i++ {
					if x.t.kind[i] == kindCode(School) {
						a.school(uint32(i))
					}
				}
			}
			blocks[w] = a.out
		})
	}
	wg.Wait()
	return slices.Concat(blocks...)
}

// schoolAudit is one worker's state in auditRows.
type schoolAudit struct {
	x     *Index
	ev    *evaluator
	opts  *AuditOptions
	reach float64 // the largest rule distance
	// campus is the school under way's campus, prepared by target on first
	// use from campusGeom and box.
	campus     geodist.PointTarget
	campusGeom orb.Geometry
	box        orb.Bound
	ready      bool
	// out holds the matches in blocks of matchBlock: an audit may have
	// millions, and growing one slice would copy them, into memory new to
	// the process each time.
	out [][]auditMatch
}

// school appends the matches of every business and water body near school
// s. The search box holds every point within reach of the campus or a gate,
// so it finds every feature that may break a rule there.
func (a *schoolAudit) school(s uint32) {
	t := &a.x.t
	b := t.bound(s)
	gates := t.gates(s)
	for _, g := range gates {
		b = b.Extend(orb.Point{g.Lon, g.Lat})
	}
	box := geodist.ExpandBound(b, a.reach)
	campus := t.geometry(s)
	a.campusGeom, a.box, a.ready = campus, box, false
	// A filter keeps features, not schools: a river in the district may
	// pass a school outside it.
	filter := a.opts.Bound != (orb.Bound{}) || a.opts.Area != nil
	campusPt, campusPoint := campus.(orb.Point)
	lo, hi := geodist.Box32(box)
	search := func(_, _ [2]float32, row uint32) bool {
		cat := t.cat[row]
		if len(a.ev.rules[cat]) == 0 ||
			(filter && !a.opts.touches(func() orb.Geometry { return t.geometry(row) }, t.bound(row))) {
			return true
		}
		// A plain point row is read without boxing it in a geometry.
		isPoint := t.shape[row] < 0
		p := orb.Point{t.lon[row], t.lat[row]}
		limit := a.ev.reach[cat]
		var campusD, gateD distCache
		a.ev.matchRules(s, cat, func(fromGate bool) (float64, bool) {
			switch {
			case !isPoint && fromGate:
				return gateD.get(t.gateGeometry(s), t.geometry(row), limit)
			case !isPoint && campusPoint:
				return campusD.get(campus, t.geometry(row), limit)
			case !isPoint:
				return campusD.memo(func() (float64, bool) { return a.target().WithinGeom(t.geometry(row), limit) })
			case fromGate:
				return gateD.memo(func() (float64, bool) { return gatesWithin(gates, p, limit) })
			case campusPoint:
				return campusD.memo(func() (float64, bool) { return geodist.PointWithin(campusPt, p, limit) })
			}
			return campusD.memo(func() (float64, bool) { return a.target().Within(p, limit) })
		}, func(m match) {
			a.add(auditMatch{row: int32(row), match: m})
		})
		return true
	}
	a.x.trees[kindCode(Business)].Search(lo, hi, search)
	a.x.trees[kindCode(WaterBody)].Search(lo, hi, search)
}

// matchBlock is the number of matches in a block of schoolAudit.out.
const matchBlock = 1 << 14

func (a *schoolAudit) add(m auditMatch) {
	if len(a.out) == 0 || len(a.out[len(a.out)-1]) == matchBlock {
		a.out = append(a.out, make([]auditMatch, 0, matchBlock))
	}
	last := &a.out[len(a.out)-1]
	*last = append(*last, m)
}

// target returns the campus of the school under way, prepared for points
// in its search box on first use: most schools with points near them need
// it, the others are spared the work.
func (a *schoolAudit) target() *geodist.PointTarget {
	if !a.ready {
		a.campus.Prepare(a.campusGeom, a.reach, a.box)
		a.ready = true
	}
	return &a.campus
}

// gatesWithin is geodist.Within for a school's gates and a point: the
// distance from the nearest gate.
func gatesWithin(gates []Point, p orb.Point, limit float64) (float64, bool) {
	best, ok := math.Inf(1), false
	for _, g := range gates {
		if d, in := geodist.PointWithin(orb.Point{g.Lon, g.Lat}, p, limit); in && d < best {
			best, ok = d, true
		}
	}
	return best, ok
}

// touches reports whether the audit keeps a feature with geometry g and
// box b: its box meets Bound (when set), and it lies in or on Area (when
// set). geometry is called only when Area needs it.
func (o AuditOptions) touches(geometry func() orb.Geometry, b orb.Bound) bool {
	if o.Bound != (orb.Bound{}) && !o.Bound.Intersects(b) {
		return false
	}
	if o.Area == nil {
		return true
	}
	if !o.areaBound.Intersects(b) {
		return false
	}
	return o.areaGrid.holds(geometry, b)
}
