package geo

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
)

// MaxSiteVertices is the most positions a proposed site's geometry may
// have, over all its rings: a hand-drawn campus has tens, a surveyed one a
// few hundred.
const MaxSiteVertices = 10000

// checkPolygonal returns an error wrapping ErrInvalidInput, naming field,
// unless g is a Point, or a Polygon or MultiPolygon whose rings are
// closed, have at least 4 positions, hold no more than maxVertices
// positions in all, and neither cross nor touch themselves or each other
// (a simple polygon, as OGC's Simple Features asks: GEOS and PostGIS call a
// polygon that does not valid). Edges are taken as straight in lon/lat,
// which for a campus differs from the geodesic by well under a millimetre.
func checkPolygonal(field string, g orb.Geometry, maxVertices int) error {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Point:
		return Point{Lat: g.Lat(), Lon: g.Lon()}.Validate()
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	case nil:
		return Refusef("site_missing", nil, "%s: missing; must be a Point, Polygon or MultiPolygon", field)
	default:
		return Invalid(field+".type", g.GeoJSONType(), Reason{Code: "site_type", Text: "must be Point, Polygon or MultiPolygon"})
	}
	if len(polys) == 0 {
		return Refusef("site_empty", nil, "%s: empty; must have at least one polygon", field)
	}
	n := 0
	for _, pg := range polys {
		for _, r := range pg {
			n += len(r)
		}
	}
	if n > maxVertices {
		return Refusef("site_vertices", map[string]string{"count": strconv.Itoa(n), "max": strconv.Itoa(maxVertices)},
			"%s: %d positions: must have at most %d", field, n, maxVertices)
	}
	var edges []edge
	for i, pg := range polys {
		if len(pg) == 0 {
			return Refusef("site_no_ring", map[string]string{"polygon": strconv.Itoa(i)}, "%s: polygon %d has no rings: it must have an outer ring", field, i)
		}
		for j, r := range pg {
			if err := checkRing(field, r); err != nil {
				return err
			}
			edges = appendEdges(edges, r, i, j)
		}
	}
	if a, b, ok := crossing(edges); ok {
		return Refusef("site_self_intersecting",
			map[string]string{"from": lonLat(a.a), "to": lonLat(a.b), "other_from": lonLat(b.a), "other_to": lonLat(b.b)},
			"%s: self-intersecting: the edge from %s to %s crosses or touches the edge from %s to %s",
			field, lonLat(a.a), lonLat(a.b), lonLat(b.a), lonLat(b.b))
	}
	return nil
}

// checkRing checks that a ring is closed, long enough and in range.
func checkRing(field string, r orb.Ring) error {
	switch {
	case len(r) < 4:
		return Refusef("site_ring_short", map[string]string{"count": strconv.Itoa(len(r))},
			"%s: a ring of %d positions: a ring must have at least 4, the last equal to the first", field, len(r))
	case r[0] != r[len(r)-1]:
		return Refusef("site_unclosed", map[string]string{"first": lonLat(r[0]), "last": lonLat(r[len(r)-1])},
			"%s: unclosed ring: its first position %s and last %s must be equal", field, lonLat(r[0]), lonLat(r[len(r)-1]))
	}
	for _, p := range r {
		if err := (Point{Lat: p.Lat(), Lon: p.Lon()}).Validate(); err != nil {
			return Invalidf("%s: %v", field, err)
		}
	}
	return nil
}

// lonLat formats a position as GeoJSON writes it.
func lonLat(p orb.Point) string { return "[" + ftoa(p.Lon()) + ", " + ftoa(p.Lat()) + "]" }

// edge is one edge of a ring: from a to b, the k-th of ring (poly, ring),
// of n edges.
type edge struct {
	a, b       orb.Point
	poly, ring int
	k, n       int
}

// appendEdges adds the edges of ring r, skipping repeated positions.
func appendEdges(edges []edge, r orb.Ring, poly, ring int) []edge {
	start := len(edges)
	for i := 1; i < len(r); i++ {
		if r[i] != r[i-1] {
			edges = append(edges, edge{a: r[i-1], b: r[i], poly: poly, ring: ring})
		}
	}
	n := len(edges) - start
	for i := start; i < len(edges); i++ {
		edges[i].k, edges[i].n = i-start, n
	}
	return edges
}

// crossing returns two edges that cross or touch other than where
// consecutive edges of a ring meet, if any: a sweep over the edges by
// their west end, testing only pairs whose longitudes overlap.
func crossing(edges []edge) (edge, edge, bool) {
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Compare(min(a.a[0], a.b[0]), min(b.a[0], b.b[0])) })
	for i := range edges {
		e := &edges[i]
		east := max(e.a[0], e.b[0])
		for j := i + 1; j < len(edges) && min(edges[j].a[0], edges[j].b[0]) <= east; j++ {
			if f := &edges[j]; meet(e, f) {
				return *e, *f, true
			}
		}
	}
	return edge{}, edge{}, false
}

// meet reports whether edges e and f share a point they should not: any
// point for edges that are not consecutive in one ring, and anything but
// their common end for those that are (a spike doubles back along itself).
func meet(e, f *edge) bool {
	if e.poly == f.poly && e.ring == f.ring {
		if next := (e.k+1)%e.n == f.k; next || (f.k+1)%f.n == e.k {
			if e.n == 2 {
				return true // a ring of two edges has no area
			}
			if !next {
				e, f = f, e
			}
			// e ends where f starts: they meet elsewhere only if they are
			// collinear and f turns back over e.
			return orient(e.a, e.b, f.b) == 0 && dot(sub(e.a, e.b), sub(f.b, e.b)) > 0
		}
	}
	return segmentsMeet(e.a, e.b, f.a, f.b)
}

// segmentsMeet reports whether segments ab and cd have a point in common.
func segmentsMeet(a, b, c, d orb.Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}

// orient is the sign of the turn a→b→c: 1 left, -1 right, 0 collinear.
func orient(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// onSegment reports whether p, collinear with ab, lies between a and b.
func onSegment(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

func sub(a, b orb.Point) orb.Point { return orb.Point{a[0] - b[0], a[1] - b[1]} }
func dot(a, b orb.Point) float64   { return a[0]*b[0] + a[1]*b[1] }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
