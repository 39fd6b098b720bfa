package osm

import (
	"slices"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo/internal/geodist"
	"github.com/tidwall/rtree"

	"github.com/safezone/safezone/geo"
)

// Layer is one layer of the offline basemap. Layers are drawn in the order
// of Layers, bottom first.
type Layer string

// The basemap layers. What each holds is listed on ReadBasemap.
const (
	LayerLanduse  Layer = "landuse"
	LayerWater    Layer = "water"
	LayerBuilding Layer = "building"
	LayerCampus   Layer = "campus"
	LayerRoad     Layer = "road"
)

// Layers lists the basemap layers in drawing order, bottom first.
var Layers = []Layer{LayerLanduse, LayerWater, LayerBuilding, LayerCampus, LayerRoad}

func layerOrder(l Layer) int { return slices.Index(Layers, l) }

// MapFeature is one thing drawn on the basemap: a road, a water body, a
// building, a land use area or a school campus.
type MapFeature struct {
	ID    string // "way/N" or "relation/N" for OpenStreetMap data, else the feature's ID
	Layer Layer
	// Class is the OpenStreetMap value that put the feature in its layer:
	// the highway value for roads ("primary", "footway"), the building
	// value for buildings ("yes", "school"), the landuse, leisure or
	// natural value for land use ("residential", "park", "wood"), the
	// waterway, water or natural value for water ("river", "pond",
	// "water"), and the amenity value for campuses ("school").
	Class string
	Name  string
	// Geometry is a LineString or MultiLineString for roads and waterways,
	// a Polygon or MultiPolygon for areas, with [lon, lat] points, outer
	// rings counterclockwise and holes clockwise.
	Geometry orb.Geometry
}

// Road is one highway=* way of the road network, as a pedestrian graph
// needs it. A way with nodes missing from the file (an extract cut at its
// boundary) gives one Road per run of nodes present, each with the same
// WayID.
type Road struct {
	WayID int64
	Class string // the highway value: "primary", "residential", "footway"...
	Name  string
	// Area is set for the outline of a walkable area (highway=* with
	// area=yes: a square, a pedestrian plaza, a service area), a closed
	// line that is also drawn as land use. A walk goes round its edge, as
	// pgRouting does on the same ways, never across it.
	Area bool
	// Foot, Access, Footway, Sidewalk and Oneway are the raw values of the
	// OpenStreetMap tags of the same names, "" when untagged.
	Foot, Access, Footway, Sidewalk, Oneway string
	// Nodes are the OSM node IDs of the vertices of Line, in step with it.
	Nodes []int64
	Line  orb.LineString
}

// Junction is an OSM node shared by two or more highway ways, or used
// twice by one, where a walker can turn. Point is the node's location.
// Streets are the distinct names of the ways that meet there, main roads
// first (motorway, trunk, primary... footway, path, then other classes),
// then by name: an officer knows a junction as 人民南路与锦里西路交叉口,
// not as a node ID.
type Junction struct {
	NodeID  int64
	Point   geo.Point
	Streets []string
}

// Basemap is the offline basemap: what to draw under the safety-zone
// layers when no tile server is reachable, and the road network. It is
// immutable once built and safe for concurrent use.
type Basemap struct {
	items     []mapItem
	trees     [maxDetailZoom + 1]rtree.RTreeGN[float32, uint32] // by minimum zoom
	roads     []Road
	junctions []Junction
	counts    map[Layer]int
	extent    orb.Bound
}

// mapItem is a feature with what its queries need.
type mapItem struct {
	MapFeature
	minZoom int     // the lowest zoom that draws it; see minZoomFor
	rank    float64 // drawing order inside its layer, lowest first
}

// newBasemap indexes items, which it owns from then on.
func newBasemap(items []mapItem, roads []Road, junctions []Junction) *Basemap {
	b := &Basemap{items: items, roads: roads, junctions: junctions, counts: map[Layer]int{}}
	for i := range b.items {
		it := &b.items[i]
		bound := it.Geometry.Bound()
		if i == 0 {
			b.extent = bound
		} else {
			b.extent = b.extent.Union(bound)
		}
		it.minZoom = minZoomFor(it.Layer, it.Class, it.Geometry)
		it.rank = rankFor(it)
		lo, hi := geodist.Box32(bound)
		b.trees[it.minZoom].Insert(lo, hi, uint32(i))
		b.counts[it.Layer]++
	}
	return b
}

// Count returns how many features layer l holds.
func (b *Basemap) Count(l Layer) int { return b.counts[l] }

// Len returns how many features the basemap holds, over all layers.
func (b *Basemap) Len() int { return len(b.items) }

// Extent returns the bounding box of all features; ok is false when the
// basemap is empty.
func (b *Basemap) Extent() (bound orb.Bound, ok bool) { return b.extent, len(b.items) > 0 }

// Roads returns the road network: every highway=* way read as a line, and
// the outline of every highway=* area (Road.Area),
// sorted by way ID, with its tags and the OSM node ID of each vertex. It is
// empty for a basemap built by NewBasemap. The slice is a copy, but the
// roads' Nodes and Line are shared and must not be modified.
func (b *Basemap) Roads() []Road { return slices.Clone(b.roads) }

// Intersections returns the junctions of the road network, sorted by node
// ID: the nodes that two or more of the highway ways behind Roads use, or
// one of them uses twice (the closing node of a closed way counts once).
// Nodes missing from the file are not junctions. It is empty for a basemap
// built by NewBasemap. The slice is a copy.
func (b *Basemap) Intersections() []Junction { return slices.Clone(b.junctions) }
