package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
)

// runWhatIf says who a rule for one category would reach at each of
// several distances, before the rule changes.
func runWhatIf(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("whatif")
	var src sources
	src.register(fs)
	category := fs.String("category", "", "business category, or water (required)")
	distances := fs.String("distances", "50,100,150,200,300", "meters, increasing, at most 5000")
	from := fs.String("from", "campus", "measure from the campus or the gate")
	kinds := fs.String("kinds", "", "school kinds the rule would apply to, comma-separated (default: every kind)")
	format := fs.String("format", "text", "output format: text, json or csv (one row per place, with the smallest distance it is within)")
	limit := fs.Int("limit", 20, "places listed per distance in text and json (csv lists them all)")
	out := fs.String("out", "", "output file (default: standard output)")
	storeDir := fs.String("store", "", "also consider what this store holds: registered and imported businesses, imported schools")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *category == "" {
		return usageError("--category is required")
	}
	if !slices.Contains([]string{"text", "json", "csv"}, *format) {
		return usageError("format %q: must be text, json or csv", *format)
	}
	if *limit < 0 {
		return usageError("limit %q: must not be negative", strconv.Itoa(*limit))
	}
	q := geo.WhatIf{Category: geo.Category(*category), From: geo.MeasureFrom(*from)}
	var err error
	if q.Distances, err = geo.ParseDistances(*distances); err != nil {
		return err
	}
	if *kinds != "" {
		for _, k := range strings.Split(*kinds, ",") {
			q.Kinds = append(q.Kinds, geo.SchoolKind(strings.TrimSpace(k)))
		}
	}
	if err := q.Validate(); err != nil {
		return err
	}
	var idx *geo.Index
	var extra []geo.Feature
	if *storeDir != "" {
		idx, _, extra, err = src.loadStoreDir(ctx, *storeDir)
	} else {
		idx, _, err = src.load()
	}
	if err != nil {
		return err
	}
	res, err := idx.WhatIf(q, geo.WhatIfOptions{Extra: extra})
	if err != nil {
		return err
	}
	w, closeOut, err := openOut(*out, stdout)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		err = writeJSON(w, api.WhatIfResponse(q, res, *limit))
	case "csv":
		err = writeWhatIfCSV(w, q, res)
	default:
		err = writeWhatIfText(w, q, res, *limit)
	}
	return closeAfter(err, closeOut)
}

func writeWhatIfText(w io.Writer, q geo.WhatIf, res geo.WhatIfResult, limit int) error {
	from := q.From
	if from == "" {
		from = geo.FromCampus
	}
	fmt.Fprintf(w, "%s within each distance of a school's %s:\n", q.Category, from)
	for i, d := range q.Distances {
		fmt.Fprintf(w, "\n%7g m: %d\n", d, res.Counts[i])
		for _, p := range res.Places[:min(res.Counts[i], limit)] {
			fmt.Fprintf(w, "  %9.3f m  %s %s  (%s %s)\n", p.DistanceMeters, p.Feature.ID, p.Feature.Name, p.School.ID, p.School.Name)
		}
		if res.Counts[i] > limit {
			fmt.Fprintf(w, "  … and %d more\n", res.Counts[i]-limit)
		}
	}
	return nil
}

// writeWhatIfCSV writes every place once, with the smallest of the
// distances it is within.
func writeWhatIfCSV(w io.Writer, q geo.WhatIf, res geo.WhatIfResult) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"feature_id", "feature_name", "category", "distance_m", "within_m", "school_id", "school_name", "measured_from"})
	i := 0
	for k, p := range res.Places {
		for k >= res.Counts[i] {
			i++
		}
		from := "campus"
		if p.FromGate {
			from = "gate"
		}
		cw.Write([]string{p.Feature.ID, p.Feature.Name, string(p.Feature.Category), strconv.FormatFloat(p.DistanceMeters, 'f', 3, 64),
			strconv.FormatFloat(q.Distances[i], 'f', -1, 64), p.School.ID, p.School.Name, from})
	}
	cw.Flush()
	return cw.Error()
}
