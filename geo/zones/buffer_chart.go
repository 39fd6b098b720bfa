package zones

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/tidwall/geodesic"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"
)

// splitGeodesic returns the points that split the geodesic a–b into n
// equal parts, without a and b.
func splitGeodesic(a, b orb.Point, n int) []orb.Point {
	line := geodesic.WGS84.InverseLine(a.Lat(), a.Lon(), b.Lat(), b.Lon(), geodesic.DistanceIn|geodesic.Longitude)
	out := make([]orb.Point, 0, n-1)
	for i := 1; i < n; i++ {
		var lat, lon float64
		line.Position(line.S13()*float64(i)/float64(n), &lat, &lon, nil)
		out = append(out, orb.Point{lon, lat})
	}
	return out
}

// xy is a point of a bufferChart, in meters.
type xy struct{ x, y float64 }

// bufferChart maps lon/lat to a plane in meters around a geometry, x east
// and y north. To first order it is the local tangent plane, x = Δλ·N₀·cos φ₀
// and y = Δφ·M₀ with the prime-vertical and meridian radii at the centre
// latitude φ₀, but the plane alone stretches east–west lengths by a factor
// 1 + tan φ₀·Δφ away from φ₀: 2 cm on a 200 m offset 300 m north of φ₀ at
// 60°N, more than 1 m on a 5 km buffer at 30°N. So the chart is the
// equidistant conic projection tangent at φ₀ instead, which the ellipsoid's
// symmetry makes exact along meridians and along φ₀, with a scale along
// other parallels of sin φ₀·ρ/(N·cos φ), whose derivative vanishes at φ₀:
// its error is Δφ²/2 relative (on a sphere; the ellipsoid differs by terms
// of order e²), whatever the longitude. At the equator it is the plane.
//
// With u = Δλ, w the meridian arc from φ₀ to φ, θ = u·sin φ₀ and
// ρ = N₀·cot φ₀ − w: x = ρ·sin θ and y = N₀·cot φ₀ − ρ·cos θ, written below
// without cot φ₀, which is infinite at the equator.
type bufferChart struct {
	lon0, phi0 float64 // centre, degrees and radians
	s, g0, m0  float64 // sin φ₀, N₀·cos φ₀ and M₀
}

// newBufferChart returns the chart for a geometry with bound b buffered by
// meters, or an error if the buffer would be too close to a pole, cross the
// antimeridian or be too tall for the chart to stay within
// bufferChartMeters.
func newBufferChart(b orb.Bound, meters float64) (bufferChart, error) {
	e := geodist.ExpandBound(b, meters)
	if e.Min[1] < -bufferMaxLat || e.Max[1] > bufferMaxLat {
		return bufferChart{}, geo.Invalidf("geometry: its buffer reaches beyond %v° of latitude", bufferMaxLat)
	}
	if e.Min[0] <= -180 || e.Max[0] >= 180 {
		return bufferChart{}, geo.Invalidf("geometry: its buffer reaches the antimeridian")
	}
	c := b.Center()
	phi0 := c.Lat() * geodist.RadPerDeg
	dphi := math.Max(e.Max[1]-c.Lat(), c.Lat()-e.Min[1]) * geodist.RadPerDeg
	if meters*dphi*dphi/2 > bufferChartMeters {
		return bufferChart{}, geo.Invalidf("geometry: %.0f km tall: too tall to buffer by %v m; split it",
			(b.Max[1]-b.Min[1])*geodist.RadPerDeg*geodist.MinRadius/1000, meters)
	}
	sin, cos := math.Sincos(phi0)
	w := math.Sqrt(1 - geodist.E2*sin*sin)
	return bufferChart{lon0: c.Lon(), phi0: phi0, s: sin, g0: geodist.SemiMajor / w * cos, m0: geodist.MinRadius / (w * w * w)}, nil
}

// meridianRadius returns M(φ), φ in radians.
func meridianRadius(phi float64) float64 {
	s := math.Sin(phi)
	w := math.Sqrt(1 - geodist.E2*s*s)
	return geodist.MinRadius / (w * w * w)
}

// arc returns the meridian arc from φ₀ to phi, in meters, by Simpson's
// rule: its error, of order Δφ⁵·e², is far below a micrometre for the
// heights newBufferChart accepts.
func (c *bufferChart) arc(phi float64) float64 {
	return (phi - c.phi0) / 6 * (c.m0 + 4*meridianRadius((phi+c.phi0)/2) + meridianRadius(phi))
}

func (c *bufferChart) forward(u, w float64) xy {
	th := c.s * u
	return xy{
		x: c.g0*u*sinc(th) - w*math.Sin(th),
		y: w*math.Cos(th) + c.g0*u*math.Sin(th/2)*sinc(th/2),
	}
}

func sinc(t float64) float64 {
	if t == 0 {
		return 1
	}
	return math.Sin(t) / t
}

func (c *bufferChart) xy(p orb.Point) xy {
	return c.forward((p.Lon()-c.lon0)*geodist.RadPerDeg, c.arc(p.Lat()*geodist.RadPerDeg))
}

// lonLat inverts xy by Newton's method from the tangent plane's answer.
// Each step squares the relative error, which starts below 1e-3, so two
// or three steps reach a nanometre.
func (c *bufferChart) lonLat(p xy) orb.Point {
	u, w := p.x/c.g0, p.y
	for range 6 {
		f := c.forward(u, w)
		ex, ey := p.x-f.x, p.y-f.y
		if math.Abs(ex)+math.Abs(ey) < 1e-9 {
			break
		}
		sin, cos := math.Sincos(c.s * u)
		u += (cos*ex + sin*ey) / (c.g0 - w*c.s)
		w += cos*ey - sin*ex
	}
	phi := c.phi0 + w/c.m0
	for range 4 {
		d := (w - c.arc(phi)) / meridianRadius(phi)
		phi += d
		if math.Abs(d) < 1e-16 {
			break
		}
	}
	return orb.Point{c.lon0 + u/geodist.RadPerDeg, phi / geodist.RadPerDeg}
}

// path maps a polyline or ring to the chart, splitting edges longer than
// bufferMaxEdgeMeters along their geodesic and dropping repeated vertices
// (and a ring's closing one).
func (c *bufferChart) path(pts []orb.Point, closed bool) []xy {
	out := make([]xy, 0, len(pts))
	add := func(p orb.Point) {
		q := c.xy(p)
		if n := len(out); n == 0 || math.Hypot(q.x-out[n-1].x, q.y-out[n-1].y) > bufferMinOffset {
			out = append(out, q)
		}
	}
	for i, p := range pts {
		if i > 0 {
			a := out[len(out)-1]
			q := c.xy(p)
			if l := math.Hypot(q.x-a.x, q.y-a.y); l > bufferMaxEdgeMeters {
				for _, m := range splitGeodesic(pts[i-1], p, int(math.Ceil(l/bufferMaxEdgeMeters))) {
					add(m)
				}
			}
		}
		add(p)
	}
	if closed && len(out) > 1 && math.Hypot(out[0].x-out[len(out)-1].x, out[0].y-out[len(out)-1].y) <= bufferMinOffset {
		out = out[:len(out)-1]
	}
	return out
}
