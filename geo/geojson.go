package geo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// ReadGeoJSON reads the features in r, which is named name in error messages.
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
// least 4 positions. Empty school_kind and water_kind default to
// GeneralSchool and OtherWater, and water bodies get the category Water.
// Invalid input returns an error wrapping ErrInvalidInput that names the file
// and line (and features[i] in a FeatureCollection), the feature, the field
// and the value. An error from r is returned wrapped.
func ReadGeoJSON(r io.Reader, name string) ([]Feature, error) {
	d := &geojsonDecoder{}
	if err := d.decode(r, name); err != nil {
		return nil, err
	}
	if err := d.checkIDs(); err != nil {
		return nil, err
	}
	return d.features, nil
}

// ReadGeoJSONDir reads every *.geojson, *.json, *.ndjson and *.geojsonl file
// in dir (the extension in any case), in order of name, with ReadGeoJSON;
// subdirectories are not read. Errors name files by their path. An ID used
// twice, in one file or in two, is an error wrapping ErrInvalidInput that
// names both places. A directory with no such file is not an error.
func ReadGeoJSONDir(dir string) ([]Feature, error) {
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return nil, err
	}
	d := &geojsonDecoder{}
	for _, e := range entries {
		if e.IsDir() || !isGeoJSONFile(e.Name()) {
			continue
		}
		if err := d.decodeFile(filepath.Join(dir, e.Name())); err != nil {
			return nil, err
		}
	}
	if err := d.checkIDs(); err != nil {
		return nil, err
	}
	return d.features, nil
}

func isGeoJSONFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".geojson", ".json", ".ndjson", ".geojsonl":
		return true
	}
	return false
}

// geojsonDecoder reads one or more files into features, and remembers where
// each feature was read, so that errors about duplicate IDs can name both
// places.
type geojsonDecoder struct {
	features []Feature
	lines    []int32 // the line each feature starts on
	files    []geojsonSource
}

type geojsonSource struct {
	name       string
	collection bool // places are shown as "name:line features[i]"
	start      int  // index in features of the file's first feature
}

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
	start := trimSpaceRS(head)
	if len(start) == 0 {
		return nil
	}
	if start[0] != '{' {
		return invalidf("%s: must be a GeoJSON FeatureCollection, a Feature or one Feature per line; starts with %q",
			name, start[:min(len(start), 16)])
	}
	d.reserve(estimateFeatures(r, head, err == io.EOF))
	collection, oneLine := sniffGeoJSON(start)
	d.files = append(d.files, geojsonSource{name: name, collection: collection, start: len(d.features)})
	if oneLine && !collection {
		return d.decodeLines(br)
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
	d.features = slices.Grow(d.features, n)
	d.lines = slices.Grow(d.lines, n)
}

// estimateFeatures guesses, a little high, how many features r holds, from
// the number of "Feature" strings (the type of each feature) in head, its
// first bytes, and in samples across r when r is a file or in memory. It
// returns 0 if it cannot tell.
func estimateFeatures(r io.Reader, head []byte, whole bool) int {
	n := int64(bytes.Count(head, []byte(`"Feature"`)))
	if whole {
		return int(n)
	}
	size := inputSize(r)
	if size <= 0 {
		return 0
	}
	sampled := int64(len(head))
	if ra, ok := r.(io.ReaderAt); ok {
		// Files are often sorted by kind, and schools with campuses take
		// more bytes than businesses: sample 16 places instead.
		n, sampled = 0, 0
		buf := make([]byte, 64<<10)
		for k := range int64(16) {
			m, _ := ra.ReadAt(buf, size*(2*k+1)/32)
			n += int64(bytes.Count(buf[:m], []byte(`"Feature"`)))
			sampled += int64(m)
		}
	}
	if sampled == 0 {
		return 0
	}
	n = n*size/sampled + n*size/sampled/8 + 1
	return int(min(n, size/64)) // no feature takes fewer than 64 bytes
}

// inputSize returns the size of r if it is a regular file or in memory
// (bytes.Reader, strings.Reader), or -1.
func inputSize(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Size() int64 }:
		return r.Size()
	case *os.File:
		info, err := r.Stat()
		if err != nil || !info.Mode().IsRegular() {
			return -1
		}
		return info.Size()
	}
	return -1
}

// trimSpaceRS trims leading JSON white space, a UTF-8 byte order mark and
// the record separators of GeoJSON text sequences (RFC 8142).
func trimSpaceRS(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r' || b[0] == 0x1e:
			b = b[1:]
		case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
			b = b[3:]
		default:
			return b
		}
	}
	return b
}

// sniffGeoJSON looks at the first object, at the start of head. It reports
// whether it is a FeatureCollection (it has a "type" of "FeatureCollection"
// or a "features" member) and whether it ends before the first line break
// (or head ends first, as with a long line).
func sniffGeoJSON(head []byte) (collection, oneLine bool) {
	depth, key, wantKey, afterColon := 0, "", false, false
	oneLine = true
	for i := 0; i < len(head); i++ {
		switch c := head[i]; c {
		case '\n':
			oneLine = false
		case '{', '[':
			depth++
			wantKey = c == '{' && depth == 1
		case '}', ']':
			if depth--; depth == 0 {
				return collection, oneLine
			}
		case ',':
			wantKey = depth == 1
		case ':':
			afterColon = depth == 1
		case '"':
			j := i + 1
			for j < len(head) && head[j] != '"' {
				if head[j] == '\\' {
					j++
				}
				j++
			}
			s := string(head[i+1 : min(j, len(head))])
			switch {
			case wantKey:
				key, wantKey = s, false
				collection = collection || key == "features"
			case afterColon && key == "type":
				collection = collection || s == "FeatureCollection"
			}
			afterColon = false
			i = j
		}
	}
	return collection, oneLine
}

