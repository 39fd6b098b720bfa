package mclp

import "math"

// improve is swap local search. It fills s up to k sets by greedy, then
// replaces a chosen set by an unchosen one whenever that adds weight,
// sweeping over the chosen sets until a sweep finds no improving swap or
// maxSweeps sweeps are done. Each swap adds more than p.eps(), so it
// stops. It returns the number of swaps.
func (p *Problem) improve(s *coverState, maxSweeps int) int {
	ss := newSwapSearch(p, s)
	for len(s.chosen) < p.k {
		j := bestBy(s, ss.gain)
		if j < 0 || ss.gain[j] <= 0 {
			break
		}
		s.add(j, ss.covered)
	}
	ss.free = bestBy(s, ss.gain)
	eps, swaps := p.eps(), 0
	for range maxSweeps {
		improved := false
		for pos, out := range s.chosen {
			in, delta := ss.bestSwap(out)
			if in < 0 || delta <= eps {
				continue
			}
			s.replace(pos, in, ss.uncovered, ss.covered)
			ss.free = bestBy(s, ss.gain)
			swaps++
			improved = true
		}
		if !improved {
			break
		}
	}
	return swaps
}

// swapSearch finds the best swap for a chosen set without trying every
// set: removing out uncovers the items only it covers, U, at a loss of
// w(U); a set j then adds gain[j] (the weight it adds to the current
// choice) plus w(U ∩ C_j). Only sets that cover some item of U have that
// second term, and of the others the best is free, the one with the
// largest gain.
type swapSearch struct {
	p       *Problem
	s       *coverState
	gain    []float64 // by set: the weight it would add to s
	extra   []float64 // by set: w(U ∩ C_j); 0 for untouched sets
	touched []int32
	free    int32
}

func newSwapSearch(p *Problem, s *coverState) *swapSearch {
	ss := &swapSearch{p: p, s: s, gain: make([]float64, p.Sets.Rows()), extra: make([]float64, p.Sets.Rows())}
	for j := range ss.gain {
		ss.gain[j] = s.gain(int32(j))
	}
	return ss
}

// covered and uncovered keep gain in step as an item changes state.
func (ss *swapSearch) covered(i int32) {
	for _, j := range ss.p.Items.Row(i) {
		ss.gain[j] -= ss.p.W[i]
	}
}

func (ss *swapSearch) uncovered(i int32) {
	for _, j := range ss.p.Items.Row(i) {
		ss.gain[j] += ss.p.W[i]
	}
}

// bestSwap returns the set to swap out for, ties to the lower index, and
// the weight the swap would add (negative if it loses weight); -1 if every
// set is chosen.
func (ss *swapSearch) bestSwap(out int32) (int32, float64) {
	p, s := ss.p, ss.s
	var loss float64
	for _, i := range p.Sets.Row(out) {
		if s.count[i] != 1 {
			continue
		}
		loss += p.W[i]
		for _, j := range p.Items.Row(i) {
			if !s.in[j] {
				if ss.extra[j] == 0 {
					ss.touched = append(ss.touched, j)
				}
				ss.extra[j] += p.W[i]
			}
		}
	}
	in, best := ss.free, math.Inf(-1)
	if in >= 0 {
		best = ss.gain[in] + ss.extra[in]
	}
	for _, j := range ss.touched {
		if v := ss.gain[j] + ss.extra[j]; v > best || (v == best && j < in) {
			in, best = j, v
		}
		ss.extra[j] = 0
	}
	ss.touched = ss.touched[:0]
	return in, best - loss
}

// Result is a solution of an mclp and how it was found.
type Result struct {
	Chosen []int32
	Value  float64 // weight chosen covers
	Greedy float64 // weight the greedy choice covered, before local search
	Bound  float64 // no k sets cover more weight
	Swaps  int     // swaps local search made
	Iters  int     // subgradient iterations for the bound
}

// Limits of the search: sweeps of local search, and subgradient steps.
const (
	mclpSweeps = 20
	mclpIters  = 300
)

// solve runs lazy greedy, then swap local search, then the Lagrangian
// bound; if a choice met while bounding covers more, local search runs
// again from it.
func (p *Problem) Solve() Result {
	s := p.Greedy()
	r := Result{Greedy: s.value}
	r.Swaps = p.improve(s, mclpSweeps)
	lr := p.lagrangeBound(s, mclpIters)
	for _, sets := range [][]int32{lr.sets, lr.dual} {
		if sets == nil {
			continue
		}
		t := newCoverState(p)
		for _, j := range sets {
			t.add(j, nil)
		}
		swaps := p.improve(t, mclpSweeps)
		if t.value > s.value+p.eps() {
			s, r.Swaps = t, r.Swaps+swaps
		}
	}
	r.Bound = lr.bound
	if p.integral() {
		// The covered weight is a whole number: so is the best.
		r.Bound = math.Floor(r.Bound + p.eps())
	}
	r.Chosen, r.Value, r.Iters = s.chosen, s.value, lr.iters
	// A bound below a choice's weight can only be rounding.
	r.Bound = max(r.Bound, r.Value)
	return r
}
