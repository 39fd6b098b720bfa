package geojson

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo/internal/bulk"

	"github.com/safezone/safezone/geo"
)

// Read reads the features in r, which is named name in error messages.
// r holds a FeatureCollection, a single Feature (or several, one after the
// other), or one Feature per line (newline-delimited GeoJSON, blank lines
// skipped); the form is detected from the first object. Coordinates are
// [lon, lat] in WGS84 (RFC 7946); an altitude is ignored.
//
// Input is read one feature at a time and never held in memory as a whole.
//
// Every feature is validated: a non-empty ID (properties.id, else the
// Feature's id) unique within r, a known kind, category, school_kind and
// water_kind, finite coordinates in range and closed polygon rings of at
// least 4 positions, and an opened_on, if any, that is a date (YYYY,
// YYYY-MM or YYYY-MM-DD) not in the future. Empty school_kind and
// water_kind default to GeneralSchool and OtherWater, and water bodies get
// the category Water.
// Invalid input returns an error wrapping ErrInvalidInput that names the file
// and line (and features[i] in a FeatureCollection), the feature, the field
// and the value. An error from r is returned wrapped.
func Read(r io.Reader, name string) ([]geo.Feature, error) {
	d := &geojsonDecoder{}
	if err := d.decode(r, name); err != nil {
		return nil, err
	}
	if err := d.checkIDs(); err != nil {
		return nil, err
	}
	return d.features, nil
}

// ReadDir reads every *.geojson, *.json, *.ndjson and *.geojsonl file
// in dir (the extension in any case), in order of name, with Read;
// subdirectories are not read. Errors name files by their path. An ID used
// twice, in one file or in two, is an error wrapping ErrInvalidInput that
// names both places. A directory with no such file is not an error.
func ReadDir(dir string) ([]geo.Feature, error) {
	d := &geojsonDecoder{}
	if err := d.decodeDir(dir); err != nil {
		return nil, err
	}
	if err := d.checkIDs(); err != nil {
		return nil, err
	}
	return d.features, nil
}

// decodeDir reads the files ReadDir reads.
func (d *geojsonDecoder) decodeDir(dir string) error {
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !isGeoJSONFile(e.Name()) {
			continue
		}
		if err := d.decodeFile(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func isGeoJSONFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".geojson", ".json", ".ndjson", ".geojsonl":
		return true
	}
	return false
}

// geojsonDecoder reads one or more files into features, or into rows if rows
// is not nil, and remembers where each feature was read, so that errors
// about duplicate IDs can name both places.
type geojsonDecoder struct {
	features []geo.Feature
	rows     *geo.RowBatch
	points   []orb.Point // scratch for decodeRow
	lines    []int32     // the line each feature starts on
	files    []geojsonSource
}

type geojsonSource struct {
	name       string
	collection bool // places are shown as "name:line features[i]"
	start      int  // index of the file's first feature
}

// len returns the number of features read.
func (d *geojsonDecoder) len() int { return len(d.lines) }

func (d *geojsonDecoder) decodeFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return d.decode(f, path)
}

// readBufferSize is the buffer input is read through. Longer lines and
// features (a river with thousands of vertices) are read in pieces.
const readBufferSize = 1 << 20

func (d *geojsonDecoder) decode(r io.Reader, name string) error {
	bufSize := readBufferSize
	if size := inputSize(r); size >= 0 && size < readBufferSize {
		bufSize = max(int(size)+1, 16) // small input: a smaller buffer
	}
	br := bufio.NewReaderSize(r, bufSize)
	head, err := br.Peek(bufSize)
	if err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		head = head[3:]
		br.Discard(3) // cannot fail: the bytes are buffered
	}
	start := TrimSpaceRS(head)
	if len(start) == 0 {
		return nil
	}
	if start[0] != '{' {
		return geo.Invalidf("%s: must be a GeoJSON FeatureCollection, a Feature or one Feature per line; starts with %q",
			name, start[:min(len(start), 16)])
	}
	d.reserve(estimateFeatures(r, head, err == io.EOF))
	collection, oneLine := sniffGeoJSON(start)
	d.files = append(d.files, geojsonSource{name: name, collection: collection, start: d.len()})
	if oneLine && !collection {
		// Chunks are read from r itself once the buffer is used up: through
		// br, every byte would be copied once more.
		buffered, _ := br.Peek(br.Buffered())
		return d.decodeLines(io.MultiReader(bytes.NewReader(buffered), r))
	}
	s := &jsonStream{r: br, buf: make([]byte, 0, 64<<10), line: 1}
	if collection {
		err = d.decodeCollection(s)
	} else {
		err = d.decodeSequence(s)
	}
	if s.err != nil {
		return fmt.Errorf("read %s: %w", name, s.err)
	}
	return err
}

