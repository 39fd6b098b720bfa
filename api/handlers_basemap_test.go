package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

// basemapFixture has roads, water, buildings, land use and campuses around
// 30.66 N, 104.06 E; geo/basemap_test.go describes it.
const basemapFixture = "../geo/testdata/basemap.osm"

// MustBasemap reads the basemap fixture.
func MustBasemap(tb testing.TB) *osm.Basemap {
	tb.Helper()
	b, err := osm.ReadBasemap(basemapFixture)
	if err != nil {
		tb.Fatalf("ReadBasemap: %v", err)
	}
	return b
}

type basemapBody struct {
	Type     string `json:"type"`
	Features []struct {
		Type     string `json:"type"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]string `json:"properties"`
	} `json:"features"`
	Truncated bool    `json:"truncated"`
	Zoom      float64 `json:"zoom"`
}

func (b basemapBody) summary() []string {
	var out []string
	for _, f := range b.Features {
		out = append(out, f.Properties["layer"]+"/"+f.Properties["class"]+" "+f.Geometry.Type)
	}
	return out
}

func TestBasemap(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.Basemap = MustBasemap(t) })
	const bbox = "104.02,30.62,104.09,30.69" // the whole fixture
	t.Run("every layer at zoom 16", func(t *testing.T) {
		w := ts.Do(t, http.MethodGet, "/api/v1/basemap?bbox="+bbox+"&zoom=16", "", "")
		var body basemapBody
		MustJSON(t, w, http.StatusOK, &body)
		if cc := w.Header().Get("Cache-Control"); cc != "public, max-age=300" {
			t.Errorf("Cache-Control %q, want public, max-age=300", cc)
		}
		// In drawing order; the two residential roads, drawn one after the
		// other, come as one feature.
		want := []string{
			"landuse/park Polygon", "landuse/residential Polygon", "landuse/wood Polygon", "landuse/pedestrian Polygon",
			"water/river LineString", "water/reservoir Polygon", "water/pond Polygon",
			"building/yes Polygon",
			"campus/kindergarten Polygon", "campus/school Polygon",
			"road/footway LineString", "road/path LineString", "road/service LineString",
			"road/residential MultiLineString", "road/tertiary MultiLineString", "road/primary LineString",
		}
		if got := body.summary(); !slices.Equal(got, want) {
			t.Errorf("features\n %v\nwant\n %v", got, want)
		}
		if body.Type != "FeatureCollection" || body.Zoom != 16 || body.Truncated {
			t.Errorf("type %q, zoom %v, truncated %v; want FeatureCollection, 16, false", body.Type, body.Zoom, body.Truncated)
		}
		for _, f := range body.Features {
			if len(f.Properties) != 2 {
				t.Errorf("properties %v, want layer and class only", f.Properties)
			}
		}
		var lines [][][2]float64
		if err := json.Unmarshal(body.Features[13].Geometry.Coordinates, &lines); err != nil || len(lines) != 2 {
			t.Errorf("residential roads: %s, want two lines (%v)", body.Features[13].Geometry.Coordinates, err)
		}
	})
	t.Run("zoom from bbox", func(t *testing.T) {
		// 2 degrees wide: 2048 pixels at zoom log2(2048·360/(256·2)) = 10.5,
		// which draws neither buildings nor footways.
		var body basemapBody
		MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/basemap?bbox=103,30,105,31", "", ""), http.StatusOK, &body)
		if want := osm.BoundZoom(mustBound(t, "103,30,105,31")); body.Zoom != want || want < 10.4 || want > 10.6 {
			t.Errorf("zoom %v, want %v (about 10.5)", body.Zoom, want)
		}
		want := []string{"landuse/park Polygon", "landuse/residential Polygon", "water/river LineString"}
		if got := body.summary(); !slices.Equal(got, want) {
			t.Errorf("features %v, want %v", got, want)
		}
	})
	t.Run("default bbox is the basemap's extent", func(t *testing.T) {
		var all, def basemapBody
		MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/basemap?zoom=16", "", ""), http.StatusOK, &def)
		MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/basemap?bbox="+bbox+"&zoom=16", "", ""), http.StatusOK, &all)
		if !slices.Equal(def.summary(), all.summary()) {
			t.Errorf("no bbox: %v, want %v", def.summary(), all.summary())
		}
	})
	t.Run("outside the data", func(t *testing.T) {
		var body basemapBody
		w := ts.Do(t, http.MethodGet, "/api/v1/basemap?bbox=0,0,1,1", "", "")
		MustJSON(t, w, http.StatusOK, &body)
		if body.Features == nil || len(body.Features) != 0 {
			t.Errorf("features %s, want []", w.Body)
		}
	})
}

func TestBasemap_errors(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.Basemap = MustBasemap(t) })
	tests := []struct {
		name   string
		target string
		code   int
		want   string
	}{
		{"bbox too short", "/api/v1/basemap?bbox=104,30,105", 400, `bbox "104,30,105": must be minLon,minLat,maxLon,maxLat`},
		{"bbox inverted", "/api/v1/basemap?bbox=105,30,104,31", 400, `bbox "105,30,104,31": must be minLon,minLat,maxLon,maxLat in degrees, with min ≤ max`},
		{"zoom too high", "/api/v1/basemap?zoom=99", 400, `zoom "99": must be a number from 0 to 24`},
		{"zoom not a number", "/api/v1/basemap?zoom=near", 400, `zoom "near": must be a number from 0 to 24`},
		{"wrong method", "/api/v1/basemap", 405, "method POST: /api/v1/basemap takes GET"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodGet
			if tc.code == 405 {
				method = http.MethodPost
			}
			MustError(t, ts.Do(t, method, tc.target, "", ""), tc.code, tc.want)
		})
	}
	t.Run("no basemap", func(t *testing.T) {
		MustError(t, MustServer(t).Do(t, http.MethodGet, "/api/v1/basemap?bbox=104,30,105,31", "", ""), 404, "no basemap loaded")
	})
}

func mustBound(tb testing.TB, s string) orb.Bound {
	tb.Helper()
	b, err := geo.ParseBound(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
