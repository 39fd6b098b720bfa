package geo

import (
	"encoding/binary"
	"sort"

	"github.com/paulmach/orb"
)

// strtab stores many short strings in one backing string, each as an entry
// of its length (a uvarint) and its bytes: entry i starts at s[starts[i]],
// or skip entries after the one there. A table's IDs, names and addresses
// share one string and one starts, each row's name after its ID and its
// address after its name. That costs 4 bytes per row and 1 per string
// shorter than 128 bytes (an empty address is 1 byte), plus the text,
// where a []string costs 16 per string; and the strings may be in any
// order, so an index keeps the text in the order it was read.
type strtab struct {
	s      string
	starts []uint32
	skip   int
}

func (t *strtab) get(i uint32) string {
	s, next := entry(t.s, t.starts[i])
	for range t.skip {
		s, next = entry(t.s, next)
	}
	return s
}

// entry returns the string whose entry starts at s[at], and where the next
// entry starts.
func entry[S string | []byte](s S, at uint32) (S, uint32) {
	n := uint32(s[at])
	at++
	if n >= 0x80 { // rare: more than 127 bytes
		n &= 0x7f
		for shift := 7; ; shift += 7 {
			c := uint32(s[at])
			at++
			n |= c & 0x7f << shift
			if c < 0x80 {
				break
			}
		}
	}
	return s[at : at+n], at + n
}

// appendEntry appends the entry of s to text.
func appendEntry[S string | []byte](text []byte, s S) []byte {
	return append(binary.AppendUvarint(text, uint64(len(s))), s...)
}

// shapeRec holds what a row needs beyond a single point.
type shapeRec struct {
	geom     orb.Geometry
	bound    orb.Bound
	gates    []Point
	gateGeom orb.Geometry // gates as an orb.MultiPoint, nil without gates
}

// table is the columnar store behind an Index: one row per feature, about
// 50 bytes plus the ID and name for a point feature.
type table struct {
	ids, names strtab
	addrs      strtab  // empty for a row without an address
	kind       []uint8 // index into kinds
	cat        []uint8
	sub        []uint8
	lat, lon   []float64
	shape      []int32 // index into shapes, or -1 for a plain point
	shapes     []shapeRec
	byID       []uint32 // rows sorted by ID
	opened     []Date   // opening dates by row; nil when no row has one
}

func (t *table) len() int { return len(t.shape) }

// idBytes8 returns bytes at to at+7 of s as a big-endian integer, zeros past
// the end of s.
func idBytes8[S string | []byte](s S, at int) uint64 {
	var v uint64
	for i := at; i < at+8; i++ {
		v <<= 8
		if i < len(s) {
			v |= uint64(s[i])
		}
	}
	return v
}

// row returns the row of the feature with the given ID.
func (t *table) row(id string) (uint32, bool) {
	i := sort.Search(len(t.byID), func(i int) bool { return t.ids.get(t.byID[i]) >= id })
	if i < len(t.byID) && t.ids.get(t.byID[i]) == id {
		return t.byID[i], true
	}
	return 0, false
}

// geometry returns the row's geometry, the campus for a school.
func (t *table) geometry(i uint32) orb.Geometry {
	if s := t.shape[i]; s >= 0 {
		return t.shapes[s].geom
	}
	return orb.Point{t.lon[i], t.lat[i]}
}

func (t *table) bound(i uint32) orb.Bound {
	if s := t.shape[i]; s >= 0 {
		return t.shapes[s].bound
	}
	p := orb.Point{t.lon[i], t.lat[i]}
	return orb.Bound{Min: p, Max: p}
}

func (t *table) gates(i uint32) []Point {
	if s := t.shape[i]; s >= 0 {
		return t.shapes[s].gates
	}
	return nil
}

// gateGeometry returns the row's gates as one geometry, or nil if it has none.
func (t *table) gateGeometry(i uint32) orb.Geometry {
	if s := t.shape[i]; s >= 0 {
		return t.shapes[s].gateGeom
	}
	return nil
}

func (t *table) feature(i uint32) Feature {
	f := Feature{
		ID:       t.ids.get(i),
		Kind:     Kinds[t.kind[i]],
		Name:     t.names.get(i),
		Address:  t.addrs.get(i),
		Category: categoryOf(t.cat[i]),
		Geometry: t.geometry(i),
		Gates:    t.gates(i),
	}
	if t.opened != nil {
		f.OpenedOn = t.opened[i]
	}
	switch f.Kind {
	case School:
		f.SchoolKind = SchoolKinds[t.sub[i]]
	case WaterBody:
		f.WaterKind = WaterKinds[t.sub[i]]
	}
	return f
}

func kindCode(k Kind) uint8 {
	for i, c := range Kinds {
		if c == k {
			return uint8(i)
		}
	}
	return 0
}

func categoryCode(c Category) uint8 {
	for i, k := range Categories {
		if k == c {
			return uint8(i + 1)
		}
	}
	return 0
}

func categoryOf(code uint8) Category {
	if code == 0 {
		return ""
	}
	return Categories[code-1]
}

func subCode(f *Feature) uint8 {
	switch f.Kind {
	case School:
		for i, k := range SchoolKinds {
			if k == f.SchoolKind {
				return uint8(i)
			}
		}
	case WaterBody:
		for i, k := range WaterKinds {
			if k == f.WaterKind {
				return uint8(i)
			}
		}
	}
	return 0
}

// idRanks returns each row's position in ID order, for sorting by ID
// without comparing strings.
func (t *table) idRanks() []uint32 {
	rank := make([]uint32, len(t.byID))
	for pos, row := range t.byID {
		rank[row] = uint32(pos)
	}
	return rank
}
