package geo

import (
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// Index holds schools, businesses and water bodies with an R-tree per kind.
// It answers radius queries in two phases: an R-tree search over a box built
// from meters, then the exact geodesic distance.
//
// An Index is immutable once built and safe for concurrent use.
type Index struct {
	t      table
	trees  [3]rtree.RTreeGN[float32, uint32] // by kind code
	extent orb.Bound
}

// NewIndex validates the features and indexes them. It returns an error
// wrapping ErrInvalidInput that names the feature if one has an empty or
// duplicate ID, an unknown kind or category, or a missing or out-of-range
// geometry.
func NewIndex(features []Feature) (*Index, error) {
	var b IndexBuilder
	b.Add(features)
	return b.Build()
}

// ValidateFeature checks f as NewIndex does and fills in the same defaults
// in place: a school's kind, a water body's category and kind. It returns an
// error wrapping ErrInvalidInput that names the feature if it has an empty
// ID, an unknown kind or category, a missing or out-of-range geometry, or
// an opening date in the future.
func ValidateFeature(f *Feature) error {
	if f.ID == "" {
		return Invalid("feature id", f.ID, Required())
	}
	switch f.Kind {
	case School:
		if f.SchoolKind == "" {
			f.SchoolKind = GeneralSchool
		}
		if !IsOneOf(SchoolKinds, f.SchoolKind) {
			return Invalidf("feature %q: school_kind %q: must be one of kindergarten, primary, secondary, school", f.ID, f.SchoolKind)
		}
	case Business:
		if _, err := ParseCategory(string(f.Category)); err != nil || f.Category == Water {
			return Invalidf("feature %q: category %q: must be a business category", f.ID, f.Category)
		}
	case WaterBody:
		f.Category = Water
		if f.WaterKind == "" {
			f.WaterKind = OtherWater
		}
		if !IsOneOf(WaterKinds, f.WaterKind) {
			return Invalidf("feature %q: water_kind %q: unknown", f.ID, f.WaterKind)
		}
	default:
		return Invalidf("feature %q: kind %q: must be school, business or water", f.ID, f.Kind)
	}
	if f.Geometry == nil {
		return Invalidf("feature %q: geometry: missing", f.ID)
	}
	b := f.Geometry.Bound()
	for _, p := range []orb.Point{b.Min, b.Max} {
		if err := (Point{Lat: p.Lat(), Lon: p.Lon()}).Validate(); err != nil {
			return Invalidf("feature %q: geometry: %v", f.ID, err)
		}
	}
	if gb := geodist.Bound(f.Geometry); gb.Min[0] > gb.Max[0] || gb.Min[1] > gb.Max[1] {
		return Invalidf("feature %q: geometry: empty", f.ID)
	}
	for _, g := range f.Gates {
		if err := g.Validate(); err != nil {
			return Invalidf("feature %q: gate: %v", f.ID, err)
		}
	}
	if err := f.OpenedOn.CheckOpened(); err != nil {
		return Invalidf("feature %q: %v", f.ID, err)
	}
	return nil
}

func IsOneOf[K comparable](list []K, k K) bool {
	for _, c := range list {
		if c == k {
			return true
		}
	}
	return false
}

// Len returns the number of features in the index.
func (x *Index) Len() int { return x.t.len() }

// Count returns the number of features of kind k.
func (x *Index) Count(k Kind) int { return x.trees[kindCode(k)].Len() }

// Extent returns the bounding box of all features; ok is false when the index
// is empty.
func (x *Index) Extent() (b orb.Bound, ok bool) { return x.extent, x.Len() > 0 }

// Feature returns the feature with the given ID. It returns an error wrapping
// ErrNotFound if there is none.
func (x *Index) Feature(id string) (Feature, error) {
	i, ok := x.t.row(id)
	if !ok {
		return Feature{}, NotFound("feature", id)
	}
	return x.t.feature(i), nil
}

// Features calls fn for every feature of kind k, in index order, until fn
// returns false.
func (x *Index) Features(k Kind, fn func(Feature) bool) {
	code := kindCode(k)
	for i := 0; i < x.t.len(); i++ {
		if x.t.kind[i] == code && !fn(x.t.feature(uint32(i))) {
			return
		}
	}
}

// search calls fn with every row of kind k whose box may lie within
// radiusMeters of b.
func (x *Index) search(k Kind, b orb.Bound, radiusMeters float64, fn func(row uint32) bool) {
	lo, hi := geodist.Box32(geodist.ExpandBound(b, radiusMeters))
	x.trees[kindCode(k)].Search(lo, hi, func(_, _ [2]float32, row uint32) bool { return fn(row) })
}

// hilbertKey maps a lon/lat point to its position on a Hilbert curve of order
// 16 over the whole globe: a number below 2^32. It walks the curve 4 levels
// at a time with hilbertTable.
func hilbertKey(p orb.Point) uint64 {
	const n = 1 << 16
	x := uint64((p.Lon() + 180) / 360 * (n - 1))
	y := uint64((p.Lat() + 90) / 180 * (n - 1))
	var d uint64
	var state uint16
	for shift := 12; shift >= 0; shift -= 4 {
		e := hilbertTable[state<<8|uint16(x>>shift&15)<<4|uint16(y>>shift&15)]
		d, state = d<<8|uint64(e&0xff), e>>8
	}
	return d
}

// hilbertTable steps the Hilbert curve 4 levels at once. At each level the
// curve has turned the plane by one of 4 transforms (state: bit 0 swaps x
// and y, bit 1 complements both; they commute). Entry state<<8 | x<<4 | y,
// for 4 bits of each coordinate, holds the next 8 bits of the position and,
// above them, the state after.
var hilbertTable = func() (t [1 << 10]uint16) {
	for i := range t {
		state, x, y := uint16(i>>8), i>>4&15, i&15
		var d uint16
		for bit := 3; bit >= 0; bit-- {
			rx, ry := uint16(x>>bit&1), uint16(y>>bit&1)
			if state&1 != 0 {
				rx, ry = ry, rx
			}
			if state&2 != 0 {
				rx, ry = rx^1, ry^1
			}
			d = d<<2 | ((3 * rx) ^ ry)
			if ry == 0 {
				state ^= 1 | rx<<1 // swap, and complement too in the lower right
			}
		}
		t[i] = state<<8 | d
	}
	return t
}()
