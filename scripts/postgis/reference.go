package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/geodesic"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"
)

// writeReference reads lines of feature ID, school ID and measured_from
// (campus or gate), tab-separated, and writes each with the reference
// distance in meters appended: the least geodesic distance on the WGS84
// ellipsoid between the feature and the school's campus (or gates, if it
// has any and the rule measures from them).
//
// The reference shares no distance code with geo: it minimises Karney's
// inverse (tidwall/geodesic) over each edge by golden-section search along
// the edge's geodesic, between every vertex of one geometry and every edge
// or vertex of the other; a geometry that contains or crosses the other is
// at 0 m. It is slow and only for the few pairs the comparison questions.
func writeReference(w io.Writer, r io.Reader, data string) error {
	type pair struct{ feature, school, from string }
	var pairs []pair
	need := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			return fmt.Errorf("line %q: want feature_id, school_id and measured_from, tab-separated", sc.Text())
		}
		pairs = append(pairs, pair{f[0], f[1], f[2]})
		need[f[0]], need[f[1]] = true, true
	}
	if err := sc.Err(); err != nil || len(pairs) == 0 {
		return err
	}
	features, err := geojson.ReadDir(data)
	if err != nil {
		return err
	}
	byID := map[string]geo.Feature{}
	for _, f := range features {
		if need[f.ID] {
			byID[f.ID] = f
		}
	}
	bw := bufio.NewWriter(w)
	for _, p := range pairs {
		f, fok := byID[p.feature]
		s, sok := byID[p.school]
		if !fok || !sok {
			return fmt.Errorf("pair %s %s: not in %s", p.feature, p.school, data)
		}
		target := s.Geometry
		if p.from == string(geo.FromGate) && len(s.Gates) > 0 {
			mp := orb.MultiPoint{}
			for _, g := range s.Gates {
				mp = append(mp, orb.Point{g.Lon, g.Lat})
			}
			target = mp
		}
		fmt.Fprintf(bw, "%s\t%s\t%s\t%.6f\n", p.feature, p.school, p.from, referenceMeters(f.Geometry, target))
	}
	return bw.Flush()
}

// referenceMeters is the least geodesic distance between a and b.
func referenceMeters(a, b orb.Geometry) float64 {
	if touches(a, b) {
		return 0
	}
	pa, ea := parts(a)
	pb, eb := parts(b)
	best := math.Inf(1)
	for _, p := range pa {
		for _, q := range pb {
			best = math.Min(best, inverse(p, q))
		}
		for _, e := range eb {
			best = math.Min(best, pointEdge(p, e))
		}
	}
	for _, q := range pb {
		for _, e := range ea {
			best = math.Min(best, pointEdge(q, e))
		}
	}
	return best
}

// parts returns a geometry's vertices and edges.
func parts(g orb.Geometry) (pts []orb.Point, edges [][2]orb.Point) {
	path := func(ps []orb.Point) {
		pts = append(pts, ps...)
		for i := 0; i+1 < len(ps); i++ {
			edges = append(edges, [2]orb.Point{ps[i], ps[i+1]})
		}
	}
	switch g := g.(type) {
	case orb.Point:
		pts = append(pts, g)
	case orb.MultiPoint:
		pts = append(pts, g...)
	case orb.LineString:
		path(g)
	case orb.MultiLineString:
		for _, l := range g {
			path(l)
		}
	case orb.Polygon:
		for _, r := range g {
			path(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				path(r)
			}
		}
	}
	return pts, edges
}

// touches reports whether a vertex of one geometry lies in a polygon of the
// other, or their edges cross, in lon/lat: then the distance is 0.
func touches(a, b orb.Geometry) bool {
	pa, ea := parts(a)
	pb, eb := parts(b)
	for _, p := range pa {
		if inPolygon(b, p) {
			return true
		}
	}
	for _, p := range pb {
		if inPolygon(a, p) {
			return true
		}
	}
	for _, e := range ea {
		for _, f := range eb {
			if cross(e, f) {
				return true
			}
		}
	}
	return false
}

func inPolygon(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

func cross(e, f [2]orb.Point) bool {
	side := func(a, b, c orb.Point) float64 { return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0]) }
	d1, d2 := side(f[0], f[1], e[0]), side(f[0], f[1], e[1])
	d3, d4 := side(e[0], e[1], f[0]), side(e[0], e[1], f[1])
	return d1*d2 < 0 && d3*d4 < 0
}

func inverse(p, q orb.Point) float64 {
	var d float64
	geodesic.WGS84.Inverse(p[1], p[0], q[1], q[0], &d, nil, nil)
	return d
}

// pointEdge minimises the distance from p to the points of edge e's
// geodesic by golden-section search, which the distance along a short
// geodesic is unimodal for.
func pointEdge(p orb.Point, e [2]orb.Point) float64 {
	var s12, azi1 float64
	geodesic.WGS84.Inverse(e[0][1], e[0][0], e[1][1], e[1][0], &s12, &azi1, nil)
	at := func(s float64) float64 {
		var lat, lon float64
		geodesic.WGS84.Direct(e[0][1], e[0][0], azi1, s, &lat, &lon, nil)
		return inverse(p, orb.Point{lon, lat})
	}
	g := (math.Sqrt(5) - 1) / 2
	lo, hi := 0.0, s12
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := at(x1), at(x2)
	for hi-lo > 1e-7 {
		if f1 < f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = at(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = at(x2)
		}
	}
	return math.Min(math.Min(f1, f2), math.Min(at(0), at(s12)))
}
