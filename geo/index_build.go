package geo

import (
	"bytes"
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// build indexes the rows of b, which it keeps until it returns. Rows are
// put in Hilbert order, which keeps neighbours together in memory and gives
// the R-trees tighter nodes than input order would; ties keep input order.
//
// The first read rows were read from files and where(i) names the place of
// row i: an ID they use twice is reported with both places, as
// ReadGeoJSONDir does, naming the earliest row whose ID was used before.
// Other duplicates are reported by ID alone.
//
// Sorting the IDs, gathering the text and filling the R-trees are
// independent, and run at once.
func (b *rowBatch) build(read int, where func(i int) string) (*Index, error) {
	n := b.len()
	if n > math.MaxUint32 {
		return nil, invalidf("features: %d is more than an index holds (%d)", n, uint32(math.MaxUint32))
	}
	if b.tooMuchText {
		return nil, errTooMuchText
	}
	byID := make(chan []idKey, 1)
	go func() { byID <- b.sortIDs() }()

	perm := hilbertOrder(b.key) // perm[row] is the input row
	x := &Index{}
	t := &x.t
	b.gatherColumns(t, perm)
	var trees sync.WaitGroup
	for k := range x.trees {
		trees.Go(func() { x.fillTree(uint8(k)) })
	}
	t.ids = gatherText(b.ids, b.idEnds, perm)
	t.names = gatherText(b.names, b.nameEnds, perm)

	keys := <-byID
	err := b.duplicateError(keys, read, where)
	if err == nil {
		rowOf := make([]uint32, n)
		for row, in := range perm {
			rowOf[in] = uint32(row)
		}
		t.byID = make([]uint32, n)
		for i, k := range keys {
			t.byID[i] = rowOf[k.row]
		}
	}
	trees.Wait()
	if err != nil {
		return nil, err
	}
	if n > 0 {
		x.extent = b.extent
	}
	return x, nil
}

// fillTree inserts the rows of kind k, in row order, into its R-tree. A
// school's box holds its gates as well as its campus: a gate at the end of
// its own lane may stand off the campus, and gate rules measure from it.
func (x *Index) fillTree(k uint8) {
	for i, kind := range x.t.kind {
		if kind == k {
			b := x.t.bound(uint32(i))
			for _, g := range x.t.gates(uint32(i)) {
				b = b.Extend(orb.Point{g.Lon, g.Lat})
			}
			lo, hi := box32(b)
			x.trees[k].Insert(lo, hi, uint32(i))
		}
	}
}

// hilbertOrder returns the rows sorted by Hilbert key, ties in row order:
// two passes of a radix sort on 16 bits, each stable. Each element carries
// its key above its row, so that the passes read memory in order.
func hilbertOrder(keys []uint32) []uint32 {
	a := make([]uint64, len(keys))
	for i, k := range keys {
		a[i] = uint64(k)<<32 | uint64(i)
	}
	tmp := make([]uint64, len(keys))
	for shift := 32; shift < 64; shift += 16 {
		var count [1 << 16]int
		for _, v := range a {
			count[uint16(v>>shift)]++
		}
		sum := 0
		for i, c := range count {
			count[i], sum = sum, sum+c
		}
		for _, v := range a {
			d := uint16(v >> shift)
			tmp[count[d]] = v
			count[d]++
		}
		a, tmp = tmp, a
	}
	perm := make([]uint32, len(keys))
	for i, v := range a {
		perm[i] = uint32(v)
	}
	return perm
}

// runs splits n rows into one run per CPU, or fewer for few rows.
func runs(n int) [][2]int {
	workers := max(1, min(runtime.GOMAXPROCS(0), n/4096))
	size := (n + workers - 1) / workers
	r := make([][2]int, workers)
	for w := range r {
		r[w] = [2]int{min(w*size, n), min((w+1)*size, n)}
	}
	return r
}

// each calls fn on every run at once, with its index in runs.
func each(runs [][2]int, fn func(w, lo, hi int)) {
	var wg sync.WaitGroup
	for w, r := range runs {
		wg.Go(func() { fn(w, r[0], r[1]) })
	}
	wg.Wait()
}

// gatherColumns fills t's columns but the text from b's, in the order of
// perm. Shapes keep row order, as the table expects.
func (b *rowBatch) gatherColumns(t *table, perm []uint32) {
	n := len(perm)
	t.kind, t.cat, t.sub = make([]uint8, n), make([]uint8, n), make([]uint8, n)
	t.lat, t.lon, t.shape = make([]float64, n), make([]float64, n), make([]int32, n)
	each(runs(n), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			in := perm[i]
			t.kind[i], t.cat[i], t.sub[i] = b.kind[in], b.cat[in], b.sub[in]
			t.lat[i], t.lon[i] = b.lat[in], b.lon[in]
			t.shape[i] = b.shape[in]
		}
	})
	t.shapes = make([]shapeRec, 0, len(b.shapes))
	for i, s := range t.shape {
		if s >= 0 {
			t.shape[i] = int32(len(t.shapes))
			t.shapes = append(t.shapes, b.shapes[s])
		}
	}
}

