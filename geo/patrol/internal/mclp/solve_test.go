package mclp

import (
	"math"
	"math/bits"
	"math/rand"
	"testing"
)

// randomMCLP returns a random instance: n items with whole or fractional
// weights, m sets of 1-6 items each, mostly near each other as posts near
// schools are.
func randomMCLP(r *rand.Rand, n, m, k int, whole bool) *Problem {
	w := make([]float64, n)
	for i := range w {
		if whole {
			w[i] = float64(1 + r.Intn(5))
		} else {
			w[i] = 0.5 + 4*r.Float64()
		}
	}
	sets := CSR{Start: []int32{0}}
	for range m {
		c := r.Intn(n)
		seen := map[int32]bool{}
		for range 1 + r.Intn(6) {
			i := int32(min(max(c+r.Intn(7)-3, 0), n-1))
			if !seen[i] {
				seen[i] = true
				sets.List = append(sets.List, i)
			}
		}
		sets.Start = append(sets.Start, int32(len(sets.List)))
	}
	return New(w, sets, k)
}

// exhaustiveMCLP returns the most weight any k sets cover, trying every
// subset of at most k sets.
func exhaustiveMCLP(p *Problem) float64 {
	m := p.Sets.Rows()
	best := 0.0
	for mask := uint32(0); mask < 1<<m; mask++ {
		if bits.OnesCount32(mask) > p.k {
			continue
		}
		covered := make([]bool, len(p.W))
		v := 0.0
		for j := range m {
			if mask&(1<<j) == 0 {
				continue
			}
			for _, i := range p.Sets.Row(int32(j)) {
				if !covered[i] {
					covered[i] = true
					v += p.W[i]
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
		res := p.Solve()
		if len(res.Chosen) > k {
			t.Fatalf("trial %d: %d sets chosen, k = %d", trial, len(res.Chosen), k)
		}
		if v := coverWeight(p, res.Chosen); math.Abs(v-res.Value) > 1e-9 {
			t.Fatalf("trial %d: value %v, but the chosen sets cover %v", trial, res.Value, v)
		}
		if res.Value > best+1e-9 {
			t.Fatalf("trial %d: value %v above the optimum %v", trial, res.Value, best)
		}
		if res.Bound < best-1e-9 {
			t.Fatalf("trial %d: bound %v below the optimum %v", trial, res.Bound, best)
		}
		if res.Greedy > res.Value+1e-9 {
			t.Fatalf("trial %d: local search lost weight: %v → %v", trial, res.Greedy, res.Value)
		}
		got, opt, greedy, bound = got+res.Value, opt+best, greedy+res.Greedy, bound+res.Bound
		if res.Value >= best-1e-9 {
			optimal++
		}
		worst = min(worst, res.Value/best)
	}
	t.Logf("aggregate %.5f of the optimum (greedy alone %.5f), %d of 600 optimal, worst %.3f; bound %.5f of the optimum",
		got/opt, greedy/opt, optimal, worst, bound/opt)
	if got/opt < 0.99 {
		t.Errorf("aggregate %.5f of the optimum, want at least 0.99", got/opt)
	}
}

func coverWeight(p *Problem, chosen []int32) float64 {
	covered := map[int32]bool{}
	v := 0.0
	for _, j := range chosen {
		for _, i := range p.Sets.Row(j) {
			if !covered[i] {
				covered[i] = true
				v += p.W[i]
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
	sets := CSR{Start: []int32{0}}
	for _, row := range rows {
		sets.List = append(sets.List, row...)
		sets.Start = append(sets.Start, int32(len(sets.List)))
	}
	w := make([]float64, 12)
	for i := range w {
		w[i] = 1
	}
	res := New(w, sets, 3).Solve()
	if res.Value != 12 || res.Bound != 12 {
		t.Errorf("value %v, bound %v; want 12 and 12", res.Value, res.Bound)
	}
}

func TestCSR_transpose(t *testing.T) {
	c := CSR{Start: []int32{0, 2, 2, 5}, List: []int32{1, 3, 0, 1, 3}}
	tr := c.transpose(4)
	want := [][]int32{{2}, {0, 2}, {}, {0, 2}}
	for j, w := range want {
		got := tr.Row(int32(j))
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
