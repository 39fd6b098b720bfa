package osm

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"

	"github.com/safezone/safezone/geo"
)

// keepOSMRelation keeps tagged multipolygons. Relations of type=waterway are
// skipped: their member ways are read on their own.
func keepOSMRelation(r *osm.Relation) bool {
	if r.Tags.Find("type") != "multipolygon" {
		return false
	}
	_, ok := classifyOSM(r.Tags)
	return ok
}

// osmBuilder collects what the passes keep and assembles the features.
type osmBuilder struct {
	rels   []osmRelation
	wayIDs memberWays
	ways   []osmWay
	nodes  osmNodes // the nodes the kept ways need
	points []geo.Feature
	gates  []geo.Point
	stats  Stats
}

type osmRelation struct {
	id      int64
	class   osmClass
	name    string
	members []osmMember
}

type osmMember struct {
	way   int64
	inner bool
	outer bool // role "outer"; neither means an empty or other role
}

// memberWays are the ways that relations need from the way pass: add them
// while reading relations, seal once before reading ways, then ask has.
type memberWays []int64

// add notes r's way members and returns them with their roles.
func (m *memberWays) add(r *osm.Relation) []osmMember {
	var out []osmMember
	for _, mb := range r.Members {
		if mb.Type != osm.TypeWay {
			continue
		}
		out = append(out, osmMember{way: mb.Ref, inner: mb.Role == "inner", outer: mb.Role == "outer"})
		*m = append(*m, mb.Ref)
	}
	return out
}

// seal sorts and deduplicates the IDs, for has.
func (m *memberWays) seal() {
	slices.Sort(*m)
	*m = slices.Compact(*m)
}

// has reports whether a relation needs way id.
func (m memberWays) has(id osm.WayID) bool {
	_, ok := slices.BinarySearch(m, int64(id))
	return ok
}

type osmWay struct {
	id      int64
	class   osmClass
	name    string
	feature bool // tagged as a feature itself, not only a relation member
	nodes   []int64
}

func (b *osmBuilder) addRelation(o osm.Object) error {
	r := o.(*osm.Relation)
	class, _ := classifyOSM(r.Tags)
	class.opened = startDate(r.Tags)
	class.address = geo.JoinAddress(r.Tags.Find)
	b.rels = append(b.rels, osmRelation{id: int64(r.ID), class: class, name: osmName(r.Tags), members: b.wayIDs.add(r)})
	return nil
}

func (b *osmBuilder) endRelations() { b.wayIDs.seal() }

func (b *osmBuilder) keepWay(w *osm.Way) bool {
	if b.wayIDs.has(w.ID) {
		return true
	}
	_, ok := classifyOSM(w.Tags)
	return ok
}

func (b *osmBuilder) addWay(o osm.Object) error {
	w := o.(*osm.Way)
	class, ok := classifyOSM(w.Tags)
	class.opened = startDate(w.Tags)
	class.address = geo.JoinAddress(w.Tags.Find)
	rec := osmWay{id: int64(w.ID), class: class, name: osmName(w.Tags), feature: ok, nodes: make([]int64, len(w.Nodes))}
	for i, n := range w.Nodes {
		rec.nodes[i] = int64(n.ID)
	}
	b.ways = append(b.ways, rec)
	return nil
}

func (b *osmBuilder) endWays() {
	slices.SortStableFunc(b.ways, func(x, y osmWay) int { return cmp.Compare(x.id, y.id) })
	n := 0
	for _, w := range b.ways {
		n += len(w.nodes)
	}
	ids := make([]int64, 0, n)
	for _, w := range b.ways {
		ids = append(ids, w.nodes...)
	}
	b.nodes.init(ids)
}

func (b *osmBuilder) keepNode(n *osm.Node) bool {
	if b.nodes.index(int64(n.ID)) >= 0 {
		return true
	}
	if len(n.Tags) == 0 {
		return false
	}
	if _, ok := classifyOSM(n.Tags); ok {
		return true
	}
	return isOSMGate(n.Tags)
}

func (b *osmBuilder) addNode(o osm.Object) error {
	n := o.(*osm.Node)
	p := geo.Point{Lat: n.Lat, Lon: n.Lon}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("node/%d: %w", n.ID, err)
	}
	// Round to the 1e-7 degrees OSM stores, as osmNodes does, so that a
	// gate and the ring vertex it sits on compare equal.
	p = geo.Point{Lat: math.Round(p.Lat*1e7) / 1e7, Lon: math.Round(p.Lon*1e7) / 1e7}
	b.nodes.set(int64(n.ID), p)
	if len(n.Tags) == 0 {
		return nil
	}
	if isOSMGate(n.Tags) {
		b.gates = append(b.gates, p)
	}
	// A water body mapped as a node (a well, a weir, a pond too small to
	// draw) is measured from that point.
	if class, ok := classifyOSM(n.Tags); ok {
		class.opened = startDate(n.Tags)
		class.address = geo.JoinAddress(n.Tags.Find)
		b.points = append(b.points, class.feature(fmt.Sprintf("node/%d", n.ID), osmName(n.Tags), orb.Point{p.Lon, p.Lat}))
	}
	return nil
}
