package crs

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"github.com/safezone/safezone/geo"
)

// toWGS84Geometry returns g, whose [lon, lat] points are in c, with every
// point converted to WGS84 by c.ToWGS84. g is not modified. It returns an
// error wrapping ErrInvalidInput if a point is out of range or c is
// unknown.
func ToWGS84Geometry(g orb.Geometry, c System) (orb.Geometry, error) {
	if c == WGS84 || c == CGCS2000 || c == "" {
		return g, nil
	}
	var err error
	conv := func(p orb.Point) orb.Point {
		q, e := c.ToWGS84(geo.Point{Lat: p[1], Lon: p[0]})
		if e != nil && err == nil {
			err = e
		}
		return orb.Point{q.Lon, q.Lat}
	}
	out := project.Geometry(orb.Clone(g), conv)
	if err != nil {
		return nil, err
	}
	return out, nil
}
