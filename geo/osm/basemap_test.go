package osm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

const basemapFixture = "../testdata/basemap.osm"

// mustBasemap reads the basemap fixture.
func mustBasemap(tb testing.TB) *Basemap {
	tb.Helper()
	b, err := ReadBasemap(basemapFixture)
	if err != nil {
		tb.Fatalf("ReadBasemap: %v", err)
	}
	return b
}

// summarizeMap names each feature's ID, layer, class and geometry type.
func summarizeMap(fs []MapFeature) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%s %s/%s %T", f.ID, f.Layer, f.Class, f.Geometry)
	}
	return out
}

func TestReadBasemap_layers(t *testing.T) {
	b := mustBasemap(t)
	ext, ok := b.Extent()
	if !ok {
		t.Fatal("empty basemap")
	}
	got, truncated := b.InBound(ext, MaxZoom, 0)
	// In drawing order: layers as in Layers; inside one, areas largest
	// first, lines least important first, then by class and ID.
	want := []string{
		"way/14 landuse/park orb.Polygon", // leisure=park wins over landuse=grass
		"relation/1 landuse/residential orb.Polygon",
		"way/15 landuse/wood orb.Polygon",
		"way/8 landuse/pedestrian orb.Polygon", // highway=pedestrian, area=yes
		"way/9 water/river orb.LineString",
		"way/11 water/reservoir orb.Polygon",
		"way/10 water/pond orb.Polygon",
		"way/12 building/yes orb.Polygon",
		"relation/2 campus/kindergarten orb.Polygon", // two outer ways joined
		"way/13 campus/school orb.Polygon",           // amenity=school wins over building=school
		"way/2 road/footway orb.LineString",
		"way/5 road/path orb.LineString",
		"way/4 road/service orb.LineString",
		"way/21 road/residential orb.LineString",
		"way/3 road/residential orb.LineString",
		"way/6 road/tertiary orb.MultiLineString", // cut at the missing node 9999
		"way/1 road/primary orb.LineString",
	}
	if s := summarizeMap(got); !reflect.DeepEqual(s, want) || truncated {
		t.Errorf("features (truncated %v):\n%s\nwant:\n%s", truncated, strings.Join(s, "\n"), strings.Join(want, "\n"))
	}
	counts := map[Layer]int{LayerLanduse: 4, LayerWater: 3, LayerBuilding: 1, LayerCampus: 2, LayerRoad: 7}
	for l, n := range counts {
		if b.Count(l) != n {
			t.Errorf("Count(%s) = %d, want %d", l, b.Count(l), n)
		}
	}
	if b.Len() != len(want) {
		t.Errorf("Len = %d, want %d", b.Len(), len(want))
	}
	for _, f := range got {
		if f.ID == "relation/1" {
			p := f.Geometry.(orb.Polygon)
			if len(p) != 2 || p[0].Orientation() != orb.CCW || p[1].Orientation() != orb.CW {
				t.Errorf("relation/1: %d rings, want an outer ring (CCW) and a hole (CW): %v", len(p), p)
			}
		}
	}
}

