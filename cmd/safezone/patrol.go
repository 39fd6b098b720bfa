package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/patrol"

	"github.com/safezone/safezone/geo/osm"
)

// patrolFlags are the flags of `safezone patrol`.
type patrolFlags struct {
	src                           sources
	posts, radius, bbox, district string
	candidates, existing          string
	bells, enrolment, format, out string
	lp                            string
	nearMeters, hazardWeight      float64
}

func (f *patrolFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.posts, "posts", "", "K, the number of new posts (required)")
	fs.StringVar(&f.radius, "radius", "", "R, meters: a post covers a school whose campus is within R (required)")
	fs.StringVar(&f.candidates, "candidates", "", "GeoJSON file of candidate points (default: road junctions within --near of a school, from --data)")
	fs.Float64Var(&f.nearMeters, "near", 300, "meters: default candidates are junctions this close to a campus or gate")
	fs.StringVar(&f.existing, "existing", "", "GeoJSON file of existing posts, besides the police features in --data")
	fs.StringVar(&f.bells, "bells", "", "JSON file of bell times, for a duty roster by peak (see README)")
	fs.StringVar(&f.enrolment, "enrolment", "", "CSV file with columns school,pupils: schools weigh their pupils (default 1)")
	fs.Float64Var(&f.hazardWeight, "hazard-weight", 0, "weight added to a school per prohibited hit near it under --rules")
	fs.StringVar(&f.bbox, "bbox", "", "plan only for the schools in minLon,minLat,maxLon,maxLat")
	fs.StringVar(&f.district, "district", "", "plan only for the schools in or on this district: a GeoJSON file with a Polygon or MultiPolygon (posts may stand just outside it)")
	fs.StringVar(&f.format, "format", "json", "output format: json or geojson")
	fs.StringVar(&f.out, "out", "", "output file (default: standard output)")
	fs.StringVar(&f.lp, "lp", "", "also write the covering problem as an LP file, for an exact solver such as CBC")
}

// runPatrol plans new patrol posts (护学岗) and prints the plan.
func runPatrol(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("patrol")
	var f patrolFlags
	f.src.register(fs)
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.posts == "" || f.radius == "" {
		return usageError("--posts and --radius are required")
	}
	if f.format != "json" && f.format != "geojson" {
		return usageError("format %q: must be json or geojson", f.format)
	}
	o, err := f.options()
	if err != nil {
		return err
	}
	idx, pack, err := f.src.load()
	if err != nil {
		return err
	}
	if f.hazardWeight != 0 {
		o.Hazards = pack
	}
	if o.Candidates, err = f.loadCandidates(idx); err != nil {
		return err
	}
	if f.lp != "" {
		if err := writePatrolLP(f.lp, idx, o); err != nil {
			return err
		}
	}
	plan, err := patrol.Plan(idx, o)
	if err != nil {
		return err
	}
	w, closeOut, err := openOut(f.out, stdout)
	if err != nil {
		return err
	}
	var body any = api.PatrolResponse(plan, o.Posts, o.RadiusMeters)
	if f.format == "geojson" {
		body = api.PatrolGeoJSON(plan, idx, o.Posts, o.RadiusMeters)
	}
	if err := writeJSON(w, body); err != nil {
		closeOut()
		return err
	}
	return closeOut()
}

// options reads every flag and file but the data and the candidates.
func (f *patrolFlags) options() (patrol.Options, error) {
	o := patrol.Options{HazardWeight: f.hazardWeight}
	var err error
	if o.Posts, err = patrol.ParsePosts(f.posts); err != nil {
		return o, err
	}
	if o.RadiusMeters, err = patrol.ParseRadius(f.radius); err != nil {
		return o, err
	}
	if f.bbox != "" {
		if o.Bound, err = geo.ParseBound(f.bbox); err != nil {
			return o, err
		}
	}
	if f.district != "" {
		data, err := os.ReadFile(f.district)
		if err != nil {
			return o, fmt.Errorf("district %q: %w", f.district, err)
		}
		if o.Area, err = geojson.ParseArea("district", data); err != nil {
			return o, err
		}
	}
	if f.existing != "" {
		if o.Existing, err = readFile("existing", f.existing, patrol.ReadSites); err != nil {
			return o, err
		}
	}
	if f.enrolment != "" {
		if o.Enrolment, err = readFile("enrolment", f.enrolment, patrol.ReadEnrolmentCSV); err != nil {
			return o, err
		}
	}
	if f.bells != "" {
		data, err := os.ReadFile(f.bells)
		if err != nil {
			return o, fmt.Errorf("bells %q: %w", f.bells, err)
		}
		if o.Bells, err = patrol.ParseBells(data, f.bells); err != nil {
			return o, err
		}
	}
	return o, nil
}

// loadCandidates reads --candidates, or takes the road junctions near
// schools from the OpenStreetMap file given as --data.
func (f *patrolFlags) loadCandidates(idx *geo.Index) ([]patrol.Site, error) {
	if f.candidates != "" {
		return readFile("candidates", f.candidates, patrol.ReadSites)
	}
	if !hasRoads(f.src.data) {
		return nil, usageError("candidates: --data %q has no road network to take junctions from: give --candidates FILE.geojson", f.src.data)
	}
	b, err := osm.ReadBasemap(f.src.data)
	if err != nil {
		return nil, fmt.Errorf("data %q: %w", f.src.data, err)
	}
	return patrol.JunctionCandidates(idx, b.Intersections(), f.nearMeters)
}

// hasRoads tells an OpenStreetMap file, which has a road network, by its
// name, as loadFeatures does.
func hasRoads(path string) bool {
	name := strings.ToLower(filepath.Base(path))
	return strings.HasSuffix(name, ".pbf") || strings.HasSuffix(name, ".osm")
}

// readFile opens path and reads it with read, naming the flag in errors.
func readFile[T any](flagName, path string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	r, err := os.Open(path)
	if err != nil {
		return zero, fmt.Errorf("%s %q: %w", flagName, path, err)
	}
	defer r.Close()
	return read(r, path)
}

func writePatrolLP(path string, idx *geo.Index, o patrol.Options) error {
	w, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("lp %q: %w", path, err)
	}
	if err := patrol.WriteLP(idx, w, o); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
