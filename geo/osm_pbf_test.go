package geo

import (
	"bytes"
	"cmp"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand"
	"os"
	"slices"
	"strings"
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

var osmFixtures = []string{"osm_schools.osm", "osm_businesses.osm", "osm_water.osm", "osm_broken.osm"}

func TestDecodeOSM_pbfMatchesXML(t *testing.T) {
	layouts := map[pbfLayout]string{pbfZlib: "zlib", 0: "raw", pbfZlib | pbfOneBlock: "one-block"}
	for _, name := range osmFixtures {
		for layout, lname := range layouts {
			t.Run(name+"/"+lname, func(t *testing.T) {
				data, err := os.ReadFile("testdata/" + name)
				if err != nil {
					t.Fatal(err)
				}
				want, wantStats, err := decodeOSM(osmBytes(data), false)
				if err != nil {
					t.Fatal(err)
				}
				got, gotStats, err := decodeOSM(osmBytes(encodePBF(t, data, layout)), true)
				if err != nil {
					t.Fatal(err)
				}
				if gotStats != wantStats {
					t.Errorf("stats %+v, want %+v", gotStats, wantStats)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("PBF and XML differ:\n got %v\nwant %v", got, want)
				}
			})
		}
	}
}

// TestDecodeOSM_pbfErrors feeds blocks that make osmpbf v0.8.0 panic on its
// decoder goroutines, or fail, and expects an error.
func TestDecodeOSM_pbfErrors(t *testing.T) {
	header := pbfFrame("OSMHeader", pbfTestHeader, true)
	one := []uint64{zigzag(1)}
	st := func(strs ...string) pbfMsg {
		var table pbfMsg
		for _, s := range append([]string{""}, strs...) {
			table = table.str(1, s)
		}
		return table
	}
	data := func(table, group pbfMsg) []byte {
		return append(slices.Clone(header), pbfFrame("OSMData", pbfMsg{}.bytes(1, table).bytes(2, group), true)...)
	}
	dense := func(extra pbfMsg) pbfMsg {
		return pbfMsg{}.bytes(2, append(pbfMsg{}.packed(1, one...).packed(8, one...).packed(9, one...), extra...))
	}
	// frame frames a hand-made Blob; size overrides its datasize.
	frame := func(typ string, blob pbfMsg, size uint64) []byte {
		h := pbfMsg{}.str(1, typ).uint(3, size)
		return append(append(binary.BigEndian.AppendUint32(nil, uint32(len(h))), h...), blob...)
	}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"dense tag index", data(st("amenity"), dense(pbfMsg{}.packed(10, 1, 5, 0))),
			"pbf block 1: dense nodes keys_vals: string index 5: must be less than 2"},
		{"dense user_sid", data(st("u"), dense(pbfMsg{}.bytes(5, pbfMsg{}.packed(5, zigzag(-1))))),
			"pbf block 1: dense info user_sid -1: must be between 0 and 1"},
		{"plain nodes", data(st(), pbfMsg{}.bytes(1, pbfMsg{}.uint(1, 1))),
			"pbf block 1: non-dense nodes: not supported"},
		{"way coordinates", data(st(), pbfMsg{}.bytes(3, pbfMsg{}.uint(1, 1).packed(8, one...).packed(9, 2, 2))),
			"pbf block 1: way: 2 values in field 9 for 1 nodes"},
		{"way tag index", data(st("k"), pbfMsg{}.bytes(3, pbfMsg{}.uint(1, 1).packed(2, 1).packed(3, 2))),
			"pbf block 1: way tags: string index 2: must be less than 2"},
		{"way user_sid", data(st(), pbfMsg{}.bytes(3, pbfMsg{}.uint(1, 1).bytes(4, pbfMsg{}.uint(5, 7)))),
			"pbf block 1: info user_sid 7: must be less than 1"},
		{"relation roles", data(st(), pbfMsg{}.bytes(4, pbfMsg{}.uint(1, 1).packed(8, 0, 0).packed(9, one...).packed(10, 1))),
			"pbf block 1: relation: 2 roles for 1 member types"},
		{"relation negative role", data(st(), pbfMsg{}.bytes(4, pbfMsg{}.uint(1, 1).packed(8, math.MaxUint64).packed(9, one...).packed(10, 1))),
			"pbf block 1: relation tags or roles: string index 18446744073709551615"},
		{"wire type", data(st(), pbfMsg{}.bytes(3, pbfMsg{}.uint(8, 1))),
			"pbf block 1: way field 8: wire type 0: must be 2"},
		{"negative datasize", append(slices.Clone(header), frame("OSMData", nil, math.MaxUint64-4)...), // int32 -5
			"pbf block 1: blob datasize -5: must be between 0 and 33554431"},
		{"header size", append(slices.Clone(header), 0, 1, 0, 0), "pbf block 1: blob header size 65536: must be less than 65536"},
		{"no header", pbfFrame("OSMData", st(), true), `pbf block 0: type "OSMData": the first block must be an OSMHeader`},
		{"unknown block", append(slices.Clone(header), pbfFrame("Other", nil, false)...), "pbf: unexpected fileblock of type Other"},
		{"truncated", header[:len(header)-3], "pbf block 0: blob: file truncated"},
		{"zlib", frame("OSMHeader", pbfMsg{}.str(3, "garbage"), 9),
			"pbf block 0: blob: zlib: zlib: invalid header"},
		{"raw size", func() []byte {
			b := slices.Clone(header)
			i := bytes.Index(b, []byte{2 << 3, byte(len(pbfTestHeader))})
			b[i+1]++
			return b
		}(), fmt.Sprintf("pbf block 0: blob: raw_size %d: inflated data has %d bytes", len(pbfTestHeader)+1, len(pbfTestHeader))},
		{"lzma", frame("OSMHeader", pbfMsg{}.str(4, "xz"), 4),
			"pbf block 0: blob: compression lzma: not supported; only zlib"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, _, err := decodeOSM(osmBytes(tc.file), true)
			if err == nil {
				t.Fatalf("no error; got %d features", len(fs))
			}
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("error %q does not wrap ErrInvalidInput", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error\n %q\nwant prefix\n %q", err, tc.want)
			}
		})
	}
}

