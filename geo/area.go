package geo

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// An area (AuditOptions.Area) decides whether a point is in or on it by
// geodist.Within(point, area, 0), which walks every edge: a district of
// thousands of vertices made a licence list of 100,000 rows take seconds.
// areaGrid answers most points from a grid of cells laid over the area's
// box, each known to be wholly inside or wholly outside it, and leaves the
// points of cells the boundary comes near to Within.
//
// A cell is classed by the exact engine: it is inside (or outside) when the
// boundary stays more than cellMargin from the cell's polygon and the
// cell's centre is in (or out of) the area. A point of the cell's lon/lat
// rectangle is within the bow of the cell's edges (geodesics bow poleward
// from the parallels they join) of that polygon; the grid is only used
// where the bow is under half the margin, so such a point is more than
// half the margin from the boundary and on the centre's side of it: the
// grid answers exactly as Within does.
const (
	cellMargin    = 10.0   // meters
	maxCellMeters = 5000.0 // the widest cell, east to west
	gridCells     = 32     // cells along the box's longer side, at most
	minGridEdges  = 256    // fewer edges than this: Within is fast enough
	gridAfter     = 1024   // points asked before the grid is worth its cost
	maxGridLat    = 70.0   // degrees: nearer the poles, edges bow too far
)

// Cell classes.
const (
	cellNear int8 = iota // the boundary comes within cellMargin
	cellIn
	cellOut
)

// areaGrid answers "is this point in or on the area" for AuditOptions.
// Safe for concurrent use.
type areaGrid struct {
	area  orb.Geometry
	edges int

	asked atomic.Int64
	once  sync.Once
	ready bool // the grid is built (and usable)

	box        orb.Bound
	nx, ny     int
	dlon, dlat float64
	cells      []int8
}

func newAreaGrid(area orb.Geometry) *areaGrid {
	return &areaGrid{area: area, edges: countEdges(area)}
}

// holds reports whether a feature with geometry f and box b is in or on
// the area: a point from its cell, a larger geometry from the cells under
// it (touches), and either from the area's edges when the grid cannot say.
// f is called only when needed.
func (g *areaGrid) holds(f func() orb.Geometry, b orb.Bound) bool {
	if b.Min == b.Max { // a point
		if g.built() {
			if c := g.cell(b.Min); c != cellNear {
				return c == cellIn
			}
		}
		_, ok := geodist.Within(b.Min, g.area, 0)
		return ok
	}
	geom := f()
	if in, decided := g.touches(geom); decided {
		return in
	}
	_, ok := geodist.Within(geom, g.area, 0)
	return ok
}

// touches reports whether geom is in or on the area, when every cell under
// geodist.Bound(geom) (its box with its edges' bow) is of one class: all
// inside, or all outside. decided is false otherwise, and while the grid
// is not built.
func (g *areaGrid) touches(geom orb.Geometry) (in, decided bool) {
	if !g.built() {
		return false, false
	}
	b := geodist.Bound(geom)
	if !b.Intersects(g.box) {
		return false, true
	}
	i0, j0 := g.index(b.Min)
	i1, j1 := g.index(b.Max)
	outside := b.Min[0] < g.box.Min[0] || b.Min[1] < g.box.Min[1] || b.Max[0] > g.box.Max[0] || b.Max[1] > g.box.Max[1]
	if (i1-i0+1)*(j1-j0+1) > 16 {
		return false, false
	}
	seen := [3]bool{}
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			seen[g.cells[j*g.nx+i]] = true
		}
	}
	switch {
	case seen[cellNear] || (seen[cellIn] && (seen[cellOut] || outside)):
		return false, false
	case seen[cellIn]:
		return true, true
	}
	return false, true
}

// index returns the cell holding p, clamped to the grid.
func (g *areaGrid) index(p orb.Point) (int, int) {
	i := int((p[0] - g.box.Min[0]) / g.dlon)
	j := int((p[1] - g.box.Min[1]) / g.dlat)
	return min(max(i, 0), g.nx-1), min(max(j, 0), g.ny-1)
}

