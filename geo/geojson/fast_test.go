package geojson

import (
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// TestFastScanner_num checks numbers against strconv.ParseFloat, bit for
// bit: those short enough for the exact division, and those past it.
func TestFastScanner_num(t *testing.T) {
	tests := []string{"0", "-0", "0.0", "-0.0", "1", "-1", "104.0659", "30.6598", "-180", "179.9999999",
		"0.000000000000001", "123456789012345", "1234567890123456", "12345678901234567890123",
		"0.1234567890123456789", "1e2", "1.5E-3", "-2e+10", "1e400", "9007199254740993", "0.30000000000000004"}
	rng := rand.New(rand.NewSource(42))
	for range 20000 {
		v := (rng.Float64() - 0.5) * 360
		tests = append(tests, strconv.FormatFloat(v, 'f', rng.Intn(16), 64), strconv.FormatFloat(v, 'f', -1, 64))
	}
	for _, in := range tests {
		want, err := strconv.ParseFloat(in, 64)
		s := fastScanner{b: []byte(in + "]")}
		got := s.num()
		if s.bad != (err != nil) || err == nil && math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("num(%q) = %v (bad %v), want %v (%v)", in, got, s.bad, want, err)
		}
	}
	for _, in := range []string{"", "-", "01", "1.", ".5", "1e", "+1", "--1"} {
		if s := (fastScanner{b: []byte(in + "]")}); s.num() != 0 || !s.bad {
			t.Errorf("num(%q): want bad", in)
		}
	}
}
