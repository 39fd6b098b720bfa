package mclp

import (
	"container/heap"
	"math"
)

// lagrange is the result of lagrangeBound.
type lagrange struct {
	bound float64 // on the weight any k sets cover
	iters int     // subgradient iterations run
	// sets is the best choice of sets met on the way, if it covers more
	// than the incumbent did; nil otherwise.
	sets  []int32
	value float64 // the weight sets covers
	// dual is the choice of sets at the multipliers that gave the bound:
	// where the LP relaxation would put the posts.
	dual []int32
}

// lagrangeBound returns an upper bound on the weight any k sets cover, by
// Lagrangian relaxation of the covering constraints y_i ≤ Σ_{j∋i} x_j with
// multipliers 0 ≤ λ_i ≤ w_i (Galvão & ReVelle 1996):
//
//	L(λ) = Σ_i (w_i − λ_i) + the sum of the k largest Σ_{i∈C_j} λ_i.
//
// Every λ gives a bound; the best over λ equals the LP relaxation's. It
// starts at λ_i = w_i for the items inc leaves uncovered and 0 for the
// others, where L is f(inc) plus the k largest marginal gains: the
// submodular online bound (Leskovec et al. 2007). From there it runs at
// most maxIter steps of subgradient descent with Polyak's step towards the
// incumbent's weight, halving the step scale when ten steps in a row do not
// lower the bound. Each step's k sets are also a feasible choice; the best
// is returned when it beats inc.
func (p *Problem) lagrangeBound(inc *coverState, maxIter int) lagrange {
	r := newRelaxation(p, inc)
	res := lagrange{bound: p.Total(), value: inc.value}
	eps, integral := p.eps(), p.integral()
	theta, stall := 1.0, 0
	for res.iters < maxIter {
		res.iters++
		l, v := r.eval()
		if l < res.bound {
			res.bound, res.dual, stall = l, r.top.sets(), 0
		} else if stall++; stall == 10 {
			theta, stall = theta/2, 0
		}
		if v > res.value {
			res.value, res.sets = v, r.top.sets()
		}
		norm := r.norm()
		if res.bound-res.value <= eps || (integral && math.Floor(res.bound+eps) <= res.value) ||
			norm == 0 || theta < 1e-3 {
			break
		}
		r.step(theta * (l - res.value) / norm)
	}
	return res
}

// relaxation is the Lagrangian subproblem at multipliers lam.
type relaxation struct {
	p    *Problem
	lam  []float64 // by item
	col  []float64 // by set: Σ λ over its items
	hits []int32   // by item: how many of the k chosen sets cover it
	top  topHeap   // the k chosen sets
}

// newRelaxation starts at the submodular bound of inc.
func newRelaxation(p *Problem, inc *coverState) *relaxation {
	n, m := len(p.W), p.Sets.Rows()
	r := &relaxation{p: p, lam: make([]float64, n), col: make([]float64, m), hits: make([]int32, n),
		top: make(topHeap, 0, min(p.k, m))}
	for i := range r.lam {
		if inc.count[i] == 0 {
			r.lam[i] = p.W[i]
		}
	}
	return r
}

// eval solves the subproblem: it returns L(λ), chooses the k sets of
// largest Σ λ and counts their hits, and returns the weight they cover.
func (r *relaxation) eval() (l, covered float64) {
	p := r.p
	for i := range r.lam {
		l += p.W[i] - r.lam[i]
	}
	for j := range r.col {
		var c float64
		for _, i := range p.Sets.Row(int32(j)) {
			c += r.lam[i]
		}
		r.col[j] = c
	}
	r.top = r.top.largest(r.col, p.k)
	for _, e := range r.top {
		l += e.v
		for _, i := range p.Sets.Row(e.j) {
			if r.hits[i]++; r.hits[i] == 1 {
				covered += p.W[i]
			}
		}
	}
	return l, covered
}

// grad is the subgradient of L at item i, negated: y_i − hits_i, where
// y_i = 1 while λ_i < w_i.
func (r *relaxation) grad(i int) float64 {
	return float64(boolInt(r.lam[i] < r.p.W[i]) - r.hits[i])
}

func (r *relaxation) norm() float64 {
	var n float64
	for i := range r.hits {
		g := r.grad(i)
		n += g * g
	}
	return n
}

// step moves λ by step along the negated subgradient, within [0, w], and
// clears the hits.
func (r *relaxation) step(step float64) {
	for i := range r.lam {
		r.lam[i] = min(max(r.lam[i]+step*r.grad(i), 0), r.p.W[i])
		r.hits[i] = 0
	}
}

func boolInt(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// integral reports whether every weight is a whole number, so that the
// covered weight is too and a bound may be rounded down.
func (p *Problem) integral() bool {
	for _, w := range p.W {
		if w != math.Trunc(w) || w > 1<<50 {
			return false
		}
	}
	return true
}

type topEntry struct {
	v float64
	j int32
}

// topHeap is a min-heap by value, ties to the higher index: its root is the
// entry to drop first.
type topHeap []topEntry

// largest returns the k largest values of col with their indexes, ties to
// the lower index, reusing h's storage.
func (h topHeap) largest(col []float64, k int) topHeap {
	h = h[:0]
	for j, v := range col {
		e := topEntry{v, int32(j)}
		switch {
		case len(h) < k:
			heap.Push(&h, e)
		case v > h[0].v:
			h[0] = e
			heap.Fix(&h, 0)
		}
	}
	return h
}

func (h topHeap) sets() []int32 {
	out := make([]int32, len(h))
	for i, e := range h {
		out[i] = e.j
	}
	return out
}

func (h topHeap) Len() int { return len(h) }
func (h topHeap) Less(a, b int) bool {
	if h[a].v != h[b].v {
		return h[a].v < h[b].v
	}
	return h[a].j > h[b].j
}
func (h topHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *topHeap) Push(x any)   { *h = append(*h, x.(topEntry)) }
func (h *topHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
