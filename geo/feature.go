package geo

import (
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/catalogue"
)

// Kind is what a feature is: a school, a business or a water body.
type Kind string

// The kinds of feature.
const (
	School    Kind = "school"
	Business  Kind = "business"
	WaterBody Kind = "water"
)

// Kinds lists every kind of feature in a stable order.
var Kinds = []Kind{School, Business, WaterBody}

// Category is what rules are written against: a business category, or Water
// for every water body. The canonical list is Categories, read from the
// category catalogue (data/catalogue.yaml, see geo/catalogue): a category
// is data, and only those with behaviour of their own are named here.
type Category string

// The categories the code treats specially.
const (
	// Police are police posts, which patrol plans start from.
	Police Category = "police"
	// Water is the category of every water body.
	Water Category = Category(catalogue.Required)
)

// Categories lists every category in the catalogue's order, Water among
// them. It is read-only.
var Categories = catalogueIDs[Category](catalogue.Default().Categories, func(k catalogue.Category) string { return k.ID })

// catalogueIDs lists the IDs of catalogue entries as T. Indexes keep
// categories and water kinds in a byte, so a catalogue may not have more
// than 255 of either; it panics if it does, a mistake in the source tree.
func catalogueIDs[T ~string, E any](entries []E, id func(E) string) []T {
	if len(entries) > 255 {
		panic("geo: the category catalogue has more than 255 categories or water kinds")
	}
	out := make([]T, len(entries))
	for i, e := range entries {
		out[i] = T(id(e))
	}
	return out
}

// ParseCategory returns the category named s. It returns an error wrapping
// ErrInvalidInput that quotes s and lists the allowed names if s is unknown.
func ParseCategory(s string) (Category, error) {
	for _, c := range Categories {
		if string(c) == s {
			return c, nil
		}
	}
	return "", Invalid("category", s, OneOf(Categories))
}

// SchoolKind is the level of a school, which rules may be limited to.
type SchoolKind string

// The school kinds. GeneralSchool is an amenity=school whose level is not
// mapped; rules for primary or secondary schools apply to it.
const (
	Kindergarten  SchoolKind = "kindergarten"
	Primary       SchoolKind = "primary"
	Secondary     SchoolKind = "secondary"
	GeneralSchool SchoolKind = "school"
)

// SchoolKinds lists every school kind in a stable order.
var SchoolKinds = []SchoolKind{Kindergarten, Primary, Secondary, GeneralSchool}

// GateMeters is how far from a campus boundary a school's gate may be.
// OpenStreetMap mappers put gates on the fence line, which is often drawn a
// few meters off the landuse area, so a vertex test alone misses them.
const GateMeters = 5.0

// WaterKind says what a water body is: one of WaterKinds, read from the
// category catalogue like the categories.
type WaterKind string

// OtherWater is the kind of a water body of no other kind.
const OtherWater WaterKind = WaterKind(catalogue.Required)

// WaterKinds lists every water kind in the catalogue's order, OtherWater
// among them. It is read-only.
var WaterKinds = catalogueIDs[WaterKind](catalogue.Default().WaterKinds, func(k catalogue.WaterKind) string { return k.ID })

// Feature is one school, business or water body.
//
// Geometry is in WGS84 with orb's [lon, lat] points: an orb.Point, a
// LineString or MultiLineString (rivers, streams), or a Polygon or
// MultiPolygon (campuses, footprints, lakes). A school mapped only as a node
// has a Point campus.
type Feature struct {
	// ID is unique within a data set. Features read from OpenStreetMap have
	// IDs "node/N", "way/N" or "relation/N".
	ID       string
	Kind     Kind
	Name     string
	Category Category // businesses: their category; water bodies: Water; schools: empty

	// Address is where the place is as people write it, in Chinese order
	// (province, city, district, street, number: 四川省成都市青羊区泡桐树街
	// 12号), or as the source gave it; empty when unknown, as for most
	// places read from OpenStreetMap.
	Address string

	SchoolKind SchoolKind // schools only
	WaterKind  WaterKind  // water bodies only

	Geometry orb.Geometry

	// Gates are a school's entrances, on or within a few meters of the
	// campus boundary. Rules measured from the gate fall back to the campus
	// when a school has none.
	Gates []Point

	// OpenedOn is when the place or school opened (OpenStreetMap's
	// start_date, a licence's issue date); zero when unknown. Rules with an
	// Existing treatment compare it (see Rule.Decide).
	OpenedOn Date
}
