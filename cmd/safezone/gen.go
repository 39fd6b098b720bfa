package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"

	"github.com/safezone/safezone/geo/synth"
)

// runGen writes a deterministic synthetic data set, shaped like real cities,
// as newline-delimited GeoJSON: DIR/schools.geojsonl, DIR/businesses.geojsonl
// and DIR/water.geojsonl, which `--data DIR` loads and PostGIS can read.
func runGen(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("gen")
	var cfg synth.Config
	fs.IntVar(&cfg.Schools, "schools", 1000, "number of schools")
	fs.IntVar(&cfg.Businesses, "businesses", 10000, "number of businesses")
	fs.IntVar(&cfg.Water, "water", -1, "number of water bodies (default: schools/10)")
	fs.Int64Var(&cfg.Seed, "seed", 1, "seed: the same seed gives the same files")
	fs.Float64Var(&cfg.CampusShare, "campus-share", 0.5, "share of schools mapped as a campus polygon with gates, 0 to 1")
	out := fs.String("out", "", "output directory (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("--out is required")
	}
	if cfg.CampusShare == 0 {
		cfg.CampusShare = -1 // SynthConfig reads 0 as the default and a negative share as none
	}
	if cfg.Water < 0 {
		cfg.Water = cfg.Schools / 10
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("out %q: %w", *out, err)
	}
	files := map[geo.Kind]*genFile{}
	for kind, name := range map[geo.Kind]string{geo.School: "schools", geo.Business: "businesses", geo.WaterBody: "water"} {
		f, err := os.Create(filepath.Join(*out, name+".geojsonl"))
		if err != nil {
			return fmt.Errorf("out %q: %w", *out, err)
		}
		defer f.Close()
		files[kind] = &genFile{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	}
	var line []byte
	err := synth.Generate(cfg, func(feat geo.Feature) error {
		var err error
		if line, err = geojson.AppendFeature(line[:0], feat); err != nil {
			return err
		}
		gf := files[feat.Kind]
		gf.n++
		_, err = gf.w.Write(append(line, '\n'))
		return err
	})
	if err != nil {
		return err
	}
	for _, gf := range files {
		if err := gf.w.Flush(); err != nil {
			return err
		}
		if err := gf.f.Close(); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(stdout, "wrote %d schools, %d businesses, %d water bodies to %s\n",
		files[geo.School].n, files[geo.Business].n, files[geo.WaterBody].n, *out)
	return err
}

type genFile struct {
	f *os.File
	w *bufio.Writer
	n int
}
