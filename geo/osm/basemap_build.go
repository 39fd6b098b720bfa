package osm

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// basemap assembles the ways and relations into features, roads and
// junctions, and indexes them.
func (b *mapBuilder) basemap() *Basemap {
	// osmBuilder assembles multipolygons from the member ways and nodes.
	mp := &osmBuilder{ways: b.members, nodes: b.nodes}
	items := make([]mapItem, 0, len(b.ways)+len(b.rels))
	var roads []Road
	for i := range b.ways {
		w := &b.ways[i]
		id := fmt.Sprintf("way/%d", w.id)
		if w.road != nil {
			pieces := b.roadPieces(w)
			roads = append(roads, pieces...)
			if w.road.Area {
				// A walkable area is drawn as one; its outline is walked.
				if g, ok := b.wayGeometry(mp, w); ok {
					items = append(items, mapItem{MapFeature: MapFeature{ID: id, Layer: w.class.layer, Class: w.class.class, Name: w.name, Geometry: g}})
				}
				continue
			}
			if g := roadGeometry(pieces); g != nil {
				items = append(items, mapItem{MapFeature: MapFeature{ID: id, Layer: LayerRoad, Class: w.class.class, Name: w.name, Geometry: g}})
			}
			continue
		}
		if g, ok := b.wayGeometry(mp, w); ok {
			items = append(items, mapItem{MapFeature: MapFeature{ID: id, Layer: w.class.layer, Class: w.class.class, Name: w.name, Geometry: g}})
		}
	}
	for i := range b.rels {
		r := &b.rels[i]
		if g, ok := mp.multipolygon(r.members); ok {
			id := fmt.Sprintf("relation/%d", r.id)
			items = append(items, mapItem{MapFeature: MapFeature{ID: id, Layer: r.class.layer, Class: r.class.class, Name: r.name, Geometry: g}})
		}
	}
	return newBasemap(items, roads, b.junctions())
}

// wayGeometry builds a way of an area layer or a waterway: a closed way is
// an area unless its class is a line; an unclosed one is a line for
// waterways and is skipped for areas.
func (b *mapBuilder) wayGeometry(mp *osmBuilder, w *mapWay) (orb.Geometry, bool) {
	closed := len(w.nodes) >= 4 && w.nodes[0] == w.nodes[len(w.nodes)-1]
	if w.class.line {
		g, _ := mp.line(w.nodes)
		return g, g != nil
	}
	if !closed {
		return nil, false
	}
	ring, ok := mp.ring(w.nodes)
	if !ok {
		return nil, false
	}
	orient(ring, orb.CCW)
	return orb.Polygon{ring}, true
}

// roadPieces resolves a road's nodes into one Road per run of nodes present
// in the file; runs of one node are dropped.
func (b *mapBuilder) roadPieces(w *mapWay) []Road {
	var out []Road
	start := 0
	flush := func(end int) {
		if end-start >= 2 {
			r := *w.road
			r.Nodes = w.nodes[start:end:end]
			r.Line = make(orb.LineString, end-start)
			for i, id := range r.Nodes {
				r.Line[i], _ = b.nodes.point(id)
			}
			out = append(out, r)
		}
		start = end + 1
	}
	for i, id := range w.nodes {
		if _, ok := b.nodes.point(id); !ok {
			flush(i)
		}
	}
	flush(len(w.nodes))
	return out
}

// roadGeometry is the drawn line of a road's pieces, sharing their points.
func roadGeometry(pieces []Road) orb.Geometry {
	switch len(pieces) {
	case 0:
		return nil
	case 1:
		return pieces[0].Line
	}
	ml := make(orb.MultiLineString, len(pieces))
	for i := range pieces {
		ml[i] = pieces[i].Line
	}
	return ml
}

// nodeUse is a node of a road: its ID and the index of the road's way in
// mapBuilder.ways.
type nodeUse struct {
	node int64
	way  int32
}

// roadRank orders road classes for naming a junction: main roads first,
// as an officer says 人民南路与锦里西路交叉口. Other classes come last.
var roadRank = map[string]int{
	"motorway": 0, "trunk": 1, "primary": 2, "secondary": 3, "tertiary": 4, "unclassified": 5,
	"residential": 6, "living_street": 7, "service": 8, "pedestrian": 9, "footway": 10, "path": 11,
}

// streets returns the distinct names of the roads of uses, main roads
// first (roadRank; a name takes the best rank of its ways), then by name;
// nil when none is named.
func (b *mapBuilder) streets(uses []nodeUse) []string {
	rank := map[string]int{}
	var names []string
	for _, u := range uses {
		w := &b.ways[u.way]
		if w.name == "" {
			continue
		}
		r, ok := roadRank[w.road.Class]
		if !ok {
			r = len(roadRank)
		}
		if old, seen := rank[w.name]; !seen {
			names = append(names, w.name)
			rank[w.name] = r
		} else if r < old {
			rank[w.name] = r
		}
	}
	slices.SortFunc(names, func(x, y string) int { return cmp.Or(cmp.Compare(rank[x], rank[y]), cmp.Compare(x, y)) })
	return names
}

// junctions finds the nodes used by two or more roads, or twice by one:
// every road's node uses (less the closing node of a closed way) sorted, and
// the repeats kept.
func (b *mapBuilder) junctions() []Junction {
	var uses []nodeUse
	for i := range b.ways {
		w := &b.ways[i]
		if w.road == nil {
			continue
		}
		nodes := w.nodes
		if n := len(nodes); n >= 2 && nodes[0] == nodes[n-1] {
			nodes = nodes[:n-1]
		}
		for _, id := range nodes {
			uses = append(uses, nodeUse{id, int32(i)})
		}
	}
	slices.SortFunc(uses, func(x, y nodeUse) int { return cmp.Or(cmp.Compare(x.node, y.node), cmp.Compare(x.way, y.way)) })
	var out []Junction
	for i := 0; i < len(uses); {
		j := i + 1
		for j < len(uses) && uses[j].node == uses[i].node {
			j++
		}
		if p, ok := b.nodes.point(uses[i].node); ok && j-i >= 2 {
			out = append(out, Junction{NodeID: uses[i].node, Point: geo.Point{Lat: p.Lat(), Lon: p.Lon()}, Streets: b.streets(uses[i:j])})
		}
		i = j
	}
	return out
}
