package geo

import (
	"cmp"
	"math/rand"
	"slices"
	"testing"
)

// TestSortParallel sorts long and short slices, with repeats, as
// slices.SortFunc does.
func TestSortParallel(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, n := range []int{0, 1, 1000, 1 << 15, 100001} {
		s := make([]int, n)
		for i := range s {
			s[i] = r.Intn(n/3 + 1)
		}
		want := slices.Clone(s)
		slices.Sort(want)
		sortParallel(s, cmp.Compare[int])
		if !slices.Equal(s, want) {
			t.Errorf("n=%d: not sorted as slices.Sort sorts", n)
		}
	}
}
