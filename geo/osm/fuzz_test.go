package osm

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// FuzzDecodeOSMXML checks that no XML input makes decodeOSM panic, that
// every error is bad input, and that whatever it accepts is valid: IDs of
// the OSM form, known kinds and categories, coordinates in range, closed
// rings. Seeds: the fixtures and a few nasty inputs.
func FuzzDecodeOSMXML(f *testing.F) {
	for _, name := range osmFixtures {
		data, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		``,
		`<osm/>`,
		`<osm><node id="1" lat="NaN" lon="Inf"><tag k="amenity" v="school"/></node></osm>`,
		`<osm><node id="1" lat="1e308" lon="-1e308"><tag k="shop" v="kiosk"/></node></osm>`,
		`<osm><node id="-1" lat="90" lon="180"><tag k="amenity" v="school"/></node>` +
			`<node id="2" lat="-90" lon="-180"><tag k="entrance" v="yes"/></node>` +
			`<way id="3"><nd ref="-1"/><nd ref="2"/><nd ref="-1"/><nd ref="2"/><nd ref="-1"/><tag k="amenity" v="school"/></way></osm>`,
		`<osm><way id="1"><nd ref="1"/><nd ref="1"/><nd ref="1"/><nd ref="1"/><tag k="natural" v="water"/></way>` +
			`<node id="1" lat="0" lon="0"/></osm>`,
		`<osm><relation id="1"><member type="way" ref="1" role="outer"/><member type="way" ref="1" role="inner"/>` +
			`<tag k="type" v="multipolygon"/><tag k="natural" v="water"/></relation>` +
			`<way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/></way>` +
			`<node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="1"/><node id="3" lat="1" lon="1"/></osm>`,
		`<osm><node id="1" lat="0" lon="0"><tag k="amenity" v="school"/></node><node id="1" lat="1" lon="1"><tag k="amenity" v="bar"/></node></osm>`,
		`<osm><node id="99999999999999999999" lat="0" lon="0"/></osm>`,
		`<osm><node id="1" lat="0" lon="0"><tag k="amenity" v="school"/>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><osm/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, _, err := decodeOSM(osmBytes(data), false)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %q does not wrap ErrInvalidInput", err)
			}
			return
		}
		checkOSMFeatures(t, fs)
	})
}

// FuzzDecodeOSMPBF does the same for PBF, which goes through pbfGuard. The
// seeds use uncompressed blobs so that mutations reach the block checks
// rather than zlib's checksum.
func FuzzDecodeOSMPBF(f *testing.F) {
	for _, name := range osmFixtures {
		data, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(encodePBF(f, data, 0))
	}
	f.Add(pbfFrame("OSMHeader", pbfTestHeader, true))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, _, err := decodeOSM(osmBytes(data), true)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %q does not wrap ErrInvalidInput", err)
			}
			return
		}
		checkOSMFeatures(t, fs)
	})
}

var osmIDPattern = regexp.MustCompile(`^(node|way|relation)/-?[0-9]+$`)

// checkOSMFeatures checks what Read promises of every feature: an ID of
// the OSM form, in order and unique; a known kind with the fields that go
// with it; and geometry with valid coordinates, closed rings and lines of
// at least two points.
func checkOSMFeatures(tb testing.TB, fs []geo.Feature) {
	tb.Helper()
	for i, f := range fs {
		if err := checkOSMFeature(f); err != nil {
			tb.Fatalf("feature %d %s: %v", i, f.ID, err)
		}
		if i > 0 && fs[i-1].ID >= f.ID {
			tb.Fatalf("feature %d: ID %q not after %q", i, f.ID, fs[i-1].ID)
		}
	}
}

func checkOSMFeature(f geo.Feature) error {
	if !osmIDPattern.MatchString(f.ID) {
		return fmt.Errorf("ID %q: not node/N, way/N or relation/N", f.ID)
	}
	var ok bool
	switch f.Kind {
	case geo.School:
		ok = f.Category == "" && f.WaterKind == "" && slices.Contains(geo.SchoolKinds, f.SchoolKind)
	case geo.Business:
		ok = f.Category != geo.Water && slices.Contains(geo.Categories, f.Category) && f.SchoolKind == "" && f.WaterKind == "" && f.Gates == nil
	case geo.WaterBody:
		ok = f.Category == geo.Water && f.SchoolKind == "" && slices.Contains(geo.WaterKinds, f.WaterKind) && f.Gates == nil
	}
	if !ok {
		return fmt.Errorf("kind %q category %q school kind %q water kind %q", f.Kind, f.Category, f.SchoolKind, f.WaterKind)
	}
	for _, g := range f.Gates {
		if err := g.Validate(); err != nil {
			return fmt.Errorf("gate: %w", err)
		}
	}
	return checkOSMGeometry(f.Kind, f.Geometry)
}

func checkOSMGeometry(kind geo.Kind, g orb.Geometry) error {
	points := func(ps []orb.Point, min int) error {
		if len(ps) < min {
			return fmt.Errorf("%d points, want at least %d", len(ps), min)
		}
		for _, p := range ps {
			if err := (geo.Point{Lat: p[1], Lon: p[0]}).Validate(); err != nil {
				return err
			}
		}
		return nil
	}
	polygon := func(p orb.Polygon) error {
		if len(p) == 0 {
			return errors.New("polygon without rings")
		}
		for _, r := range p {
			if err := points(r, 4); err != nil {
				return err
			}
			if r[0] != r[len(r)-1] {
				return errors.New("ring not closed")
			}
		}
		return nil
	}
	switch g := g.(type) {
	case orb.Point:
		return points([]orb.Point{g}, 1)
	case orb.LineString:
		if kind != geo.WaterBody {
			return fmt.Errorf("a %s as a line", kind)
		}
		return points(g, 2)
	case orb.MultiLineString:
		if kind != geo.WaterBody || len(g) < 2 {
			return fmt.Errorf("a %s as %d lines", kind, len(g))
		}
		for _, l := range g {
			if err := points(l, 2); err != nil {
				return err
			}
		}
		return nil
	case orb.Polygon:
		return polygon(g)
	case orb.MultiPolygon:
		if len(g) < 2 {
			return fmt.Errorf("multipolygon of %d", len(g))
		}
		for _, p := range g {
			if err := polygon(p); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("geometry %T", g)
}