// decodeLines reads one feature per line. One goroutine cuts the input into
// chunks of whole lines, GOMAXPROCS goroutines decode them, and the calling
// goroutine appends their features in order; a fixed set of chunks is
// reused, so memory stays bounded.
func (d *geojsonDecoder) decodeLines(br *bufio.Reader) error {
	workers := runtime.GOMAXPROCS(0)
	free := make(chan *lineChunk, 2*workers+2)
	for range cap(free) {
		free <- &lineChunk{}
	}
	work, done := make(chan *lineChunk, cap(free)), make(chan struct{})
	results := make(chan *lineChunk, cap(free))
	go cutLines(br, free, work, done)
	file := len(d.files) - 1
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range work {
				d.decodeChunk(c, file)
				results <- c
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	var err error
	pending := map[int]*lineChunk{}
	next := 0
	for c := range results {
		pending[c.seq] = c
		for c := pending[next]; c != nil && err == nil; c = pending[next] {
			delete(pending, next)
			next++
			switch {
			case c.readErr != nil:
				err = fmt.Errorf("read %s: %w", d.name(), c.readErr)
			case c.err != nil:
				err = c.err
			}
			if err != nil {
				close(done) // stop cutting; drain what is under way
				break
			}
			d.features = append(d.features, c.features...)
			d.lines = append(d.lines, c.lines...)
			free <- c
		}
	}
	return err
}

// lineChunk is a run of whole lines and what was decoded from it.
type lineChunk struct {
	seq     int
	data    []byte
	line    int // number of the first line in data
	readErr error

	features []Feature
	lines    []int32
	err      error // about the first bad line
}

// lineChunkSize is about how many bytes of lines a chunk holds: enough to
// make handing it over cheap, small enough to keep all CPUs busy.
const lineChunkSize = 256 << 10

// cutLines reads br into chunks taken from free, cut after a line break, and
// sends them on work until the input ends, a read fails or done is closed.
func cutLines(br *bufio.Reader, free <-chan *lineChunk, work chan<- *lineChunk, done <-chan struct{}) {
	defer close(work)
	var carry []byte // the start of a line that did not fit
	line := 1
	for seq := 0; ; seq++ {
		var c *lineChunk
		select {
		case c = <-free:
		case <-done:
			return
		}
		c.seq, c.line, c.readErr, c.err = seq, line, nil, nil
		c.data = append(c.data[:0], carry...)
		carry = carry[:0]
		eof := false
		for !eof {
			c.data = slices.Grow(c.data, 64<<10)
			n, err := br.Read(c.data[len(c.data):cap(c.data)])
			read := c.data[len(c.data) : len(c.data)+n]
			c.data = c.data[:len(c.data)+n]
			if err != nil {
				eof = true
				if err != io.EOF {
					c.readErr = err
				}
			} else if k := bytes.LastIndexByte(read, '\n'); k >= 0 && len(c.data) >= lineChunkSize {
				cut := len(c.data) - n + k + 1
				carry = append(carry, c.data[cut:]...)
				c.data = c.data[:cut]
				break
			}
		}
		line += bytes.Count(c.data, []byte{'\n'})
		work <- c
		if eof {
			return
		}
	}
}

// decodeChunk decodes the lines of c, which are in file, stopping at the
// first bad one.
func (d *geojsonDecoder) decodeChunk(c *lineChunk, file int) {
	c.features, c.lines = c.features[:0], c.lines[:0]
	for data, line := c.data, c.line; len(data) > 0; line++ {
		var l []byte
		if k := bytes.IndexByte(data, '\n'); k >= 0 {
			l, data = data[:k+1], data[k+1:]
		} else {
			l, data = data, nil
		}
		if l = trimSpaceRS(l); len(l) == 0 {
			continue
		}
		f, err := decodeFeature(l)
		if err != nil {
			c.err = fmt.Errorf("%s: %w", d.where(file, line, 0), err)
			return
		}
		c.features = append(c.features, f)
		c.lines = append(c.lines, int32(line))
	}
}

// decodeSequence reads Features one after the other, as in a file holding a
// single pretty-printed Feature.
func (d *geojsonDecoder) decodeSequence(s *jsonStream) error {
	for i := 0; s.peek() != 0; i++ {
		line := s.line
		v, err := s.value()
		if err != nil {
			return d.syntaxError(s, err)
		}
		if err := d.decodeFeature(v, line, i); err != nil {
			return err
		}
	}
	return nil
}

// decodeCollection reads a FeatureCollection, one feature at a time. Members
// other than "type" and "features" are checked to be JSON and skipped.
func (d *geojsonDecoder) decodeCollection(s *jsonStream) error {
	s.peek()
	s.pos++ // '{', checked by sniffGeoJSON
	for first := true; ; first = false {
		if first && s.peek() == '}' {
			break
		}
		key, err := s.key()
		if err != nil {
			return d.syntaxError(s, err)
		}
		switch key {
		case "features":
			err = d.decodeFeatures(s)
		case "type":
			var typ string
			if err = s.decodeValue(&typ); err == nil && typ != "FeatureCollection" {
				return invalidf("%s:%d: type %q: must be \"FeatureCollection\"", d.name(), s.line, typ)
			}
		default:
			err = s.decodeValue(nil)
		}
		if err != nil {
			return d.syntaxError(s, err)
		}
		if closed, err := s.next('}'); err != nil {
			return d.syntaxError(s, err)
		} else if closed {
			break
		}
	}
	if s.peek() != 0 {
		return d.syntaxError(s, errors.New("data after the FeatureCollection"))
	}
	return nil
}

// decodeFeatures reads the array of features.
func (d *geojsonDecoder) decodeFeatures(s *jsonStream) error {
	if s.peek() != '[' {
		return invalidf("%s:%d: features: must be an array", d.name(), s.line)
	}
	s.pos++
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for i := 0; ; i++ {
		s.peek()
		line := s.line
		v, err := s.value()
		if err != nil {
			return err
		}
		if err := d.decodeFeature(v, line, i); err != nil {
			return err
		}
		if closed, err := s.next(']'); closed || err != nil {
			return err
		}
	}
}

func (d *geojsonDecoder) syntaxError(s *jsonStream, err error) error {
	if errors.Is(err, ErrInvalidInput) {
		return err
	}
	if s.err != nil {
		return fmt.Errorf("read %s: %w", d.name(), s.err)
	}
	return invalidf("%s:%d: invalid JSON: %v", d.name(), s.line, err)
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
// line and is the index-th in its file, and appends it to features.
func (d *geojsonDecoder) decodeFeature(data []byte, line, index int) error {
	f, err := decodeFeature(data)
	if err != nil {
		return fmt.Errorf("%s: %w", d.where(len(d.files)-1, line, index), err)
	}
	d.features = append(d.features, f)
	d.lines = append(d.lines, int32(line))
	return nil
}

// decodeFeature decodes and validates the feature in data. Its errors name
// the feature, if it has an ID, but not the file.
func decodeFeature(data []byte) (Feature, error) {
	f, ok := decodeFast(data)
	var err error
	if !ok {
		f, err = decodeFeatureJSON(data)
	}
	if err == nil {
		err = checkGeoJSONFeature(&f)
	}
	if err != nil && f.ID != "" {
		err = fmt.Errorf("feature %q: %w", f.ID, err)
	}
	return f, err
}

// checkIDs returns an error naming the first feature whose ID was used
// before, and where. Sorting hashes is several times faster than a map of 2
// million IDs, and takes a fraction of the memory.
func (d *geojsonDecoder) checkIDs() error {
	// Each key is a 32-bit hash of an ID above the index of its feature.
	seed := maphash.MakeSeed()
	keys := make([]uint64, len(d.features))
	for i, f := range d.features {
		keys[i] = maphash.String(seed, f.ID)<<32 | uint64(i)
	}
	slices.Sort(keys)
	first, dup := 0, len(d.features)
	for i := 1; i < len(keys); i++ {
		if keys[i]>>32 != keys[i-1]>>32 {
			continue
		}
		// Among equal hashes, in order of index: compare with the earlier.
		b := int(uint32(keys[i]))
		for j := i - 1; j >= 0 && keys[j]>>32 == keys[i]>>32; j-- {
			if a := int(uint32(keys[j])); b <= dup && d.features[a].ID == d.features[b].ID {
				first, dup = a, b
			}
		}
	}
	if dup == len(d.features) {
		return nil
	}
	id := d.features[dup].ID
	return invalidf("%s: feature %q: id %q: already used at %s", d.whereRead(dup), id, id, d.whereRead(first))
}

// jsonStream reads JSON values from r one at a time, without holding more
// than the value at hand, and counts lines. Its methods skip white space
// before what they read; peek returns 0 at the end of input or on a read
// error, which is kept in err.
type jsonStream struct {
	r    io.Reader
	buf  []byte // unread input is buf[pos:]
	pos  int
	line int // of buf[pos]
	err  error
	eof  bool
}

// fill reads more input, keeping buf[keep:]; it reports false at the end.
func (s *jsonStream) fill(keep int) bool {
	if s.eof {
		return false
	}
	n := copy(s.buf[:cap(s.buf)], s.buf[keep:])
	s.buf, s.pos = s.buf[:n], s.pos-keep
	if n == cap(s.buf) {
		s.buf = slices.Grow(s.buf, n)
	}
	m, err := s.r.Read(s.buf[n:cap(s.buf)])
	s.buf = s.buf[:n+m]
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
		}
	}
	return m > 0 || !s.eof
}

