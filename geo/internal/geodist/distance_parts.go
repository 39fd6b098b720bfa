package geodist

import (
	"github.com/paulmach/orb"
)

// Parts is a geometry as distance sees it: isolated points, polylines,
// and polygons, whose rings are boundaries and whose areas count as inside.
// A lone Point, LineString or Polygon is held in an array of one, so
// splitting those never allocates.
type Parts struct {
	one      [1]orb.Point
	oneLine  [1]orb.LineString
	onePoly  [1]orb.Polygon
	lonePt   bool
	loneLine bool
	lonePoly bool
	points   []orb.Point
	lines    []orb.LineString
	polys    []orb.Polygon
	Bound    orb.Bound
}

// split fills g from geom. It reports false if geom has no vertices or is
// a Collection, which callers take apart first. A Ring counts as the
// polygon it bounds and a Bound as its rectangle.
func (g *Parts) Split(geom orb.Geometry) bool {
	switch v := geom.(type) {
	case orb.Point:
		g.one[0], g.lonePt, g.Bound = v, true, orb.Bound{Min: v, Max: v}
	case orb.MultiPoint:
		g.points, g.Bound = v, pathBound(noBound(), v)
	case orb.LineString:
		g.oneLine[0], g.loneLine, g.Bound = v, true, pathBound(noBound(), v)
	case orb.MultiLineString:
		g.lines, g.Bound = v, noBound()
		for _, l := range v {
			g.Bound = pathBound(g.Bound, l)
		}
	case orb.Ring:
		g.onePoly[0], g.lonePoly, g.Bound = orb.Polygon{v}, true, pathBound(noBound(), v)
	case orb.Polygon:
		g.onePoly[0], g.lonePoly, g.Bound = v, true, polygonBound(noBound(), v)
	case orb.MultiPolygon:
		g.polys, g.Bound = v, noBound()
		for _, p := range v {
			g.Bound = polygonBound(g.Bound, p)
		}
	case orb.Bound:
		if v.IsEmpty() {
			return false
		}
		g.onePoly[0], g.lonePoly, g.Bound = v.ToPolygon(), true, v
	default: // nil, Collection
		return false
	}
	return !g.empty()
}

func (g *Parts) pts() []orb.Point {
	if g.lonePt {
		return g.one[:]
	}
	return g.points
}

func (g *Parts) lns() []orb.LineString {
	if g.loneLine {
		return g.oneLine[:]
	}
	return g.lines
}

func (g *Parts) areas() []orb.Polygon {
	if g.lonePoly {
		return g.onePoly[:]
	}
	return g.polys
}

// size returns the number of vertices.
func (g *Parts) size() int {
	n := len(g.pts())
	for _, l := range g.lns() {
		n += len(l)
	}
	for _, p := range g.areas() {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

func (g *Parts) empty() bool {
	if len(g.pts()) > 0 {
		return false
	}
	for _, l := range g.lns() {
		if len(l) > 0 {
			return false
		}
	}
	for _, p := range g.areas() {
		for _, r := range p {
			if len(r) > 0 {
				return false
			}
		}
	}
	return true
}

// edges yields every edge: isolated points as zero-length edges, the
// segments of lines, and the edges of rings, closing open rings.
func (g *Parts) Edges(yield func(a, b orb.Point) bool) {
	for _, p := range g.pts() {
		if !yield(p, p) {
			return
		}
	}
	for _, l := range g.lns() {
		if !pathEdges(l, false, yield) {
			return
		}
	}
	for _, p := range g.areas() {
		for _, r := range p {
			if !pathEdges(r, true, yield) {
				return
			}
		}
	}
}

// pathEdges yields the edges of a polyline, or of a ring if closed. A path
// with one vertex yields it as a zero-length edge.
func pathEdges(path []orb.Point, closed bool, yield func(a, b orb.Point) bool) bool {
	switch len(path) {
	case 0:
		return true
	case 1:
		return yield(path[0], path[0])
	}
	for i := 1; i < len(path); i++ {
		if !yield(path[i-1], path[i]) {
			return false
		}
	}
	if last := path[len(path)-1]; closed && last != path[0] {
		return yield(last, path[0])
	}
	return true
}

// vertices yields every vertex, once per position in its path (a closed
// ring's repeated first vertex is skipped).
func (g *Parts) Vertices(yield func(v orb.Point) bool) {
	for _, p := range g.pts() {
		if !yield(p) {
			return
		}
	}
	for _, l := range g.lns() {
		for _, v := range l {
			if !yield(v) {
				return
			}
		}
	}
	for _, p := range g.areas() {
		for _, r := range p {
			n := len(r)
			if n > 1 && r[0] == r[n-1] {
				n--
			}
			for _, v := range r[:n] {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// firstVertices yields one vertex of each connected part: each point, the
// first vertex of each line and of each polygon's outer ring. If two
// geometries neither cross nor touch, a part is inside a polygon exactly
// when its first vertex is.
func (g *Parts) firstVertices(yield func(v orb.Point) bool) {
	for _, p := range g.pts() {
		if !yield(p) {
			return
		}
	}
	for _, l := range g.lns() {
		if len(l) > 0 && !yield(l[0]) {
			return
		}
	}
	for _, p := range g.areas() {
		if len(p) > 0 && len(p[0]) > 0 && !yield(p[0][0]) {
			return
		}
	}
}
