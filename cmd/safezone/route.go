package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/patrol"

	"github.com/safezone/safezone/geo/walk"

	"github.com/safezone/safezone/geo/osm"
)

// routeFlags are the flags of `safezone route` and `safezone route-water`.
type routeFlags struct {
	src           sources
	route, school string
	homes, reach  string
	format, out   string
}

func (f *routeFlags) register(fs *flag.FlagSet, formats string) {
	f.src.register(fs)
	fs.StringVar(&f.school, "school", "", "school id: compute the walks to its gates (needs OpenStreetMap --data)")
	fs.StringVar(&f.homes, "homes", "", "with --school: GeoJSON file of home points (default: centroids of residential areas)")
	fs.StringVar(&f.reach, "reach", strconv.Itoa(walk.DefaultRouteReachMeters), "with --school: meters; homes this close to the campus, walks this long")
	fs.StringVar(&f.format, "format", "", "output format: "+formats)
	fs.StringVar(&f.out, "out", "", "output file (default: standard output)")
}

// runRouteWater lists the water within --within meters of pupils' routes:
// given in a file (--route) or computed to a school (--school).
func runRouteWater(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("route-water")
	var f routeFlags
	f.register(fs, "csv, json or geojson (default csv)")
	fs.StringVar(&f.route, "route", "", "GeoJSON (LineStrings) or GPX (tracks) file of routes")
	within := fs.String("within", "", "meters: report water this close to a route (required, at most 1000)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *within == "" {
		return usageError("--within is required")
	}
	d, err := walk.ParseWithinMeters(*within)
	if err != nil {
		return err
	}
	if f.format == "" {
		f.format = "csv"
	}
	if f.format != "csv" && f.format != "json" && f.format != "geojson" {
		return usageError("format %q: must be csv, json or geojson", f.format)
	}
	idx, rep, err := f.routes(d)
	if err != nil {
		return err
	}
	if rep.Water, err = walk.WaterAlong(idx, rep.Routes, d); err != nil {
		return err
	}
	return f.write(stdout, func(w io.Writer) error {
		switch f.format {
		case "json":
			return writeJSON(w, api.RouteWaterResponse(rep, false))
		case "geojson":
			return writeJSON(w, api.RouteWaterGeoJSON(rep))
		}
		return api.WriteRouteWaterCSV(w, rep.Water)
	})
}

// runRoute prints the walks to a school's gates from homes, or from the
// centroids of the residential areas around it.
func runRoute(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("route")
	var f routeFlags
	f.register(fs, "geojson or json (default geojson)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.school == "" {
		return usageError("--school is required")
	}
	if f.format == "" {
		f.format = "geojson"
	}
	if f.format != "geojson" && f.format != "json" {
		return usageError("format %q: must be geojson or json", f.format)
	}
	_, rep, err := f.routes(0)
	if err != nil {
		return err
	}
	return f.write(stdout, func(w io.Writer) error {
		if f.format == "json" {
			return writeJSON(w, api.RouteWaterResponse(rep, false))
		}
		return writeJSON(w, api.RouteWaterGeoJSON(rep))
	})
}

// routes reads --route, or computes the walks to --school.
func (f *routeFlags) routes(within float64) (*geo.Index, walk.Report, error) {
	if (f.route == "") == (f.school == "") {
		return nil, walk.Report{}, usageError("give one of --route FILE or --school ID")
	}
	rep := walk.Report{WithinMeters: within}
	if f.route != "" {
		in, err := os.Open(f.route)
		if err != nil {
			return nil, rep, fmt.Errorf("route %q: %w", f.route, err)
		}
		defer in.Close()
		if rep.Routes, err = walk.ReadRoutes(in, f.route); err != nil {
			return nil, rep, err
		}
	}
	idx, _, err := f.src.load()
	if err != nil || f.school == "" {
		return idx, rep, err
	}
	reach, err := strconv.ParseFloat(f.reach, 64)
	if err != nil {
		return nil, rep, usageError("reach %q: must be a number of meters", f.reach)
	}
	homes, err := readHomes(f.homes)
	if err != nil {
		return nil, rep, err
	}
	bm, g, err := loadWalk(f.src.data)
	if err != nil {
		return nil, rep, err
	}
	school, err := idx.Feature(f.school)
	if err == nil && school.Kind != geo.School {
		err = fmt.Errorf("%w: school %q: %s is a %s", geo.ErrNotFound, f.school, f.school, school.Kind)
	}
	if err != nil {
		return nil, rep, err
	}
	if homes == nil {
		if homes, err = walk.ResidentialHomes(bm, school, reach); err != nil {
			return nil, rep, err
		}
	}
	rep.ReachMeters = reach
	rep.Routes, rep.Unreached, err = g.RoutesToSchool(school, homes, reach)
	return idx, rep, err
}

// write sends the output to --out or stdout.
func (f *routeFlags) write(stdout io.Writer, fn func(io.Writer) error) error {
	w, closeOut, err := openOut(f.out, stdout)
	if err != nil {
		return err
	}
	if err := fn(w); err != nil {
		closeOut()
		return err
	}
	return closeOut()
}

// readHomes reads the --homes file of points, or returns nil for none.
func readHomes(path string) ([]walk.Home, error) {
	if path == "" {
		return nil, nil
	}
	in, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("homes %q: %w", path, err)
	}
	defer in.Close()
	pts, err := patrol.ReadSites(in, path)
	if err != nil {
		return nil, err
	}
	homes := make([]walk.Home, len(pts))
	for i, p := range pts {
		homes[i] = walk.Home{ID: p.ID, Point: p.Point}
	}
	return homes, nil
}

// loadWalk reads the road network of OpenStreetMap data and builds its
// pedestrian graph.
func loadWalk(data string) (*osm.Basemap, *walk.Graph, error) {
	if !isOSMPath(data) {
		return nil, nil, usageError("data %q: walking needs the road network of OpenStreetMap data (.osm.pbf or .osm)", data)
	}
	bm, err := osm.ReadBasemap(data)
	if err != nil {
		return nil, nil, fmt.Errorf("data %q: %w", data, err)
	}
	return bm, walk.NewGraph(bm.Roads()), nil
}
