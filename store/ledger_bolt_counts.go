package store

import (
	"encoding/binary"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/ledger"
)

// The ledger's counters in bucketHzCounts, which the summary reads.

// countDelta is a change to a counter.
type countDelta struct {
	key   string
	delta int64
}

// sortedCounts returns the changes of m in key order, leaving out the
// SchoolsKey counter, which follows from the others (see addCounts).
func sortedCounts(m map[string]int64) []countDelta {
	ds := make([]countDelta, 0, len(m))
	for k, d := range m {
		if k != ledger.SchoolsKey {
			ds = append(ds, countDelta{k, d})
		}
	}
	slices.SortFunc(ds, func(a, b countDelta) int { return strings.Compare(a.key, b.key) })
	if d := m[ledger.SchoolsKey]; d != 0 {
		ds = append(ds, countDelta{ledger.SchoolsKey, d})
	}
	return ds
}

// addCounts adds ds to the counters in b, in order, and returns the
// change to the number of schools with any hazard that follows.
func addCounts(b *bolt.Bucket, ds []countDelta) (int64, error) {
	var schools int64
	for _, d := range ds {
		old, err := addCount(b, d.key, d.delta)
		if err != nil {
			return 0, err
		}
		schools += ledger.SchoolsDelta(d.key, old, old+d.delta)
	}
	return schools, nil
}

// addCount adds d to counter k, deleting it at 0, and returns what it was.
func addCount(b *bolt.Bucket, k string, d int64) (int64, error) {
	var old int64
	if v := b.Get([]byte(k)); len(v) == 8 {
		old = int64(binary.BigEndian.Uint64(v))
	}
	if d == 0 {
		return old, nil
	}
	if old+d == 0 {
		return old, b.Delete([]byte(k))
	}
	return old, b.Put([]byte(k), binary.BigEndian.AppendUint64(nil, uint64(old+d)))
}
