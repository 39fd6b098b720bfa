package main

import (
	"context"
	"fmt"
	"io"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/walk"
)

// runSchool prints everything around one school, by ring, with water.
func runSchool(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("school")
	var src sources
	src.register(fs)
	id := fs.String("id", "", "school feature id (required), e.g. way/123")
	format := fs.String("format", "text", "output format: text or json")
	storeDir := fs.String("store", "", "also report what this store holds: registered and imported businesses, imported schools and water")
	routesReach := fs.Float64("routes-reach", walk.DefaultRouteReachMeters, "water along routes: walks from residential areas this close, this long (meters)")
	routesWithin := fs.Float64("routes-within", walk.DefaultRouteWaterMeters, "water along routes: water this close to a walk (meters)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *id == "" {
		return usageError("--id is required")
	}
	if *format != "text" && *format != "json" {
		return usageError("format %q: must be text or json", *format)
	}
	var idx *geo.Index
	var pack *geo.RulePack
	var extra []geo.Feature
	var err error
	if *storeDir != "" {
		idx, pack, extra, err = src.loadStoreDir(ctx, *storeDir)
	} else {
		idx, pack, err = src.load()
	}
	if err != nil {
		return err
	}
	w, err := walkOptions(src.data, "", pack)
	if err != nil {
		return err
	}
	finder, err := alongRoutes(src.data, pack, *routesReach)
	if err != nil {
		return err
	}
	rep, err := idx.SchoolReportWith(*id, pack, geo.ReportOptions{Extra: extra, Routes: finder, Walk: w})
	if err != nil {
		return err
	}
	routes, err := schoolRoutes(src.data, idx, &rep, *routesReach, *routesWithin)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, api.ReportResponse(pack, rep, routes))
	}
	return writeReportText(stdout, rep, routes)
}

func writeReportText(w io.Writer, rep geo.Report, routes *walk.Report) error {
	s := rep.School
	fmt.Fprintf(w, "%s %s (%s), %d gate(s)\n", s.ID, s.Name, s.SchoolKind, len(s.Gates))
	prev := 0.0
	for _, r := range rep.Rings {
		fmt.Fprintf(w, "\n%g–%g m: %d hazard(s)\n", prev, r.RadiusMeters, len(r.Hazards))
		writeHazardsText(w, r.Hazards)
		prev = r.RadiusMeters
	}
	for _, h := range rep.Cleared {
		fmt.Fprintf(w, "  cleared    %-14s %9.3f m  %s %s: outside every zone by walking\n", h.Feature.Category, h.DistanceMeters, h.Feature.ID, h.Feature.Name)
		writeClearedText(w, h.Cleared)
	}
	fmt.Fprintf(w, "\nwater within %g m: %d\n", prev, len(rep.Water))
	for _, h := range rep.Water {
		fmt.Fprintf(w, "  %-10s %-10s %9.3f m  %s %s\n", h.Severity, h.Feature.WaterKind, h.DistanceMeters, h.Feature.ID, h.Feature.Name)
	}
	if len(rep.Along) > 0 {
		fmt.Fprintf(w, "\nalong the ways to school: %d place(s)\n", len(rep.Along))
		writeHazardsText(w, rep.Along)
	}
	if len(rep.Lacking) > 0 {
		fmt.Fprintf(w, "\nlacking: %d\n", len(rep.Lacking))
		for _, h := range rep.Lacking {
			fmt.Fprintf(w, "  %-10s %s: no %s within %g m of the %s", h.Rule.Severity, h.Rule.ID, geo.JoinNames(h.Rule.Categories), h.Rule.DistanceMeters, measuredFrom(h))
			if h.Feature.ID != "" {
				fmt.Fprintf(w, "; the nearest is %s %s at %.3f m", h.Feature.ID, h.Feature.Name, h.DistanceMeters)
			}
			fmt.Fprintln(w)
		}
	}
	writeRoutesText(w, routes)
	return nil
}

// writeHazardsText prints hazards and the rules each breaks, each with
// where it was measured from.
func writeHazardsText(w io.Writer, hazards []geo.Hazard) {
	for _, h := range hazards {
		fmt.Fprintf(w, "  %-10s %-14s %9.3f m  %s %s\n", h.Severity, h.Feature.Category, h.DistanceMeters, h.Feature.ID, h.Feature.Name)
		for _, hit := range h.Hits {
			if hit.Rule.Kind == geo.Inside {
				fmt.Fprintf(w, "             %s (on the campus)\n", hit.Rule.ID)
				continue
			}
			fmt.Fprintf(w, "             %s (%g m from the %s; %.3f m from it)\n", hit.Rule.ID, hit.Rule.DistanceMeters, measuredFrom(hit), hit.DistanceMeters)
			writeWalkText(w, hit)
		}
		writeClearedText(w, h.Cleared)
	}
}

// measuredFrom says where a hit was measured from: the gate only when the
// school has one (else the campus, whatever the rule asks), a route only
// when one was known.
func measuredFrom(h geo.Hit) string {
	switch {
	case h.FromGate:
		return "gate"
	case h.FromRoute:
		return "route to school"
	case h.Rule.From == geo.FromGate:
		return "campus (no gate mapped)"
	case h.Rule.From == geo.FromRoute:
		return "campus (no route known)"
	}
	return "campus"
}
