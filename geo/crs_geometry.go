package geo

import "github.com/paulmach/orb"

// toWGS84Geometry returns g, whose [lon, lat] points are in c, with every
// point converted to WGS84 by c.ToWGS84. g is not modified. It returns an
// error wrapping ErrInvalidInput if a point is out of range or c is
// unknown.
func toWGS84Geometry(g orb.Geometry, c CRS) (orb.Geometry, error) {
	if c == WGS84 || c == CGCS2000 || c == "" {
		return g, nil
	}
	var err error
	conv := func(p orb.Point) orb.Point {
		q, e := c.ToWGS84(Point{Lat: p[1], Lon: p[0]})
		if e != nil && err == nil {
			err = e
		}
		return orb.Point{q.Lon, q.Lat}
	}
	out := mapPoints(orb.Clone(g), conv)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mapPoints applies f to every point of g in place and returns g. It
// handles every orb geometry but Bound, which it returns as it is.
func mapPoints(g orb.Geometry, f func(orb.Point) orb.Point) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return f(g)
	case orb.MultiPoint:
		mapSlice(g, f)
	case orb.LineString:
		mapSlice(g, f)
	case orb.Ring:
		mapSlice(g, f)
	case orb.MultiLineString:
		for _, ls := range g {
			mapSlice(ls, f)
		}
	case orb.Polygon:
		for _, r := range g {
			mapSlice(r, f)
		}
	case orb.MultiPolygon:
		for _, pg := range g {
			for _, r := range pg {
				mapSlice(r, f)
			}
		}
	case orb.Collection:
		for i := range g {
			g[i] = mapPoints(g[i], f)
		}
	}
	return g
}

func mapSlice[S ~[]orb.Point](s S, f func(orb.Point) orb.Point) {
	for i := range s {
		s[i] = f(s[i])
	}
}
