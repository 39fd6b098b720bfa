package crs

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
	"github.com/safezone/safezone/geo"
)

// System is a geographic coordinate reference system that input coordinates may
// be in. Every Feature and Point in this package is WGS84; other systems are
// converted at the edge with ToWGS84 and FromWGS84.
type System string

// The coordinate systems. WGS84 is EPSG:4326, what GPS and OpenStreetMap
// use. CGCS2000 is EPSG:4490, China's national geodetic datum, which GIS
// departments' Shapefiles use; it differs from WGS84 by a few centimetres,
// far below the precision of licence data, so its coordinates are taken as
// they are. GCJ-02 is the obfuscated datum that Chinese law requires of
// published maps (AMap/Gaode, Tencent, Apple Maps in China), offset from
// WGS84 by up to about 700 m. BD-09 is Baidu Maps' further offset of GCJ-02.
const (
	WGS84    System = "wgs84"
	CGCS2000 System = "cgcs2000"
	GCJ02    System = "gcj02"
	BD09     System = "bd09"
)

// Systems lists every coordinate system in a stable order.
var Systems = []System{WGS84, CGCS2000, GCJ02, BD09}

// crsAliases are the other names Parse accepts, after lowercasing and
// dropping '-', '_', ':' and spaces.
var crsAliases = map[string]System{
	"": WGS84, "wgs84": WGS84, "epsg4326": WGS84, "4326": WGS84, "gps": WGS84,
	"cgcs2000": CGCS2000, "epsg4490": CGCS2000, "4490": CGCS2000,
	"gcj02": GCJ02, "amap": GCJ02, "gaode": GCJ02, "高德": GCJ02, "火星": GCJ02,
	"bd09": BD09, "bd09ll": BD09, "baidu": BD09, "百度": BD09,
}

// Parse returns the coordinate system named s: wgs84, cgcs2000, gcj02 or
// bd09, in any case, with or without a hyphen, or an alias (EPSG:4326,
// EPSG:4490, amap, gaode, baidu, bd09ll). The empty string is WGS84. It
// returns an error wrapping ErrInvalidInput that quotes s and lists the
// allowed names if s is unknown.
func Parse(s string) (System, error) {
	key := strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == ':' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
	if c, ok := crsAliases[key]; ok {
		return c, nil
	}
	return "", geo.Invalid("crs", s, geo.OneOf(Systems))
}

// ToWGS84 converts p, given in c, to WGS84. It returns an error wrapping
// ErrInvalidInput that names the field if p fails Point.Validate. GCJ-02 and
// BD-09 are inverted iteratively: the result maps forward to within 1e-9
// degrees (0.1 mm) of p. Points outside China (see InChina) are returned as
// they are. It is safe for concurrent use.
func (c System) ToWGS84(p geo.Point) (geo.Point, error) {
	if err := p.Validate(); err != nil {
		return geo.Point{}, err
	}
	switch c {
	case GCJ02:
		return GCJ02ToWGS84(p), nil
	case BD09:
		return BD09ToWGS84(p), nil
	case WGS84, CGCS2000, "":
		return p, nil
	}
	return geo.Point{}, geo.Invalid("crs", string(c), geo.OneOf(Systems))
}

// FromWGS84 converts p, a WGS84 point, to c. It returns an error wrapping
// ErrInvalidInput that names the field if p fails Point.Validate. Points
// outside China (see InChina) are returned as they are. It is safe for
// concurrent use.
func (c System) FromWGS84(p geo.Point) (geo.Point, error) {
	if err := p.Validate(); err != nil {
		return geo.Point{}, err
	}
	switch c {
	case GCJ02:
		return WGS84ToGCJ02(p), nil
	case BD09:
		return WGS84ToBD09(p), nil
	case WGS84, CGCS2000, "":
		return p, nil
	}
	return geo.Point{}, geo.Invalid("crs", string(c), geo.OneOf(Systems))
}

// InChina reports whether p is in the box where GCJ-02 and BD-09 are offset
// from WGS84: longitude 72.004 to 137.8347 and latitude 0.8293 to 55.8271,
// edges included. It is the box every public implementation uses (the
// leaked GCJ-02 code, eviltransform, coordtransform, gcoord). It is coarse:
// it takes in parts of Mongolia, Korea, Japan and South-East Asia, which is
// also what AMap does with them, and leaves nothing of China out.
func InChina(p geo.Point) bool {
	return p.Lon >= 72.004 && p.Lon <= 137.8347 && p.Lat >= 0.8293 && p.Lat <= 55.8271
}

// Krasovsky 1940, the ellipsoid the GCJ-02 offset is scaled on.
const (
	gcjA  = 6378245.0
	gcjEE = 0.00669342162296594323 // first eccentricity squared
)

// WGS84ToGCJ02 converts a WGS84 point to GCJ-02. Points outside China (see
// InChina) are returned as they are. This is the formula of the GCJ-02 code
// that leaked in 2012 and that every public implementation uses (e.g.
// github.com/googollee/eviltransform transform.go, wandergis/coordtransform,
// hujiulong/gcoord src/crs/GCJ02.ts): a polynomial-and-sine offset in metres
// around (105°E, 35°N), scaled to degrees on the Krasovsky ellipsoid. It is
// exact to floating point against gcoord (geo/testdata/crs).
func WGS84ToGCJ02(p geo.Point) geo.Point {
	if !InChina(p) {
		return p
	}
	dLon, dLat := gcjDelta(p)
	return geo.Point{Lat: p.Lat + dLat, Lon: p.Lon + dLon}
}

