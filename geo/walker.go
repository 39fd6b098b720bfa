package geo

import "github.com/paulmach/orb"

// Walk is the shortest walk found from a place to a school.
type Walk struct {
	// Meters is the walking distance: from the place to the nearest point
	// of a walkable way (the snap), along the ways, and from the way to the
	// school's gate. Every piece is a geodesic on WGS84, so Meters is never
	// below the geodesic distance between From and To.
	Meters float64
	// Route is the walk as a line in [lon, lat] order, from From to To:
	// the place, its projection on the nearest way, the graph's nodes, the
	// gate's projection and the gate. Repeated points are dropped.
	Route orb.LineString
	From  Point // where the walk starts: the business's entrance, a home
	To    Point // the school end: a gate, else a campus boundary vertex
}

// A Walker measures walks to schools along a pedestrian network, for the
// rules measured by walking (see CheckWith). walk.Graph is one.
type Walker interface {
	// WalkToSchool returns the shortest walk from feature f to school s, if
	// one is at most limitMeters long (a walk of exactly limitMeters is
	// found); ok false means that by the walking method f is outside the
	// zone of that distance. It must be safe for concurrent use.
	WalkToSchool(s, f Feature, limitMeters float64) (w Walk, ok bool)
}