func (s *jsonStream) peek() byte {
	for {
		for ; s.pos < len(s.buf); s.pos++ {
			switch c := s.buf[s.pos]; c {
			case '\n':
				s.line++
			case ' ', '\t', '\r', 0x1e: // 0x1e: see trimSpaceRS
			default:
				return c
			}
		}
		if !s.fill(s.pos) {
			return 0
		}
	}
}

// next consumes a ',' or the closing byte, reporting whether it was the
// closing byte.
func (s *jsonStream) next(closing byte) (closed bool, err error) {
	switch c := s.peek(); c {
	case ',', closing:
		s.pos++
		return c == closing, nil
	case 0:
		return false, io.ErrUnexpectedEOF
	}
	return false, fmt.Errorf("want ',' or '%c', got %q", closing, s.buf[s.pos])
}

// value returns the next value, whose syntax it checks only as far as needed
// to find its end. The result is valid until the next call.
func (s *jsonStream) value() ([]byte, error) {
	c := s.peek()
	switch c {
	case 0:
		return nil, io.ErrUnexpectedEOF
	case ',', ':', ']', '}':
		return nil, fmt.Errorf("unexpected %q", c)
	case '"':
		j, ok := s.skipString(0)
		if !ok {
			return nil, io.ErrUnexpectedEOF
		}
		return s.take(j + 1), nil
	case '{', '[':
		depth := 0
		for j := 0; s.more(j); j++ {
			switch s.buf[s.pos+j] {
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return s.take(j + 1), nil
				}
			case '"':
				var ok bool
				if j, ok = s.skipString(j); !ok {
					return nil, io.ErrUnexpectedEOF
				}
			}
		}
		return nil, io.ErrUnexpectedEOF
	}
	j := 0
	for s.more(j) && !bytes.ContainsRune([]byte(",:]} \t\r\n{[\""), rune(s.buf[s.pos+j])) {
		j++
	}
	return s.take(j), nil
}

