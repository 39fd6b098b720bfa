package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/safezone/safezone/api"
	hz "github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// ledgerList prints a page of hazards: a table, or JSON as the API sends
// it. The line after the table says how to read the next page.
func ledgerList(ctx context.Context, lf *ledgerFlags, cfg *hz.Config, st store.Backend, w io.Writer) error {
	if lf.limit < 1 || lf.limit > store.MaxHazardPage {
		return usageError("limit %q: must be a whole number from 1 to %d", strconv.Itoa(lf.limit), store.MaxHazardPage)
	}
	f, err := lf.filter()
	if err != nil {
		return err
	}
	page, err := st.Hazards(ctx, f)
	if err != nil {
		return err
	}
	now := time.Now()
	switch lf.format {
	case "json":
		out := make([]any, len(page.Hazards))
		for i := range page.Hazards {
			out[i] = api.HazardJSON(cfg, &page.Hazards[i], now)
		}
		return writeJSON(w, out)
	case "text":
	default:
		return usageError("format %q: must be text or json", lf.format)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "编号\t状态\t等级\t学校\t责任单位\t责任人\t整改期限\t逾期\t隐患")
	for i := range page.Hazards {
		h := &page.Hazards[i]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", h.ID, h.State.Label(), h.Grade.Label(), h.SchoolName,
			h.Unit, h.Person, h.Deadline, overdueText(cfg, h, now), hazardWhat(h))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if page.Next != 0 {
		_, err = fmt.Fprintf(w, "# more: --after %d\n", page.Next)
	}
	return err
}

// overdueText says how late h is and its escalation level, or "".
func overdueText(cfg *hz.Config, h *hz.Hazard, now time.Time) string {
	level := cfg.Level(h, now)
	if level == 0 {
		return ""
	}
	return strconv.Itoa(hz.DaysOverdue(h, now)) + "天 " + cfg.Escalation.Levels.Value[level-1]
}

// hazardWhat is what the hazard is, in a few words.
func hazardWhat(h *hz.Hazard) string {
	if h.Source.Kind == hz.FromManual {
		return h.Source.Description
	}
	return fmt.Sprintf("%s (%s) %s %.1f 米", h.Source.FeatureName, h.Source.FeatureID, h.Source.RuleTitle, h.Source.DistanceMeters)
}

// ledgerShow prints one hazard with its history.
func ledgerShow(ctx context.Context, lf *ledgerFlags, cfg *hz.Config, st store.Backend, w io.Writer, id string) error {
	n, err := strconv.ParseUint(id, 10, 63)
	if err != nil || n == 0 {
		return usageError("hazard %q: give its ID, a whole number, as in safezone ledger show 12", id)
	}
	h, err := st.Hazard(ctx, n, true)
	if err != nil {
		return err
	}
	now := time.Now()
	switch lf.format {
	case "json":
		return writeJSON(w, api.HazardJSON(cfg, &h, now))
	case "text":
	default:
		return usageError("format %q: must be text or json", lf.format)
	}
	fmt.Fprintf(w, "隐患 %d  %s  %s  %s\n", h.ID, h.State.Label(), h.Grade.Label(), h.Source.Kind.Label())
	fmt.Fprintf(w, "学校: %s (%s)  位置: %.6f, %.6f\n", h.SchoolName, h.SchoolID, h.Point.Lon, h.Point.Lat)
	fmt.Fprintf(w, "隐患: %s\n", hazardWhat(&h))
	fmt.Fprintf(w, "责任单位: %s  责任人: %s  整改期限: %s  %s\n", h.Unit, h.Person, h.Deadline, overdueText(cfg, &h, now))
	if h.Vanished {
		fmt.Fprintln(w, "审计未再发现，待核实")
	}
	fmt.Fprintln(w, "记录:")
	for _, e := range h.History {
		fmt.Fprintf(w, "  %d  %s", e.Seq, lastActionText(e))
		if len(e.Attachments) > 0 {
			fmt.Fprintf(w, "  附件 %d 个", len(e.Attachments))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// lastActionText is an entry in one line, as the exports write it.
func lastActionText(e hz.Entry) string {
	s := e.Time.In(hz.China).Format("2006-01-02 15:04") + "  " + string(e.From) + "→" + string(e.To) + "  " + e.Action.Label() + "  " + string(e.Role) + ":" + e.Actor
	if e.Unit != "" {
		s += "  " + e.Unit + " " + e.Person + " " + e.Deadline.String()
	}
	if e.Comment != "" {
		s += "  " + e.Comment
	}
	return s
}

// ledgerExport writes every hazard the filters select as XLSX or CSV.
func ledgerExport(ctx context.Context, lf *ledgerFlags, cfg *hz.Config, st store.Backend, w io.Writer) error {
	f, err := lf.filter()
	if err != nil {
		return err
	}
	x := api.NewLedgerExport(cfg, time.Now())
	write := x.XLSX
	switch {
	case lf.format == "csv" && lf.sheets == "":
		write = x.CSV
	case lf.format != "xlsx" && lf.format != "csv":
		return usageError("format %q: must be xlsx or csv", lf.format)
	case lf.sheets == "school" && lf.format == "xlsx":
		write = x.XLSXBySchool
	case lf.sheets != "":
		return usageError("sheets %q: only school, with --format xlsx", lf.sheets)
	}
	out, closeOut, err := openOut(lf.out, w)
	if err != nil {
		return err
	}
	err = write(out, func(fn func(*hz.Hazard) error) error { return st.EachHazard(ctx, f, fn) })
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err == nil {
		err = st.Log(ctx, "cli", "ledger.export", "", "format="+lf.format)
	}
	return err
}
