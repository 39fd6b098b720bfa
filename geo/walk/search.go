package walk

import (
	"math"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// walkSearch is the state of one Dijkstra search over a Graph. Arrays
// are reset lazily by a generation stamp, so that a search bounded to a
// few hundred meters costs what it touches, not the size of the graph.
type walkSearch struct {
	dist []float64
	next []int32  // the node after v on its way to the school, or -1-k for source k
	seen []uint32 // dist and next of v are valid when seen[v] == gen
	gen  uint32
	heap walkHeap
}

func newWalkSearch(n int) *walkSearch {
	return &walkSearch{dist: make([]float64, n), next: make([]int32, n), seen: make([]uint32, n)}
}

// reset starts a new search.
func (s *walkSearch) reset() {
	s.gen++
	if s.gen == 0 { // wrapped: old stamps could look current
		clear(s.seen)
		s.gen = 1
	}
	s.heap = s.heap[:0]
}

// get returns v's tentative distance, +Inf if it has none.
func (s *walkSearch) get(v int32) float64 {
	if s.seen[v] != s.gen {
		return math.Inf(1)
	}
	return s.dist[v]
}

// relax lowers v's distance to d, reached through next, if d is lower.
func (s *walkSearch) relax(v int32, d float64, next int32) {
	if d < s.get(v) {
		s.seen[v], s.dist[v], s.next[v] = s.gen, d, next
		s.heap.push(walkItem{d: d, v: v})
	}
}

// run continues a search seeded from the sources (the school's ends; see
// seed) backwards along the arcs, so that dist[v] is the length of the shortest walk from v to a
// source, snap included. It settles nodes in order of distance up to
// limit; with targets, it stops as soon as no node left can improve on the
// best walk from a target already found, or once it settles node stopAt
// (-1 for none). reach reads the answers.
func (g *Graph) run(s *walkSearch, srcs []walkEnd, targets []walkEnd, limit float64, stopAt int32) {
	best := math.Inf(1)
	for t := range targets {
		best = min(best, g.direct(srcs, &targets[t]))
	}
	for len(s.heap) > 0 {
		it := s.heap.pop()
		if it.d > s.dist[it.v] {
			continue // stale entry
		}
		if it.d > limit || it.d >= best || it.v == stopAt {
			return
		}
		for t := range targets {
			// it.d is final: a target leaving through it.v is reached.
			e, seg := &targets[t], &g.segs[targets[t].seg]
			if seg.fwd && seg.v == it.v {
				best = min(best, e.snap+e.dv+it.d)
			}
			if seg.bwd && seg.u == it.v {
				best = min(best, e.snap+e.du+it.d)
			}
		}
		for a := g.start[it.v]; a < g.start[it.v+1]; a++ {
			if d := it.d + g.arcW[a]; d <= limit {
				s.relax(g.tail[a], d, it.v)
			}
		}
	}
}

// direct returns the shortest walk from target end t straight along its
// own segment to a source on the same segment, +Inf if there is none.
func (g *Graph) direct(srcs []walkEnd, t *walkEnd) float64 {
	c, _ := g.directSrc(srcs, t)
	return c
}

func (g *Graph) directSrc(srcs []walkEnd, t *walkEnd) (cost float64, src int) {
	cost, src = math.Inf(1), -1
	seg := &g.segs[t.seg]
	for k := range srcs {
		e := &srcs[k]
		if e.seg != t.seg {
			continue
		}
		// Both on one segment: walk along it, if its direction allows.
		if (t.du <= e.du && seg.fwd) || (t.du >= e.du && seg.bwd) {
			if c := t.snap + geodist.Meters(t.q, e.q) + e.snap; c < cost {
				cost, src = c, k
			}
		}
	}
	return cost, src
}

// reach returns the length of the shortest walk found so far from target
// end t to a source, and how it starts: through node via (via >= 0), or
// along t's own segment straight to source src (via == -1). It is +Inf if
// no walk is known.
func (g *Graph) reach(s *walkSearch, srcs []walkEnd, t *walkEnd) (cost float64, via int32, src int) {
	cost, via, src = math.Inf(1), -1, -1
	seg := &g.segs[t.seg]
	// From t's projection, a walker leaves towards v (u→v) or towards u.
	if seg.fwd {
		if c := t.snap + t.dv + s.get(seg.v); c < cost {
			cost, via = c, seg.v
		}
	}
	if seg.bwd {
		if c := t.snap + t.du + s.get(seg.u); c < cost {
			cost, via = c, seg.u
		}
	}
	if c, k := g.directSrc(srcs, t); c < cost {
		cost, via, src = c, -1, k
	}
	return cost, via, src
}

// walkItem is a heap entry: node v at tentative distance d.
type walkItem struct {
	d float64
	v int32
}

// walkHeap is a binary min-heap of walkItems by d; stale entries are
// skipped when popped rather than removed (lazy deletion).
type walkHeap []walkItem

func (h *walkHeap) push(it walkItem) {
	*h = append(*h, it)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].d <= it.d {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = it
}

func (h *walkHeap) pop() walkItem {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	*h = a
	n := len(a)
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].d < a[c].d {
			c++
		}
		if a[c].d >= last.d {
			break
		}
		a[i] = a[c]
		i = c
	}
	a[i] = last
	return top
}
