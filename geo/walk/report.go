package walk

import (
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

// DefaultRouteReachMeters is how far from a school SchoolRoutes looks for
// residential areas, and how long a walk from them it follows.
const DefaultRouteReachMeters = 1000

// DefaultRouteWaterMeters is how close to a route water must be for a
// school's report to list it.
const DefaultRouteWaterMeters = 50

// Report is the water along the ways pupils walk to one school: the
// seeds' 学生上下学必经路段水域.
type Report struct {
	ReachMeters  float64 // homes and walks up to this far
	WithinMeters float64 // water up to this far from a route
	Routes       []Route // computed from Homes, or given
	Unreached    []Home  // homes no walk within ReachMeters joins to the school
	Water        []Water
}

// SchoolRoutes computes the walks to school s from the residential areas
// of b within reachMeters of its campus (see ResidentialHomes and
// Graph.RoutesToSchool), or from homes when homes is not nil, and the
// water within withinMeters of them (Index.RouteWater). It returns an error
// wrapping ErrInvalidInput for a reach or distance out of range, and
// ErrNotFound if there is no school s. It is safe for concurrent use.
func SchoolRoutes(x *geo.Index, g *Graph, b *osm.Basemap, s string, homes []Home, reachMeters, withinMeters float64) (Report, error) {
	row, ok := x.RowOf(s)
	if !ok || x.KindOf(row) != geo.School {
		return Report{}, geo.NotFound("school", s)
	}
	if !(withinMeters > 0 && withinMeters <= MaxRouteWaterMeters) {
		return Report{}, geo.Invalid("within", fmtMeters(withinMeters), geo.MetersMax(MaxRouteWaterMeters))
	}
	school := x.FeatureOf(row)
	if homes == nil {
		var err error
		if homes, err = ResidentialHomes(b, school, reachMeters); err != nil {
			return Report{}, err
		}
	}
	routes, unreached, err := g.RoutesToSchool(school, homes, reachMeters)
	if err != nil {
		return Report{}, err
	}
	rep := Report{ReachMeters: reachMeters, WithinMeters: withinMeters, Routes: routes, Unreached: unreached}
	if len(routes) > 0 {
		if rep.Water, err = WaterAlong(x, routes, withinMeters); err != nil {
			return Report{}, err
		}
	}
	return rep, nil
}

// ResidentialRoutes is a geo.RouteFinder, for rules of kind along (取缔在
// 上下学学生行经道路上摆摊设点): the routes to a school are the shortest
// walks to its gates from the residential areas of Basemap within
// ReachMeters of its campus, as SchoolRoutes computes them. It is safe for
// concurrent use.
type ResidentialRoutes struct {
	Graph   *Graph
	Basemap *osm.Basemap
	// ReachMeters bounds how far from the campus homes are looked for and
	// how long a walk from them is followed; 0 means
	// DefaultRouteReachMeters.
	ReachMeters float64
}

// RoutesTo returns the walks to school s from the residential areas
// around it, or none when there are none or the reach is out of range.
func (r ResidentialRoutes) RoutesTo(s geo.Feature) []orb.LineString {
	reach := r.ReachMeters
	if reach == 0 {
		reach = DefaultRouteReachMeters
	}
	if r.Graph == nil || r.Basemap == nil {
		return nil
	}
	homes, err := ResidentialHomes(r.Basemap, s, reach)
	if err != nil {
		return nil
	}
	routes, _, err := r.Graph.RoutesToSchool(s, homes, reach)
	if err != nil {
		return nil
	}
	out := make([]orb.LineString, len(routes))
	for i, rt := range routes {
		out[i] = rt.Line
	}
	return out
}
