package synth

import "math"

// synthRand is SplitMix64 (Steele et al., "Fast splittable pseudorandom
// number generators", OOPSLA 2014): tiny, fast and fixed forever, so a seed
// keeps giving the same data.
type synthRand struct{ s uint64 }

func newSynthRand(seed int64, stream, i uint64) synthRand {
	r := synthRand{uint64(seed)}
	r.s = r.next() ^ stream<<56 ^ i
	return synthRand{r.next()}
}

func (r *synthRand) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// float returns a number in [0, 1).
func (r *synthRand) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a number in [0, n); the bias is below 1e-9 for our n.
func (r *synthRand) intn(n int) int { return int(r.next() % uint64(n)) }

// norm returns a standard normal number (Box-Muller).
func (r *synthRand) norm() float64 {
	return math.Sqrt(-2*math.Log(1-r.float())) * math.Cos(2*math.Pi*r.float())
}