// skipString returns the offset of the quote closing the string that opens
// at offset j.
func (s *jsonStream) skipString(j int) (int, bool) {
	for j++; s.more(j); j++ {
		switch s.buf[s.pos+j] {
		case '\\':
			j++
		case '"':
			return j, true
		}
	}
	return j, false
}

// more makes buf[pos+j] available, reporting false at the end of input.
func (s *jsonStream) more(j int) bool {
	for s.pos+j >= len(s.buf) {
		if !s.fill(s.pos) {
			return false
		}
	}
	return true
}

// take consumes and returns the next n bytes.
func (s *jsonStream) take(n int) []byte {
	v := s.buf[s.pos : s.pos+n]
	s.pos += n
	s.line += bytes.Count(v, []byte{'\n'})
	return v
}

// key reads a member name and the colon after it.
func (s *jsonStream) key() (string, error) {
	if s.peek() != '"' {
		return "", errors.New("want a member name in double quotes")
	}
	v, err := s.value()
	var k string
	if err == nil {
		err = json.Unmarshal(v, &k)
	}
	if err != nil {
		return "", err
	}
	if s.peek() != ':' {
		return "", errors.New("want ':' after a member name")
	}
	s.pos++
	return k, nil
}

// decodeValue reads a value into dst, or checks it is JSON if dst is nil.
func (s *jsonStream) decodeValue(dst any) error {
	v, err := s.value()
	switch {
	case err != nil:
		return err
	case dst != nil:
		return json.Unmarshal(v, dst)
	case !json.Valid(v):
		return json.Unmarshal(v, new(any)) // for the error
	}
	return nil
}

// wireFeature is a GeoJSON Feature as it is on the wire.
type wireFeature struct {
	Type       string        `json:"type"`
	ID         wireID        `json:"id"`
	Geometry   *wireGeometry `json:"geometry"`
	Properties *wireProps    `json:"properties"`
}

type wireGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

type wireProps struct {
	ID         wireID      `json:"id"`
	Kind       string      `json:"kind"`
	Name       string      `json:"name"`
	Category   string      `json:"category"`
	SchoolKind string      `json:"school_kind"`
	WaterKind  string      `json:"water_kind"`
	Gates      [][]float64 `json:"gates"`
}

// wireID is an id written as a JSON string or number (RFC 7946 §3.2 allows
// both); a number keeps its text.
type wireID string

func (id *wireID) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = wireID(s)
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		*id = wireID(b)
	default:
		return invalidf("id %s: must be a string or a number", b)
	}
	return nil
}

// decodeFeatureJSON decodes a Feature with encoding/json. The result has its
// ID set whenever the input has one, so errors can name the feature.
func decodeFeatureJSON(data []byte) (Feature, error) {
	var w wireFeature
	if err := json.Unmarshal(data, &w); err != nil {
		return Feature{}, wireJSONError("", err)
	}
	if w.Type != "Feature" {
		return Feature{}, invalidf("type %q: must be \"Feature\"", w.Type)
	}
	p := w.Properties
	if p == nil {
		return Feature{ID: string(w.ID)}, invalidf("properties: missing; must hold at least id and kind")
	}
	f := Feature{
		ID: string(p.ID), Kind: Kind(p.Kind), Name: p.Name, Category: Category(p.Category),
		SchoolKind: SchoolKind(p.SchoolKind), WaterKind: WaterKind(p.WaterKind),
	}
	if f.ID == "" {
		f.ID = string(w.ID)
	}
	for i, c := range p.Gates {
		if len(c) < 2 {
			return f, invalidf("gates[%d] %s: must be [lon, lat]", i, formatNums(c))
		}
		f.Gates = append(f.Gates, Point{Lat: c[1], Lon: c[0]})
	}
	var err error
	f.Geometry, err = decodeGeometry(w.Geometry)
	return f, err
}

