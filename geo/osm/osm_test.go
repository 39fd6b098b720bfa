package osm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/safezone/safezone/geo"
)

// osmSummary is what the fixture tests compare: everything but coordinates.
type osmSummary struct {
	ID     string
	Kind   geo.Kind
	Cat    geo.Category
	School geo.SchoolKind
	Water  geo.WaterKind
	Name   string
	Geom   string // GeoJSON type
	Parts  int    // rings of a (multi)polygon, pieces of a (multi)line
	Gates  int
}

func summarizeOSM(fs []geo.Feature) []osmSummary {
	out := make([]osmSummary, len(fs))
	for i, f := range fs {
		s := osmSummary{ID: f.ID, Kind: f.Kind, Cat: f.Category, School: f.SchoolKind, Water: f.WaterKind,
			Name: f.Name, Geom: f.Geometry.GeoJSONType(), Gates: len(f.Gates)}
		switch g := f.Geometry.(type) {
		case orb.LineString:
			s.Parts = 1
		case orb.MultiLineString:
			s.Parts = len(g)
		case orb.Polygon:
			s.Parts = len(g)
		case orb.MultiPolygon:
			for _, p := range g {
				s.Parts += len(p)
			}
		}
		out[i] = s
	}
	return out
}

func osmBytes(b []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

// businessCategories are the categories of osm_businesses.osm, in its
// order.
var businessCategories = []geo.Category{
	"internet_cafe", "song_dance", "game_arcade", "lottery", "gambling", "bar", "tobacco",
	"street_stall", "market", "parking", "fireworks", "hotel", "clinic", "police",
}

func businessFixtureWant() []osmSummary {
	var nodes, ways []osmSummary
	for i, c := range businessCategories {
		s := osmSummary{Kind: geo.Business, Cat: c}
		s.ID, s.Name, s.Geom = fmt.Sprintf("node/%d", 3101+i), string(c)+" node", "Point"
		nodes = append(nodes, s)
		s.ID, s.Name, s.Geom, s.Parts = fmt.Sprintf("way/%d", 3201+i), string(c)+" area", "Polygon", 1
		ways = append(ways, s)
	}
	want := append(nodes,
		osmSummary{ID: "node/3150", Kind: geo.Business, Cat: "parking", Geom: "Point"},
		osmSummary{ID: "relation/30", Kind: geo.Business, Cat: "parking", Name: "停车场", Geom: "Polygon", Parts: 1})
	return append(want, ways...)
}

func TestReadOSM_fixtures(t *testing.T) {
	tests := []struct {
		file  string
		want  []osmSummary
		stats Stats
	}{
		{"osm_schools.osm", []osmSummary{
			{ID: "node/1", Kind: geo.School, School: geo.Primary, Name: "成都市实验小学", Geom: "Point"},
			{ID: "node/2", Kind: geo.School, School: geo.Kindergarten, Name: "Sunshine Kindergarten", Geom: "Point"},
			{ID: "node/3", Kind: geo.School, School: geo.Primary, Geom: "Point"},
			{ID: "relation/20", Kind: geo.School, School: geo.Kindergarten, Name: "实验幼儿园", Geom: "Polygon", Parts: 2, Gates: 1},
			{ID: "way/10", Kind: geo.School, School: geo.Secondary, Name: "成都市第八中学", Geom: "Polygon", Parts: 1, Gates: 3},
		}, Stats{Features: 5, Gates: 4, BrokenWays: 1}},
		{"osm_businesses.osm", businessFixtureWant(), Stats{Features: 30}},
		{"osm_water.osm", []osmSummary{
			{ID: "node/406", Kind: geo.WaterBody, Cat: geo.Water, Water: geo.OtherWater, Geom: "Point"},
			{ID: "relation/40", Kind: geo.WaterBody, Cat: geo.Water, Water: "lake", Name: "荷花池", Geom: "Polygon", Parts: 2},
			{ID: "relation/42", Kind: geo.WaterBody, Cat: geo.Water, Water: "pond", Geom: "MultiPolygon", Parts: 3},
			{ID: "way/400", Kind: geo.WaterBody, Cat: geo.Water, Water: "river", Name: "锦江", Geom: "LineString", Parts: 1},
			{ID: "way/401", Kind: geo.WaterBody, Cat: geo.Water, Water: "pond", Geom: "Polygon", Parts: 1},
			{ID: "way/402", Kind: geo.WaterBody, Cat: geo.Water, Water: "river", Geom: "Polygon", Parts: 1},
			{ID: "way/403", Kind: geo.WaterBody, Cat: geo.Water, Water: "reservoir", Name: "Reservoir", Geom: "Polygon", Parts: 1},
			{ID: "way/404", Kind: geo.WaterBody, Cat: geo.Water, Water: geo.OtherWater, Geom: "LineString", Parts: 1},
			{ID: "way/405", Kind: geo.WaterBody, Cat: geo.Water, Water: "stream", Geom: "MultiLineString", Parts: 2},
		}, Stats{Features: 9, CutLines: 1}},
		// The catalogue's additions and the Chengdu demo's mapping errors:
		// the elements the file has and this list lacks are not read (an
		// electronics mall tagged as a marketplace, a 水吧, a pharmacy tagged
		// shop=alcohol, a dentist, a hospital).
		{"osm_catalogue.osm", []osmSummary{
			{ID: "node/5001", Kind: geo.Business, Cat: "lottery", Name: "彩票销售店", Geom: "Point"},
			{ID: "node/5002", Kind: geo.Business, Cat: "street_stall", Geom: "Point"},
			{ID: "node/5003", Kind: geo.Business, Cat: "newsstand", Name: "报刊亭", Geom: "Point"},
			{ID: "node/5005", Kind: geo.Business, Cat: "market", Name: "解放路农贸市场", Geom: "Point"},
			{ID: "node/5007", Kind: geo.Business, Cat: "guest_house", Name: "聚源公寓", Geom: "Point"},
			{ID: "node/5008", Kind: geo.Business, Cat: "guest_house", Name: "玉泉民宿", Geom: "Point"},
			{ID: "node/5011", Kind: geo.Business, Cat: "hazardous_chemicals", Geom: "Point"},
			{ID: "node/5013", Kind: geo.Business, Cat: "alcohol", Name: "名酒行", Geom: "Point"},
			{ID: "node/5014", Kind: geo.Business, Cat: "cinema", Name: "和平电影院", Geom: "Point"},
			{ID: "node/5015", Kind: geo.Business, Cat: "tattoo", Geom: "Point"},
			{ID: "node/5016", Kind: geo.Business, Cat: "training", Name: "学而思", Geom: "Point"},
			{ID: "node/5017", Kind: geo.WaterBody, Cat: geo.Water, Water: "well", Geom: "Point"},
			{ID: "node/5018", Kind: geo.WaterBody, Cat: geo.Water, Water: "weir", Geom: "Point"},
			{ID: "node/5019", Kind: geo.WaterBody, Cat: geo.Water, Water: "swimming_pool", Geom: "Point"},
			{ID: "way/5220", Kind: geo.Business, Cat: "hazardous_chemicals", Name: "中国石化", Geom: "Polygon", Parts: 1},
			{ID: "way/5221", Kind: geo.Business, Cat: "construction", Geom: "Polygon", Parts: 1},
			{ID: "way/5222", Kind: geo.Business, Cat: "quarry", Geom: "Polygon", Parts: 1},
			{ID: "way/5223", Kind: geo.WaterBody, Cat: geo.Water, Water: "quarry_pit", Geom: "Polygon", Parts: 1},
			{ID: "way/5224", Kind: geo.WaterBody, Cat: geo.Water, Water: "fishpond", Geom: "Polygon", Parts: 1},
			{ID: "way/5225", Kind: geo.WaterBody, Cat: geo.Water, Water: "wetland", Geom: "Polygon", Parts: 1},
			{ID: "way/5226", Kind: geo.WaterBody, Cat: geo.Water, Water: "swimming_pool", Name: "游泳池", Geom: "Polygon", Parts: 1},
			{ID: "way/5227", Kind: geo.WaterBody, Cat: geo.Water, Water: "weir", Geom: "LineString", Parts: 1}, // a closed dam is a line
			{ID: "way/5328", Kind: geo.WaterBody, Cat: geo.Water, Water: "weir", Geom: "LineString", Parts: 1},
		}, Stats{Features: 23}},
		{"osm_broken.osm", []osmSummary{
			{ID: "node/533", Kind: geo.Business, Cat: geo.Police, Geom: "Point"},
		}, Stats{Features: 1, BrokenRelations: 4, BrokenWays: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			fs, stats, err := ReadStats(filepath.Join("../testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			checkOSMFeatures(t, fs)
			got := summarizeOSM(fs)
			if len(got) != len(tc.want) {
				t.Errorf("got %d features, want %d", len(got), len(tc.want))
			}
			for i := range max(len(got), len(tc.want)) {
				switch {
				case i >= len(got):
					t.Errorf("missing %+v", tc.want[i])
				case i >= len(tc.want):
					t.Errorf("unexpected %+v", got[i])
				case got[i] != tc.want[i]:
					t.Errorf("feature %d:\n got %+v\nwant %+v", i, got[i], tc.want[i])
				}
			}
			if stats != tc.stats {
				t.Errorf("stats %+v, want %+v", stats, tc.stats)
			}
		})
	}
}

func TestReadOSM_gates(t *testing.T) {
	fs, err := Read("../testdata/osm_schools.osm")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]geo.Point{
		"way/10": {
			{Lat: 30.66, Lon: 104.0605},         // node 1101, a vertex
			{Lat: 30.6605, Lon: 104.0610313},    // node 1102, 3.0 m out
			{Lat: 30.6610441, Lon: 104.0605000}, // node 1105, 4.9 m out
		},
		"relation/20": {{Lat: 30.67, Lon: 104.0705}}, // node 2005, a vertex of way/201
		"node/1":      nil,                           // a point campus
	}
	for _, f := range fs {
		w, ok := want[f.ID]
		if !ok {
			continue
		}
		t.Run(f.ID, func(t *testing.T) {
			if len(f.Gates) != len(w) {
				t.Fatalf("gates %v, want %v", f.Gates, w)
			}
			for i := range w {
				if f.Gates[i] != w[i] {
					t.Errorf("gate %d: %v, want %v", i, f.Gates[i], w[i])
				}
			}
		})
	}
}

func TestReadOSM_multipolygon(t *testing.T) {
	fs, err := Read("../testdata/osm_water.osm")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]orb.Geometry{}
	for _, f := range fs {
		byID[f.ID] = f.Geometry
	}
	t.Run("relation/40", func(t *testing.T) {
		p := byID["relation/40"].(orb.Polygon)
		checkOSMPolygon(t, p)
		// The shore is 4101, 4102, 4103 and back by way of 4104: 4 corners.
		if len(p[0]) != 5 || len(p[1]) != 4 {
			t.Errorf("ring sizes %d and %d, want 5 and 4", len(p[0]), len(p[1]))
		}
	})
	t.Run("relation/42", func(t *testing.T) {
		mp := byID["relation/42"].(orb.MultiPolygon)
		if len(mp) != 2 || len(mp[0]) != 1 || len(mp[1]) != 2 {
			t.Fatalf("got %d polygons %v, want the hole in the second", len(mp), mp)
		}
		for _, p := range mp {
			checkOSMPolygon(t, p)
		}
	})
	t.Run("way/401", func(t *testing.T) {
		// Drawn clockwise in the file; outer rings come out counterclockwise.
		checkOSMPolygon(t, byID["way/401"].(orb.Polygon))
	})
}

// checkOSMPolygon checks RFC 7946 winding and that holes are inside.
func checkOSMPolygon(t *testing.T, p orb.Polygon) {
	t.Helper()
	if p[0].Orientation() != orb.CCW {
		t.Errorf("outer ring is not counterclockwise: %v", p[0])
	}
	for _, h := range p[1:] {
		if h.Orientation() != orb.CW {
			t.Errorf("hole is not clockwise: %v", h)
		}
		if !planar.RingContains(p[0], h[0]) {
			t.Errorf("hole %v is not inside %v", h, p[0])
		}
	}
}

func TestReadOSM_errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name string
		path string
		want string // in the message, after "read PATH: "
	}{
		{"lat out of range", write("lat.osm", `<osm><node id="7" lat="91" lon="104"><tag k="shop" v="kiosk"/></node></osm>`),
			`node/7: lat "91": must be between -90 and 90`},
		{"lat NaN", write("nan.osm", `<osm><node id="7" lat="NaN" lon="104"><tag k="amenity" v="bar"/></node></osm>`),
			`node/7: lat "NaN"`},
		{"lat not a number", write("text.osm", `<osm><node id="7" lat="north" lon="104"/></osm>`), // read, if unused
			`xml: strconv.ParseFloat: parsing "north"`},
		{"truncated", write("cut.osm", `<osm><node id="7" lat="30" lon="104"><tag k="amenity"`),
			`xml: XML syntax error on line 1: unexpected EOF`},
		{"empty", write("empty.osm", ``), `xml: no <osm> element`},
		{"other root", write("track.osm", `<?xml version="1.0"?><gpx><trk/></gpx>`), `xml: root element <gpx>: must be <osm>`},
		{"unknown format", write("data.bin", "PK\x03\x04 a zip file"), `format "PK\x03\x04 a zip file": must be OSM XML`},
		{"empty pbf", write("empty.osm.pbf", ``), `pbf: empty file`},
		{"text as pbf", write("text.osm.pbf", "<osm></osm>\n"), `pbf block 0: blob header size 1013937005: must be less than 65536`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := Read(tc.path)
			if err == nil {
				t.Fatalf("no error; got %d features", len(fs))
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
		_, err := Read(path)
		if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("error %v: want fs.ErrNotExist, not ErrInvalidInput", err)
		}
		if err == nil || !strings.HasPrefix(err.Error(), "read "+path+": ") {
			t.Errorf("error %v does not name %s", err, path)
		}
	})
}