// built builds the grid once gridAfter features have been asked about,
// and reports whether it is usable: never for an area of fewer than
// minGridEdges edges.
func (g *areaGrid) built() bool {
	if g.edges < minGridEdges || g.asked.Add(1) <= gridAfter {
		return false
	}
	g.once.Do(g.build)
	return g.ready
}

// cell returns the class of the cell holding p, cellNear outside the grid.
func (g *areaGrid) cell(p orb.Point) int8 {
	if !g.box.Contains(p) {
		return cellOut // the box holds the whole area, with its edges' bow
	}
	i, j := g.index(p)
	return g.cells[j*g.nx+i]
}

// build lays the grid, unless the area is too near a pole or too wide for
// cells of at most maxCellMeters.
func (g *areaGrid) build() {
	box := geodist.Bound(g.area)
	if box.IsEmpty() || math.Max(math.Abs(box.Min[1]), math.Abs(box.Max[1])) > maxGridLat {
		return
	}
	widthMeters := (box.Max[0] - box.Min[0]) * geodist.RadPerDeg * geodist.SemiMajor
	heightMeters := (box.Max[1] - box.Min[1]) * geodist.RadPerDeg * geodist.SemiMajor
	nx := max(1, int(math.Ceil(widthMeters/maxCellMeters)), int(gridCells*widthMeters/math.Max(widthMeters, heightMeters)))
	ny := max(1, int(gridCells*heightMeters/math.Max(widthMeters, heightMeters)))
	if nx > 4*gridCells {
		return
	}
	cellMeters := widthMeters / float64(nx) // at the equator: wider than anywhere in the box
	tanLat := math.Tan(math.Max(math.Abs(box.Min[1]), math.Abs(box.Max[1])) * geodist.RadPerDeg)
	if bow := cellMeters * cellMeters * tanLat / (8 * geodist.MinRadius); 2*bow > cellMargin/2 {
		return // twice the sagitta's first term: a safe bound at these sizes
	}
	g.box, g.nx, g.ny = box, nx, ny
	g.dlon, g.dlat = (box.Max[0]-box.Min[0])/float64(nx), (box.Max[1]-box.Min[1])/float64(ny)
	boundary := boundaryOf(g.area)
	g.cells = make([]int8, nx*ny)
	for j := range ny {
		for i := range nx {
			g.cells[j*nx+i] = g.classify(boundary, i, j)
		}
	}
	g.ready = true
}

// classify returns the class of cell (i, j).
func (g *areaGrid) classify(boundary orb.MultiLineString, i, j int) int8 {
	x0, y0 := g.box.Min[0]+float64(i)*g.dlon, g.box.Min[1]+float64(j)*g.dlat
	x1, y1 := x0+g.dlon, y0+g.dlat
	cell := orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	if _, near := geodist.Within(boundary, cell, cellMargin); near {
		return cellNear
	}
	if _, in := geodist.Within(orb.Point{(x0 + x1) / 2, (y0 + y1) / 2}, g.area, 0); in {
		return cellIn
	}
	return cellOut
}

// boundaryOf returns the rings of a Polygon or MultiPolygon as lines.
func boundaryOf(area orb.Geometry) orb.MultiLineString {
	var out orb.MultiLineString
	add := func(p orb.Polygon) {
		for _, r := range p {
			out = append(out, orb.LineString(r))
		}
	}
	switch a := area.(type) {
	case orb.Polygon:
		add(a)
	case orb.MultiPolygon:
		for _, p := range a {
			add(p)
		}
	}
	return out
}

// countEdges returns the number of ring edges of a Polygon or
// MultiPolygon, 0 for anything else (which then never uses the grid).
func countEdges(area orb.Geometry) int {
	n := 0
	for _, l := range boundaryOf(area) {
		n += max(len(l)-1, 0)
	}
	return n
}