func TestBasemap_Roads(t *testing.T) {
	b := mustBasemap(t)
	type road struct {
		WayID                                   int64
		Class, Name                             string
		Foot, Access, Footway, Sidewalk, Oneway string
		Nodes                                   []int64
		Area                                    bool
	}
	want := []road{
		{1, "primary", "人民路", "", "", "", "both", "yes", []int64{1, 2, 3}, false},
		{2, "footway", "", "designated", "", "sidewalk", "", "", []int64{2, 4, 5}, false},
		{3, "residential", "", "", "private", "", "", "", []int64{3, 6, 7, 8, 3}, false},
		{4, "service", "", "", "", "", "", "", []int64{10, 11, 12, 10}, false},
		{5, "path", "", "", "", "", "", "", []int64{20, 21, 22, 21, 23}, false},
		{6, "tertiary", "断头路", "", "", "", "", "", []int64{5, 30}, false}, // node 9999 is missing
		{6, "tertiary", "断头路", "", "", "", "", "", []int64{31, 32}, false},
		{8, "pedestrian", "", "", "", "", "", "", []int64{50, 51, 52, 53, 50}, true}, // a square: drawn as land use, walked round
		{21, "residential", "建设路", "", "", "", "", "", []int64{4, 60}, false},
	}
	roads := b.Roads()
	var got []road
	for _, r := range roads {
		got = append(got, road{r.WayID, r.Class, r.Name, r.Foot, r.Access, r.Footway, r.Sidewalk, r.Oneway, r.Nodes, r.Area})
		if len(r.Line) != len(r.Nodes) {
			t.Errorf("way/%d: %d points for %d nodes", r.WayID, len(r.Line), len(r.Nodes))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Roads:\n got %+v\nwant %+v", got, want)
	}
	// Node 1 is at 30.66 N, 104.06 E; node 3 at 104.062 E.
	if l := roads[0].Line; l[0] != (orb.Point{104.06, 30.66}) || l[2] != (orb.Point{104.062, 30.66}) {
		t.Errorf("way/1 line %v, want nodes 1 and 3 at (104.06, 30.66) and (104.062, 30.66)", l)
	}
	roads[0].Class = "changed"
	if b.Roads()[0].Class != "primary" {
		t.Error("Roads returned the basemap's own slice")
	}
}

// A junction's streets come main roads first, then by name: 人民中路 (primary)
// before 西胜街 (residential) before 泡桐树街 (footway), though 泡 sorts
// first by code point; a name on two classes takes the better one, and an
// unknown class comes last.
func TestBasemap_Intersections_streetOrder(t *testing.T) {
	way := func(id int, class, name string) string {
		return fmt.Sprintf(`<way id="%d"><nd ref="1"/><nd ref="%d"/><tag k="highway" v="%s"/><tag k="name" v="%s"/></way>`, id, id+1, class, name)
	}
	osmXML := `<osm><node id="1" lat="30" lon="104"/>` +
		`<node id="11" lat="30.001" lon="104"/><node id="12" lat="30" lon="104.001"/><node id="13" lat="29.999" lon="104"/>` +
		`<node id="14" lat="30" lon="103.999"/><node id="15" lat="30.001" lon="104.001"/><node id="16" lat="29.999" lon="103.999"/>` +
		way(10, "footway", "泡桐树街") + way(11, "residential", "西胜街") + way(12, "primary", "人民中路") +
		way(13, "raceway", "阿赛道") + way(14, "path", "西胜街") + way(15, "bus_guideway", "八号线") + `</osm>`
	path := filepath.Join(t.TempDir(), "junction.osm")
	if err := os.WriteFile(path, []byte(osmXML), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBasemap(path)
	if err != nil {
		t.Fatal(err)
	}
	js := b.Intersections()
	want := []string{"人民中路", "西胜街", "泡桐树街", "八号线", "阿赛道"}
	if len(js) != 1 || !reflect.DeepEqual(js[0].Streets, want) {
		t.Errorf("Intersections %v, want one junction with streets %v", js, want)
	}
}

func TestBasemap_Intersections(t *testing.T) {
	b := mustBasemap(t)
	// 2: ways 1 and 2; 3: ways 1 and 3 (3 closes way/3, counted once);
	// 4: ways 2 and 21; 5: ways 2 and 6; 21: twice on way/5. Node 10
	// only closes way/4, and the unbuilt way/7 is no road.
	// Streets are the names of the ways through each: way/2 has none.
	want := []Junction{
		{2, geo.Point{Lat: 30.66, Lon: 104.061}, []string{"人民路"}},
		{3, geo.Point{Lat: 30.66, Lon: 104.062}, []string{"人民路"}},
		{4, geo.Point{Lat: 30.661, Lon: 104.061}, []string{"建设路"}},
		{5, geo.Point{Lat: 30.662, Lon: 104.061}, []string{"断头路"}},
		{21, geo.Point{Lat: 30.657, Lon: 104.0605}, nil},
	}
	got := b.Intersections()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Intersections:\n got %v\nwant %v", got, want)
	}
	// Each junction is a vertex of the roads through it, at the same place.
	for _, r := range b.Roads() {
		for i, id := range r.Nodes {
			for _, j := range got {
				if j.NodeID == id && r.Line[i] != (orb.Point{j.Point.Lon, j.Point.Lat}) {
					t.Errorf("way/%d node %d at %v, junction at %v", r.WayID, id, r.Line[i], j.Point)
				}
			}
		}
	}
}

func TestReadBasemap_pbfMatchesXML(t *testing.T) {
	data, err := os.ReadFile(basemapFixture)
	if err != nil {
		t.Fatal(err)
	}
	want, err := decodeBasemap(osmBytes(data), false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeBasemap(osmBytes(mustEncodePBF(t, data)), true)
	if err != nil {
		t.Fatal(err)
	}
	ext, _ := want.Extent()
	show := func(b *Basemap) string {
		fs, _ := b.InBound(ext, MaxZoom, 0)
		return fmt.Sprint(fs, b.Roads(), b.Intersections())
	}
	if g, w := show(got), show(want); g != w {
		t.Errorf("PBF and XML differ:\n got %s\nwant %s", g, w)
	}
}

func TestReadBasemap_errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	road := `<way id="1"><nd ref="7"/><nd ref="8"/><tag k="highway" v="residential"/></way>`
	tests := []struct {
		name string
		path string
		want string // in the message, after "read PATH: "
	}{
		{"lat out of range", write("lat.osm", `<osm><node id="7" lat="91" lon="104"/><node id="8" lat="30" lon="104"/>`+road+`</osm>`),
			`node/7: lat "91": must be between -90 and 90`},
		{"lon NaN", write("nan.osm", `<osm><node id="7" lat="30" lon="NaN"/><node id="8" lat="30" lon="104"/>`+road+`</osm>`),
			`node/7: lon "NaN"`},
		{"truncated", write("cut.osm", `<osm><node id="7" lat="30" lon="104"><tag k="amenity"`),
			`xml: XML syntax error on line 1: unexpected EOF`},
		{"empty", write("empty.osm", ``), `xml: no <osm> element`},
		{"other root", write("track.osm", `<?xml version="1.0"?><gpx><trk/></gpx>`), `xml: root element <gpx>: must be <osm>`},
		{"unknown format", write("data.bin", "PK\x03\x04 a zip file"), `format "PK\x03\x04 a zip file": must be OSM XML`},
		{"empty pbf", write("empty.osm.pbf", ``), `pbf: empty file`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ReadBasemap(tc.path)
			if err == nil {
				t.Fatalf("no error; got %d features", b.Len())
			}
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Errorf("error %q does not wrap ErrInvalidInput", err)
			}
			if prefix := "read " + tc.path + ": "; !strings.HasPrefix(err.Error(), prefix+tc.want) {
				t.Errorf("error\n %q\nwant prefix\n %q", err, prefix+tc.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(dir, "missing.osm.pbf")
		_, err := ReadBasemap(path)
		if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("error %v: want fs.ErrNotExist, not ErrInvalidInput", err)
		}
	})
	t.Run("no map", func(t *testing.T) {
		b, err := ReadBasemap(write("none.osm", `<osm><node id="7" lat="30" lon="104"><tag k="amenity" v="bar"/></node></osm>`))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := b.Extent(); ok || b.Len() != 0 || len(b.Roads()) != 0 || len(b.Intersections()) != 0 {
			t.Errorf("a file without map features gave %d features", b.Len())
		}
	})
}