// reserve makes room for about n more features. Growing a slice of 2
// million features as they come costs more than reading them.
func (d *geojsonDecoder) reserve(n int) {
	if d.rows != nil {
		d.rows.Grow(n)
	} else {
		d.features = bulk.GrowCap(d.features, n)
	}
	d.lines = bulk.GrowCap(d.lines, n)
}

func (d *geojsonDecoder) name() string { return d.files[len(d.files)-1].name }

// where formats the place of a feature, read or being read: "file:line", or
// "file:line features[i]" in a FeatureCollection.
func (d *geojsonDecoder) where(file, line, index int) string {
	src := d.files[file]
	s := src.name + ":" + strconv.Itoa(line)
	if src.collection {
		s += " features[" + strconv.Itoa(index) + "]"
	}
	return s
}

// whereRead formats the place of features[i].
func (d *geojsonDecoder) whereRead(i int) string {
	file := len(d.files) - 1
	for d.files[file].start > i {
		file--
	}
	return d.where(file, int(d.lines[i]), i-d.files[file].start)
}

// decodeFeature decodes and validates the feature in data, which starts on
// line and is the index-th in its file, and appends it to features or rows.
func (d *geojsonDecoder) decodeFeature(data []byte, line, index int) error {
	if err := decodeInto(d.rows, &d.points, &d.features, data); err != nil {
		return fmt.Errorf("%s: %w", d.where(len(d.files)-1, line, index), err)
	}
	d.lines = append(d.lines, int32(line))
	return nil
}

// checkIDs returns an error naming the first feature whose ID was used
// before, and where. Sorting hashes is several times faster than a map of 2
// million IDs, and takes a fraction of the memory.
func (d *geojsonDecoder) checkIDs() error {
	seed := maphash.MakeSeed()
	hashes := make([]uint32, d.len())
	for i := range hashes {
		hashes[i] = uint32(d.hashID(seed, i))
	}
	order := bulk.RadixOrder(hashes)
	first, dup := 0, len(order)
	for k := 1; k < len(order); k++ {
		h := hashes[order[k]]
		if h != hashes[order[k-1]] {
			continue
		}
		// Among equal hashes, in order of index: compare with the earlier.
		b := int(order[k])
		for j := k - 1; j >= 0 && hashes[order[j]] == h; j-- {
			if a := int(order[j]); b <= dup && d.sameID(a, b) {
				first, dup = a, b
			}
		}
	}
	if dup == len(order) {
		return nil
	}
	id := d.id(dup)
	return geo.Invalidf("%s: feature %q: id %q: already used at %s", d.whereRead(dup), id, id, d.whereRead(first))
}

// hashID returns a hash of the ID of feature i, read into features or rows.
func (d *geojsonDecoder) hashID(seed maphash.Seed, i int) uint64 {
	if d.rows != nil {
		return maphash.Bytes(seed, d.rows.ID(uint32(i)))
	}
	return maphash.String(seed, d.features[i].ID)
}

// sameID reports whether features a and b have the same ID.
func (d *geojsonDecoder) sameID(a, b int) bool {
	if d.rows != nil {
		return bytes.Equal(d.rows.ID(uint32(a)), d.rows.ID(uint32(b)))
	}
	return d.features[a].ID == d.features[b].ID
}

// id returns the ID of feature i.
func (d *geojsonDecoder) id(i int) string {
	if d.rows != nil {
		return string(d.rows.ID(uint32(i)))
	}
	return d.features[i].ID
}
