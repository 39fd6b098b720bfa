package mclp

import (
	"cmp"
	"container/heap"
)

// csr is a list of lists in compressed sparse row form: row i is
// list[start[i]:start[i+1]].
type CSR struct {
	Start []int32
	List  []int32
}

func (c *CSR) Rows() int { return len(c.Start) - 1 }

func (c *CSR) Row(i int32) []int32 { return c.List[c.Start[i]:c.Start[i+1]] }

// transpose returns the lists by column: row j of the result lists, in
// increasing order, the rows of c that contain j, for j < n.
func (c *CSR) transpose(n int) CSR {
	t := CSR{Start: make([]int32, n+1), List: make([]int32, len(c.List))}
	for _, j := range c.List {
		t.Start[j+1]++
	}
	for j := range n {
		t.Start[j+1] += t.Start[j]
	}
	next := append([]int32(nil), t.Start[:n]...)
	for i := range int32(c.Rows()) {
		for _, j := range c.Row(i) {
			t.List[next[j]] = i
			next[j]++
		}
	}
	return t
}

// mclp is a maximal covering location problem on dense indexes: choose at
// most k sets (candidate posts) to maximise the weight of the items
// (schools) they cover. Weights are positive; every item is in some set.
type Problem struct {
	W     []float64 // by item
	Sets  CSR       // set → items
	Items CSR       // item → sets
	k     int
}

func New(w []float64, sets CSR, k int) *Problem {
	return &Problem{W: w, Sets: sets, Items: sets.transpose(len(w)), k: k}
}

// total is the weight of every item: no choice covers more.
func (p *Problem) Total() float64 {
	var t float64
	for _, w := range p.W {
		t += w
	}
	return t
}

// eps is the least improvement local search accepts, so that rounding
// never makes it cycle.
func (p *Problem) eps() float64 { return 1e-9 * max(1, p.Total()) }

// coverState is a choice of sets and how many of them cover each item.
type coverState struct {
	p      *Problem
	count  []int32 // by item
	in     []bool  // by set
	chosen []int32
	value  float64 // weight covered
}

func newCoverState(p *Problem) *coverState {
	return &coverState{p: p, count: make([]int32, len(p.W)), in: make([]bool, p.Sets.Rows())}
}

// gain is the weight set j would add.
func (s *coverState) gain(j int32) float64 {
	var g float64
	for _, i := range s.p.Sets.Row(j) {
		if s.count[i] == 0 {
			g += s.p.W[i]
		}
	}
	return g
}

// add chooses set j; changed, if not nil, is called for each item it newly covers.
func (s *coverState) add(j int32, changed func(item int32)) {
	s.in[j] = true
	s.chosen = append(s.chosen, j)
	for _, i := range s.p.Sets.Row(j) {
		if s.count[i]++; s.count[i] == 1 {
			s.value += s.p.W[i]
			if changed != nil {
				changed(i)
			}
		}
	}
}

// replace swaps the chosen set at position pos for set j, which must not
// be chosen. uncovered and covered, if not nil, are called for each item
// whose count drops to 0 and rises to 1, in that order: an item in both
// sets is reported by both.
func (s *coverState) replace(pos int, j int32, uncovered, covered func(item int32)) {
	out := s.chosen[pos]
	s.in[out] = false
	for _, i := range s.p.Sets.Row(out) {
		if s.count[i]--; s.count[i] == 0 {
			s.value -= s.p.W[i]
			if uncovered != nil {
				uncovered(i)
			}
		}
	}
	s.chosen[pos] = j
	s.in[j] = true
	for _, i := range s.p.Sets.Row(j) {
		if s.count[i]++; s.count[i] == 1 {
			s.value += s.p.W[i]
			if covered != nil {
				covered(i)
			}
		}
	}
}

// greedy adds sets by largest gain until k are chosen or none adds weight.
// It is lazy greedy (CELF, Leskovec et al. 2007): coverage is submodular,
// so a gain computed in an earlier round bounds the gain now, and a set
// whose fresh gain still tops the heap is the best.
func (p *Problem) Greedy() *coverState {
	s := newCoverState(p)
	h := make(celfHeap, p.Sets.Rows())
	for j := range h {
		h[j] = celfEntry{gain: s.gain(int32(j)), set: int32(j)}
	}
	heap.Init(&h)
	for len(s.chosen) < p.k && len(h) > 0 {
		top := &h[0]
		if top.round != len(s.chosen) {
			top.gain, top.round = s.gain(top.set), len(s.chosen)
			heap.Fix(&h, 0)
			continue
		}
		if top.gain <= 0 {
			break
		}
		s.add(heap.Pop(&h).(celfEntry).set, nil)
	}
	return s
}

type celfEntry struct {
	gain  float64 // as of round
	set   int32
	round int // number of sets chosen when gain was computed
}

// celfHeap is a max-heap by gain, ties to the lower set index.
type celfHeap []celfEntry

func (h celfHeap) Len() int { return len(h) }
func (h celfHeap) Less(a, b int) bool {
	if h[a].gain != h[b].gain {
		return h[a].gain > h[b].gain
	}
	return h[a].set < h[b].set
}
func (h celfHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *celfHeap) Push(x any)   { *h = append(*h, x.(celfEntry)) }
func (h *celfHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// bestBy returns the set not in s with the largest score, ties to the
// lower index, or -1 if every set is chosen.
func bestBy(s *coverState, score []float64) int32 {
	best := int32(-1)
	for j, v := range score {
		if !s.in[j] && (best < 0 || cmp.Compare(v, score[best]) > 0) {
			best = int32(j)
		}
	}
	return best
}
