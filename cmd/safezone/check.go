package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// runCheck answers the regulator's question for one proposed location. It
// exits 0 whatever the verdict.
func runCheck(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("check")
	var src sources
	src.register(fs)
	lon := fs.String("lon", "", "longitude in degrees, in --crs (required)")
	lat := fs.String("lat", "", "latitude in degrees, in --crs (required)")
	crsName := fs.String("crs", "wgs84", "coordinate system of --lon/--lat: wgs84, cgcs2000, gcj02 (AMap) or bd09 (Baidu)")
	category := fs.String("category", "", "business category (required), e.g. internet_cafe")
	format := fs.String("format", "text", "output format: text or json")
	methodName := fs.String("method", "", "measure every rule straight or walking (default: each rule's own method)")
	storeDir := fs.String("store", "", "also check against the schools imported into this store (directory or postgres:// URL)")
	openedOn := fs.String("opened-on", "", "when the business opened, for a licence being renewed (YYYY-MM-DD, YYYY-MM or YYYY; default: a new business)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *lon == "" || *lat == "" || *category == "" {
		return usageError("--lon, --lat and --category are required")
	}
	in, err := geo.ParsePoint(*lat, *lon)
	if err != nil {
		return err
	}
	system, err := crs.Parse(*crsName)
	if err != nil {
		return err
	}
	p, err := system.ToWGS84(in)
	if err != nil {
		return err
	}
	c, err := geo.ParseCategory(*category)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageError("format %q: must be text or json", *format)
	}
	method, err := geo.ParseMethod(*methodName)
	if err != nil {
		return err
	}
	opened, err := geo.ParseOpenedOn(*openedOn)
	if err != nil {
		return err
	}
	var idx *geo.Index
	var pack *geo.RulePack
	if *storeDir != "" {
		idx, pack, _, err = src.loadStoreDir(ctx, *storeDir)
	} else {
		idx, pack, err = src.load()
	}
	if err != nil {
		return err
	}
	walk, err := checkWalk(src.data, method, pack, c)
	if err != nil {
		return err
	}
	res, err := idx.CheckWith(p, c, pack, geo.CheckOptions{Method: method, Walk: walk, OpenedOn: opened})
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, api.CheckResponseCRS(in, system, p, c, pack, res))
	}
	if system != crs.WGS84 {
		fmt.Fprintf(stdout, "point: %s WGS84 (lat,lon), from %s %s\n", p, in, system)
	}
	return writeCheckText(stdout, c, res)
}

func writeCheckText(w io.Writer, c geo.Category, res geo.CheckResult) error {
	fmt.Fprintf(w, "verdict: %s (%s)\n", res.Verdict, c)
	if res.Coverage != "" {
		fmt.Fprintf(w, "coverage: %s\n", res.Coverage)
	}
	if n := res.Nearest; n != nil {
		fmt.Fprintf(w, "nearest school: %s %s at %.3f m\n", n.Feature.ID, n.Feature.Name, n.DistanceMeters)
		if n.Feature.Address != "" {
			fmt.Fprintf(w, "  address: %s\n", n.Feature.Address)
		}
	}
	for _, h := range res.Hits {
		fmt.Fprintf(w, "%-10s %-28s %9.3f m from the %s of %s %s (limit %g m)\n",
			h.Severity, h.Rule.ID, h.DistanceMeters, measuredFrom(h), h.School.ID, h.School.Name, h.Rule.DistanceMeters)
		writeDatesText(w, h)
		writeWalkText(w, h)
		fmt.Fprintf(w, "  %s: %s\n", h.Rule.Citation.Document, h.Rule.Citation.Clause)
	}
	writeClearedText(w, res.Cleared)
	return nil
}

// writeDatesText says how a rule that treats older places otherwise read
// the hit's dates.
func writeDatesText(w io.Writer, h geo.Hit) {
	switch {
	case h.Rule.Existing == "":
	case h.Undated:
		fmt.Fprintf(w, "  no opening date: treated as new (the rule's %s treatment of older places does not apply)\n", h.Rule.Existing)
	case h.Precedes != "":
		fmt.Fprintf(w, "  opened %s, before the %s (school %s, rule effective %s): %s, so %s\n",
			h.Feature.OpenedOn, h.Precedes, orUnknown(h.School.OpenedOn), orUnknown(h.Rule.Effective), h.Rule.Existing, h.Severity)
	default:
		fmt.Fprintf(w, "  opened %s, after the school (%s) and the rule (%s): new\n", h.Feature.OpenedOn, orUnknown(h.School.OpenedOn), orUnknown(h.Rule.Effective))
	}
}

func orUnknown(d geo.Date) string {
	if d.IsZero() {
		return "unknown"
	}
	return d.String()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
