package geo

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// strtab stores many short strings in one backing string: entry i is
// s[ends[i-1]:ends[i]]. It costs 4 bytes per entry plus the text, where a
// []string costs 16.
type strtab struct {
	buf  []byte // while building
	s    string // after freeze
	ends []uint32
}

func (t *strtab) add(s string) error {
	if len(t.buf)+len(s) > 1<<32-1 {
		return fmt.Errorf("geo: more than 4 GiB of strings in one index")
	}
	t.buf = append(t.buf, s...)
	t.ends = append(t.ends, uint32(len(t.buf)))
	return nil
}

func (t *strtab) freeze() {
	t.s = string(t.buf)
	t.buf = nil
}

func (t *strtab) get(i uint32) string {
	var start uint32
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.s[start:t.ends[i]]
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
	kind       []uint8 // index into kinds
	cat        []uint8
	sub        []uint8
	lat, lon   []float64
	shape      []int32 // index into shapes, or -1 for a plain point
	shapes     []shapeRec
	byID       []uint32 // rows sorted by ID
}

// grow makes room for n more rows with idBytes and nameBytes of text.
func (t *table) grow(n, idBytes, nameBytes int) {
	t.ids.buf = slices.Grow(t.ids.buf, idBytes)
	t.ids.ends = slices.Grow(t.ids.ends, n)
	t.names.buf = slices.Grow(t.names.buf, nameBytes)
	t.names.ends = slices.Grow(t.names.ends, n)
	t.kind = slices.Grow(t.kind, n)
	t.cat = slices.Grow(t.cat, n)
	t.sub = slices.Grow(t.sub, n)
	t.lat = slices.Grow(t.lat, n)
	t.lon = slices.Grow(t.lon, n)
	t.shape = slices.Grow(t.shape, n)
}

func (t *table) len() int { return len(t.shape) }

func (t *table) add(f *Feature) error {
	if err := t.ids.add(f.ID); err != nil {
		return err
	}
	if err := t.names.add(f.Name); err != nil {
		return err
	}
	t.kind = append(t.kind, kindCode(f.Kind))
	t.cat = append(t.cat, categoryCode(f.Category))
	t.sub = append(t.sub, subCode(*f))
	if p, ok := f.Geometry.(orb.Point); ok && len(f.Gates) == 0 {
		t.lat = append(t.lat, p.Lat())
		t.lon = append(t.lon, p.Lon())
		t.shape = append(t.shape, -1)
		return nil
	}
	b := geodesicBound(f.Geometry) // a vertex box misses an edge's poleward bow
	c := b.Center()
	t.lat = append(t.lat, c.Lat())
	t.lon = append(t.lon, c.Lon())
	t.shape = append(t.shape, int32(len(t.shapes)))
	rec := shapeRec{geom: f.Geometry, bound: b, gates: f.Gates}
	if len(f.Gates) > 0 {
		mp := make(orb.MultiPoint, len(f.Gates))
		for i, g := range f.Gates {
			mp[i] = orb.Point{g.Lon, g.Lat}
		}
		rec.gateGeom = mp
	}
	t.shapes = append(t.shapes, rec)
	return nil
}

// sortIDs builds the by-ID order, once the IDs are frozen, and reports the
// first duplicate ID. It sorts the first 16 bytes of each ID as two
// integers and compares strings only where those are equal: for IDs such as
// "biz/1234567" or "node/123456789" that is several times faster than
// comparing strings throughout.
func (t *table) sortIDs() error {
	type idKey struct {
		hi, lo uint64 // bytes 0-7 and 8-15 of the ID, big-endian, padded with zeros
		row    uint32
	}
	keys := make([]idKey, t.len())
	for i := range keys {
		id := t.ids.get(uint32(i))
		keys[i] = idKey{idBytes8(id, 0), idBytes8(id, 8), uint32(i)}
	}
	// Zero padding keeps byte order: a shorter ID sorts before a longer one
	// that it begins, and equal keys fall back to comparing the strings.
	slices.SortFunc(keys, func(a, b idKey) int {
		if a.hi != b.hi {
			return cmp.Compare(a.hi, b.hi)
		}
		if a.lo != b.lo {
			return cmp.Compare(a.lo, b.lo)
		}
		return strings.Compare(t.ids.get(a.row), t.ids.get(b.row))
	})
	t.byID = make([]uint32, len(keys))
	for i, k := range keys {
		t.byID[i] = k.row
	}
	for i := 1; i < len(t.byID); i++ {
		if id := t.ids.get(t.byID[i]); id == t.ids.get(t.byID[i-1]) {
			return invalidf("id %q: used by more than one feature", id)
		}
	}
	return nil
}

// idBytes8 returns bytes at to at+7 of s as a big-endian integer, zeros past
// the end of s.
func idBytes8(s string, at int) uint64 {
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
		Kind:     kinds[t.kind[i]],
		Name:     t.names.get(i),
		Category: categoryOf(t.cat[i]),
		Geometry: t.geometry(i),
		Gates:    t.gates(i),
	}
	switch f.Kind {
	case School:
		f.SchoolKind = SchoolKinds[t.sub[i]]
	case WaterBody:
		f.WaterKind = WaterKinds[t.sub[i]]
	}
	return f
}

var kinds = []Kind{School, Business, WaterBody}

func kindCode(k Kind) uint8 {
	for i, c := range kinds {
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

func subCode(f Feature) uint8 {
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
