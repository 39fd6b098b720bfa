package osm

import (
	"bytes"
	"cmp"
	"compress/zlib"
	"context"
	"encoding/binary"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmxml"
)

// pbfMsg builds protobuf messages for tests.
type pbfMsg []byte

func (m pbfMsg) uint(num int, v uint64) pbfMsg {
	m = binary.AppendUvarint(m, uint64(num)<<3)
	return binary.AppendUvarint(m, v)
}

func (m pbfMsg) bytes(num int, b []byte) pbfMsg {
	m = binary.AppendUvarint(m, uint64(num)<<3|2)
	m = binary.AppendUvarint(m, uint64(len(b)))
	return append(m, b...)
}

func (m pbfMsg) str(num int, s string) pbfMsg { return m.bytes(num, []byte(s)) }

func (m pbfMsg) packed(num int, vs ...uint64) pbfMsg {
	var b []byte
	for _, v := range vs {
		b = binary.AppendUvarint(b, v)
	}
	return m.bytes(num, b)
}

func zigzag(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

// deltas zigzag-encodes the differences between successive values.
func deltas(vs []int64) []uint64 {
	out := make([]uint64, len(vs))
	var prev int64
	for i, v := range vs {
		out[i], prev = zigzag(v-prev), v
	}
	return out
}

// pbfFrame frames one block: size, BlobHeader, Blob (zlib or raw).
func pbfFrame(typ string, content []byte, zip bool) []byte {
	var blob pbfMsg
	if zip {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(content)
		zw.Close()
		blob = blob.uint(2, uint64(len(content))).bytes(3, z.Bytes())
	} else {
		blob = blob.bytes(1, content)
	}
	header := pbfMsg{}.str(1, typ).uint(3, uint64(len(blob)))
	out := binary.BigEndian.AppendUint32(nil, uint32(len(header)))
	return append(append(out, header...), blob...)
}

var pbfTestHeader = pbfMsg{}.str(4, "OsmSchema-V0.6").str(4, "DenseNodes").str(16, "safezone test")

// pbfStrings is a block's string table; index 0 is "" as the format wants.
type pbfStrings struct {
	list  []string
	index map[string]uint64
}

func (s *pbfStrings) id(v string) uint64 {
	if s.index == nil {
		s.list, s.index = []string{""}, map[string]uint64{"": 0}
	}
	if i, ok := s.index[v]; ok {
		return i
	}
	s.index[v] = uint64(len(s.list))
	s.list = append(s.list, v)
	return s.index[v]
}

// block is a PrimitiveBlock of the string table and the groups.
func (s *pbfStrings) block(groups ...pbfMsg) []byte {
	s.id("") // a block without tags still has the empty string at index 0
	var table pbfMsg
	for _, v := range s.list {
		table = table.str(1, v)
	}
	b := pbfMsg{}.bytes(1, table)
	for _, g := range groups {
		b = b.bytes(2, g)
	}
	return b
}

func (s *pbfStrings) tags(m pbfMsg, tags osm.Tags) pbfMsg {
	if len(tags) == 0 {
		return m
	}
	var keys, vals []uint64
	for _, t := range tags {
		keys, vals = append(keys, s.id(t.Key)), append(vals, s.id(t.Value))
	}
	return m.packed(2, keys...).packed(3, vals...)
}

// pbfLayout says how encodePBF lays a file out.
type pbfLayout uint8

const (
	pbfZlib     pbfLayout = 1 << iota // compress blobs, as every writer does
	pbfOneBlock                       // nodes, ways and relations in one block
)

// encodePBF writes what an OSM XML document holds as a PBF file: a block
// each for nodes, ways and relations, as osmium writes them, or one block of
// three groups.
func encodePBF(tb testing.TB, xmlData []byte, layout pbfLayout) []byte {
	tb.Helper()
	var nodes []*osm.Node
	var ways []*osm.Way
	var rels []*osm.Relation
	sc := osmxml.New(context.Background(), bytes.NewReader(xmlData))
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Node:
			nodes = append(nodes, o)
		case *osm.Way:
			ways = append(ways, o)
		case *osm.Relation:
			rels = append(rels, o)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	slices.SortFunc(nodes, func(a, b *osm.Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ways, func(a, b *osm.Way) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(rels, func(a, b *osm.Relation) int { return cmp.Compare(a.ID, b.ID) })
	zip := layout&pbfZlib != 0
	out := pbfFrame("OSMHeader", pbfTestHeader, zip)
	tables := []*pbfStrings{{}, {}, {}}
	if layout&pbfOneBlock != 0 {
		tables[1], tables[2] = tables[0], tables[0]
	}
	groups := []pbfMsg{
		pbfMsg{}.bytes(2, encodeDense(tables[0], nodes)),
		encodeWays(tables[1], ways),
		encodeRelations(tables[2], rels),
	}
	if layout&pbfOneBlock != 0 {
		return append(out, pbfFrame("OSMData", tables[0].block(groups...), zip)...)
	}
	for i, g := range groups {
		out = append(out, pbfFrame("OSMData", tables[i].block(g), zip)...)
	}
	return out
}

func encodeDense(st *pbfStrings, nodes []*osm.Node) pbfMsg {
	var ids, lats, lons []int64
	var kv []uint64
	for _, n := range nodes {
		ids = append(ids, int64(n.ID))
		lats = append(lats, int64(math.Round(n.Lat*1e7)))
		lons = append(lons, int64(math.Round(n.Lon*1e7)))
		for _, t := range n.Tags {
			kv = append(kv, st.id(t.Key), st.id(t.Value))
		}
		kv = append(kv, 0)
	}
	return pbfMsg{}.packed(1, deltas(ids)...).packed(8, deltas(lats)...).packed(9, deltas(lons)...).packed(10, kv...)
}

func encodeWays(st *pbfStrings, ways []*osm.Way) pbfMsg {
	var group pbfMsg
	for _, w := range ways {
		refs := make([]int64, len(w.Nodes))
		for i, n := range w.Nodes {
			refs[i] = int64(n.ID)
		}
		m := st.tags(pbfMsg{}.uint(1, uint64(w.ID)), w.Tags).packed(8, deltas(refs)...)
		group = group.bytes(3, m)
	}
	return group
}

func encodeRelations(st *pbfStrings, rels []*osm.Relation) pbfMsg {
	var group pbfMsg
	for _, r := range rels {
		var roles, types []uint64
		var refs []int64
		for _, m := range r.Members {
			roles = append(roles, st.id(m.Role))
			refs = append(refs, m.Ref)
			types = append(types, map[osm.Type]uint64{osm.TypeNode: 0, osm.TypeWay: 1, osm.TypeRelation: 2}[m.Type])
		}
		m := st.tags(pbfMsg{}.uint(1, uint64(r.ID)), r.Tags).
			packed(8, roles...).packed(9, deltas(refs)...).packed(10, types...)
		group = group.bytes(4, m)
	}
	return group
}

func mustEncodePBF(tb testing.TB, xmlData []byte) []byte { return encodePBF(tb, xmlData, pbfZlib) }
