package osm

import (
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// FuzzDecodeBasemap checks that no XML input makes decodeBasemap panic,
// that every error is bad input, and that what it accepts is valid: known
// layers, coordinates in range, closed rings, roads whose nodes and points
// are in step, junctions sorted and unique, and a query that draws it all.
func FuzzDecodeBasemap(f *testing.F) {
	for _, name := range append([]string{"basemap.osm"}, osmFixtures...) {
		data, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		``,
		`<osm/>`,
		`<osm><node id="1" lat="NaN" lon="0"/><way id="1"><nd ref="1"/><nd ref="1"/><tag k="highway" v="path"/></way></osm>`,
		`<osm><way id="1"><nd ref="1"/><nd ref="1"/><nd ref="1"/><nd ref="1"/><tag k="building" v="yes"/></way>` +
			`<node id="1" lat="0" lon="0"/></osm>`,
		`<osm><relation id="1"><member type="way" ref="1" role="outer"/><member type="way" ref="1" role="inner"/>` +
			`<tag k="type" v="multipolygon"/><tag k="highway" v="pedestrian"/></relation>` +
			`<way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="highway" v="footway"/></way>` +
			`<node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="1"/><node id="3" lat="1" lon="1"/></osm>`,
		`<osm><node id="1" lat="90" lon="180"/><node id="2" lat="-90" lon="-180"/>` +
			`<way id="1"><nd ref="1"/><nd ref="2"/><nd ref="1"/><nd ref="2"/><tag k="waterway" v="river"/></way></osm>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeBasemap(osmBytes(data), false)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %q does not wrap ErrInvalidInput", err)
			}
			return
		}
		checkBasemap(t, b)
	})
}

func checkBasemap(t *testing.T, b *Basemap) {
	t.Helper()
	for _, it := range b.items {
		if !slices.Contains(Layers, it.Layer) || it.Class == "" || !strings.Contains(it.ID, "/") {
			t.Fatalf("feature %q: layer %q, class %q", it.ID, it.Layer, it.Class)
		}
		checkPoints(t, it.ID, it.Geometry)
	}
	for _, r := range b.Roads() {
		if len(r.Nodes) != len(r.Line) || len(r.Line) < 2 {
			t.Fatalf("way/%d: %d nodes, %d points", r.WayID, len(r.Nodes), len(r.Line))
		}
	}
	js := b.Intersections()
	for i := 1; i < len(js); i++ {
		if js[i-1].NodeID >= js[i].NodeID {
			t.Fatalf("junctions out of order: %v", js)
		}
	}
	if ext, ok := b.Extent(); ok {
		if fs, _ := b.InBound(ext, MaxZoom, 0); len(fs) > b.Len() {
			t.Fatalf("%d features drawn of %d", len(fs), b.Len())
		}
	}
}

// checkPoints fails unless every point of g is in range and every ring of
// it is closed with at least four points.
func checkPoints(t *testing.T, id string, g orb.Geometry) {
	t.Helper()
	check := func(ps []orb.Point, ring bool) {
		for _, p := range ps {
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
				t.Fatalf("%s: point %v out of range", id, p)
			}
		}
		if ring && (len(ps) < 4 || ps[0] != ps[len(ps)-1]) {
			t.Fatalf("%s: ring %v not closed", id, ps)
		}
	}
	switch g := g.(type) {
	case orb.LineString:
		check(g, false)
	case orb.MultiLineString:
		for _, l := range g {
			check(l, false)
		}
	case orb.Polygon:
		for _, r := range g {
			check(r, true)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				check(r, true)
			}
		}
	default:
		t.Fatalf("%s: geometry %T", id, g)
	}
}

// FuzzParseZoom checks that ParseZoom never panics and accepts only zoom
// levels in range.
func FuzzParseZoom(f *testing.F) {
	for _, s := range []string{"0", "13", "13.5", "24", "24.0000001", "-0", "NaN", "Inf", "1e400", " 7 ", "0x10", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		z, err := ParseZoom(s)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("ParseZoom(%q): error %q does not wrap ErrInvalidInput", s, err)
			}
			return
		}
		if math.IsNaN(z) || z < 0 || z > MaxZoom {
			t.Fatalf("ParseZoom(%q) = %v, out of range", s, z)
		}
	})
}
