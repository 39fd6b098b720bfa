package patrol

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// MaxPatrolRadiusMeters is the largest cover radius Plan accepts. A
// patrol post (护学岗) stands at or near a gate; a radius of kilometres
// would make every post cover every school and plan nothing.
const MaxPatrolRadiusMeters = 5000

// Site is a place for a patrol post: a candidate for a new post, or
// a post that exists.
type Site struct {
	ID    string
	Point geo.Point
	// Streets name a junction by the ways that meet there (osm.Junction);
	// empty for other sites.
	Streets []string
}

// Options is a patrol planning problem: where K new patrol posts
// (护学岗) should go so that the posts, new and existing, cover as much
// school weight as they can. A post covers a school when the geodesic
// distance from the post to the campus (0 inside it) is at most
// RadiusMeters: a school at exactly the radius is covered.
type Options struct {
	// Posts is K, the number of new posts: at least 1. Fewer are placed
	// when fewer add coverage.
	Posts int
	// RadiusMeters is R, the cover radius: above 0 and at most
	// MaxPatrolRadiusMeters.
	RadiusMeters float64
	// Candidates are the places new posts may go: at least one, with
	// unique, non-empty IDs.
	Candidates []Site
	// Existing posts stay. The index's police features (category Police)
	// are existing posts too; these are more, such as a list of current
	// 护学岗. IDs must be unique among them and not empty.
	Existing []Site
	// Bound, when not zero, limits the plan to the schools whose box
	// intersects it, such as a police district's.
	Bound orb.Bound
	// Area, when not nil, limits the plan to the schools in or on it: a
	// Polygon or MultiPolygon such as a police district's boundary (see
	// geojson.ParseArea), with the rule of geo.AuditOptions.Area (a campus
	// that straddles the boundary is in). With Bound too, a school must
	// meet both. Posts are not limited to the area: a candidate or an
	// existing post just outside it, such as the junction across a
	// boundary road from a school's gate, covers the schools in it, as
	// police at the boundary would stand.
	Area orb.Geometry
	// Enrolment maps school IDs to their number of pupils, the weight of a
	// school; a school not in it weighs 1. Values must be finite and > 0.
	Enrolment map[string]float64
	// Hazards, when not nil, raise the weight of schools with prohibited
	// places near them: each prohibited hit of the rule pack's audit at a
	// school adds HazardWeight (≥ 0, finite) to its weight.
	Hazards      *geo.RulePack
	HazardWeight float64
	// Bells, when not nil, asks for a duty roster by peak.
	Bells *Bells
	// Workers is the number of goroutines building coverage; 0 means
	// GOMAXPROCS.
	Workers int
}

// Cover is a school a post covers.
type Cover struct {
	School         string
	DistanceMeters float64 // geodesic, from the post to the campus; 0 inside
	Weight         float64
	// Assigned is true at the post nearest the school among those that
	// cover it (ties to the existing post, then the smaller ID): the post
	// that staffs it in the roster.
	Assigned bool
}

// Post is a planned or existing patrol post and the schools it covers.
type Post struct {
	ID       string
	Point    geo.Point // for an existing post mapped as an area, its box's centre
	Streets  []string  // the streets of the junction it stands at, if any
	Existing bool
	Covers   []Cover // nearest first, ties by school ID
}

// Result is the answer to Options. Weights are school weights
// (pupils, plus hazards); with neither, each school weighs 1 and weights
// are counts.
type Result struct {
	// Posts are the new posts, at most K, in the order chosen: each one
	// added the most coverage when greedy placed it (or replaced one that
	// added less).
	Posts []Post
	// Existing are the existing posts that cover at least one school.
	Existing []Post

	Schools       int     // in the plan
	TotalWeight   float64 // of the schools in the plan
	Covered       int     // schools some post, new or existing, covers
	CoveredWeight float64
	Uncovered     []string // school IDs, sorted
	// ExistingWeight is what the existing posts cover alone, and
	// Reachable what all candidates and existing posts would cover if K
	// were unlimited.
	ExistingWeight, ReachableWeight float64

	// UpperBound is at least the covered weight of the best choice of K
	// candidates; the gap UpperBound − CoveredWeight bounds how far the
	// plan is from the best.
	UpperBound float64
	// GreedyWeight is what lazy greedy covered before local search made
	// Swaps swaps; BoundIterations is the number of subgradient steps.
	GreedyWeight    float64
	Swaps           int
	BoundIterations int
	Candidates      int // candidates that cover a school no existing post covers

	Roster *Roster // when Bells were given
}

// Gap returns UpperBound − CoveredWeight, never negative.
func (p Result) Gap() float64 { return max(p.UpperBound-p.CoveredWeight, 0) }

// ParsePosts parses K, the number of new patrol posts, given as
// text. It returns an error wrapping ErrInvalidInput, quoting s, unless s
// is a whole number of at least 1.
func ParsePosts(s string) (int, error) {
	k, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || k < 1 {
		return 0, geo.Invalid("posts", s, geo.WholeMin(1))
	}
	return k, nil
}

// ParseRadius parses R, the cover radius of a patrol post in meters,
// given as text. It returns an error wrapping ErrInvalidInput, quoting s,
// unless s is a number above 0 and at most MaxPatrolRadiusMeters.
func ParseRadius(s string) (float64, error) {
	r, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(r > 0 && r <= MaxPatrolRadiusMeters) {
		return 0, geo.Invalid("radius", s, geo.MetersMax(MaxPatrolRadiusMeters))
	}
	return r, nil
}

// validate checks the options, returning an error wrapping ErrInvalidInput
// that names the field and quotes the value.
func (o *Options) validate() error {
	if o.Posts < 1 {
		return geo.Invalid("posts", strconv.Itoa(o.Posts), geo.WholeMin(1))
	}
	if r := o.RadiusMeters; !(r > 0 && r <= MaxPatrolRadiusMeters) {
		return geo.Invalid("radius", strconv.FormatFloat(r, 'f', -1, 64), geo.MetersMax(MaxPatrolRadiusMeters))
	}
	switch o.Area.(type) {
	case nil, orb.Polygon, orb.MultiPolygon:
	default:
		return geo.Invalid("district.type", o.Area.GeoJSONType(), geo.Either("Polygon", "MultiPolygon"))
	}
	if len(o.Candidates) == 0 {
		return geo.Invalidf("candidates %q: must list at least one point", "[]")
	}
	if err := checkSites("candidate", o.Candidates); err != nil {
		return err
	}
	if err := checkSites("existing post", o.Existing); err != nil {
		return err
	}
	for id, v := range o.Enrolment {
		if !(v > 0) || math.IsInf(v, 0) {
			return geo.Invalidf("enrolment of %q %q: must be a number above 0", id, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	if h := o.HazardWeight; !(h >= 0) || math.IsInf(h, 0) {
		return geo.Invalidf("hazard weight %q: must be a number of at least 0", strconv.FormatFloat(h, 'f', -1, 64))
	}
	return nil
}

func checkSites(what string, pts []Site) error {
	seen := make(map[string]bool, len(pts))
	for i, p := range pts {
		if p.ID == "" {
			return geo.Invalid(fmt.Sprintf("%s %d: id", what, i+1), p.ID, geo.Required())
		}
		if seen[p.ID] {
			return geo.Invalidf("%s id %q: used more than once", what, p.ID)
		}
		seen[p.ID] = true
		if err := p.Point.Validate(); err != nil {
			return geo.Invalidf("%s %q: %v", what, p.ID, err)
		}
	}
	return nil
}
