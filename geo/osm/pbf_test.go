package osm

import (
	"bytes"
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

	"github.com/safezone/safezone/geo"
)

var osmFixtures = []string{"osm_schools.osm", "osm_businesses.osm", "osm_water.osm", "osm_broken.osm"}

func TestDecodeOSM_pbfMatchesXML(t *testing.T) {
	layouts := map[pbfLayout]string{pbfZlib: "zlib", 0: "raw", pbfZlib | pbfOneBlock: "one-block"}
	for _, name := range osmFixtures {
		for layout, lname := range layouts {
			t.Run(name+"/"+lname, func(t *testing.T) {
				data, err := os.ReadFile("../testdata/" + name)
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
			if !errors.Is(err, geo.ErrInvalidInput) {
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
	data, err := os.ReadFile("../testdata/osm_schools.osm")
	if err != nil {
		t.Fatal(err)
	}
	file := encodePBF(t, data, 0)
	for n, step := 0, 1; n < len(file); n += step {
		if n >= 64 {
			step = 29
		}
		if _, _, err := decodeOSM(osmBytes(file[:n]), true); err != nil && !errors.Is(err, geo.ErrInvalidInput) {
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
		if _, _, err := decodeOSM(osmBytes(b), true); err != nil && !errors.Is(err, geo.ErrInvalidInput) {
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
	data, err := os.ReadFile("../testdata/osm_schools.osm")
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
