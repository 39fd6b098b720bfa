package osm

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// osmNodes holds the coordinates of the nodes that kept ways need: sorted
// IDs and, in step, coordinates in 1e-7 degrees (the precision OSM stores),
// 16 bytes a node where a map[int64]orb.Point would take about 50.
type osmNodes struct {
	ids      []int64
	lat, lon []int32 // osmMissing until the node is read
}

const osmMissing = math.MinInt32

// init takes ids, unsorted and with repeats, and owns it from then on.
func (s *osmNodes) init(ids []int64) {
	slices.Sort(ids)
	s.ids = slices.Clone(slices.Compact(ids)) // drop the repeats' memory
	s.lat = make([]int32, len(s.ids))
	s.lon = make([]int32, len(s.ids))
	for i := range s.lat {
		s.lat[i] = osmMissing
	}
}

// index returns the position of id, or -1 if no kept way needs it. It only
// reads, so the PBF decoder goroutines may call it concurrently.
func (s *osmNodes) index(id int64) int {
	if i, ok := slices.BinarySearch(s.ids, id); ok {
		return i
	}
	return -1
}

func (s *osmNodes) set(id int64, p geo.Point) {
	if i := s.index(id); i >= 0 {
		s.lat[i] = int32(math.Round(p.Lat * 1e7))
		s.lon[i] = int32(math.Round(p.Lon * 1e7))
	}
}

func (s *osmNodes) point(id int64) (orb.Point, bool) {
	i := s.index(id)
	if i < 0 || s.lat[i] == osmMissing {
		return orb.Point{}, false
	}
	return orb.Point{float64(s.lon[i]) / 1e7, float64(s.lat[i]) / 1e7}, true
}

func (c osmClass) feature(id, name string, g orb.Geometry) geo.Feature {
	return geo.Feature{ID: id, Kind: c.kind, Name: name, Category: c.cat,
		SchoolKind: c.school, WaterKind: c.water, Geometry: g, OpenedOn: c.opened, Address: c.address}
}

// features assembles ways and relations, attaches gates to schools and
// returns everything sorted by ID.
func (b *osmBuilder) features() []geo.Feature {
	out := b.points
	for i := range b.ways {
		if w := &b.ways[i]; w.feature {
			if f, ok := b.wayFeature(w); ok {
				out = append(out, f)
			}
		}
	}
	for i := range b.rels {
		r := &b.rels[i]
		g, ok := b.multipolygon(r.members)
		if !ok {
			b.stats.BrokenRelations++
			continue
		}
		out = append(out, r.class.feature(fmt.Sprintf("relation/%d", r.id), r.name, g))
	}
	slices.SortStableFunc(out, func(x, y geo.Feature) int { return strings.Compare(x.ID, y.ID) })
	out = slices.CompactFunc(out, func(x, y geo.Feature) bool { return x.ID == y.ID })
	grid := newOSMGateGrid(b.gates)
	for i := range out {
		if out[i].Kind == geo.School {
			out[i].Gates = grid.near(out[i].Geometry)
			b.stats.Gates += len(out[i].Gates)
		}
	}
	b.stats.Features = len(out)
	return out
}

// wayFeature builds a way's geometry. A closed way is an area, except a
// waterway line not tagged area=yes; an unclosed one is a line for water and
// is skipped for schools and businesses.
func (b *osmBuilder) wayFeature(w *osmWay) (geo.Feature, bool) {
	id := fmt.Sprintf("way/%d", w.id)
	closed := len(w.nodes) >= 4 && w.nodes[0] == w.nodes[len(w.nodes)-1]
	if closed && (!w.class.line || w.class.areaYes) {
		ring, ok := b.ring(w.nodes)
		if !ok {
			b.stats.BrokenWays++
			return geo.Feature{}, false
		}
		orient(ring, orb.CCW)
		return w.class.feature(id, w.name, orb.Polygon{ring}), true
	}
	if w.class.kind != geo.WaterBody {
		b.stats.BrokenWays++
		return geo.Feature{}, false
	}
	g, cut := b.line(w.nodes)
	if g == nil {
		b.stats.BrokenWays++
		return geo.Feature{}, false
	}
	if cut {
		b.stats.CutLines++
	}
	return w.class.feature(id, w.name, g), true
}

// ring resolves node IDs to a ring; it fails if a node is missing.
func (b *osmBuilder) ring(nodes []int64) (orb.Ring, bool) {
	ring := make(orb.Ring, len(nodes))
	for i, id := range nodes {
		p, ok := b.nodes.point(id)
		if !ok {
			return nil, false
		}
		ring[i] = p
	}
	return ring, true
}

// line resolves node IDs to a LineString, or to a MultiLineString of the
// pieces between missing nodes (cut is then true). Pieces of one point are
// dropped; with none left the geometry is nil.
func (b *osmBuilder) line(nodes []int64) (g orb.Geometry, cut bool) {
	var parts orb.MultiLineString
	var cur orb.LineString
	flush := func() {
		if len(cur) >= 2 {
			parts = append(parts, cur)
		}
		cur = nil
	}
	for _, id := range nodes {
		p, ok := b.nodes.point(id)
		if !ok {
			cut = true
			flush()
			continue
		}
		cur = append(cur, p)
	}
	flush()
	switch len(parts) {
	case 0:
		return nil, cut
	case 1:
		return parts[0], cut
	}
	return parts, cut
}

func (b *osmBuilder) way(id int64) (*osmWay, bool) {
	i, ok := slices.BinarySearchFunc(b.ways, id, func(w osmWay, id int64) int { return cmp.Compare(w.id, id) })
	if !ok {
		return nil, false
	}
	return &b.ways[i], true
}

func orient(r orb.Ring, o orb.Orientation) {
	if r.Orientation() == -o {
		r.Reverse()
	}
}
