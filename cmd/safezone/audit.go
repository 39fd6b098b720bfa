package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/geo/walk"
)

// runAudit prints one row per (feature, school, rule) hit in the data.
func runAudit(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("audit")
	var src sources
	src.register(fs)
	format := fs.String("format", "csv", "output format: csv, json, geojson or xlsx")
	out := fs.String("out", "", "output file (default: standard output)")
	outCRS := fs.String("out-crs", "", "add coordinates in this system: wgs84, gcj02 (AMap), bd09 (Baidu); GeoJSON is converted (default: none; GeoJSON in WGS84)")
	sheets := fs.String("sheets", "", "xlsx: one sheet per school or per rule (school, rule; default: one sheet)")
	timings := fs.Bool("timings", false, "print the time of each stage (rules, read, index, audit, write) to standard error")
	storeDir := fs.String("store", "", "also audit what this store holds: registered and imported businesses, imported schools and water")
	lang := fs.String("lang", "", "csv, xlsx: a ledger for people in zh or en: values in words, licence numbers, a summary, water apart (default: codes, one row per hit)")
	methodName := fs.String("method", "", "measure every rule straight or walking (default: each rule's own; walking rules walk along OpenStreetMap roads)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	write, err := api.AuditWriter(*format, api.ExportOptions{CRS: crs.System(*outCRS), SheetsBy: *sheets})
	if err != nil {
		return err
	}
	st := newStageTimer()
	var idx *geo.Index
	var pack *geo.RulePack
	var opts geo.AuditOptions
	if *storeDir != "" {
		idx, pack, opts.Extra, err = src.loadStoreDir(ctx, *storeDir)
		st.mark("read")
	} else {
		idx, pack, err = src.loadTimed(st.mark)
	}
	if err != nil {
		return err
	}
	if opts.Routes, err = alongRoutes(src.data, pack, walk.DefaultRouteReachMeters); err != nil {
		return err
	}
	method, err := geo.ParseMethod(*methodName)
	if err != nil {
		return err
	}
	walkOpts, err := walkOptions(src.data, method, pack)
	if err != nil {
		return err
	}
	if *lang != "" {
		all := idx.Audit(pack, opts)
		if walkOpts.Walk != nil {
			all = walkedAudit(idx, pack, opts, walkOpts)
		}
		return writeLedger(*out, stdout, *format, *lang, idx, pack, all, opts.Extra, crs.System(*outCRS))
	}
	hits := idx.AuditSeq(pack, opts)
	if walkOpts.Walk != nil {
		hits = slices.Values(walkedAudit(idx, pack, opts, walkOpts))
	}
	if *timings {
		hits = st.audit(hits)
		defer st.print(os.Stderr, idx.Len())
	}
	w, closeOut, err := openOut(*out, stdout)
	if err != nil {
		return err
	}
	if err := write(w, hits); err != nil {
		closeOut()
		return err
	}
	err = closeOut()
	st.mark("write")
	return err
}

// walkedAudit audits with every straight hit of a walking rule walked:
// those the walk clears are listed too, marked cleared_by_walking, with the
// walk, in the audit's order.
func walkedAudit(idx *geo.Index, pack *geo.RulePack, opts geo.AuditOptions, w geo.WalkOptions) []geo.Hit {
	kept, cleared := idx.AuditWalk(pack, opts, w)
	all := append(kept, cleared...)
	geo.SortAudit(all)
	return all
}

// writeLedger writes the ledger of an audit's hits (api.WriteLedger) to out.
func writeLedger(out string, stdout io.Writer, format, lang string, idx *geo.Index, pack *geo.RulePack, hits []geo.Hit, extra []geo.Feature, c crs.System) error {
	w, closeOut, err := openOut(out, stdout)
	if err != nil {
		return err
	}
	if err := api.WriteLedger(w, format, lang, idx, pack, hits, extra, c); err != nil {
		closeOut()
		return err
	}
	return closeOut()
}

// stageTimer records how long each stage of an audit took, for --timings.
type stageTimer struct {
	last   time.Time
	stages []string
	times  []time.Duration
	hits   int
}

func newStageTimer() *stageTimer { return &stageTimer{last: time.Now()} }

// mark ends the stage under way, named stage, and starts the next.
func (st *stageTimer) mark(stage string) {
	now := time.Now()
	st.stages, st.times = append(st.stages, stage), append(st.times, now.Sub(st.last))
	st.last = now
}

// audit wraps hits to end the "audit" stage at the first hit: AuditSeq finds
// and sorts every hit before it yields one, so what follows is writing.
func (st *stageTimer) audit(hits iter.Seq[geo.Hit]) iter.Seq[geo.Hit] {
	return func(yield func(geo.Hit) bool) {
		for h := range hits {
			if st.hits++; st.hits == 1 {
				st.mark("audit")
			}
			if !yield(h) {
				return
			}
		}
		if st.hits == 0 {
			st.mark("audit")
		}
	}
}

// print writes one line: each stage's seconds, the features and the hits.
func (st *stageTimer) print(w io.Writer, features int) {
	var b strings.Builder
	b.WriteString("timings:")
	for i, s := range st.stages {
		fmt.Fprintf(&b, " %s=%.3fs", s, st.times[i].Seconds())
	}
	fmt.Fprintf(&b, " features=%d hits=%d\n", features, st.hits)
	io.WriteString(w, b.String())
}
