package walk

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

// Route is a way pupils walk to or from school, given (ReadRoutes) or
// computed (Graph.RoutesToSchool).
type Route struct {
	ID   string
	Line orb.LineString // [lon, lat] in walking order, at least two points
	// Meters is the route's length: the sum of the geodesic lengths of
	// its segments.
	Meters float64
}

// Home is where a computed route starts: a pupil's home, or the centroid
// of a residential area (ResidentialHomes).
type Home struct {
	ID    string
	Point geo.Point
}

// MaxRouteMeters bounds the walks RoutesToSchool computes and the reach
// of ResidentialHomes.
const MaxRouteMeters = 5000

// RoutesToSchool returns the shortest walk from each home to school s (to
// its nearest gate, or campus boundary vertex when it has no mapped gate),
// as WalkToSchool finds them, with IDs "home ID → school ID"; one search
// serves every home. Homes with no walk of at most reachMeters are
// returned in unreached, in the order given. It returns an error wrapping
// ErrInvalidInput unless reachMeters is above 0 and at most MaxRouteMeters,
// or if a home's point is invalid. It is safe for concurrent use.
func (g *Graph) RoutesToSchool(s geo.Feature, homes []Home, reachMeters float64) (routes []Route, unreached []Home, err error) {
	if !(reachMeters > 0 && reachMeters <= MaxRouteMeters) {
		return nil, nil, geo.Invalid("reach", fmtMeters(reachMeters), geo.MetersMax(MaxRouteMeters))
	}
	for _, h := range homes {
		if err := h.Point.Validate(); err != nil {
			return nil, nil, geo.Invalidf("home %q: %v", h.ID, err)
		}
	}
	srcs := g.snapAll(schoolEnds(s), reachMeters)
	if len(srcs) == 0 {
		return nil, homes, nil
	}
	search := g.pool.Get().(*walkSearch)
	defer g.pool.Put(search)
	g.seed(search, srcs)
	g.run(search, srcs, nil, reachMeters, -1)
	for _, h := range homes {
		e, ok := g.snap(orb.Point{h.Point.Lon, h.Point.Lat}, reachMeters)
		if ok {
			var w geo.Walk
			if w, ok = g.trace(search, srcs, &e); ok && w.Meters <= reachMeters {
				routes = append(routes, Route{ID: h.ID + " → " + s.ID, Line: w.Route, Meters: w.Meters})
				continue
			}
		}
		unreached = append(unreached, h)
	}
	return routes, unreached, nil
}

// ResidentialHomes returns the centroids of the residential areas
// (landuse=residential) of basemap b within reachMeters of school s's
// campus, nearest first, as homes with the areas' IDs ("way/N"). A
// centroid at exactly reachMeters is kept. It returns an error wrapping
// ErrInvalidInput unless reachMeters is above 0 and at most
// MaxRouteMeters. It is safe for concurrent use.
func ResidentialHomes(b *osm.Basemap, s geo.Feature, reachMeters float64) ([]Home, error) {
	if !(reachMeters > 0 && reachMeters <= MaxRouteMeters) {
		return nil, geo.Invalid("reach", fmtMeters(reachMeters), geo.MetersMax(MaxRouteMeters))
	}
	if s.Geometry == nil {
		return nil, geo.Invalidf("school %q: no campus geometry", s.ID)
	}
	area := geodist.ExpandBound(geodist.Bound(s.Geometry), reachMeters)
	features, _ := b.InBound(area, osm.MaxZoom, 0)
	type near struct {
		h Home
		d float64
	}
	var found []near
	for _, f := range features {
		if f.Layer != osm.LayerLanduse || f.Class != "residential" {
			continue
		}
		c, ok := centroid(f.Geometry)
		if !ok {
			continue
		}
		if d, ok := geodist.Within(s.Geometry, c, reachMeters); ok {
			found = append(found, near{Home{ID: f.ID, Point: pointOf(c)}, d})
		}
	}
	slices.SortFunc(found, func(a, b near) int { return cmp.Or(cmp.Compare(a.d, b.d), strings.Compare(a.h.ID, b.h.ID)) })
	out := make([]Home, len(found))
	for i, n := range found {
		out[i] = n.h
	}
	return out, nil
}

// centroid returns the area centroid of a polygon or multipolygon.
func centroid(g orb.Geometry) (orb.Point, bool) {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		c, a := planar.CentroidArea(g)
		return c, a != 0 && !math.IsNaN(c[0]) && !math.IsNaN(c[1])
	}
	return orb.Point{}, false
}

// lineMeters returns the geodesic length of a line.
func lineMeters(l orb.LineString) float64 {
	d := 0.0
	for i := 1; i < len(l); i++ {
		d += geodist.Meters(l[i-1], l[i])
	}
	return d
}

func fmtMeters(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