func decodeGeometry(g *wireGeometry) (orb.Geometry, error) {
	if g == nil {
		return nil, invalidf("geometry: missing; must be one of %s", wireGeometryTypes)
	}
	var (
		geom orb.Geometry
		err  error
	)
	switch g.Type {
	case "Point":
		var c []float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			if len(c) < 2 {
				return nil, invalidf("geometry.coordinates %s: must be [lon, lat]", formatNums(c))
			}
			geom = orb.Point{c[0], c[1]}
		}
	case "LineString":
		var c [][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			geom, err = wireLine(c, "")
		}
	case "MultiLineString":
		var c [][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			geom, err = wireMultiLine(c, "")
		}
	case "Polygon":
		var c [][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			var ml orb.MultiLineString
			ml, err = wireMultiLine(c, "")
			geom = polygonOf(ml)
		}
	case "MultiPolygon":
		var c [][][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			mp := make(orb.MultiPolygon, len(c))
			for i := range c {
				var ml orb.MultiLineString
				if ml, err = wireMultiLine(c[i], fmt.Sprintf("[%d]", i)); err != nil {
					break
				}
				mp[i] = polygonOf(ml)
			}
			geom = mp
		}
	default:
		return nil, invalidf("geometry.type %q: must be one of %s", g.Type, wireGeometryTypes)
	}
	if len(g.Coordinates) == 0 {
		return nil, invalidf("geometry.coordinates: missing")
	}
	if err != nil {
		return nil, wireJSONError("geometry.coordinates", err)
	}
	return geom, nil
}

const wireGeometryTypes = "Point, LineString, MultiLineString, Polygon, MultiPolygon"

func wireLine(c [][]float64, path string) (orb.LineString, error) {
	ls := make(orb.LineString, len(c))
	for i, p := range c {
		if len(p) < 2 {
			return nil, invalidf("geometry.coordinates%s[%d] %s: must be [lon, lat]", path, i, formatNums(p))
		}
		ls[i] = orb.Point{p[0], p[1]}
	}
	return ls, nil
}

func wireMultiLine(c [][][]float64, path string) (orb.MultiLineString, error) {
	ml := make(orb.MultiLineString, len(c))
	for i := range c {
		var err error
		if ml[i], err = wireLine(c[i], fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return nil, err
		}
	}
	return ml, nil
}

func polygonOf(ml orb.MultiLineString) orb.Polygon {
	p := make(orb.Polygon, len(ml))
	for i, l := range ml {
		p[i] = orb.Ring(l)
	}
	return p
}

func formatNums(c []float64) string {
	s := make([]string, len(c))
	for i, v := range c {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// wireJSONError turns an error from encoding/json into one that names the
// field (under prefix) and wraps ErrInvalidInput.
func wireJSONError(prefix string, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return invalidf("invalid JSON: %v", err)
	case errors.As(err, &typ):
		field := typ.Field
		if prefix != "" && field != "" {
			field = prefix + "." + field
		} else if prefix != "" {
			field = prefix
		} else if field == "" {
			field = "feature"
		}
		return invalidf("%s: got JSON %s, want %s", field, typ.Value, wireTypeName(typ.Type))
	case errors.Is(err, ErrInvalidInput):
		return err
	}
	return invalidf("invalid JSON: %v", err)
}

func wireTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Float64:
		return "a finite number"
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}

// checkGeoJSONFeature validates f as ReadGeoJSON documents and fills in the
// defaults: GeneralSchool, OtherWater and the category Water. Its errors name
// the field and the value but not the feature.
func checkGeoJSONFeature(f *Feature) error {
	if f.ID == "" {
		return invalidf(`id "": must be a non-empty string (properties.id, or the Feature's id)`)
	}
	switch f.Kind {
	case School:
		if f.Category != "" {
			return invalidf("category %q: must be empty for a school", f.Category)
		}
		if f.SchoolKind == "" {
			f.SchoolKind = GeneralSchool
		} else if !slices.Contains(SchoolKinds, f.SchoolKind) {
			return invalidf("school_kind %q: must be one of %s", f.SchoolKind, joinNames(SchoolKinds))
		}
	case Business:
		if _, err := ParseCategory(string(f.Category)); err != nil {
			return err
		}
		if f.Category == Water {
			return invalidf("category %q: must be a business category; water bodies have kind \"water\"", f.Category)
		}
	case WaterBody:
		if f.Category == "" {
			f.Category = Water
		} else if f.Category != Water {
			return invalidf("category %q: must be \"water\" or empty for a water body", f.Category)
		}
		if f.WaterKind == "" {
			f.WaterKind = OtherWater
		} else if !slices.Contains(WaterKinds, f.WaterKind) {
			return invalidf("water_kind %q: must be one of %s", f.WaterKind, joinNames(WaterKinds))
		}
	default:
		return invalidf("kind %q: must be one of school, business, water", f.Kind)
	}
	switch {
	case f.Kind != School && f.SchoolKind != "":
		return invalidf("school_kind %q: only a school has one", f.SchoolKind)
	case f.Kind != WaterBody && f.WaterKind != "":
		return invalidf("water_kind %q: only a water body has one", f.WaterKind)
	case f.Kind != School && len(f.Gates) > 0:
		return invalidf("gates: only a school has gates")
	}
	for i, g := range f.Gates {
		if err := g.Validate(); err != nil {
			return fmt.Errorf("gates[%d]: %w", i, err)
		}
	}
	return checkGeoJSONGeometry(f.Kind, f.Geometry)
}

