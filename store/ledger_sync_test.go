package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// finding returns the hit of feature biz/n near school/(n%3+1) under rule
// r1 of pack, at about lat 30 + n/1000.
func finding(pack string, n int) ledger.Finding {
	school := fmt.Sprintf("school/%d", n%3+1)
	feature := fmt.Sprintf("biz/%d", n)
	return ledger.Finding{
		Key: ledger.Key(pack, feature, school, "r1"),
		Source: ledger.Source{Kind: ledger.FromAudit, Pack: pack, RuleID: "r1", RuleTitle: "网吧200米", Severity: geo.Prohibited,
			Citation: geo.Citation{Document: "文件", Clause: "条款"}, FeatureID: feature, FeatureName: "网吧", DistanceMeters: float64(n)},
		SchoolID: school, SchoolName: "学校", Point: geo.Point{Lat: 30 + float64(n)/1000, Lon: 104}, Category: "internet_cafe",
	}
}

func findings(pack string, ns ...int) []ledger.Finding {
	fs := make([]ledger.Finding, len(ns))
	for i, n := range ns {
		fs[i] = finding(pack, n)
	}
	return fs
}

func TestBackend_LedgerSync(t *testing.T) {
	cfg := MustLedgerConfig(t)
	sync := ledger.Actor{ID: "r1", Role: ledger.RoleRegulator}
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			steps := []struct {
				name string
				ns   []int
				want store.SyncResult
			}{
				{"First", []int{1, 2, 3, 4, 5, 5}, store.SyncResult{New: 5, Total: 5}},
				{"Again", []int{5, 4, 3, 2, 1}, store.SyncResult{Unchanged: 5, Total: 5}},
				{"TwoGone", []int{1, 2, 3, 6}, store.SyncResult{New: 1, Unchanged: 3, Vanished: 2, Total: 4}},
				{"GoneStayGone", []int{1, 2, 3, 6}, store.SyncResult{Unchanged: 4, Total: 4}},
				{"OneBack", []int{1, 2, 3, 4, 6}, store.SyncResult{Unchanged: 5, Reappeared: 1, Total: 5}},
			}
			for _, st := range steps {
				got, err := s.SyncHazards(ctx, cfg, sync, "p", findings("p", st.ns...), nil, t0)
				if err != nil || got != st.want {
					t.Fatalf("%s: %+v, %v; want %+v", st.name, got, err, st.want)
				}
			}
			h, err := s.Hazard(ctx, MustFindHazard(t, s, "biz/1").ID, true)
			if err != nil || h.State != ledger.Found || h.Source.Citation.Clause != "条款" || h.Source.FeatureID != "biz/1" || h.Unit != "文化市场综合执法部门" || h.Grade != ledger.Major {
				t.Fatalf("hazard 1: %+v, %v", h, err)
			}
			// Hazard 5 (biz/5) is vanished: an admin confirms it is gone.
			five := MustFindHazard(t, s, "biz/5")
			if !five.Vanished {
				t.Fatalf("biz/5 is not vanished: %+v", five)
			}
			if _, err := s.TransitionHazard(ctx, cfg, five.ID, ledger.TransitionInput{To: "closed", Comment: "已关门"}, byAdmin, t0); err != nil {
				t.Fatal(err)
			}
			got, err := s.SyncHazards(ctx, cfg, sync, "p", findings("p", 1, 2, 3, 4, 5, 6), nil, t0.Add(time.Hour))
			if want := (store.SyncResult{Unchanged: 5, Reopened: 1, Total: 6}); err != nil || got != want {
				t.Fatalf("closed found again: %+v, %v; want %+v", got, err, want)
			}
			five, _ = s.Hazard(ctx, five.ID, true)
			last := five.History[len(five.History)-1]
			if five.State != ledger.Found || last.Action != ledger.ActReopen || last.From != ledger.Closed || last.Comment == "" {
				t.Errorf("reopened: state %s, last entry %+v", five.State, last)
			}
			// Another pack's sync leaves this pack's hazards alone.
			if got, _ := s.SyncHazards(ctx, cfg, sync, "q", findings("q", 1), nil, t0); got != (store.SyncResult{New: 1, Total: 1}) {
				t.Errorf("sync of pack q: %+v", got)
			}
		})
	}
}

// A sync of part of the data (a bbox, a district) marks vanished only the
// hazards in it.
func TestBackend_LedgerSync_scope(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			s.SyncHazards(ctx, cfg, byAdmin, "p", findings("p", 1, 2, 3, 4), nil, t0)
			north := func(h *ledger.Hazard) bool { return h.Point.Lat > 30.0025 }
			got, err := s.SyncHazards(ctx, cfg, byAdmin, "p", findings("p", 3), north, t0)
			if want := (store.SyncResult{Unchanged: 1, Vanished: 1, Total: 1}); err != nil || got != want {
				t.Fatalf("scoped sync: %+v, %v; want %+v", got, err, want)
			}
			if h := MustFindHazard(t, s, "biz/4"); !h.Vanished {
				t.Errorf("biz/4, in scope, not vanished")
			}
			if h := MustFindHazard(t, s, "biz/1"); h.Vanished {
				t.Errorf("biz/1, out of scope, vanished")
			}
		})
	}
}

// Syncs running at once register each hit once: between them they count
// every hit new once, and the summary counts each hazard once.
func TestBackend_LedgerSync_concurrent(t *testing.T) {
	cfg := MustLedgerConfig(t)
	ns := make([]int, 300)
	for i := range ns {
		ns[i] = i + 1
	}
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			results := make([]store.SyncResult, 4)
			errs := make([]error, len(results))
			var wg sync.WaitGroup
			for i := range results {
				wg.Go(func() { results[i], errs[i] = s.SyncHazards(ctx, cfg, byAdmin, "p", findings("p", ns...), nil, t0) })
			}
			wg.Wait()
			newCount := 0
			for i, r := range results {
				if errs[i] != nil || r.Total != len(ns) || r.New+r.Unchanged != len(ns) {
					t.Errorf("sync %d: %+v, %v", i, r, errs[i])
				}
				newCount += r.New
			}
			sum, _, err := s.HazardSummary(ctx, cfg, "", t0, 10)
			if newCount != len(ns) || err != nil || sum.Total != int64(len(ns)) {
				t.Errorf("new %d, summary total %d (%v); want %d each", newCount, sum.Total, err, len(ns))
			}
		})
	}
}

func TestBackend_LedgerSync_errors(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			if _, err := s.SyncHazards(t.Context(), cfg, byAdmin, "", nil, nil, t0); !errors.Is(err, geo.ErrInvalidInput) {
				t.Errorf("empty pack: %v", err)
			}
			if _, err := s.SyncHazards(t.Context(), cfg, byAdmin, "p", findings("q", 1), nil, t0); !errors.Is(err, geo.ErrInvalidInput) {
				t.Errorf("finding of another pack: %v", err)
			}
		})
	}
}

// MustFindHazard returns the hazard of feature among all.
func MustFindHazard(tb testing.TB, s store.Ledger, feature string) ledger.Hazard {
	tb.Helper()
	var found *ledger.Hazard
	err := s.EachHazard(context.Background(), store.HazardFilter{}, func(h *ledger.Hazard) error {
		if h.Source.FeatureID == feature {
			c := *h
			found = &c
		}
		return nil
	})
	if err != nil || found == nil {
		tb.Fatalf("no hazard of %s: %v", feature, err)
	}
	return *found
}
