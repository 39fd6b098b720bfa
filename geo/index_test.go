package geo

import (
	"cmp"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// hilbertKeyLoop is hilbertKey a level at a time, as first written
// (Wikipedia's xy2d): the reference for the table.
func hilbertKeyLoop(p orb.Point) uint64 {
	const n = 1 << 16
	x := uint64((p.Lon() + 180) / 360 * (n - 1))
	y := uint64((p.Lat() + 90) / 180 * (n - 1))
	var d uint64
	for s := uint64(n / 2); s > 0; s /= 2 {
		var rx, ry uint64
		if x&s > 0 {
			rx = 1
		}
		if y&s > 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				x, y = n-1-x, n-1-y
			}
			x, y = y, x
		}
	}
	return d
}

func TestHilbertKey(t *testing.T) {
	points := []orb.Point{{-180, -90}, {180, 90}, {-180, 90}, {180, -90}, {0, 0}, {104.0659, 30.6598}, {-0.0000001, 0.0000001}}
	rng := rand.New(rand.NewSource(42))
	for range 200000 {
		points = append(points, orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90})
	}
	for _, p := range points {
		if got, want := hilbertKey(p), hilbertKeyLoop(p); got != want {
			t.Fatalf("hilbertKey(%v) = %d, want %d", p, got, want)
		}
	}
}

// TestStrtab reads back IDs and names around the lengths where an entry's
// length takes another byte.
func TestStrtab(t *testing.T) {
	var text []byte
	var starts []uint32
	var want []string
	for _, n := range []int{0, 1, 127, 128, 300, 16383, 16384, 70000} {
		id, name, addr := strings.Repeat("i", n), strings.Repeat("名", n), strings.Repeat("址", n%200)
		starts = append(starts, uint32(len(text)))
		text = appendEntry(appendEntry(appendEntry(text, id), name), addr)
		want = append(want, id, name, addr)
	}
	ids := strtab{s: string(text), starts: starts}
	names := strtab{s: ids.s, starts: starts, skip: 1}
	addrs := strtab{s: ids.s, starts: starts, skip: 2}
	for i := range starts {
		if got := ids.get(uint32(i)); got != want[3*i] {
			t.Errorf("ID %d: %d bytes, want %d", i, len(got), len(want[3*i]))
		}
		if got := names.get(uint32(i)); got != want[3*i+1] {
			t.Errorf("name %d: %d bytes, want %d", i, len(got), len(want[3*i+1]))
		}
		if got := addrs.get(uint32(i)); got != want[3*i+2] {
			t.Errorf("address %d: %d bytes, want %d", i, len(got), len(want[3*i+2]))
		}
	}
}

// TestSortRuns sorts keys in orders with long runs, short runs and none,
// as slices.SortFunc does.
func TestSortRuns(t *testing.T) {
	compare := func(a, c idKey) int { return cmp.Compare(a.hi, c.hi)*2 + cmp.Compare(a.row, c.row) }
	rng := rand.New(rand.NewSource(42))
	orders := map[string]func(i int) uint64{
		"sorted":   func(i int) uint64 { return uint64(i) },
		"reversed": func(i int) uint64 { return uint64(-i) },
		"random":   func(int) uint64 { return rng.Uint64() },
		"few":      func(int) uint64 { return uint64(rng.Intn(3)) },
		"numbered": func(i int) uint64 { return idBytes8(fmt.Sprint("biz/", i), 0) },
	}
	for name, order := range orders {
		for _, n := range []int{0, 1, 2, 31, 32, 33, 1000, 54321} {
			keys := make([]idKey, n)
			for i := range keys {
				keys[i] = idKey{hi: order(i), row: uint32(i)}
			}
			want := slices.Clone(keys)
			slices.SortFunc(want, compare)
			if got := sortRuns(keys, 2, compare); !slices.Equal(got, want) {
				t.Errorf("%s, n=%d: not sorted", name, n)
			}
		}
	}
}
