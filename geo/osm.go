package geo

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

// OSMStats counts what ReadOSMStats returned and what it had to leave out.
// Extracts cut at a boundary routinely have broken relations and ways; these
// are skipped, not errors.
type OSMStats struct {
	Features int // features returned
	Gates    int // gates attached to school campuses, counted once per school

	// BrokenRelations counts multipolygons skipped because a member way or
	// node is missing from the file or the rings do not close.
	BrokenRelations int
	// BrokenWays counts tagged ways skipped: a school or business area that
	// is not closed, an area with nodes missing from the file, or a line
	// with fewer than 2 of its nodes in the file.
	BrokenWays int
	// CutLines counts water lines kept in pieces because some of their
	// nodes are missing from the file.
	CutLines int
}

// ReadOSM reads the schools, businesses and water bodies of an OpenStreetMap
// file: PBF if path ends in ".pbf", XML if it ends in ".osm" or ".xml", and
// otherwise whichever the first bytes show. Tags map to features as the
// table in data/README.md says. Features are sorted by ID (byte order), and
// IDs are "node/N", "way/N" or "relation/N".
//
// The file is streamed three times (relations, ways, nodes), keeping only
// the tagged elements and the coordinates of the nodes their geometry
// needs, so memory grows with the features read rather than with the file.
//
// Broken relations and ways are skipped (ReadOSMStats counts them). A
// corrupt or unreadable file gives an error wrapping ErrInvalidInput that
// names path; a missing file gives the os error, wrapped with path. ReadOSM
// is safe for concurrent use.
func ReadOSM(path string) ([]Feature, error) {
	features, _, err := ReadOSMStats(path)
	return features, err
}

// ReadOSMStats is ReadOSM, also returning counts of what was read and
// skipped.
func ReadOSMStats(path string) ([]Feature, OSMStats, error) {
	open := func() (io.ReadCloser, error) { return os.Open(path) }
	pbf, err := osmIsPBF(path, open)
	if err != nil {
		return nil, OSMStats{}, fmt.Errorf("read %s: %w", path, err)
	}
	features, stats, err := decodeOSM(open, pbf)
	if err != nil {
		return nil, stats, fmt.Errorf("read %s: %w", path, err)
	}
	return features, stats, nil
}

// osmIsPBF tells PBF from XML by the file name, or else by the first bytes.
func osmIsPBF(path string, open func() (io.ReadCloser, error)) (bool, error) {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".pbf"):
		return true, nil
	case strings.HasSuffix(lower, ".osm"), strings.HasSuffix(lower, ".xml"):
		return false, nil
	}
	rc, err := open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(rc, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	head = head[:n]
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(trimmed) > 0 && trimmed[0] == '<':
		return false, nil
	case len(head) > 5 && head[0] == 0 && head[1] == 0 && head[4] == 0x0a:
		// A PBF file starts with a big-endian BlobHeader size, small enough
		// for two zero bytes, then the BlobHeader's field 1 (its type).
		return true, nil
	}
	return false, invalidf("format %q: must be OSM XML (.osm) or PBF (.osm.pbf)", head)
}

// decodeOSM reads OSM data from whatever open returns, opening it once per
// pass. pbf selects the PBF decoder, else XML.
func decodeOSM(open func() (io.ReadCloser, error), pbf bool) ([]Feature, OSMStats, error) {
	src := osmSource{open: open, pbf: pbf}
	if !pbf {
		if err := checkOSMRoot(open); err != nil {
			return nil, OSMStats{}, err
		}
	}
	b := &osmBuilder{}
	passes := []struct {
		pass osmPass
		add  func(osm.Object) error
		end  func()
	}{
		{osmPass{relation: keepOSMRelation}, b.addRelation, b.endRelations},
		{osmPass{way: b.keepWay}, b.addWay, b.endWays},
		{osmPass{node: b.keepNode}, b.addNode, func() {}},
	}
	for _, p := range passes {
		if err := src.scan(p.pass, p.add); err != nil {
			return nil, b.stats, err
		}
		p.end()
	}
	features := b.features()
	return features, b.stats, nil
}

// checkOSMRoot makes sure an XML file is an <osm> document, so that an
// empty file or another XML format is an error rather than no features.
func checkOSMRoot(open func() (io.ReadCloser, error)) error {
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return invalidf("xml: no <osm> element: not an OSM XML file")
		}
		if err != nil {
			return osmReadError("xml", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "osm" {
				return invalidf("xml: root element <%s>: must be <osm>", se.Name.Local)
			}
			return nil
		}
	}
}

