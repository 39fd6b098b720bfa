package store

import (
	"bytes"
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/ledger"
)

// idStream yields hazard IDs in increasing order.
type idStream interface {
	next() (uint64, bool)
}

// candidates returns the IDs, above f.After, of the hazards the best index
// for f holds: every hazard f selects is among them, and scanHazards checks
// each with match.
func candidates(tx *bolt.Tx, f *HazardFilter) idStream {
	ix := tx.Bucket([]byte(bucketHzIndex))
	states := f.States
	if len(states) == 0 {
		states = ledger.States
	}
	switch {
	case f.SchoolID != "":
		return newPrefixStream(ix, indexKey(ixSchool, f.SchoolID, nil), f.After)
	case f.Unit != "":
		var ss []idStream
		for _, st := range states {
			ss = append(ss, newPrefixStream(ix, indexKey(ixUnit, string(st)+"\x00"+f.Unit, nil), f.After))
		}
		return newMergeStream(ss)
	case f.Vanished != nil && *f.Vanished:
		return newPrefixStream(ix, []byte{ixVanished}, f.After)
	case len(f.States) > 0:
		var ss []idStream
		for _, st := range states {
			for _, unit := range unitsIn(ix, st) {
				ss = append(ss, newPrefixStream(ix, indexKey(ixUnit, string(st)+"\x00"+unit, nil), f.After))
			}
		}
		return newMergeStream(ss)
	case f.Overdue != nil && *f.Overdue:
		return overdueIDs(ix, f)
	case !f.Bound.IsZero():
		return boundIDs(ix, f)
	}
	return newPrefixStream(tx.Bucket([]byte(bucketHazards)), nil, f.After)
}

// prefixStream yields the IDs that end the keys starting with prefix.
type prefixStream struct {
	c      *bolt.Cursor
	prefix []byte
	k      []byte
}

func newPrefixStream(b *bolt.Bucket, prefix []byte, after uint64) *prefixStream {
	c := b.Cursor()
	k, _ := c.Seek(append(bytes.Clone(prefix), seqKey(after+1)...))
	return &prefixStream{c: c, prefix: prefix, k: k}
}

func (p *prefixStream) next() (uint64, bool) {
	for p.k != nil && bytes.HasPrefix(p.k, p.prefix) {
		k := p.k
		p.k, _ = p.c.Next()
		if len(k) == len(p.prefix)+8 {
			return binary.BigEndian.Uint64(k[len(p.prefix):]), true
		}
	}
	return 0, false
}

// mergeStream merges streams, each in order, into one.
type mergeStream struct {
	ss    []idStream
	heads []uint64
	ok    []bool
}

func newMergeStream(ss []idStream) *mergeStream {
	m := &mergeStream{ss: ss, heads: make([]uint64, len(ss)), ok: make([]bool, len(ss))}
	for i, s := range ss {
		m.heads[i], m.ok[i] = s.next()
	}
	return m
}

func (m *mergeStream) next() (uint64, bool) {
	best := -1
	for i := range m.ss {
		if m.ok[i] && (best < 0 || m.heads[i] < m.heads[best]) {
			best = i
		}
	}
	if best < 0 {
		return 0, false
	}
	id := m.heads[best]
	m.heads[best], m.ok[best] = m.ss[best].next()
	return id, true
}

// sliceStream yields IDs from a sorted slice.
type sliceStream []uint64

func (s *sliceStream) next() (uint64, bool) {
	if len(*s) == 0 {
		return 0, false
	}
	id := (*s)[0]
	*s = (*s)[1:]
	return id, true
}

// sortedAfter sorts ids and keeps those above after.
func sortedAfter(ids []uint64, after uint64) *sliceStream {
	slices.Sort(ids)
	i, _ := slices.BinarySearch(ids, after+1)
	s := sliceStream(ids[i:])
	return &s
}

// overdueIDs collects the hazards with a deadline before today.
func overdueIDs(ix *bolt.Bucket, f *HazardFilter) idStream {
	today := deadlineKey(ledger.DateOf(f.Now))
	var ids []uint64
	c := ix.Cursor()
	for k, _ := c.Seek([]byte{ixDeadline}); len(k) == 17 && k[0] == ixDeadline && bytes.Compare(k[1:9], today) < 0; k, _ = c.Next() {
		ids = append(ids, binary.BigEndian.Uint64(k[9:]))
	}
	return sortedAfter(ids, f.After)
}

// boundIDs collects the hazards in the tiles f.Bound covers, reading one
// range of place keys per row of areas and each key's tile.
func boundIDs(ix *bolt.Bucket, f *HazardFilter) idStream {
	x0, y0 := tileXY(f.Bound.Min[0], f.Bound.Max[1])
	x1, y1 := tileXY(f.Bound.Max[0], f.Bound.Min[1])
	var ids []uint64
	c := ix.Cursor()
	for ay := y0 >> areaShift; ay <= y1>>areaShift; ay++ {
		row := ay << areaShift
		to := placeKey(x1, row, nil)
		for k, v := c.Seek(placeKey(x0, row, nil)); len(k) == 13 && bytes.Compare(k[:5], to) <= 0; k, v = c.Next() {
			if len(v) != 4 {
				continue
			}
			y, x := int(binary.BigEndian.Uint16(v)), int(binary.BigEndian.Uint16(v[2:]))
			if y >= y0 && y <= y1 && x >= x0 && x <= x1 {
				ids = append(ids, binary.BigEndian.Uint64(k[5:]))
			}
		}
	}
	return sortedAfter(ids, f.After)
}

// unitsIn lists the units of the hazards in state st, skipping from one
// unit's keys to the next's.
func unitsIn(ix *bolt.Bucket, st ledger.State) []string {
	prefix := indexKey(ixUnit, string(st), nil)
	var units []string
	c := ix.Cursor()
	for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix) && len(k) > len(prefix)+9; {
		unit := string(k[len(prefix) : len(k)-9])
		units = append(units, unit)
		k, _ = c.Seek(append(indexKey(ixUnit, string(st)+"\x00"+unit, nil), 0xFF))
	}
	return units
}