// TestDecodeOSM_pbfTruncated cuts a file at each of its first 64 bytes (the
// first block) and then at every 29th: each prefix either reads (cut
// between blocks) or fails with ErrInvalidInput.
func TestDecodeOSM_pbfTruncated(t *testing.T) {
	data, err := os.ReadFile("testdata/osm_schools.osm")
	if err != nil {
		t.Fatal(err)
	}
	file := encodePBF(t, data, 0)
	for n, step := 0, 1; n < len(file); n += step {
		if n >= 64 {
			step = 29
		}
		if _, _, err := decodeOSM(osmBytes(file[:n]), true); err != nil && !errors.Is(err, ErrInvalidInput) {
			t.Fatalf("cut at %d: %v", n, err)
		}
	}
}

// TestReadOSM_sharedDataCorrupt flips bytes in and truncates a real
// extract: nothing may panic, and every error is bad input.
func TestReadOSM_sharedDataCorrupt(t *testing.T) {
	data, err := os.ReadFile(sharedOSM + "chengdu-2018.osm.pbf")
	if err != nil {
		t.Skip("shared OSM data not available:", err)
	}
	rnd := rand.New(rand.NewSource(42))
	for i := range 24 {
		b := slices.Clone(data)
		var what string
		if i%3 == 0 {
			n := rnd.Intn(len(b))
			b, what = b[:n], fmt.Sprintf("cut at %d", n)
		} else {
			// Half the flips hit the first 64 bytes of the file, the
			// uncompressed framing, where zlib's checksum does not help.
			n := rnd.Intn(len(b))
			if i%2 == 0 {
				n = rnd.Intn(64)
			}
			b[n] ^= byte(1 + rnd.Intn(255))
			what = fmt.Sprintf("flip at %d", n)
		}
		if _, _, err := decodeOSM(osmBytes(b), true); err != nil && !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v", what, err)
		}
	}
}

// seekCounter is a file in memory that counts the seeks made on it.
type seekCounter struct {
	*bytes.Reader
	seeks *int
}

func (s seekCounter) Seek(offset int64, whence int) (int64, error) {
	*s.seeks++
	return s.Reader.Seek(offset, whence)
}

func (s seekCounter) Close() error { return nil }

// TestDecodeOSM_pbfSkipsBlocks checks that passes after the first seek over
// the blocks they have no use for: the way pass over the node and relation
// blocks, the node pass over the way and relation blocks.
func TestDecodeOSM_pbfSkipsBlocks(t *testing.T) {
	data, err := os.ReadFile("testdata/osm_schools.osm")
	if err != nil {
		t.Fatal(err)
	}
	for layout, want := range map[pbfLayout]int{pbfZlib: 4, pbfZlib | pbfOneBlock: 0} {
		file := encodePBF(t, data, layout)
		seeks := 0
		open := func() (io.ReadCloser, error) { return seekCounter{bytes.NewReader(file), &seeks}, nil }
		if _, _, err := decodeOSM(open, true); err != nil {
			t.Fatal(err)
		}
		if seeks != want {
			t.Errorf("layout %d: %d seeks, want %d", layout, seeks, want)
		}
	}
}