func TestReadOSM_sniff(t *testing.T) {
	xmlData, err := os.ReadFile("../testdata/osm_schools.osm")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Read("../testdata/osm_schools.osm")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name string
		data []byte
		want []geo.Feature
	}{
		{"xml", xmlData, want},
		{"xml-bom", append([]byte("\xef\xbb\xbf\n "), xmlData...), want},
		{"pbf", mustEncodePBF(t, xmlData), want},
		{"short-text", []byte("<osm/>"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name) // no extension
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.want; fmt.Sprint(summarizeOSM(got)) != fmt.Sprint(summarizeOSM(want)) {
				t.Errorf("got %v, want %v", summarizeOSM(got), summarizeOSM(want))
			}
		})
	}
}

func ExampleRead() {
	features, err := Read("../testdata/osm_schools.osm")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range features {
		fmt.Printf("%s %s %s %q gates=%v\n", f.ID, f.SchoolKind, f.Geometry.GeoJSONType(), f.Name, f.Gates)
	}
	// Output:
	// node/1 primary Point "成都市实验小学" gates=[]
	// node/2 kindergarten Point "Sunshine Kindergarten" gates=[]
	// node/3 primary Point "" gates=[]
	// relation/20 kindergarten Polygon "实验幼儿园" gates=[30.67,104.0705]
	// way/10 secondary Polygon "成都市第八中学" gates=[30.66,104.0605 30.6605,104.0610313 30.6610441,104.0605]
}
