package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"

	"github.com/safezone/safezone/geo/geojson"
)

const (
	defaultData     = "data/chengdu-2018.osm.pbf"
	defaultRulesDir = "data/rules"
)

// sources are the flags every command shares: where the map data and the
// rules come from.
type sources struct {
	data     string
	rules    string
	rulesDir string
	// preferSelected makes the rule pack selected in a store win over
	// --rules, as it does for serve.
	preferSelected bool
}

func (s *sources) register(fs *flag.FlagSet) {
	fs.StringVar(&s.data, "data", defaultData, "map data: .osm.pbf, .osm, GeoJSON file or directory of GeoJSON files")
	fs.StringVar(&s.rules, "rules", "", "rule pack id in --rules-dir, or a YAML file (default: the default pack)")
	fs.StringVar(&s.rulesDir, "rules-dir", defaultRulesDir, "directory of rule packs")
}

// load reads the rules and the data and indexes the data.
func (s *sources) load() (*geo.Index, *geo.RulePack, error) { return s.loadTimed(func(string) {}) }

// loadTimed is load, calling mark after each stage: "rules", "read" and
// "index".
func (s *sources) loadTimed(mark func(stage string)) (*geo.Index, *geo.RulePack, error) {
	pack, err := geo.LoadRules(s.rules, s.rulesDir)
	if err != nil {
		return nil, nil, err
	}
	mark("rules")
	var b geojson.Loader
	if err := readData(&b, s.data); err != nil {
		return nil, nil, err
	}
	mark("read")
	idx, err := b.Build()
	// Collect the build's temporaries, hundreds of megabytes at national
	// scale, now: the audit and the server then reuse their pages instead of
	// faulting in fresh ones, which costs more than the collection does
	// (docs/benchmarks.md has the figures).
	runtime.GC()
	mark("index")
	if err != nil {
		return nil, nil, fmt.Errorf("data %q: %w", s.data, err)
	}
	return idx, pack, nil
}

// readData reads map data into b by its form, as loadFeatures does, but
// GeoJSON straight into the index's columns, with no geo.Feature for each.
func readData(b *geojson.Loader, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("data %q: %w", path, err)
	}
	switch {
	case st.IsDir():
		return b.ReadDir(path)
	case isGeoJSONPath(path):
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("data %q: %w", path, err)
		}
		defer f.Close()
		return b.Read(f, path)
	}
	features, err := loadFeatures(path)
	if err != nil {
		return err
	}
	b.Add(features)
	return nil
}

// loadFeatures reads map data by its form: a directory of GeoJSON files, an
// OSM file, or one GeoJSON file.
func loadFeatures(path string) ([]geo.Feature, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("data %q: %w", path, err)
	}
	if st.IsDir() {
		return geojson.ReadDir(path)
	}
	name := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(name, ".osm.pbf"), strings.HasSuffix(name, ".pbf"), strings.HasSuffix(name, ".osm"):
		return osm.Read(path)
	case isGeoJSONPath(path):
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("data %q: %w", path, err)
		}
		defer f.Close()
		return geojson.Read(f, path)
	}
	return nil, usageError("data %q: must be an .osm.pbf, .osm or GeoJSON file, or a directory of GeoJSON files", path)
}

// isGeoJSONPath tells a GeoJSON file by its name.
func isGeoJSONPath(path string) bool {
	name := strings.ToLower(filepath.Base(path))
	for _, ext := range []string{".geojson", ".json", ".ndjson", ".geojsonl"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// openOut returns the writer for --out: stdout when empty.
func openOut(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("out %q: %w", path, err)
	}
	return f, f.Close, nil
}
