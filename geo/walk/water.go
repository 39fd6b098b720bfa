package walk

import (
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/safezone/safezone/geo"
)

// MaxRouteWaterMeters is the largest distance RouteWater looks for water
// from a route.
const MaxRouteWaterMeters = 1000

// RouteWater is a water body near a route: the seeds' 学生上下学必经路段水域,
// water along the way pupils walk to school.
type Water struct {
	RouteID string
	Water   geo.Feature
	// DistanceMeters is the geodesic distance from the route to the water,
	// between their nearest points, as GeometryDistanceMeters measures it:
	// 0 where the route touches or crosses it (a bridge, a ford).
	DistanceMeters float64
	// AlongMeters is where the route comes closest: the geodesic length of
	// the route from its start to the point where its distance to the water
	// is DistanceMeters; where it comes as close (to a millimeter) at
	// several places, the first of them.
	AlongMeters float64
}

// ParseWithinMeters parses the distance from a route within which
// RouteWater reports water, in meters. It returns an error wrapping
// ErrInvalidInput, quoting s, unless s is a number above 0 and at most
// MaxRouteWaterMeters.
func ParseWithinMeters(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(v > 0 && v <= MaxRouteWaterMeters) {
		return 0, geo.Invalid("within", s, geo.MetersMax(MaxRouteWaterMeters))
	}
	return v, nil
}

// RouteWater returns every water body within withinMeters of any of the
// routes (a water body at exactly withinMeters is reported), one entry per
// route and water body: in the order of routes, then nearest first, ties
// by water ID. Distances are geodesic on WGS84 and exact like the rest of
// the engine; AlongMeters says where along the route the water is closest.
//
// It returns an error wrapping ErrInvalidInput unless withinMeters is above
// 0 and at most MaxRouteWaterMeters, or if a route has fewer than two
// points or a point out of range, naming the route. It runs on every core
// and is safe for concurrent use.
func WaterAlong(x *geo.Index, routes []Route, withinMeters float64) ([]Water, error) {
	if !(withinMeters > 0 && withinMeters <= MaxRouteWaterMeters) {
		return nil, geo.Invalid("within", fmtMeters(withinMeters), geo.MetersMax(MaxRouteWaterMeters))
	}
	for i := range routes {
		if err := validateRoute(&routes[i]); err != nil {
			return nil, err
		}
	}
	found := make([][]Water, len(routes))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(routes)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(routes); i = int(next.Add(1) - 1) {
				found[i] = waterAlong(x, &routes[i], withinMeters)
			}
		})
	}
	wg.Wait()
	var out []Water
	for _, f := range found {
		out = append(out, f...)
	}
	return out, nil
}

// routeWater finds the water near one route.
func waterAlong(x *geo.Index, r *Route, within float64) []Water {
	near := x.Within(r.Line, within, geo.WaterBody)
	out := make([]Water, len(near))
	for i, n := range near {
		out[i] = Water{RouteID: r.ID, Water: n.Feature, DistanceMeters: n.DistanceMeters,
			AlongMeters: alongRoute(r.Line, n.Feature.Geometry, n.DistanceMeters)}
	}
	return out
}

// validateRoute checks a route's points, naming the route.
func validateRoute(r *Route) error {
	if len(r.Line) < 2 {
		return geo.Invalidf("route %q: %d point(s): a route needs at least two", r.ID, len(r.Line))
	}
	for i, p := range r.Line {
		if err := (geo.Point{Lat: p[1], Lon: p[0]}).Validate(); err != nil {
			return geo.Invalidf("route %q: point %d: %v", r.ID, i+1, err)
		}
	}
	return nil
}
