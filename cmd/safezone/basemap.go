package main

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

// startBasemap starts reading the offline basemap of an OpenStreetMap file
// in the background, while the index loads from the same file. wait
// returns it, and logs what it holds and how long reading it took (on its
// own goroutine, so alongside the index). For GeoJSON data
// there is no map to read: wait builds the basemap from the index's water
// bodies and school campuses.
func startBasemap(path string, log *slog.Logger) (wait func(idx *geo.Index) (*osm.Basemap, error)) {
	type result struct {
		b    *osm.Basemap
		err  error
		took time.Duration
	}
	var done chan result
	if isOSMPath(path) {
		done = make(chan result, 1)
		go func() {
			start := time.Now()
			b, err := osm.ReadBasemap(path)
			done <- result{b, err, time.Since(start)}
		}()
	}
	return func(idx *geo.Index) (*osm.Basemap, error) {
		var r result
		if done != nil {
			r = <-done
		} else {
			start := time.Now()
			r.b, r.err = osm.NewBasemap(indexFeatures(idx, geo.WaterBody, geo.School))
			r.took = time.Since(start)
		}
		if r.err != nil {
			return nil, fmt.Errorf("data %q: basemap: %w", path, r.err)
		}
		args := []any{"data", path, "features", r.b.Len()}
		for _, l := range osm.Layers {
			args = append(args, string(l), r.b.Count(l))
		}
		args = append(args, "junctions", len(r.b.Intersections()), "load_ms", r.took.Milliseconds())
		log.Info("basemap loaded", args...)
		return r.b, nil
	}
}

// isOSMPath tells an OpenStreetMap file by its name, as loadFeatures does.
func isOSMPath(path string) bool {
	name := strings.ToLower(filepath.Base(path))
	return strings.HasSuffix(name, ".pbf") || strings.HasSuffix(name, ".osm")
}

// indexFeatures returns every feature of the given kinds in idx.
func indexFeatures(idx *geo.Index, kinds ...geo.Kind) []geo.Feature {
	ext, ok := idx.Extent()
	if !ok {
		return nil
	}
	var out []geo.Feature
	for _, k := range kinds {
		idx.InBound(ext, k, func(f geo.Feature) bool {
			out = append(out, f)
			return true
		})
	}
	return out
}
