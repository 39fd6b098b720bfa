package osm

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

const (
	// osmMetersPerDegree is one degree of latitude on a sphere of the
	// IUGG mean radius 6371008.8 m; good to well under 1% at 5 m.
	osmMetersPerDegree = 6371008.8 * math.Pi / 180
	osmGateCellDegrees = 0.01
)

// osmGateGrid buckets gate candidates into cells of osmGateCellDegrees.
type osmGateGrid struct {
	cells map[[2]int32][]int32
	gates []geo.Point
}

func newOSMGateGrid(gates []geo.Point) *osmGateGrid {
	g := &osmGateGrid{cells: make(map[[2]int32][]int32), gates: gates}
	for i, p := range gates {
		c := osmGateCell(p.Lat, p.Lon)
		g.cells[c] = append(g.cells[c], int32(i))
	}
	return g
}

func osmGateCell(lat, lon float64) [2]int32 {
	return [2]int32{int32(math.Floor(lat / osmGateCellDegrees)), int32(math.Floor(lon / osmGateCellDegrees))}
}

// near returns the gates within GateMeters of the rings of a Polygon or
// MultiPolygon campus, inside or outside it, in node order of their cells.
// A Point campus has no boundary and so no gates.
func (g *osmGateGrid) near(campus orb.Geometry) []geo.Point {
	var rings []orb.Ring
	switch c := campus.(type) {
	case orb.Polygon:
		rings = c
	case orb.MultiPolygon:
		for _, p := range c {
			rings = append(rings, p...)
		}
	}
	if len(rings) == 0 || len(g.gates) == 0 {
		return nil
	}
	bound := campus.Bound()
	dLat := geo.GateMeters / osmMetersPerDegree
	dLon := dLat / math.Max(math.Cos(bound.Center()[1]*math.Pi/180), 1e-3)
	bound.Min = orb.Point{bound.Min[0] - dLon, bound.Min[1] - dLat}
	bound.Max = orb.Point{bound.Max[0] + dLon, bound.Max[1] + dLat}

	var out []geo.Point
	try := func(i int32) {
		p := g.gates[i]
		if bound.Contains(orb.Point{p.Lon, p.Lat}) && osmDistanceToRings(p, rings) <= geo.GateMeters {
			out = append(out, p)
		}
	}
	lo := osmGateCell(bound.Min[1], bound.Min[0])
	hi := osmGateCell(bound.Max[1], bound.Max[0])
	if cells := (int64(hi[0]) - int64(lo[0]) + 1) * (int64(hi[1]) - int64(lo[1]) + 1); cells > int64(len(g.gates)) {
		for i := range g.gates {
			try(int32(i))
		}
		return out
	}
	for y := lo[0]; y <= hi[0]; y++ {
		for x := lo[1]; x <= hi[1]; x++ {
			for _, i := range g.cells[[2]int32{y, x}] {
				try(i)
			}
		}
	}
	return out
}

// osmDistanceToRings returns the distance in meters from p to the nearest
// ring edge, on a local equirectangular projection around p: a few
// centimeters off at this 5 m scale, which is all the gate test needs.
func osmDistanceToRings(p geo.Point, rings []orb.Ring) float64 {
	ky := osmMetersPerDegree
	kx := ky * math.Cos(p.Lat*math.Pi/180)
	best := math.Inf(1)
	for _, r := range rings {
		for i := 1; i < len(r); i++ {
			ax, ay := (r[i-1][0]-p.Lon)*kx, (r[i-1][1]-p.Lat)*ky
			bx, by := (r[i][0]-p.Lon)*kx, (r[i][1]-p.Lat)*ky
			best = math.Min(best, originToSegment(ax, ay, bx, by))
		}
	}
	return best
}

// originToSegment is the distance from (0, 0) to the segment a-b.
func originToSegment(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}
