package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
)

// runSite answers the planner's question for a proposed school: what
// would be within each rule's zone if it opened there.
func runSite(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("site")
	var src sources
	src.register(fs)
	sitePath := fs.String("site", "", "the site: a GeoJSON file with a Point, Polygon or MultiPolygon, or a Feature with one")
	lon := fs.String("lon", "", "or a point site: longitude in WGS84 degrees")
	lat := fs.String("lat", "", "latitude in WGS84 degrees")
	kind := fs.String("kind", "", "school kind: kindergarten, primary, secondary or school (default: the file's school_kind, else school)")
	gates := fs.String("gates", "", `planned gates as "lon,lat;lon,lat" (default: the file's gates)`)
	name := fs.String("name", "", "the school's name")
	openedOn := fs.String("opened-on", "", "when the school will open (YYYY-MM-DD, YYYY-MM or YYYY): places opened before it predate it")
	format := fs.String("format", "text", "output format: text, json or csv (the audit's columns)")
	out := fs.String("out", "", "output file (default: standard output)")
	storeDir := fs.String("store", "", "also consider what this store holds: registered and imported businesses, imported water")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !slices.Contains([]string{"text", "json", "csv"}, *format) {
		return usageError("format %q: must be text, json or csv", *format)
	}
	site, err := readSite(*sitePath, *lon, *lat)
	if err != nil {
		return err
	}
	if err := siteFlags(&site, *name, *kind, *gates); err != nil {
		return err
	}
	if *openedOn != "" {
		if site.OpenedOn, err = geo.ParseDate("opened_on", *openedOn); err != nil {
			return err
		}
	}
	var idx *geo.Index
	var pack *geo.RulePack
	var extra []geo.Feature
	if *storeDir != "" {
		idx, pack, extra, err = src.loadStoreDir(ctx, *storeDir)
	} else {
		idx, pack, err = src.load()
	}
	if err != nil {
		return err
	}
	walkOpts, err := walkOptions(src.data, "", pack)
	if err != nil {
		return err
	}
	res, err := idx.Site(site, pack, geo.SiteOptions{Extra: extra, Walk: walkOpts})
	if err != nil {
		return err
	}
	w, closeOut, err := openOut(*out, stdout)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		err = writeJSON(w, api.SiteResponse(pack, res))
	case "csv":
		all := append(slices.Clone(res.Hits), res.Cleared...)
		geo.SortAudit(all)
		err = api.WriteAuditCSV(w, slices.Values(all), false)
	default:
		err = writeSiteText(w, res)
	}
	return closeAfter(err, closeOut)
}

// closeAfter closes the output after a write, keeping the first error.
func closeAfter(err error, closeOut func() error) error {
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// readSite reads --site, or makes a point site of --lon and --lat.
func readSite(path, lon, lat string) (geo.Site, error) {
	switch {
	case path != "" && (lon != "" || lat != ""):
		return geo.Site{}, usageError("--site and --lon/--lat: give one or the other")
	case path != "":
		data, err := os.ReadFile(path)
		if err != nil {
			return geo.Site{}, fmt.Errorf("site %q: %w", path, err)
		}
		s, err := geojson.ParseSite(data)
		if err != nil {
			return geo.Site{}, fmt.Errorf("%s: %w", path, err)
		}
		return s, nil
	case lon == "" || lat == "":
		return geo.Site{}, usageError("--site, or --lon and --lat, is required")
	}
	p, err := geo.ParsePoint(lat, lon)
	if err != nil {
		return geo.Site{}, err
	}
	return geo.Site{Geometry: orb.Point{p.Lon, p.Lat}}, nil
}

// siteFlags puts --name, --kind and --gates on the site.
func siteFlags(s *geo.Site, name, kind, gates string) error {
	if name != "" {
		s.Name = name
	}
	if kind != "" {
		s.SchoolKind = geo.SchoolKind(kind)
	}
	if gates != "" {
		s.Gates = nil
		for i, pair := range strings.Split(gates, ";") {
			lon, lat, ok := strings.Cut(strings.TrimSpace(pair), ",")
			if !ok {
				return geo.Invalidf("gates %q: gate %d %q must be lon,lat", gates, i+1, pair)
			}
			p, err := geo.ParsePoint(lat, lon)
			if err != nil {
				return fmt.Errorf("gates: gate %d: %w", i+1, err)
			}
			s.Gates = append(s.Gates, p)
		}
	}
	return s.Validate()
}

func writeSiteText(w io.Writer, res geo.SiteResult) error {
	s := res.School
	fmt.Fprintf(w, "site %s (%s), %d gate(s): %d hit(s)\n", s.Name, s.SchoolKind, len(s.Gates), len(res.Hits))
	for _, h := range res.Hits {
		from := "campus"
		if h.FromGate {
			from = "gate"
		}
		fmt.Fprintf(w, "%-10s %-28s %9.3f m from the %s  %s %s (limit %g m)\n",
			h.Severity, h.Rule.ID, h.DistanceMeters, from, h.Feature.ID, h.Feature.Name, h.Rule.DistanceMeters)
		writeDatesText(w, h)
		writeWalkText(w, h)
		fmt.Fprintf(w, "  %s: %s\n", h.Rule.Citation.Document, h.Rule.Citation.Clause)
	}
	writeClearedText(w, res.Cleared)
	return nil
}
