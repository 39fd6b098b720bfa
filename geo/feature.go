package geo

import (
	"strings"

	"github.com/paulmach/orb"
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
// for every water body. The canonical list is Categories.
type Category string

// Business categories, and Water for water bodies. The README maps each to
// the OpenStreetMap tags it is read from.
const (
	InternetCafe Category = "internet_cafe"
	SongDance    Category = "song_dance"
	GameArcade   Category = "game_arcade"
	Lottery      Category = "lottery"
	Gambling     Category = "gambling"
	Bar          Category = "bar"
	Tobacco      Category = "tobacco"
	StreetStall  Category = "street_stall"
	Market       Category = "market"
	Parking      Category = "parking"
	Fireworks    Category = "fireworks"
	Hotel        Category = "hotel"
	Clinic       Category = "clinic"
	Police       Category = "police"
	Water        Category = "water"
)

// Categories lists every category in a stable order.
var Categories = []Category{
	InternetCafe, SongDance, GameArcade, Lottery, Gambling, Bar, Tobacco,
	StreetStall, Market, Parking, Fireworks, Hotel, Clinic, Police, Water,
}

// ParseCategory returns the category named s. It returns an error wrapping
// ErrInvalidInput that quotes s and lists the allowed names if s is unknown.
func ParseCategory(s string) (Category, error) {
	for _, c := range Categories {
		if string(c) == s {
			return c, nil
		}
	}
	names := make([]string, len(Categories))
	for i, c := range Categories {
		names[i] = string(c)
	}
	return "", Invalidf("category %q: must be one of %s", s, strings.Join(names, ", "))
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

// WaterKind says what a water body is, from its OpenStreetMap tags.
type WaterKind string

// The water kinds.
const (
	River      WaterKind = "river"
	Stream     WaterKind = "stream"
	Canal      WaterKind = "canal"
	Ditch      WaterKind = "ditch"
	Drain      WaterKind = "drain"
	Lake       WaterKind = "lake"
	Pond       WaterKind = "pond"
	Reservoir  WaterKind = "reservoir"
	Basin      WaterKind = "basin"
	OtherWater WaterKind = "water"
)

// WaterKinds lists every water kind in a stable order.
var WaterKinds = []WaterKind{OtherWater, River, Stream, Canal, Ditch, Drain, Lake, Pond, Reservoir, Basin}

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