// gcjDelta returns the GCJ-02 offset at p, in degrees.
func gcjDelta(p geo.Point) (dLon, dLat float64) {
	x, y := p.Lon-105, p.Lat-35
	tLat := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x)) +
		(20*math.Sin(6*x*math.Pi)+20*math.Sin(2*x*math.Pi))*2/3 +
		(20*math.Sin(y*math.Pi)+40*math.Sin(y/3*math.Pi))*2/3 +
		(160*math.Sin(y/12*math.Pi)+320*math.Sin(y*math.Pi/30))*2/3
	tLon := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x)) +
		(20*math.Sin(6*x*math.Pi)+20*math.Sin(2*x*math.Pi))*2/3 +
		(20*math.Sin(x*math.Pi)+40*math.Sin(x/3*math.Pi))*2/3 +
		(150*math.Sin(x/12*math.Pi)+300*math.Sin(x/30*math.Pi))*2/3
	rad := p.Lat / 180 * math.Pi
	s := math.Sin(rad)
	magic := 1 - gcjEE*s*s
	sqrtMagic := math.Sqrt(magic)
	dLat = tLat * 180 / ((gcjA * (1 - gcjEE)) / (magic * sqrtMagic) * math.Pi)
	dLon = tLon * 180 / (gcjA / sqrtMagic * math.Cos(rad) * math.Pi)
	return dLon, dLat
}

// bdFactor is Baidu's x_pi: π·3000/180.
const bdFactor = math.Pi * 3000 / 180

// gcj02ToBD09 is Baidu's published GCJ-02 to BD-09 step (the bd_encrypt
// function circulated since 2011; gcoord src/crs/BD09.ts GCJ02ToBD09): a
// small rotation and scaling about the origin, then a shift of (0.0065°,
// 0.006°).
func gcj02ToBD09(p geo.Point) geo.Point {
	x, y := p.Lon, p.Lat
	z := math.Sqrt(x*x+y*y) + 0.00002*math.Sin(y*bdFactor)
	theta := math.Atan2(y, x) + 0.000003*math.Cos(x*bdFactor)
	return geo.Point{Lat: z*math.Sin(theta) + 0.006, Lon: z*math.Cos(theta) + 0.0065}
}

// WGS84ToBD09 converts a WGS84 point to BD-09: GCJ-02, then Baidu's own
// step. Points outside China (see InChina) are returned as they are: Baidu
// Maps uses WGS84 abroad. (gcoord applies Baidu's step everywhere, so the two
// differ by about 700 m outside the box.)
func WGS84ToBD09(p geo.Point) geo.Point {
	if !InChina(p) {
		return p
	}
	return gcj02ToBD09(WGS84ToGCJ02(p))
}

// GCJ02ToWGS84 converts a GCJ-02 point to WGS84. No closed form exists, so
// it solves WGS84ToGCJ02(q) = p for q by fixed-point iteration, which
// converges because the offset changes by less than 1% of any step: the
// result maps forward to within 1e-9 degrees of p after at most 5
// evaluations of the forward transform inside China (at most 25 anywhere). Points outside China (see InChina)
// are returned as they are. It is safe for concurrent use.
func GCJ02ToWGS84(p geo.Point) geo.Point {
	q, _ := invert(p, WGS84ToGCJ02)
	return q
}

// BD09ToWGS84 converts a BD-09 point to WGS84, solving WGS84ToBD09(q) = p
// as GCJ02ToWGS84 does, to within 1e-9 degrees. Solving the whole chain,
// rather than undoing Baidu's step in closed form, keeps the closed form's
// error (up to about 0.1 m) out. Points outside China (see InChina) are
// returned as they are. It is safe for concurrent use.
func BD09ToWGS84(p geo.Point) geo.Point {
	q, _ := invert(p, WGS84ToBD09)
	return q
}

const (
	invertTolDeg  = 1e-9 // about 0.1 mm
	invertMaxIter = 25
)

// invert solves forward(q) = p by q ← q − (forward(q) − p), starting from
// p, and returns q and the number of iterations. Near the edges of the
// China box, where forward jumps, there may be no solution; it then returns
// the iterate whose image was nearest p, after at most invertMaxIter steps.
func invert(p geo.Point, forward func(geo.Point) geo.Point) (geo.Point, int) {
	if !InChina(p) {
		return p, 0
	}
	q, best, bestErr := p, p, math.Inf(1)
	for i := 1; i <= invertMaxIter; i++ {
		f := forward(q)
		dLat, dLon := f.Lat-p.Lat, f.Lon-p.Lon
		e := max(math.Abs(dLat), math.Abs(dLon))
		if e < bestErr {
			best, bestErr = q, e
		}
		if e < invertTolDeg || !(e < 1) { // !(e < 1) also stops on NaN
			return best, i
		}
		q = geo.Point{Lat: q.Lat - dLat, Lon: q.Lon - dLon}
	}
	return best, invertMaxIter
}

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
