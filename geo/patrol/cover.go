package patrol

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/patrol/internal/mclp"
)

// scope is the schools a plan is for, numbered densely.
type scope struct {
	rows   []geo.Row // by school: its index row
	dense  []int32   // by index row: the school's number, or -1
	weight []float64 // by school
}

// scope selects the schools in o.Bound and o.Area and weighs them.
func scopeOf(x *geo.Index, o *Options) *scope {
	sc := &scope{dense: make([]int32, x.Len())}
	for i := range sc.dense {
		sc.dense[i] = -1
	}
	add := func(row geo.Row) bool {
		if o.Area == nil {
			sc.rows = append(sc.rows, row)
		} else if _, ok := geodist.Within(x.GeometryOf(row), o.Area, 0); ok {
			sc.rows = append(sc.rows, row)
		}
		return true
	}
	if b, ok := o.scopeBound(); !ok {
		for row := range geo.Row(x.Len()) {
			if x.KindOf(row) == geo.School {
				add(row)
			}
		}
	} else {
		x.Search(geo.School, b, 0, add)
		// Tree order depends on how the tree was filled; row order does not.
		slices.Sort(sc.rows)
	}
	for i, row := range sc.rows {
		sc.dense[row] = int32(i)
	}
	sc.weight = make([]float64, len(sc.rows))
	for i, row := range sc.rows {
		sc.weight[i] = 1
		if v, ok := o.Enrolment[x.IDOf(row)]; ok {
			sc.weight[i] = v
		}
	}
	if o.Hazards != nil && o.HazardWeight > 0 {
		addHazardWeights(x, sc, o)
	}
	return sc
}

// addHazardWeights adds o.HazardWeight per prohibited hit at each school.
func addHazardWeights(x *geo.Index, sc *scope, o *Options) {
	var b orb.Bound
	if sb, ok := o.scopeBound(); ok {
		// A hazard just outside the bound may be near a school inside it.
		b = geodist.ExpandBound(sb, o.Hazards.MaxDistanceMeters())
	}
	for h := range x.AuditSeq(o.Hazards, geo.AuditOptions{Bound: b, Workers: o.Workers}) {
		if h.Severity != geo.Prohibited {
			continue
		}
		if row, ok := x.RowOf(h.School.ID); ok && sc.dense[row] >= 0 {
			sc.weight[sc.dense[row]] += o.HazardWeight
		}
	}
}

// coverSets returns, for each geometry, the numbers of the schools in scope
// within radiusMeters of it (a school at exactly the radius is within),
// ascending. It searches the school R-tree around each geometry, then
// measures the geodesic distance to each campus found, in parallel.
func coverSets(x *geo.Index, gs []orb.Geometry, radiusMeters float64, sc *scope, workers int) mclp.CSR {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 512
	parts := make([]mclp.CSR, (len(gs)+chunk-1)/chunk)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := int(next.Add(1) - 1); c < len(parts); c = int(next.Add(1) - 1) {
				part := mclp.CSR{Start: make([]int32, 1, chunk+1)}
				for _, g := range gs[c*chunk : min((c+1)*chunk, len(gs))] {
					from := len(part.List)
					x.Search(geo.School, geodist.Bound(g), radiusMeters, func(row geo.Row) bool {
						if s := sc.dense[row]; s >= 0 {
							if _, ok := geodist.Within(g, x.GeometryOf(row), radiusMeters); ok {
								part.List = append(part.List, s)
							}
						}
						return true
					})
					slices.Sort(part.List[from:])
					part.Start = append(part.Start, int32(len(part.List)))
				}
				parts[c] = part
			}
		})
	}
	wg.Wait()
	out := mclp.CSR{Start: make([]int32, 1, len(gs)+1)}
	for _, p := range parts {
		base := int32(len(out.List))
		out.List = append(out.List, p.List...)
		for _, s := range p.Start[1:] {
			out.Start = append(out.Start, base+s)
		}
	}
	return out
}

// postCovers returns the schools in scope within radiusMeters of g with their
// distances, nearest first, ties by ID.
func postCovers(x *geo.Index, g orb.Geometry, radiusMeters float64, sc *scope) []Cover {
	var out []Cover
	x.Search(geo.School, geodist.Bound(g), radiusMeters, func(row geo.Row) bool {
		if s := sc.dense[row]; s >= 0 {
			if d, ok := geodist.Within(g, x.GeometryOf(row), radiusMeters); ok {
				out = append(out, Cover{School: x.IDOf(row), DistanceMeters: d, Weight: sc.weight[s]})
			}
		}
		return true
	})
	slices.SortFunc(out, func(a, b Cover) int {
		return cmp.Or(cmp.Compare(a.DistanceMeters, b.DistanceMeters), cmp.Compare(a.School, b.School))
	})
	return out
}

// scopeBound is the box to search for the plan's schools: Bound when set
// (each school found must then lie in or on Area too), else Area's box; ok
// is false when neither limits the plan.
func (o *Options) scopeBound() (b orb.Bound, ok bool) {
	if o.Bound == (orb.Bound{}) && o.Area != nil {
		return geodist.Bound(o.Area), true
	}
	return o.Bound, o.Bound != (orb.Bound{})
}