func joinNames[S ~string](names []S) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

// checkGeoJSONGeometry checks that g is a geometry kind may have, with
// positions in range and polygon rings closed. Paths to a position such as
// "geometry.coordinates[0][3]" are built on the way out, only on error.
func checkGeoJSONGeometry(kind Kind, g orb.Geometry) error {
	var err error
	switch g := g.(type) {
	case nil:
		return invalidf("geometry: missing; must be one of %s", wireGeometryTypes)
	case orb.Point:
		return (Point{Lat: g[1], Lon: g[0]}).Validate()
	case orb.LineString, orb.MultiLineString:
		if kind != WaterBody {
			return invalidf("geometry.type %q: a %s must be a Point, Polygon or MultiPolygon", g.GeoJSONType(), kind)
		}
		if ls, ok := g.(orb.LineString); ok {
			err = checkLine(ls)
		} else {
			err = checkMulti(g.(orb.MultiLineString), checkLine)
		}
	case orb.Polygon:
		err = checkPolygon(g)
	case orb.MultiPolygon:
		err = checkMulti(g, checkPolygon)
	default:
		return invalidf("geometry %T: must be one of %s", g, wireGeometryTypes)
	}
	if err != nil {
		return fmt.Errorf("geometry.coordinates%w", err)
	}
	return nil
}

// The check functions below return errors whose text starts with "[i]" or
// ": ", so that callers can prefix the path.

func checkLine(ls orb.LineString) error {
	if len(ls) < 2 {
		return invalidf(": %d positions: a line must have at least 2", len(ls))
	}
	for i, p := range ls {
		if err := (Point{Lat: p[1], Lon: p[0]}).Validate(); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return nil
}

func checkPolygon(pg orb.Polygon) error {
	if len(pg) == 0 {
		return invalidf(": no rings: a polygon must have an outer ring")
	}
	for i, r := range pg {
		var err error
		switch {
		case len(r) < 4:
			err = invalidf(": %d positions: a ring must have at least 4", len(r))
		case r[0] != r[len(r)-1]:
			err = invalidf(": ring not closed: first position %s and last %s must be equal",
				formatNums(r[0][:]), formatNums(r[len(r)-1][:]))
		default:
			err = checkLine(orb.LineString(r))
		}
		if err != nil {
			return fmt.Errorf("[%d]%w", i, err)
		}
	}
	return nil
}

func checkMulti[S ~[]E, E any](s S, check func(E) error) error {
	if len(s) == 0 {
		return invalidf(": empty")
	}
	for i, e := range s {
		if err := check(e); err != nil {
			return fmt.Errorf("[%d]%w", i, err)
		}
	}
	return nil
}

// decodeFast decodes data without encoding/json if it is a Feature in the
// plain form WriteGeoJSONL writes: members "type", "id", "geometry" and
// "properties" in any order, a geometry of "type" then "coordinates" with
// positions of two numbers, only the properties ReadGeoJSON knows, and no
// escapes in strings. It reports false for anything else, which the general
// decoder then reads; where both accept data they must agree
// (FuzzReadGeoJSONFastPath checks it). Values are checked later, by
// checkGeoJSONFeature. It is about 5 times faster than encoding/json.
func decodeFast(data []byte) (f Feature, ok bool) {
	s := fastScanner{b: data}
	var id, propID, name []byte
	var seen uint8 // type, id, geometry, properties
	for more := s.object(); more; more = s.more('}') {
		var bit uint8
		switch string(s.name()) {
		case "type":
			bit = 1
			s.want(string(s.str()) == "Feature")
		case "id":
			bit, id = 2, s.str()
			s.want(utf8.Valid(id))
		case "geometry":
			bit, f.Geometry = 4, s.geometry()
		case "properties":
			bit = 8
			propID, name = s.props(&f)
		default:
			s.bad = true
		}
		s.want(seen&bit == 0)
		seen |= bit
	}
	if s.bad || seen&(1|4|8) != 1|4|8 || len(trimSpaceRS(s.b[s.i:])) != 0 {
		return Feature{}, false
	}
	if propID != nil {
		id = propID
	}
	idName := string(id) + string(name) // one allocation for both
	f.ID, f.Name = idName[:len(id)], idName[len(id):]
	return f, true
}

// fastScanner reads the plain subset of JSON that decodeFast accepts. Its
// methods skip white space first, and set bad instead of returning errors;
// once bad is set, they return zero values. They take no function values,
// so that the scanner stays on the stack.
type fastScanner struct {
	b      []byte
	i      int
	bad    bool
	points []orb.Point // scratch for positions
}

func (s *fastScanner) want(ok bool) { s.bad = s.bad || !ok }

func (s *fastScanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// lit consumes c if it is next.
func (s *fastScanner) lit(c byte) bool {
	s.space()
	if s.bad || s.i >= len(s.b) || s.b[s.i] != c {
		return false
	}
	s.i++
	return true
}

// object reads the '{' opening an object, reporting whether a member follows.
func (s *fastScanner) object() bool {
	s.want(s.lit('{'))
	return !s.bad && !s.lit('}')
}

// array reads the '[' opening an array, reporting whether an element follows.
func (s *fastScanner) array() bool {
	s.want(s.lit('['))
	return !s.bad && !s.lit(']')
}

// more reads the ',' before another member or element, reporting true, or
// the closing byte.
func (s *fastScanner) more(closing byte) bool {
	if s.lit(',') {
		return true
	}
	s.want(s.lit(closing))
	return false
}

// name reads a member name and its colon.
func (s *fastScanner) name() []byte {
	k := s.str()
	s.want(s.lit(':'))
	return k
}

// str reads a string without escapes or control characters. Callers check
// UTF-8 where they keep the string (text compared with known names is valid
// if it matches).
func (s *fastScanner) str() []byte {
	if !s.lit('"') {
		s.bad = true
		return nil
	}
	for j := s.i; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			v := s.b[s.i:j:j]
			s.i = j + 1
			return v
		case c == '\\' || c < 0x20:
			s.bad = true
			return nil
		}
	}
	s.bad = true
	return nil
}

