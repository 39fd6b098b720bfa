package geo

import (
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// A Row is one feature's place in an Index: a handle that is valid for that
// index only, and much cheaper than a Feature to pass around when a query
// visits thousands of features. Rows number the features from 0 to
// Index.Len()-1, in an order of the index's own.
type Row uint32

// Search calls fn with every row of kind k whose bounding box may lie within
// radiusMeters of b, until fn returns false: a superset of the features
// within that distance, which the caller measures exactly (a feature at
// exactly radiusMeters is within). b must hold its geometry's geodesic
// edges (geodist.Bound). A radius of 0 searches b itself.
func (x *Index) Search(k Kind, b orb.Bound, radiusMeters float64, fn func(Row) bool) {
	lo, hi := geodist.Box32(geodist.ExpandBound(b, radiusMeters))
	x.trees[kindCode(k)].Search(lo, hi, func(_, _ [2]float32, row uint32) bool { return fn(Row(row)) })
}

// RowOf returns the row of the feature with the given ID; ok is false if
// there is none.
func (x *Index) RowOf(id string) (r Row, ok bool) {
	i, ok := x.t.row(id)
	return Row(i), ok
}

// IDOf returns the ID of the feature in row r.
func (x *Index) IDOf(r Row) string { return x.t.ids.get(uint32(r)) }

// KindOf returns the kind of the feature in row r.
func (x *Index) KindOf(r Row) Kind { return Kinds[x.t.kind[r]] }

// CategoryOf returns the category of the feature in row r: empty for a
// school, Water for a water body.
func (x *Index) CategoryOf(r Row) Category { return categoryOf(x.t.cat[r]) }

// SchoolKindOf returns the school kind of the feature in row r, which must
// be a school.
func (x *Index) SchoolKindOf(r Row) SchoolKind { return SchoolKinds[x.t.sub[r]] }

// GeometryOf returns the geometry of the feature in row r: the campus for a
// school. It is shared with the index and must not be modified.
func (x *Index) GeometryOf(r Row) orb.Geometry { return x.t.geometry(uint32(r)) }

// GatesOf returns the gates of the school in row r as one orb.MultiPoint,
// or nil if it has none. It is shared with the index and must not be
// modified.
func (x *Index) GatesOf(r Row) orb.Geometry { return x.t.gateGeometry(uint32(r)) }

// FeatureOf returns the feature in row r.
func (x *Index) FeatureOf(r Row) Feature { return x.t.feature(uint32(r)) }
