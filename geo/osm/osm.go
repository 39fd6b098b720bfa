package osm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"

	"github.com/safezone/safezone/geo"
)

// Stats counts what ReadStats returned and what it had to leave out.
// Extracts cut at a boundary routinely have broken relations and ways; these
// are skipped, not errors.
type Stats struct {
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

// Read reads the schools, businesses and water bodies of an OpenStreetMap
// file: PBF if path ends in ".pbf", XML if it ends in ".osm" or ".xml", and
// otherwise whichever the first bytes show. Tags map to features as the
// table in data/README.md says. Features are sorted by ID (byte order), and
// IDs are "node/N", "way/N" or "relation/N".
//
// The file is streamed three times (relations, ways, nodes), keeping only
// the tagged elements and the coordinates of the nodes their geometry
// needs, so memory grows with the features read rather than with the file.
//
// Broken relations and ways are skipped (ReadStats counts them). A
// corrupt file, or a node used by a feature with coordinates out of range,
// gives an error wrapping ErrInvalidInput that names path; a missing or
// unreadable file gives the os error, wrapped with path. Read is safe for
// concurrent use.
func Read(path string) ([]geo.Feature, error) {
	features, _, err := ReadStats(path)
	return features, err
}

// ReadStats is Read, also returning counts of what was read and
// skipped.
func ReadStats(path string) ([]geo.Feature, Stats, error) {
	open := func() (io.ReadCloser, error) { return os.Open(path) }
	pbf, err := osmIsPBF(path, open)
	if err != nil {
		return nil, Stats{}, fmt.Errorf("read %s: %w", path, err)
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
	return false, geo.Invalidf("format %q: must be OSM XML (.osm) or PBF (.osm.pbf)", head)
}

// decodeOSM reads OSM data from whatever open returns, opening it once per
// pass. pbf selects the PBF decoder, else XML.
func decodeOSM(open func() (io.ReadCloser, error), pbf bool) ([]geo.Feature, Stats, error) {
	src := osmSource{open: open, pbf: pbf, index: &pbfIndex{}}
	if !pbf {
		if err := checkOSMRoot(open); err != nil {
			return nil, Stats{}, err
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
			return geo.Invalidf("xml: no <osm> element: not an OSM XML file")
		}
		if err != nil {
			return osmReadError("xml", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "osm" {
				return geo.Invalidf("xml: root element <%s>: must be <osm>", se.Name.Local)
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

func (p osmPass) kinds() pbfKinds {
	var k pbfKinds
	if p.node != nil {
		k |= pbfNodes
	}
	if p.way != nil {
		k |= pbfWays
	}
	if p.relation != nil {
		k |= pbfRelations
	}
	return k
}

type osmSource struct {
	open  func() (io.ReadCloser, error)
	pbf   bool
	index *pbfIndex // PBF: the kinds in each block, once a pass has read them all
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
		guard := newPBFGuard(rc, p.kinds(), s.index, procs)
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
	if err := sc.Err(); err != nil {
		return osmReadError(format, err)
	}
	if s.pbf {
		s.index.finish()
	}
	return nil
}

// osmReadError passes I/O errors on and turns everything else the decoders
// report into bad input.
func osmReadError(format string, err error) error {
	var pathErr *fs.PathError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, geo.ErrInvalidInput), errors.As(err, &pathErr):
		return err
	}
	return geo.Invalidf("%s: %v", format, err)
}
