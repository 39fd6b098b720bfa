package geodist

import (
	"math"

	"github.com/paulmach/orb"
)

// Box32 rounds a box outward to float32, for an R-tree of float32 boxes:
// the float32 box contains the float64 one, so no candidate is lost to
// rounding.
func Box32(b orb.Bound) (lo, hi [2]float32) {
	return [2]float32{down32(b.Min[0]), down32(b.Min[1])}, [2]float32{up32(b.Max[0]), up32(b.Max[1])}
}

func down32(v float64) float32 {
	f := float32(v)
	if float64(f) > v {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up32(v float64) float32 {
	f := float32(v)
	if float64(f) < v {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}
