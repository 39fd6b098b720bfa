package geo

import (
	"bytes"
	"cmp"
)

// idKey orders IDs: the first 12 bytes of the ID as two integers, compared
// before the strings, which for IDs such as "biz/1234567" or
// "node/123456789" is several times faster than comparing strings
// throughout.
type idKey struct {
	hi  uint64 // bytes 0-7 of the ID, big-endian, padded with zeros
	mid uint32 // bytes 8-11
	row uint32 // of b, in input order
}

// sortIDs returns b's rows in order of ID, equal IDs in row order, on at
// most cpus CPUs.
func (b *RowBatch) sortIDs(cpus int) []idKey {
	keys := make([]idKey, b.Len())
	each(runsOf(len(keys), cpus), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			id := b.ID(uint32(i))
			keys[i] = idKey{idBytes8(id, 0), uint32(idBytes8(id, 8) >> 32), uint32(i)}
		}
	})
	// Zero padding keeps byte order: a shorter ID sorts before a longer one
	// that it begins, and equal keys fall back to comparing the strings.
	return sortRuns(keys, cpus, func(a, c idKey) int {
		if a.hi != c.hi {
			return cmp.Compare(a.hi, c.hi)
		}
		if a.mid != c.mid {
			return cmp.Compare(a.mid, c.mid)
		}
		if d := bytes.Compare(b.ID(a.row), b.ID(c.row)); d != 0 {
			return d
		}
		return cmp.Compare(a.row, c.row)
	})
}

// minRun is the shortest run sortRuns merges: shorter ones are first
// lengthened by insertion.
const minRun = 32

// sortRuns sorts keys, which compare tells apart, and returns them sorted,
// in keys or in a new slice. It finds the runs already in order and merges
// them, a pass merging pairs of neighbours on up to cpus CPUs, as a natural
// merge sort does.
// IDs read in the order they were numbered come in a few long runs ("biz/1"
// to "biz/9", then "biz/10" to "biz/99", and so on), and so do IDs sorted
// before: then it takes a few passes, several times faster than a
// comparison sort; in random order, it is no slower.
func sortRuns(keys []idKey, cpus int, compare func(a, c idKey) int) []idKey {
	bounds := findRuns(keys, compare)
	var tmp []idKey
	for len(bounds) > 1 {
		if tmp == nil {
			tmp = make([]idKey, len(keys))
		}
		mergePass(tmp, keys, bounds, cpus, compare)
		merged := bounds[:0]
		for k := 0; k < len(bounds); k += 2 {
			merged = append(merged, bounds[k])
		}
		bounds = merged
		keys, tmp = tmp, keys
	}
	return keys
}

// findRuns returns where each run of keys in order starts, after making
// runs shorter than minRun that long by insertion.
func findRuns(keys []idKey, compare func(a, c idKey) int) []int {
	var bounds []int
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && compare(keys[j-1], keys[j]) < 0 {
			j++
		}
		for ; j < min(i+minRun, len(keys)); j++ {
			for k := j; k > i && compare(keys[k], keys[k-1]) < 0; k-- {
				keys[k], keys[k-1] = keys[k-1], keys[k]
			}
		}
		bounds = append(bounds, i)
		i = j
	}
	return bounds
}

// mergePass merges each pair of neighbouring runs of keys, which start at
// bounds, into dst. Each CPU fills its share of dst, from whichever pairs
// it spans.
func mergePass(dst, keys []idKey, bounds []int, cpus int, compare func(a, c idKey) int) {
	each(runsOf(len(keys), cpus), func(_, s, e int) {
		for k := 0; k < len(bounds); k += 2 {
			lo, mid, hi := bounds[k], len(keys), len(keys)
			if k+1 < len(bounds) {
				mid = bounds[k+1]
			}
			if k+2 < len(bounds) {
				hi = bounds[k+2]
			}
			if hi <= s || lo >= e {
				continue
			}
			a, c := keys[lo:mid], keys[mid:hi]
			from, to := max(s, lo)-lo, min(e, hi)-lo
			i, j := mergeSplit(a, c, from, compare), mergeSplit(a, c, to, compare)
			mergeIDs(dst[lo+from:lo+to], a[i:j], c[from-i:to-j], compare)
		}
	})
}

// mergeSplit returns how many of the first k keys of the merge of a and c
// come from a. Keys are distinct, as compare orders rows last by row.
func mergeSplit(a, c []idKey, k int, compare func(a, c idKey) int) int {
	lo, hi := max(0, k-len(c)), min(k, len(a))
	for lo < hi { // the fewest from a such that c's last taken is below a's next
		i := (lo + hi) / 2
		if compare(c[k-i-1], a[i]) < 0 {
			hi = i
		} else {
			lo = i + 1
		}
	}
	return lo
}

// mergeIDs merges the sorted runs a and c into out, which holds both.
func mergeIDs(out, a, c []idKey, compare func(a, c idKey) int) {
	i := 0
	for len(a) > 0 && len(c) > 0 {
		if compare(c[0], a[0]) < 0 {
			out[i], c = c[0], c[1:]
		} else {
			out[i], a = a[0], a[1:]
		}
		i++
	}
	i += copy(out[i:], a)
	copy(out[i:], c)
}

// duplicateError returns an error about the first ID in keys, b's rows in
// order of ID, that is used twice, or nil.
func (b *RowBatch) duplicateError(keys []idKey) error {
	for i := 1; i < len(keys); i++ {
		if b.sameID(keys[i-1], keys[i]) {
			return Invalidf("id %q: used by more than one feature", b.ID(keys[i].row))
		}
	}
	return nil
}

func (b *RowBatch) sameID(a, c idKey) bool {
	return a.hi == c.hi && a.mid == c.mid && bytes.Equal(b.ID(a.row), b.ID(c.row))
}
