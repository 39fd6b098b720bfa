package main

import (
	"context"
	"io"
	"iter"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
)

// runAudit prints one row per (feature, school, rule) hit in the data.
func runAudit(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("audit")
	var src sources
	src.register(fs)
	format := fs.String("format", "csv", "output format: csv, json or geojson")
	out := fs.String("out", "", "output file (default: standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	write, err := auditWriter(*format)
	if err != nil {
		return err
	}
	idx, pack, err := src.load()
	if err != nil {
		return err
	}
	hits := idx.AuditSeq(pack, geo.AuditOptions{})
	w, closeOut, err := openOut(*out, stdout)
	if err != nil {
		return err
	}
	if err := write(w, hits); err != nil {
		closeOut()
		return err
	}
	return closeOut()
}

func auditWriter(format string) (func(io.Writer, iter.Seq[geo.Hit]) error, error) {
	switch format {
	case "csv":
		return func(w io.Writer, hits iter.Seq[geo.Hit]) error { return api.WriteAuditCSV(w, hits, false) }, nil
	case "json":
		return api.WriteAuditJSON, nil
	case "geojson":
		return api.WriteAuditGeoJSON, nil
	}
	return nil, usageError("format %q: must be csv, json or geojson", format)
}
