package osm

import (
	"math"

	"github.com/paulmach/orb"
)

// simplifier simplifies geometries for one view, into new slices: the
// basemap's own geometries are shared between requests and never change.
type simplifier struct {
	tol2  float64 // squared Douglas-Peucker tolerance, degrees²
	scale float64 // 10^decimals, for rounding
}

// newSimplifier works for bound at zoom: the tolerance is half a pixel in
// degrees of longitude, times cos(lat) at bound's center so that it holds
// for latitude too (a web map stretches latitude by 1/cos(lat)), and the
// rounding is to the fewest decimals finer than the tolerance.
func newSimplifier(bound orb.Bound, zoom float64) simplifier {
	cos := math.Cos((bound.Min[1] + bound.Max[1]) / 2 * math.Pi / 180)
	tol := 0.5 * 360 / (256 * math.Exp2(zoom)) * max(cos, 0.01)
	decimals := min(7, max(0, math.Ceil(-math.Log10(tol))))
	return simplifier{tol2: tol * tol, scale: math.Pow(10, decimals)}
}

// geometry returns g simplified, or nil if nothing is left of it.
func (s simplifier) geometry(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.LineString:
		if l := s.path(g, 2); l != nil {
			return orb.LineString(l)
		}
	case orb.MultiLineString:
		var out orb.MultiLineString
		for _, l := range g {
			if l := s.path(l, 2); l != nil {
				out = append(out, l)
			}
		}
		if len(out) > 0 {
			return out
		}
	case orb.Polygon:
		if p := s.polygon(g); p != nil {
			return p
		}
	case orb.MultiPolygon:
		var out orb.MultiPolygon
		for _, p := range g {
			if p := s.polygon(p); p != nil {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// polygon drops the holes that collapse, and returns nil if the outer ring
// does.
func (s simplifier) polygon(p orb.Polygon) orb.Polygon {
	var out orb.Polygon
	for i, r := range p {
		sr := s.path(r, 4)
		if sr == nil && i == 0 {
			return nil
		}
		if sr != nil {
			out = append(out, orb.Ring(sr))
		}
	}
	return out
}

// path returns the points of pts that Douglas-Peucker keeps, rounded and
// without repeats, or nil if fewer than minLen are left. For a ring (first
// point equal to last) the first point's distance to the others decides.
func (s simplifier) path(pts []orb.Point, minLen int) []orb.Point {
	n := len(pts)
	if n < 2 {
		return nil
	}
	keep := make([]bool, n)
	keep[0], keep[n-1] = true, true
	stack := [][2]int{{0, n - 1}}
	for len(stack) > 0 {
		i, j := stack[len(stack)-1][0], stack[len(stack)-1][1]
		stack = stack[:len(stack)-1]
		far, farD := -1, s.tol2
		for k := i + 1; k < j; k++ {
			if d := segmentDist2(pts[k], pts[i], pts[j]); d > farD {
				far, farD = k, d
			}
		}
		if far >= 0 {
			keep[far] = true
			stack = append(stack, [2]int{i, far}, [2]int{far, j})
		}
	}
	out := make([]orb.Point, 0, 8)
	for i, p := range pts {
		if !keep[i] {
			continue
		}
		p = orb.Point{math.Round(p[0]*s.scale) / s.scale, math.Round(p[1]*s.scale) / s.scale}
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	if len(out) < minLen {
		return nil
	}
	return out
}

// segmentDist2 is the squared planar distance from p to the segment a-b,
// in degrees².
func segmentDist2(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	ex, ey := p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy)
	return ex*ex + ey*ey
}