// gatherText returns the strings of text, where string i ends at ends[i],
// in the order of perm, as a strtab.
func gatherText(text []byte, ends, perm []uint32) strtab {
	get := func(i uint32) []byte {
		var start uint32
		if i > 0 {
			start = ends[i-1]
		}
		return text[start:ends[i]]
	}
	out := make([]uint32, len(perm))
	buf := make([]byte, len(text))
	// Each run first sums its lengths, for where its text starts; then all
	// runs copy at once.
	rs := runs(len(perm))
	starts := make([]int, len(rs))
	each(rs, func(w, lo, hi int) {
		for _, in := range perm[lo:hi] {
			starts[w] += len(get(in))
		}
	})
	at := 0
	for w, size := range starts {
		starts[w], at = at, at+size
	}
	each(rs, func(w, lo, hi int) {
		at := starts[w]
		for i := lo; i < hi; i++ {
			at += copy(buf[at:], get(perm[i]))
			out[i] = uint32(at)
		}
	})
	return strtab{s: string(buf), ends: out}
}

// idKey orders IDs: the first 16 bytes of the ID as two integers, compared
// before the strings, which for IDs such as "biz/1234567" or
// "node/123456789" is several times faster than comparing strings
// throughout.
type idKey struct {
	hi, lo uint64 // bytes 0-7 and 8-15 of the ID, big-endian, padded with zeros
	row    uint32 // of b, in input order
}

// sortIDs returns b's rows in order of ID, equal IDs in row order. It sorts
// a run per CPU at once, then merges them.
func (b *rowBatch) sortIDs() []idKey {
	keys := make([]idKey, b.len())
	for i := range keys {
		id := b.id(uint32(i))
		keys[i] = idKey{idBytes8(id, 0), idBytes8(id, 8), uint32(i)}
	}
	// Zero padding keeps byte order: a shorter ID sorts before a longer one
	// that it begins, and equal keys fall back to comparing the strings.
	compare := func(a, c idKey) int {
		if a.hi != c.hi {
			return cmp.Compare(a.hi, c.hi)
		}
		if a.lo != c.lo {
			return cmp.Compare(a.lo, c.lo)
		}
		if d := bytes.Compare(b.id(a.row), b.id(c.row)); d != 0 {
			return d
		}
		return cmp.Compare(a.row, c.row)
	}
	rs := runs(len(keys))
	each(rs, func(_, lo, hi int) { slices.SortFunc(keys[lo:hi], compare) })
	sorted := keys[rs[0][0]:rs[0][1]]
	for _, r := range rs[1:] {
		sorted = mergeIDs(sorted, keys[r[0]:r[1]], compare)
	}
	return sorted
}

// mergeIDs merges two sorted runs into a new slice.
func mergeIDs(a, c []idKey, compare func(a, c idKey) int) []idKey {
	out := make([]idKey, 0, len(a)+len(c))
	for len(a) > 0 && len(c) > 0 {
		if compare(c[0], a[0]) < 0 {
			out, c = append(out, c[0]), c[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), c...)
}

// id returns the ID of row i.
func (b *rowBatch) id(i uint32) []byte {
	var start uint32
	if i > 0 {
		start = b.idEnds[i-1]
	}
	return b.ids[start:b.idEnds[i]]
}

// duplicateError returns an error about an ID used twice, or nil: keys are
// b's rows in order of ID, equal IDs in row order. See build for read and
// where.
func (b *rowBatch) duplicateError(keys []idKey, read int, where func(int) string) error {
	first, dup := -1, read // among the rows read, the earliest whose ID was used before
	var other []byte       // the first ID used twice otherwise
	for i := 1; i < len(keys); i++ {
		prev, k := keys[i-1], keys[i]
		if prev.hi != k.hi || prev.lo != k.lo || !bytes.Equal(b.id(prev.row), b.id(k.row)) {
			continue
		}
		if int(k.row) < dup && (i < 2 || !bytes.Equal(b.id(keys[i-2].row), b.id(k.row))) {
			first, dup = int(prev.row), int(k.row)
		}
		if other == nil {
			other = b.id(k.row)
		}
	}
	switch {
	case first >= 0:
		id := string(b.id(uint32(dup)))
		return invalidf("%s: feature %q: id %q: already used at %s", where(dup), id, id, where(first))
	case other != nil:
		return invalidf("id %q: used by more than one feature", string(other))
	}
	return nil
}