// null consumes a JSON null if it is next.
func (s *fastScanner) null() bool {
	s.space()
	if !s.bad && bytes.HasPrefix(s.b[s.i:], []byte("null")) {
		s.i += 4
		return true
	}
	return false
}

// num reads a JSON number.
func (s *fastScanner) num() float64 {
	s.space()
	b, i := s.b, s.i
	digits := func() int {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if n := digits(); n == 0 || n > 1 && b[i-n] == '0' {
		s.bad = true
	}
	if i < len(b) && b[i] == '.' {
		i++
		s.want(digits() > 0)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		s.want(digits() > 0)
	}
	if s.bad {
		return 0
	}
	v, err := strconv.ParseFloat(string(b[s.i:i]), 64)
	s.want(err == nil) // out of range
	s.i = i
	return v
}

// geometry reads {"type":T,"coordinates":C} for the five geometry types.
func (s *fastScanner) geometry() orb.Geometry {
	s.want(s.lit('{') && string(s.name()) == "type")
	typ := s.str()
	s.want(s.lit(',') && string(s.name()) == "coordinates")
	var g orb.Geometry
	switch string(typ) {
	case "Point":
		g = s.position()
	case "LineString":
		g = s.positions()
	case "MultiLineString":
		ml := orb.MultiLineString{}
		for more := s.array(); more; more = s.more(']') {
			ml = append(ml, s.positions())
		}
		g = ml
	case "Polygon":
		g = s.polygon()
	case "MultiPolygon":
		mp := orb.MultiPolygon{}
		for more := s.array(); more; more = s.more(']') {
			mp = append(mp, s.polygon())
		}
		g = mp
	default:
		s.bad = true
	}
	s.want(s.lit('}'))
	return g
}

// position reads [lon,lat].
func (s *fastScanner) position() orb.Point {
	s.want(s.lit('['))
	lon := s.num()
	s.want(s.lit(','))
	lat := s.num()
	s.want(s.lit(']'))
	return orb.Point{lon, lat}
}

// positions reads an array of positions into a slice of the exact size.
func (s *fastScanner) positions() orb.LineString {
	s.points = s.points[:0]
	for more := s.array(); more; more = s.more(']') {
		s.points = append(s.points, s.position())
	}
	if s.bad {
		return nil
	}
	return append(orb.LineString{}, s.points...)
}

func (s *fastScanner) polygon() orb.Polygon {
	p := make(orb.Polygon, 0, 1)
	for more := s.array(); more; more = s.more(']') {
		p = append(p, orb.Ring(s.positions()))
	}
	return p
}

// props reads the properties object into f, returning the id and the name.
// Like encoding/json, a later duplicate wins, and null leaves a string as it
// is but clears the gates.
func (s *fastScanner) props(f *Feature) (id, name []byte) {
	for more := s.object(); more; more = s.more('}') {
		key := s.name()
		if string(key) == "gates" {
			f.Gates = s.gates()
			continue
		}
		if s.null() {
			continue
		}
		v := s.str()
		ok := true
		switch string(key) {
		case "id":
			id = v
			ok = utf8.Valid(v)
		case "name":
			name = v
			ok = utf8.Valid(v)
		case "kind":
			f.Kind, ok = lookupName([]Kind{School, Business, WaterBody}, v)
		case "category":
			f.Category, ok = lookupName(Categories, v)
		case "school_kind":
			f.SchoolKind, ok = lookupName(SchoolKinds, v)
		case "water_kind":
			f.WaterKind, ok = lookupName(WaterKinds, v)
		default:
			ok = false
		}
		s.want(ok)
	}
	return id, name
}

// gates reads an array of positions, or null, as gates. Like encoding/json,
// it returns nil for null and for no gates.
func (s *fastScanner) gates() []Point {
	if s.null() {
		return nil
	}
	ls := s.positions()
	if len(ls) == 0 {
		return nil
	}
	gates := make([]Point, len(ls))
	for i, p := range ls {
		gates[i] = Point{Lat: p[1], Lon: p[0]}
	}
	return gates
}

// lookupName returns the constant in names spelled v, without allocating.
func lookupName[S ~string](names []S, v []byte) (S, bool) {
	for _, n := range names {
		if string(n) == string(v) {
			return n, true
		}
	}
	return "", false
}

// WriteGeoJSONL writes features to w as newline-delimited GeoJSON, one
// Feature per line, in the format ReadGeoJSON reads. Coordinates are [lon,
// lat] rounded to 7 decimals (about 1 cm, OpenStreetMap's precision), so
// that every reader of the file, PostGIS included, gets the same numbers.
// It returns an error wrapping ErrInvalidInput, before writing the feature,
// if a feature is invalid as ReadGeoJSON would find it (except that IDs are
// not checked for uniqueness).
func WriteGeoJSONL(w io.Writer, features []Feature) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	for i, f := range features {
		var err error
		if buf, err = AppendGeoJSON(buf[:0], f); err != nil {
			return fmt.Errorf("features[%d]: %w", i, err)
		}
		if _, err := bw.Write(append(buf, '\n')); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteFeatureCollection writes features to w as a GeoJSON
// FeatureCollection, one feature per line, like WriteGeoJSONL.
func WriteFeatureCollection(w io.Writer, features []Feature) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := []byte(`{"type":"FeatureCollection","features":[` + "\n")
	for i, f := range features {
		var err error
		if buf, err = AppendGeoJSON(buf, f); err != nil {
			return fmt.Errorf("features[%d]: %w", i, err)
		}
		if i < len(features)-1 {
			buf = append(buf, ',')
		}
		if _, err := bw.Write(append(buf, '\n')); err != nil {
			return err
		}
		buf = buf[:0]
	}
	if _, err := bw.Write(append(buf, "]}\n"...)); err != nil {
		return err
	}
	return bw.Flush()
}

// AppendGeoJSON appends f to dst as one line of GeoJSON, without the line
// break, as WriteGeoJSONL writes it. It is the streaming form of
// WriteGeoJSONL, e.g. for the output of Synthesize. Empty school_kind and
// water_kind are written as their defaults. It returns dst unchanged and an
// error wrapping ErrInvalidInput if f is invalid.
func AppendGeoJSON(dst []byte, f Feature) ([]byte, error) {
	if err := checkGeoJSONFeature(&f); err != nil {
		if f.ID == "" {
			return dst, err
		}
		return dst, fmt.Errorf("feature %q: %w", f.ID, err)
	}
	b := append(dst, `{"type":"Feature","properties":{"id":`...)
	b = appendJSONString(b, f.ID)
	b = appendMember(b, "kind", string(f.Kind))
	b = appendMember(b, "name", f.Name)
	b = appendMember(b, "category", string(f.Category))
	b = appendMember(b, "school_kind", string(f.SchoolKind))
	b = appendMember(b, "water_kind", string(f.WaterKind))
	if len(f.Gates) > 0 {
		b = append(b, `,"gates":[`...)
		for i, g := range f.Gates {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPosition(b, orb.Point{g.Lon, g.Lat})
		}
		b = append(b, ']')
	}
	b = append(b, `},"geometry":{"type":"`...)
	b = append(b, f.Geometry.GeoJSONType()...)
	b = append(b, `","coordinates":`...)
	switch g := f.Geometry.(type) {
	case orb.Point:
		b = appendPosition(b, g)
	case orb.LineString:
		b = appendPositions(b, g)
	case orb.MultiLineString:
		b = appendNested(b, g, appendPositions)
	case orb.Polygon:
		b = appendNested(b, g, appendPositions)
	case orb.MultiPolygon:
		b = appendNested(b, g, func(b []byte, p orb.Polygon) []byte { return appendNested(b, p, appendPositions) })
	}
	return append(b, "}}"...), nil
}

// appendMember appends ,"key":"value" unless value is empty.
func appendMember(b []byte, key, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendJSONString(b, value)
}

func appendPosition(b []byte, p orb.Point) []byte {
	b = append(b, '[')
	b = appendDegrees(b, p[0])
	b = append(b, ',')
	b = appendDegrees(b, p[1])
	return append(b, ']')
}

// appendDegrees appends v rounded to 7 decimals, without trailing zeros.
func appendDegrees(b []byte, v float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', 7, 64)
	b = bytes.TrimRight(b, "0")
	b = bytes.TrimSuffix(b, []byte("."))
	if string(b[n:]) == "-0" {
		b = append(b[:n], '0')
	}
	return b
}

func appendPositions[S ~[]orb.Point](b []byte, ps S) []byte {
	return appendNested(b, ps, appendPosition)
}

func appendNested[S ~[]E, E any](b []byte, s S, appendElem func([]byte, E) []byte) []byte {
	b = append(b, '[')
	for i, e := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendElem(b, e)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as with encoding/json.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if c >= utf8.RuneSelf && (r != utf8.RuneError || size > 1) {
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, `\n`...)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, `\ufffd`...)
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
