package geo

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// MaxWhatIfDistances is the most distances one what-if may ask about.
const MaxWhatIfDistances = 20

// WhatIf is a rule under consideration: places of Category within each of
// Distances of a school of SchoolKinds, measured From the campus or the
// gate. It answers who a change of distance (50 → 100 → 200 m) or of
// measuring place (campus → gate) would affect before it is made.
type WhatIf struct {
	Category Category
	// Distances are in meters, increasing, each in (0,
	// MaxRuleDistanceMeters], at most MaxWhatIfDistances of them.
	Distances []float64
	From      MeasureFrom  // empty means FromCampus
	Kinds     []SchoolKind // empty means every kind, as for a rule
}

// ParseDistances parses a what-if's distances as given in a query or a
// flag: "50,100,150,200,300". It returns an error wrapping ErrInvalidInput
// that quotes s unless every item is a number of meters above 0 and at
// most MaxRuleDistanceMeters, each larger than the one before, and there
// are 1 to MaxWhatIfDistances of them.
func ParseDistances(s string) ([]float64, error) {
	parts := strings.Split(s, ",")
	if strings.TrimSpace(s) == "" || len(parts) > MaxWhatIfDistances {
		return nil, Invalid("distances", s, Reason{Code: "distances_list",
			Text:   sprintf("must list 1 to %d distances in meters, increasing, such as 50,100,200", MaxWhatIfDistances),
			Params: map[string]string{"max": strconv.Itoa(MaxWhatIfDistances)}})
	}
	out := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		switch {
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
			return nil, Invalid("distances", s, Reason{Code: "distance_number",
				Text: Quote(p) + " is not a number of meters", Params: map[string]string{"item": p}})
		case v <= 0 || v > MaxRuleDistanceMeters:
			return nil, Invalid("distances", s, Reason{Code: "distance_range",
				Text:   sprintf("%s must be above 0 and at most the rule limit, %d m", Quote(p), MaxRuleDistanceMeters),
				Params: map[string]string{"item": p, "max": strconv.Itoa(MaxRuleDistanceMeters)}})
		case i > 0 && v <= out[i-1]:
			return nil, Invalid("distances", s, Reason{Code: "distances_increase",
				Text:   sprintf("must increase, but %s follows %s", Quote(p), ftoa(out[i-1])),
				Params: map[string]string{"item": p, "previous": ftoa(out[i-1])}})
		}
		out[i] = v
	}
	return out, nil
}

// Validate returns an error wrapping ErrInvalidInput that names the field
// if the category, a distance, the measuring place or a school kind is not
// allowed (see ParseDistances for the distances).
func (q WhatIf) Validate() error {
	if _, err := ParseCategory(string(q.Category)); err != nil {
		return err
	}
	ds := make([]string, len(q.Distances))
	for i, d := range q.Distances {
		ds[i] = ftoa(d)
	}
	if _, err := ParseDistances(strings.Join(ds, ",")); err != nil {
		return err
	}
	if q.From != "" && !slices.Contains(MeasureFroms, q.From) {
		return Invalid("from", string(q.From), Either("campus", "gate"))
	}
	for _, k := range q.Kinds {
		if !slices.Contains(SchoolKinds, k) {
			return Invalid("school kind", string(k), OneOf(SchoolKinds))
		}
	}
	return nil
}

// WhatIfPlace is a place a what-if reaches: the feature, the school it is
// nearest to (ties to the smaller ID) and its distance from that school's
// campus or nearest gate.
type WhatIfPlace struct {
	Feature        Feature
	School         Feature
	DistanceMeters float64
	FromGate       bool
}

// WhatIfResult is the answer to a WhatIf.
type WhatIfResult struct {
	// Places are every place within the largest distance, nearest first,
	// ties by feature ID.
	Places []WhatIfPlace
	// Counts[i] is how many places are within Distances[i]: the first
	// Counts[i] of Places. A place at exactly the distance is within.
	Counts []int
}

// WhatIfOptions are the optional parts of a what-if.
type WhatIfOptions struct {
	Extra   []Feature // registered businesses, considered with the index's own
	Workers int       // goroutines; 0 means GOMAXPROCS
}

