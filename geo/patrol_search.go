package geo

import "math"

// improve is swap local search: after filling s up to k sets by greedy, it replaces a chosen set by an unchosen
// one whenever that adds weight, sweeping over the chosen sets until a
// sweep finds no improving swap or maxSweeps sweeps are done. Each swap
// adds more than p.eps(), so it stops. It returns the number of swaps.
//
// The best swap for a chosen set out is found without trying every set:
// removing out uncovers the items only it covers, U, at a loss of w(U);
// a set j then adds gain[j] (the weight it adds to the current choice)
// plus w(U ∩ C_j). Only sets that cover some item of U have that second
// term, and of the others the best is the one with the largest gain.
func (p *mclp) improve(s *coverState, maxSweeps int) int {
	gain := make([]float64, p.sets.rows()) // weight each set would add to s
	for j := range gain {
		gain[j] = s.gain(int32(j))
	}
	covered := func(i int32) {
		for _, j := range p.items.row(i) {
			gain[j] -= p.w[i]
		}
	}
	uncovered := func(i int32) {
		for _, j := range p.items.row(i) {
			gain[j] += p.w[i]
		}
	}
	// A choice with fewer than k sets, such as a perturbed one, is filled
	// up greedily first.
	for len(s.chosen) < p.k {
		j := bestBy(s, gain)
		if j < 0 || gain[j] <= 0 {
			break
		}
		s.add(j, covered)
	}
	extra := make([]float64, len(gain)) // w(U ∩ C_j); 0 for untouched sets
	var touched []int32
	free := bestBy(s, gain)
	eps := p.eps()
	swaps := 0
	for range maxSweeps {
		improved := false
		for pos, out := range s.chosen {
			var loss float64
			for _, i := range p.sets.row(out) {
				if s.count[i] != 1 {
					continue
				}
				loss += p.w[i]
				for _, j := range p.items.row(i) {
					if !s.in[j] {
						if extra[j] == 0 {
							touched = append(touched, j)
						}
						extra[j] += p.w[i]
					}
				}
			}
			in, best := free, -1.0
			if free >= 0 {
				best = gain[free] + extra[free]
			}
			for _, j := range touched {
				if v := gain[j] + extra[j]; v > best || (v == best && j < in) {
					in, best = j, v
				}
				extra[j] = 0
			}
			touched = touched[:0]
			if in < 0 || best-loss <= eps {
				continue
			}
			s.replace(pos, in, uncovered, covered)
			free = bestBy(s, gain)
			swaps++
			improved = true
		}
		if !improved {
			break
		}
	}
	return swaps
}

// mclpResult is a solution of an mclp and how it was found.
type mclpResult struct {
	chosen []int32
	value  float64 // weight chosen covers
	greedy float64 // weight the greedy choice covered, before local search
	bound  float64 // no k sets cover more weight
	swaps  int     // swaps local search made
	iters  int     // subgradient iterations for the bound
}

// Limits of the search: sweeps of local search, and subgradient steps.
const (
	mclpSweeps = 20
	mclpIters  = 300
)

// solve runs lazy greedy, then swap local search, then the Lagrangian
// bound; if a choice met while bounding covers more, local search runs
// again from it.
func (p *mclp) solve() mclpResult {
	s := p.greedy()
	r := mclpResult{greedy: s.value}
	r.swaps = p.improve(s, mclpSweeps)
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
			s, r.swaps = t, r.swaps+swaps
		}
	}
	r.bound = lr.bound
	if p.integral() {
		// The covered weight is a whole number: so is the best.
		r.bound = math.Floor(r.bound + p.eps())
	}
	r.chosen, r.value, r.iters = s.chosen, s.value, lr.iters
	// A bound below a choice's weight can only be rounding.
	r.bound = max(r.bound, r.value)
	return r
}
