package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
	hz "github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// cliActor is who the command line acts as in the ledger's history.
var cliActor = hz.Actor{ID: "cli", Role: hz.RoleAdmin}

// ledgerFlags are the flags of `safezone ledger`.
type ledgerFlags struct {
	store, config       string
	src                 sources
	bbox, district      string
	state, grade, unit  string
	school, source      string
	overdue, vanished   string
	limit               int
	after               uint64
	format, out, sheets string
}

func (lf *ledgerFlags) register(fs *flag.FlagSet, sub string) {
	fs.StringVar(&lf.store, "store", DefaultConfig().Store, "store directory or postgres:// URL")
	fs.StringVar(&lf.config, "ledger-config", "", "the ledger's defaults (default: ledger.yaml beside --rules-dir, data/ledger.yaml)")
	lf.src.register(fs)
	switch sub {
	case "sync":
		fs.StringVar(&lf.bbox, "bbox", "", "sync only minLon,minLat,maxLon,maxLat")
		fs.StringVar(&lf.district, "district", "", "sync only this district: a GeoJSON file with a Polygon or MultiPolygon")
	case "list", "export":
		fs.StringVar(&lf.state, "state", "", "states, comma-separated: found, assigned, rectifying, verifying, closed")
		fs.StringVar(&lf.grade, "grade", "", "grades, comma-separated: general, major, serious")
		fs.StringVar(&lf.unit, "unit", "", "responsible unit (责任单位)")
		fs.StringVar(&lf.school, "school", "", "school ID")
		fs.StringVar(&lf.source, "source", "", "audit or manual")
		fs.StringVar(&lf.overdue, "overdue", "", "true: only overdue hazards; false: none")
		fs.StringVar(&lf.vanished, "vanished", "", "true: only hazards a sync no longer finds; false: none")
		fs.StringVar(&lf.bbox, "bbox", "", "only hazards in minLon,minLat,maxLon,maxLat")
	}
	switch sub {
	case "list":
		fs.IntVar(&lf.limit, "limit", store.DefaultHazardPage, "hazards per page")
		fs.Uint64Var(&lf.after, "after", 0, "only IDs above this: the next of the page before")
		fs.StringVar(&lf.format, "format", "text", "text or json")
	case "show":
		fs.StringVar(&lf.format, "format", "text", "text or json")
	case "export":
		fs.StringVar(&lf.format, "format", "xlsx", "xlsx or csv")
		fs.StringVar(&lf.sheets, "sheets", "", "xlsx: school for one sheet per school, to print (default: one sheet)")
		fs.StringVar(&lf.out, "out", "", "output file (default: standard output)")
	}
}

// runLedger is `safezone ledger sync|list|show ID|export`: the hazard
// ledger of a store, as the server's /api/v1/ledger/ has it. The actor in
// the ledger's history is "cli", as an admin.
func runLedger(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError("ledger: a subcommand is required: sync, list, show or export")
	}
	sub, rest := args[0], args[1:]
	id := ""
	if sub == "show" && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		id, rest = rest[0], rest[1:]
	}
	run := map[string]func(context.Context, *ledgerFlags, *hz.Config, store.Backend, io.Writer) error{
		"sync": ledgerSync, "list": ledgerList, "export": ledgerExport,
		"show": func(ctx context.Context, lf *ledgerFlags, cfg *hz.Config, st store.Backend, w io.Writer) error {
			return ledgerShow(ctx, lf, cfg, st, w, id)
		},
	}[sub]
	if run == nil {
		return usageError("ledger %q: must be sync, list, show or export", sub)
	}
	var lf ledgerFlags
	fs := newFlagSet("ledger " + sub)
	lf.register(fs, sub)
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	cfg, err := loadLedgerConfig(lf.config, lf.src.rulesDir)
	if err != nil {
		return err
	}
	if cfg == nil {
		return usageError("ledger-config: no ledger.yaml beside --rules-dir %q; name one with --ledger-config", lf.src.rulesDir)
	}
	st, err := store.OpenBackend(ctx, lf.store)
	if err != nil {
		return err
	}
	defer st.Close()
	return run(ctx, &lf, cfg, st, stdout)
}