// WhatIf answers a WhatIf in one pass over the places of its category,
// each measured once to its nearest school of the kinds asked, within the
// largest distance. It returns an error wrapping ErrInvalidInput for what
// Validate refuses. It is safe for concurrent use.
func (x *Index) WhatIf(q WhatIf, opts WhatIfOptions) (WhatIfResult, error) {
	if err := q.Validate(); err != nil {
		return WhatIfResult{}, err
	}
	w := whatIfScan{x: x, cat: categoryCode(q.Category), fromGate: q.From == FromGate, reach: q.Distances[len(q.Distances)-1]}
	r := Rule{SchoolKinds: q.Kinds}
	for i, k := range SchoolKinds {
		if r.AppliesTo(k) {
			w.kinds |= 1 << i
		}
	}
	ms := w.rows(opts.Workers)
	for i, f := range opts.Extra {
		if f.Category == q.Category && f.Geometry != nil {
			if m, ok := w.nearest(f.Geometry); ok {
				m.row = int32(-1 - i)
				ms = append(ms, m)
			}
		}
	}
	id := func(m whatIfMatch) string {
		if m.row < 0 {
			return opts.Extra[-1-m.row].ID
		}
		return x.t.ids.get(uint32(m.row))
	}
	slices.SortFunc(ms, func(a, b whatIfMatch) int {
		if a.d != b.d { // ties are rare: compare IDs only for them
			return cmp.Compare(a.d, b.d)
		}
		return cmp.Compare(id(a), id(b))
	})
	res := WhatIfResult{Places: make([]WhatIfPlace, len(ms)), Counts: make([]int, len(q.Distances))}
	for i, m := range ms {
		p := &res.Places[i]
		if m.row < 0 {
			p.Feature = opts.Extra[-1-m.row]
		} else {
			p.Feature = x.t.feature(uint32(m.row))
		}
		p.School, p.DistanceMeters, p.FromGate = x.t.feature(m.school), m.d, m.gate
	}
	for i, d := range q.Distances {
		res.Counts[i], _ = slices.BinarySearchFunc(ms, d, func(m whatIfMatch, d float64) int {
			if m.d <= d {
				return -1
			}
			return 1
		})
	}
	return res, nil
}

// whatIfScan measures places of one category to their nearest school.
type whatIfScan struct {
	x        *Index
	cat      uint8
	kinds    uint16 // a bit for each of SchoolKinds asked about
	fromGate bool
	reach    float64
}

// whatIfMatch is a place and its nearest school, kept small while the
// places are measured and sorted.
type whatIfMatch struct {
	row    int32 // the place's row; for an extra feature, -1 - its index
	school uint32
	d      float64
	gate   bool
}

// rows measures every indexed place of the category, in parallel.
func (w *whatIfScan) rows(workers int) []whatIfMatch {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	t := &w.x.t
	const chunk = 4096
	var next atomic.Int64
	parts := make([][]whatIfMatch, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			for lo := int(next.Add(chunk)) - chunk; lo < t.len(); lo = int(next.Add(chunk)) - chunk {
				for i := lo; i < min(lo+chunk, t.len()); i++ {
					if t.cat[i] != w.cat || t.kind[i] == kindCode(School) {
						continue
					}
					if m, ok := w.nearest(t.geometry(uint32(i))); ok {
						m.row = int32(i)
						parts[k] = append(parts[k], m)
					}
				}
			}
		})
	}
	wg.Wait()
	return slices.Concat(parts...)
}

// nearest returns the school nearest to g within reach, among the kinds
// asked, measured from its campus or gates: the limit shrinks to the best
// distance found, so farther schools are dropped by geodist's cheap bounds.
func (w *whatIfScan) nearest(g orb.Geometry) (whatIfMatch, bool) {
	t := &w.x.t
	best, bestD, fromGate, found := uint32(0), w.reach, false, false
	w.x.search(School, geodist.Bound(g), w.reach, func(s uint32) bool {
		if w.kinds&(1<<t.sub[s]) == 0 {
			return true
		}
		from, gate := t.geometry(s), false
		if gs := t.gateGeometry(s); w.fromGate && gs != nil {
			from, gate = gs, true
		}
		d, ok := geodist.Within(from, g, bestD)
		if ok && (!found || d < bestD || d == bestD && t.ids.get(s) < t.ids.get(best)) {
			best, bestD, fromGate, found = s, d, gate, true
		}
		return true
	})
	return whatIfMatch{school: best, d: bestD, gate: fromGate}, found
}
