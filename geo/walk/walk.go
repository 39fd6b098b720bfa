package walk

import (
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

// Graph is the pedestrian network of a basemap: the roads a person may
// walk (see Walkable), split at every vertex, with each segment weighted by
// its geodesic length on WGS84 in meters. Nodes are the roads' OSM nodes;
// two roads are joined only where they share a node, as in OpenStreetMap.
//
// The graph is stored in compressed sparse row form: for each node, the
// arcs that lead into it. Every search runs towards a school (from a
// business's door or a pupil's home to the school's gates), so the reverse
// adjacency is the one each search walks. A Graph is immutable once
// built and safe for concurrent use.
type Graph struct {
	ids   []int64     // OSM node ID by node index, ascending
	pts   []orb.Point // [lon, lat] by node index
	start []int32     // arcs into node v are start[v]:start[v+1]
	tail  []int32     // the node each arc leaves
	arcW  []float64   // each arc's length, meters
	segs  []walkSeg
	tree  rtree.RTreeGN[float32, int32] // segment boxes, for snapping
	pool  sync.Pool                     // *walkSearch
}

// walkSeg is one segment of a walkable road, between consecutive nodes u
// and v of the way. fwd allows walking u→v, bwd v→u.
type walkSeg struct {
	u, v     int32
	fwd, bwd bool
	length   float64 // geodesic, meters
	way      int64
}

// WalkSegment is one segment of the pedestrian graph, as Graph.Segments
// lists it: the stretch of OSM way WayID between two consecutive nodes.
type WalkSegment struct {
	WayID        int64
	From, To     int64 // OSM node IDs, in the way's order
	FromPoint    geo.Point
	ToPoint      geo.Point
	LengthMeters float64 // geodesic on WGS84
	Forward      bool    // a pedestrian may walk From→To
	Backward     bool    // a pedestrian may walk To→From
}

// NewGraph builds the pedestrian graph of roads, as Basemap.Roads
// returns them. Roads that are not Walkable are left out, and so are
// segments joining a node to itself. It never fails: an empty or
// unwalkable road list gives an empty graph, in which nothing is reachable.
func NewGraph(roads []osm.Road) *Graph {
	g := &Graph{}
	var ids []int64
	for i := range roads {
		if _, _, ok := walkAccess(&roads[i]); ok && len(roads[i].Nodes) == len(roads[i].Line) {
			ids = append(ids, roads[i].Nodes...)
		}
	}
	slices.Sort(ids)
	g.ids = slices.Clip(slices.Compact(ids))
	g.pts = make([]orb.Point, len(g.ids))
	for i := range roads {
		r := &roads[i]
		fwd, bwd, ok := walkAccess(r)
		if !ok || len(r.Nodes) != len(r.Line) {
			continue
		}
		prev := int32(-1)
		for k, id := range r.Nodes {
			n := g.node(id)
			g.pts[n] = r.Line[k]
			if prev >= 0 && prev != n {
				g.segs = append(g.segs, walkSeg{u: prev, v: n, fwd: fwd, bwd: bwd, way: r.WayID})
			}
			prev = n
		}
	}
	g.measure()
	g.buildArcs()
	for i := range g.segs {
		s := &g.segs[i]
		lo, hi := geodist.Box32(orb.Bound{Min: g.pts[s.u], Max: g.pts[s.u]}.Extend(g.pts[s.v]))
		g.tree.Insert(lo, hi, int32(i))
	}
	n := len(g.ids)
	g.pool.New = func() any { return newWalkSearch(n) }
	return g
}

// node returns the index of OSM node id, which must be in g.ids.
func (g *Graph) node(id int64) int32 {
	i, _ := slices.BinarySearch(g.ids, id)
	return int32(i)
}

// measure sets every segment's geodesic length, in parallel for large
// graphs: one Karney solution each.
func (g *Graph) measure() {
	parallelChunks(len(g.segs), 4096, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			s := &g.segs[i]
			s.length = geodist.Meters(g.pts[s.u], g.pts[s.v])
		}
	})
}

// buildArcs fills the reverse adjacency from the segments: an arc a→b is
// stored under b, with tail a.
func (g *Graph) buildArcs() {
	n := len(g.ids)
	count := make([]int32, n+1)
	for _, s := range g.segs {
		if s.fwd {
			count[s.v+1]++
		}
		if s.bwd {
			count[s.u+1]++
		}
	}
	for v := 1; v <= n; v++ {
		count[v] += count[v-1]
	}
	g.start = count
	m := count[n]
	g.tail, g.arcW = make([]int32, m), make([]float64, m)
	fill := slices.Clone(count[:n])
	add := func(from, to int32, w float64) {
		g.tail[fill[to]], g.arcW[fill[to]] = from, w
		fill[to]++
	}
	for _, s := range g.segs {
		if s.fwd {
			add(s.u, s.v, s.length)
		}
		if s.bwd {
			add(s.v, s.u, s.length)
		}
	}
}

// Nodes returns the number of nodes of the graph.
func (g *Graph) Nodes() int { return len(g.ids) }

// Arcs returns the number of directed arcs: two for a segment that may be
// walked both ways, one for a one-way footway.
func (g *Graph) Arcs() int { return len(g.tail) }

// Len returns the number of segments of the graph.
func (g *Graph) Len() int { return len(g.segs) }

// Segments calls fn for every segment, in the order of the roads given to
// NewGraph and along each, until fn returns false. It is how the graph
// is exported, e.g. to check it against pgRouting.
func (g *Graph) Segments(fn func(WalkSegment) bool) {
	for _, s := range g.segs {
		a, b := g.pts[s.u], g.pts[s.v]
		ws := WalkSegment{WayID: s.way, From: g.ids[s.u], To: g.ids[s.v],
			FromPoint: geo.Point{Lat: a[1], Lon: a[0]}, ToPoint: geo.Point{Lat: b[1], Lon: b[0]},
			LengthMeters: s.length, Forward: s.fwd, Backward: s.bwd}
		if !fn(ws) {
			return
		}
	}
}

// NodePoint returns the location of OSM node id; ok is false if the node is
// not in the graph.
func (g *Graph) NodePoint(id int64) (p geo.Point, ok bool) {
	i, ok := slices.BinarySearch(g.ids, id)
	if !ok {
		return geo.Point{}, false
	}
	return geo.Point{Lat: g.pts[i][1], Lon: g.pts[i][0]}, true
}

// parallelChunks calls fn on [lo, hi) chunks of [0, n) from several
// goroutines; small n runs inline.
func parallelChunks(n, chunk int, fn func(lo, hi int)) {
	if n <= chunk {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		wg.Go(func() { fn(lo, min(lo+chunk, n)) })
	}
	wg.Wait()
}
