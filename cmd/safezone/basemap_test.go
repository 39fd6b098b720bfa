package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

func TestStartBasemap(t *testing.T) {
	// A GeoJSON directory: a copy of the API tests' collection.
	dir := t.TempDir()
	collection, err := os.ReadFile("../../geo/testdata/geojson/collection.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "collection.geojson"), collection, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                 string
		data                 string
		roads, water, campus int
		log                  []string
	}{
		// 7 roads, 3 water bodies and 2 campuses.
		{"osm", "../../geo/testdata/basemap.osm", 7, 3, 2, []string{"road=7", "water=3", "campus=2", "junctions=5"}},
		// Three water bodies, and school/1's square campus; school/2 is a
		// point. No roads.
		{"geojson", "../../geo/testdata/geojson/collection.geojson", 0, 3, 1, []string{"road=0", "water=3", "campus=1", "junctions=0"}},
		{"geojson directory", dir, 0, 3, 1, []string{"road=0", "water=3", "campus=1", "junctions=0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			wait := startBasemap(tc.data, slog.New(slog.NewTextHandler(&logs, nil)))
			features, err := loadFeatures(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			idx, err := geo.NewIndex(features)
			if err != nil {
				t.Fatal(err)
			}
			b, err := wait(idx)
			if err != nil {
				t.Fatal(err)
			}
			got := [3]int{b.Count(osm.LayerRoad), b.Count(osm.LayerWater), b.Count(osm.LayerCampus)}
			if want := [3]int{tc.roads, tc.water, tc.campus}; got != want {
				t.Errorf("roads, water, campuses = %v, want %v", got, want)
			}
			for _, want := range append(tc.log, `msg="basemap loaded"`, "load_ms=") {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("log %q lacks %q", logs.String(), want)
				}
			}
		})
	}
}

func TestStartBasemap_errors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.osm")
	if err := os.WriteFile(bad, []byte("<gpx/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := startBasemap(bad, slog.New(slog.DiscardHandler))(nil)
	if want := `data "` + bad + `": basemap: read ` + bad + `: xml: root element <gpx>`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want %s...", err, want)
	}
}