// loadLedgerConfig reads the ledger's defaults from path, or when path is
// empty from ledger.yaml beside the rules directory; that one may be
// missing (nil, nil), a path given may not.
func loadLedgerConfig(path, rulesDir string) (*hz.Config, error) {
	if path != "" {
		return hz.LoadConfig(path)
	}
	cfg, err := hz.LoadConfig(filepath.Join(filepath.Dir(filepath.Clean(rulesDir)), "ledger.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return cfg, err
}

// ledgerSync audits the data and the store's businesses and reconciles the
// ledger with the hits.
func ledgerSync(ctx context.Context, lf *ledgerFlags, cfg *hz.Config, st store.Backend, w io.Writer) error {
	opts, err := lf.auditScope()
	if err != nil {
		return err
	}
	idx, pack, err := lf.src.loadWithStore(ctx, st)
	if err != nil {
		return err
	}
	bs, err := st.Businesses(ctx)
	if err != nil {
		return err
	}
	for _, b := range bs {
		opts.Extra = append(opts.Extra, b.Feature())
	}
	hits := idx.Audit(pack, opts)
	fs := make([]hz.Finding, len(hits))
	for i, h := range hits {
		fs[i] = hz.NewFinding(pack.ID, h)
	}
	res, err := st.SyncHazards(ctx, cfg, cliActor, pack.ID, fs, scopeOf(opts), time.Now())
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("rules=%s bbox=%s new=%d unchanged=%d vanished=%d reopened=%d total=%d", pack.ID, lf.bbox, res.New, res.Unchanged, res.Vanished, res.Reopened, res.Total)
	if err := st.Log(ctx, "cli", "ledger.sync", "", detail); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "rules %s: new %d, unchanged %d (reappeared %d), vanished %d, reopened %d, total %d\n",
		pack.ID, res.New, res.Unchanged, res.Reappeared, res.Vanished, res.Reopened, res.Total)
	return err
}

// auditScope reads --bbox and --district.
func (lf *ledgerFlags) auditScope() (geo.AuditOptions, error) {
	var opts geo.AuditOptions
	var err error
	if lf.bbox != "" {
		if opts.Bound, err = geo.ParseBound(lf.bbox); err != nil {
			return opts, err
		}
	}
	if lf.district != "" {
		data, err := os.ReadFile(lf.district)
		if err != nil {
			return opts, fmt.Errorf("district %q: %w", lf.district, err)
		}
		if opts.Area, err = geojson.ParseArea("district", data); err != nil {
			return opts, err
		}
	}
	return opts, nil
}

// scopeOf is the hazards a sync of opts may mark vanished: those whose
// point is in its bound and area; nil for all.
func scopeOf(opts geo.AuditOptions) func(*hz.Hazard) bool {
	if opts.Bound.IsZero() && opts.Area == nil {
		return nil
	}
	return func(h *hz.Hazard) bool {
		p := orb.Point{h.Point.Lon, h.Point.Lat}
		return (opts.Bound.IsZero() || opts.Bound.Contains(p)) && (opts.Area == nil || geo.GeometryDistanceMeters(opts.Area, p) == 0)
	}
}

// filter reads the list and export filters.
func (lf *ledgerFlags) filter() (store.HazardFilter, error) {
	f := store.HazardFilter{Unit: lf.unit, SchoolID: lf.school, Now: time.Now(), Limit: lf.limit, After: lf.after}
	for _, s := range splitList(lf.state) {
		st, err := hz.ParseState("state", s)
		if err != nil {
			return f, err
		}
		f.States = append(f.States, st)
	}
	for _, s := range splitList(lf.grade) {
		g, err := hz.ParseGrade("grade", s)
		if err != nil {
			return f, err
		}
		f.Grades = append(f.Grades, g)
	}
	switch lf.source {
	case "", "audit", "manual":
		f.Source = hz.SourceKind(lf.source)
	default:
		return f, usageError("source %q: must be audit or manual", lf.source)
	}
	var err error
	if f.Overdue, err = boolFlag("overdue", lf.overdue); err != nil {
		return f, err
	}
	if f.Vanished, err = boolFlag("vanished", lf.vanished); err != nil {
		return f, err
	}
	if lf.bbox != "" {
		f.Bound, err = geo.ParseBound(lf.bbox)
	}
	return f, err
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func boolFlag(name, v string) (*bool, error) {
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, usageError("%s %q: must be true or false", name, v)
	}
	return &b, nil
}
