package patrol

import (
	"math"
	"math/bits"
	"math/rand"
	"testing"
)

// randomMCLP returns a random instance: n items with whole or fractional
// weights, m sets of 1-6 items each, mostly near each other as posts near
// schools are.
func randomMCLP(r *rand.Rand, n, m, k int, whole bool) *mclp {
	w := make([]float64, n)
	for i := range w {
		if whole {
			w[i] = float64(1 + r.Intn(5))
		} else {
			w[i] = 0.5 + 4*r.Float64()
		}
	}
	sets := csr{start: []int32{0}}
	for range m {
		c := r.Intn(n)
		seen := map[int32]bool{}
		for range 1 + r.Intn(6) {
			i := int32(min(max(c+r.Intn(7)-3, 0), n-1))
			if !seen[i] {
				seen[i] = true
				sets.list = append(sets.list, i)
			}
		}
		sets.start = append(sets.start, int32(len(sets.list)))
	}
	return newMCLP(w, sets, k)
}

// exhaustiveMCLP returns the most weight any k sets cover, trying every
// subset of at most k sets.
func exhaustiveMCLP(p *mclp) float64 {
	m := p.sets.rows()
	best := 0.0
	for mask := uint32(0); mask < 1<<m; mask++ {
		if bits.OnesCount32(mask) > p.k {
			continue
		}
		covered := make([]bool, len(p.w))
		v := 0.0
		for j := range m {
			if mask&(1<<j) == 0 {
				continue
			}
			for _, i := range p.sets.row(int32(j)) {
				if !covered[i] {
					covered[i] = true
					v += p.w[i]
				}
			}
		}
		best = max(best, v)
	}
	return best
}

func TestMCLP_exhaustive(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	var got, opt, greedy, bound float64
	optimal := 0
	worst := 1.0
	for trial := range 600 {
		n, m, k := 4+r.Intn(14), 3+r.Intn(12), 1+r.Intn(5)
		p := randomMCLP(r, n, m, k, trial%2 == 0)
		best := exhaustiveMCLP(p)
		res := p.solve()
		if len(res.chosen) > k {
			t.Fatalf("trial %d: %d sets chosen, k = %d", trial, len(res.chosen), k)
		}
		if v := coverWeight(p, res.chosen); math.Abs(v-res.value) > 1e-9 {
			t.Fatalf("trial %d: value %v, but the chosen sets cover %v", trial, res.value, v)
		}
		if res.value > best+1e-9 {
			t.Fatalf("trial %d: value %v above the optimum %v", trial, res.value, best)
		}
		if res.bound < best-1e-9 {
			t.Fatalf("trial %d: bound %v below the optimum %v", trial, res.bound, best)
		}
		if res.greedy > res.value+1e-9 {
			t.Fatalf("trial %d: local search lost weight: %v → %v", trial, res.greedy, res.value)
		}
		got, opt, greedy, bound = got+res.value, opt+best, greedy+res.greedy, bound+res.bound
		if res.value >= best-1e-9 {
			optimal++
		}
		worst = min(worst, res.value/best)
	}
	t.Logf("aggregate %.5f of the optimum (greedy alone %.5f), %d of 600 optimal, worst %.3f; bound %.5f of the optimum",
		got/opt, greedy/opt, optimal, worst, bound/opt)
	if got/opt < 0.99 {
		t.Errorf("aggregate %.5f of the optimum, want at least 0.99", got/opt)
	}
}

func coverWeight(p *mclp, chosen []int32) float64 {
	covered := map[int32]bool{}
	v := 0.0
	for _, j := range chosen {
		for _, i := range p.sets.row(j) {
			if !covered[i] {
				covered[i] = true
				v += p.w[i]
			}
		}
	}
	return v
}

// TestMCLP_boundTight checks the bound on instances whose optimum is known
// by construction: k disjoint sets that cover everything, hidden among
// sets that each cover part of two of them.
func TestMCLP_boundTight(t *testing.T) {
	// Items 0-11; the best 3 sets are {0-3}, {4-7}, {8-11}.
	rows := [][]int32{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {2, 3, 4}, {6, 7, 8}, {10, 11, 0}}
	sets := csr{start: []int32{0}}
	for _, row := range rows {
		sets.list = append(sets.list, row...)
		sets.start = append(sets.start, int32(len(sets.list)))
	}
	w := make([]float64, 12)
	for i := range w {
		w[i] = 1
	}
	res := newMCLP(w, sets, 3).solve()
	if res.value != 12 || res.bound != 12 {
		t.Errorf("value %v, bound %v; want 12 and 12", res.value, res.bound)
	}
}

func TestCSR_transpose(t *testing.T) {
	c := csr{start: []int32{0, 2, 2, 5}, list: []int32{1, 3, 0, 1, 3}}
	tr := c.transpose(4)
	want := [][]int32{{2}, {0, 2}, {}, {0, 2}}
	for j, w := range want {
		got := tr.row(int32(j))
		if len(got) != len(w) {
			t.Fatalf("column %d: %v, want %v", j, got, w)
		}
		for i := range w {
			if got[i] != w[i] {
				t.Fatalf("column %d: %v, want %v", j, got, w)
			}
		}
	}
}
