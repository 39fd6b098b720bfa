package patrol

import (
	"cmp"
	"container/heap"
)

// csr is a list of lists in compressed sparse row form: row i is
// list[start[i]:start[i+1]].
type csr struct {
	start []int32
	list  []int32
}

func (c *csr) rows() int { return len(c.start) - 1 }

func (c *csr) row(i int32) []int32 { return c.list[c.start[i]:c.start[i+1]] }

// transpose returns the lists by column: row j of the result lists, in
// increasing order, the rows of c that contain j, for j < n.
func (c *csr) transpose(n int) csr {
	t := csr{start: make([]int32, n+1), list: make([]int32, len(c.list))}
	for _, j := range c.list {
		t.start[j+1]++
	}
	for j := range n {
		t.start[j+1] += t.start[j]
	}
	next := append([]int32(nil), t.start[:n]...)
	for i := range int32(c.rows()) {
		for _, j := range c.row(i) {
			t.list[next[j]] = i
			next[j]++
		}
	}
	return t
}

// mclp is a maximal covering location problem on dense indexes: choose at
// most k sets (candidate posts) to maximise the weight of the items
// (schools) they cover. Weights are positive; every item is in some set.
type mclp struct {
	w     []float64 // by item
	sets  csr       // set → items
	items csr       // item → sets
	k     int
}

func newMCLP(w []float64, sets csr, k int) *mclp {
	return &mclp{w: w, sets: sets, items: sets.transpose(len(w)), k: k}
}

// total is the weight of every item: no choice covers more.
func (p *mclp) total() float64 {
	var t float64
	for _, w := range p.w {
		t += w
	}
	return t
}

// eps is the least improvement local search accepts, so that rounding
// never makes it cycle.
func (p *mclp) eps() float64 { return 1e-9 * max(1, p.total()) }

// coverState is a choice of sets and how many of them cover each item.
type coverState struct {
	p      *mclp
	count  []int32 // by item
	in     []bool  // by set
	chosen []int32
	value  float64 // weight covered
}

func newCoverState(p *mclp) *coverState {
	return &coverState{p: p, count: make([]int32, len(p.w)), in: make([]bool, p.sets.rows())}
}

// gain is the weight set j would add.
func (s *coverState) gain(j int32) float64 {
	var g float64
	for _, i := range s.p.sets.row(j) {
		if s.count[i] == 0 {
			g += s.p.w[i]
		}
	}
	return g
}

// add chooses set j; changed, if not nil, is called for each item it newly covers.
func (s *coverState) add(j int32, changed func(item int32)) {
	s.in[j] = true
	s.chosen = append(s.chosen, j)
	for _, i := range s.p.sets.row(j) {
		if s.count[i]++; s.count[i] == 1 {
			s.value += s.p.w[i]
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
	for _, i := range s.p.sets.row(out) {
		if s.count[i]--; s.count[i] == 0 {
			s.value -= s.p.w[i]
			if uncovered != nil {
				uncovered(i)
			}
		}
	}
	s.chosen[pos] = j
	s.in[j] = true
	for _, i := range s.p.sets.row(j) {
		if s.count[i]++; s.count[i] == 1 {
			s.value += s.p.w[i]
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
func (p *mclp) greedy() *coverState {
	s := newCoverState(p)
	h := make(celfHeap, p.sets.rows())
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