// osmPass selects one element type. Its functions choose the elements to
// keep; for PBF they run concurrently on the decoder goroutines, so they
// must only read shared state.
type osmPass struct {
	node     func(*osm.Node) bool
	way      func(*osm.Way) bool
	relation func(*osm.Relation) bool
}

func (p osmPass) keep(o osm.Object) bool {
	switch o := o.(type) {
	case *osm.Node:
		return p.node != nil && p.node(o)
	case *osm.Way:
		return p.way != nil && p.way(o)
	case *osm.Relation:
		return p.relation != nil && p.relation(o)
	}
	return false
}

type osmSource struct {
	open func() (io.ReadCloser, error)
	pbf  bool
}

// scan reads the file once and calls add, in file order, for each element
// that p keeps.
func (s osmSource) scan(p osmPass, add func(osm.Object) error) error {
	rc, err := s.open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var sc osm.Scanner
	format := "xml"
	if s.pbf {
		format = "pbf"
		procs := runtime.GOMAXPROCS(0)
		guard := newPBFGuard(rc, pbfSkip{nodes: p.node == nil, ways: p.way == nil, relations: p.relation == nil}, procs)
		ps := osmpbf.New(context.Background(), guard, procs)
		ps.SkipNodes, ps.SkipWays, ps.SkipRelations = p.node == nil, p.way == nil, p.relation == nil
		ps.FilterNode, ps.FilterWay, ps.FilterRelation = p.node, p.way, p.relation
		// Close the guard first: after Close, osmpbf's reader goroutine
		// reads on to the end of the file unless its reads fail.
		defer func() { guard.Close(); ps.Close() }()
		sc = ps
	} else {
		sc = osmxml.New(context.Background(), bufio.NewReaderSize(rc, 1<<16))
		defer sc.Close()
	}
	for sc.Scan() {
		o := sc.Object()
		if !s.pbf && !p.keep(o) {
			continue
		}
		if err := add(o); err != nil {
			return err
		}
	}
	return osmReadError(format, sc.Err())
}

// osmReadError passes I/O errors on and turns everything else the decoders
// report into bad input.
func osmReadError(format string, err error) error {
	var pathErr *fs.PathError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrInvalidInput), errors.As(err, &pathErr):
		return err
	}
	return invalidf("%s: %v", format, err)
}

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
	wayIDs []int64 // sorted: ways the relations need
	ways   []osmWay
	nodes  osmNodes // the nodes the kept ways need
	points []Feature
	gates  []Point
	stats  OSMStats
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
	rel := osmRelation{id: int64(r.ID), class: class, name: osmName(r.Tags)}
	for _, m := range r.Members {
		if m.Type != osm.TypeWay {
			continue
		}
		rel.members = append(rel.members, osmMember{way: m.Ref, inner: m.Role == "inner", outer: m.Role == "outer"})
		b.wayIDs = append(b.wayIDs, m.Ref)
	}
	b.rels = append(b.rels, rel)
	return nil
}

func (b *osmBuilder) endRelations() {
	slices.Sort(b.wayIDs)
	b.wayIDs = slices.Compact(b.wayIDs)
}

func (b *osmBuilder) keepWay(w *osm.Way) bool {
	if _, ok := slices.BinarySearch(b.wayIDs, int64(w.ID)); ok {
		return true
	}
	_, ok := classifyOSM(w.Tags)
	return ok
}

func (b *osmBuilder) addWay(o osm.Object) error {
	w := o.(*osm.Way)
	class, ok := classifyOSM(w.Tags)
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
	p := Point{Lat: n.Lat, Lon: n.Lon}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("node/%d: %w", n.ID, err)
	}
	// Round to the 1e-7 degrees OSM stores, as osmNodes does, so that a
	// gate and the ring vertex it sits on compare equal.
	p = Point{Lat: math.Round(p.Lat*1e7) / 1e7, Lon: math.Round(p.Lon*1e7) / 1e7}
	b.nodes.set(int64(n.ID), p)
	if len(n.Tags) == 0 {
		return nil
	}
	if isOSMGate(n.Tags) {
		b.gates = append(b.gates, p)
	}
	// A water body mapped as a single node has no shore to measure from.
	if class, ok := classifyOSM(n.Tags); ok && class.kind != WaterBody {
		b.points = append(b.points, class.feature(fmt.Sprintf("node/%d", n.ID), osmName(n.Tags), orb.Point{p.Lon, p.Lat}))
	}
	return nil
}
