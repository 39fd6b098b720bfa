package osm

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/paulmach/osm"

	"github.com/safezone/safezone/geo"
)

// ReadBasemap reads the offline basemap of an OpenStreetMap file, PBF or
// XML as for Read, into five layers (the tags of each are listed on
// classifyMap, in basemap_tags.go):
//
//   - road: highway=* ways, as lines, class the highway value;
//   - water: natural=water, waterway=*, landuse=reservoir|basin;
//   - building: building=*;
//   - landuse: landuse=*, leisure=park|garden|pitch|..., natural=wood|
//     grassland|..., and pedestrian squares (highway=* with area=yes);
//   - campus: amenity=school|kindergarten|college|university areas.
//
// Areas are closed ways and type=multipolygon relations, assembled as
// Read does; a way or relation whose rings do not close, or whose nodes
// are missing from the file, is skipped. Lines are cut into pieces where
// nodes are missing. Nodes on their own are not drawn.
//
// Roads also make the road network (Roads, Intersections), with the tags a
// pedestrian graph needs and the node ID of every vertex; so do the
// outlines of walkable areas (highway=* with area=yes), which are drawn as
// land use.
//
// The file is streamed three times (relations, ways, nodes), keeping only
// what the layers need, so memory grows with the features kept rather than
// with the file. A corrupt file, or a node with coordinates out of range,
// gives an error wrapping ErrInvalidInput that names path; a missing or
// unreadable file gives the os error, wrapped with path. ReadBasemap is safe
// for concurrent use.
func ReadBasemap(path string) (*Basemap, error) {
	open := func() (io.ReadCloser, error) { return os.Open(path) }
	pbf, err := osmIsPBF(path, open)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	b, err := decodeBasemap(open, pbf)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}

// decodeBasemap reads a basemap from whatever open returns, opening it
// once per pass. pbf selects the PBF decoder, else XML.
func decodeBasemap(open func() (io.ReadCloser, error), pbf bool) (*Basemap, error) {
	src := osmSource{open: open, pbf: pbf, index: &pbfIndex{}}
	if !pbf {
		if err := checkOSMRoot(open); err != nil {
			return nil, err
		}
	}
	mb := &mapBuilder{}
	passes := []struct {
		pass osmPass
		add  func(osm.Object) error
		end  func()
	}{
		{osmPass{relation: keepMapRelation}, mb.addRelation, mb.endRelations},
		{osmPass{way: mb.keepWay}, mb.addWay, mb.endWays},
		{osmPass{node: mb.keepNode}, mb.addNode, func() {}},
	}
	for _, p := range passes {
		if err := src.scan(p.pass, p.add); err != nil {
			return nil, err
		}
		p.end()
	}
	return mb.basemap(), nil
}

// mapBuilder collects what the passes keep for the basemap.
type mapBuilder struct {
	rels    []mapRelation
	wayIDs  memberWays
	members []osmWay // those ways, sorted by ID, for osmBuilder.multipolygon
	ways    []mapWay // tagged ways
	nodes   osmNodes // the nodes the kept ways need
}

type mapRelation struct {
	id      int64
	class   mapClass
	name    string
	members []osmMember
}

type mapWay struct {
	id    int64
	class mapClass
	name  string
	road  *Road // the tags of a road; nil for the other layers
	nodes []int64
}

func (b *mapBuilder) addRelation(o osm.Object) error {
	r := o.(*osm.Relation)
	class, _ := classifyMap(r.Tags)
	// A multipolygon is an area: a highway one is a square, a waterway one
	// the water's surface.
	class.line = false
	if class.layer == LayerRoad {
		class.layer = LayerLanduse
	}
	b.rels = append(b.rels, mapRelation{id: int64(r.ID), class: class, name: osmName(r.Tags), members: b.wayIDs.add(r)})
	return nil
}

func (b *mapBuilder) endRelations() { b.wayIDs.seal() }

func (b *mapBuilder) keepWay(w *osm.Way) bool {
	if b.wayIDs.has(w.ID) {
		return true
	}
	_, ok := classifyMap(w.Tags)
	return ok
}

func (b *mapBuilder) addWay(o osm.Object) error {
	w := o.(*osm.Way)
	nodes := make([]int64, len(w.Nodes))
	for i, n := range w.Nodes {
		nodes[i] = int64(n.ID)
	}
	if b.wayIDs.has(w.ID) {
		b.members = append(b.members, osmWay{id: int64(w.ID), nodes: nodes})
	}
	class, ok := classifyMap(w.Tags)
	if !ok {
		return nil
	}
	mw := mapWay{id: int64(w.ID), class: class, name: osmName(w.Tags), nodes: nodes}
	if class.layer == LayerRoad || class.walkArea {
		mw.road = &Road{WayID: mw.id, Class: class.class, Name: mw.name, Area: class.walkArea}
		roadTags(mw.road, w.Tags)
	}
	b.ways = append(b.ways, mw)
	return nil
}

func (b *mapBuilder) endWays() {
	byID := func(x, y int64) int { return cmp.Compare(x, y) }
	slices.SortStableFunc(b.members, func(x, y osmWay) int { return byID(x.id, y.id) })
	slices.SortStableFunc(b.ways, func(x, y mapWay) int { return byID(x.id, y.id) })
	n := 0
	for _, w := range b.members {
		n += len(w.nodes)
	}
	for _, w := range b.ways {
		n += len(w.nodes)
	}
	ids := make([]int64, 0, n)
	for _, w := range b.members {
		ids = append(ids, w.nodes...)
	}
	for _, w := range b.ways {
		ids = append(ids, w.nodes...)
	}
	b.nodes.init(ids)
}

func (b *mapBuilder) keepNode(n *osm.Node) bool { return b.nodes.index(int64(n.ID)) >= 0 }

func (b *mapBuilder) addNode(o osm.Object) error {
	n := o.(*osm.Node)
	p := geo.Point{Lat: n.Lat, Lon: n.Lon}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("node/%d: %w", n.ID, err)
	}
	b.nodes.set(int64(n.ID), p)
	return nil
}
