package store_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

var units = []string{"市场监管", "交警", "水利站"}

// MustRandomLedger fills l with 60 synced and 10 reported hazards, moved
// at random along their states, some vanished, and returns them all.
func MustRandomLedger(t *testing.T, l store.Ledger, cfg *ledger.Config) []ledger.Hazard {
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(7, 0))
	var ns []int
	for i := range 60 {
		ns = append(ns, i*7%100)
	}
	if _, err := l.SyncHazards(ctx, cfg, byAdmin, "p", findings("p", ns...), nil, t0); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		MustReportHazard(t, l, cfg, []string{"school/1", "school/9"}[i%2])
	}
	for id := uint64(1); id <= 70; id++ {
		steps := rng.IntN(5)
		deadline := ledger.DateOf(t0).AddDays(rng.IntN(20)).String()
		path := []ledger.TransitionInput{
			{To: "assigned", Unit: units[rng.IntN(3)], Person: "p", Deadline: deadline, Grade: string(ledger.Grades[rng.IntN(3)])},
			{To: "rectifying"}, {To: "verifying"}, {To: "closed"},
		}
		for _, in := range path[:steps] {
			if in.To == "verifying" {
				in.Attachments = []string{MustAttach(t, l, id, int(id)).SHA256}
			}
			if _, err := l.TransitionHazard(ctx, cfg, id, in, byAdmin, t0); err != nil {
				t.Fatalf("hazard %d to %s: %v", id, in.To, err)
			}
		}
	}
	// The second sync misses every fourth hit.
	if _, err := l.SyncHazards(ctx, cfg, byAdmin, "p", findings("p", ns[:45]...), nil, t0); err != nil {
		t.Fatal(err)
	}
	var all []ledger.Hazard
	l.EachHazard(ctx, store.HazardFilter{}, func(h *ledger.Hazard) error { all = append(all, *h); return nil })
	if len(all) != 70 {
		t.Fatalf("%d hazards, want 70", len(all))
	}
	return all
}

func TestBackend_LedgerHazards(t *testing.T) {
	cfg := MustLedgerConfig(t)
	yes, no := true, false
	later := t0.AddDate(0, 0, 12)
	filters := map[string]store.HazardFilter{
		"All":             {},
		"Found":           {States: []ledger.State{ledger.Found}},
		"AssignedOrRect":  {States: []ledger.State{ledger.Assigned, ledger.Rectifying}},
		"Unit":            {Unit: "交警"},
		"StateUnit":       {States: []ledger.State{ledger.Assigned}, Unit: "市场监管"},
		"School":          {SchoolID: "school/2"},
		"SchoolGrade":     {SchoolID: "school/1", Grades: []ledger.Grade{ledger.Major}},
		"Vanished":        {Vanished: &yes},
		"NotVanished":     {Vanished: &no},
		"Overdue":         {Overdue: &yes, Now: later},
		"NotOverdue":      {Overdue: &no, Now: later},
		"OverdueUnit":     {Overdue: &yes, Now: later, Unit: "水利站"},
		"Bound":           {Bound: orb.Bound{Min: orb.Point{103.9, 30.02}, Max: orb.Point{104.1, 30.06}}},
		"Manual":          {Source: ledger.FromManual},
		"Where":           {Where: func(h *ledger.Hazard) bool { return h.ID%3 == 0 }},
		"GradesAndStates": {Grades: []ledger.Grade{ledger.General, ledger.Serious}, States: []ledger.State{ledger.Closed, ledger.Verifying}},
	}
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			all := MustRandomLedger(t, s, cfg)
			for fname, f := range filters {
				want := bruteFilter(all, f)
				got := mustAllPages(t, s, f, 7)
				if !slices.Equal(got, want) {
					t.Errorf("%s: IDs %v, want %v", fname, got, want)
				}
			}
		})
	}
}

// mustAllPages reads every page of f, limit at a time, and returns the IDs.
func mustAllPages(t *testing.T, s store.Ledger, f store.HazardFilter, limit int) []uint64 {
	t.Helper()
	ids := []uint64{}
	f.Limit = limit
	for range 100 {
		p, err := s.Hazards(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range p.Hazards {
			ids = append(ids, h.ID)
		}
		if p.Next == 0 {
			return ids
		}
		f.After = p.Next
	}
	t.Fatal("more than 100 pages")
	return nil
}

// bruteFilter is HazardFilter written out plainly.
func bruteFilter(all []ledger.Hazard, f store.HazardFilter) []uint64 {
	ids := []uint64{}
	for _, h := range all {
		ok := (len(f.States) == 0 || slices.Contains(f.States, h.State)) &&
			(len(f.Grades) == 0 || slices.Contains(f.Grades, h.Grade)) &&
			(f.Unit == "" || f.Unit == h.Unit) && (f.SchoolID == "" || f.SchoolID == h.SchoolID) &&
			(f.Source == "" || f.Source == h.Source.Kind) &&
			(f.Vanished == nil || *f.Vanished == h.Vanished) &&
			(f.Overdue == nil || *f.Overdue == ((h.State == ledger.Assigned || h.State == ledger.Rectifying) && !f.Now.Before(h.Deadline.End()))) &&
			(f.Bound.IsZero() || h.Point.Lat >= f.Bound.Min[1] && h.Point.Lat <= f.Bound.Max[1] && h.Point.Lon >= f.Bound.Min[0] && h.Point.Lon <= f.Bound.Max[0]) &&
			(f.Where == nil || f.Where(&h))
		if ok {
			ids = append(ids, h.ID)
		}
	}
	return ids
}

func TestBackend_LedgerHazards_errors(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			for _, limit := range []int{-1, store.MaxHazardPage + 1} {
				if _, err := s.Hazards(t.Context(), store.HazardFilter{Limit: limit}); !errors.Is(err, geo.ErrInvalidInput) {
					t.Errorf("limit %d: %v", limit, err)
				}
			}
			if _, err := s.Hazard(t.Context(), 1, false); !errors.Is(err, geo.ErrNotFound) {
				t.Errorf("Hazard(1) of an empty ledger: %v", err)
			}
		})
	}
}

// The summary from the stored counts is the summary of the hazards
// themselves, and one school's summary is its hazards'.
func TestBackend_LedgerSummary(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			all := MustRandomLedger(t, s, cfg)
			for _, at := range []time.Time{t0, t0.AddDate(0, 0, 12), t0.AddDate(0, 0, 40)} {
				for _, school := range []string{"", "school/1"} {
					counts := map[string]int64{}
					for i := range all {
						if school == "" || all[i].SchoolID == school {
							ledger.AddDelta(counts, nil, &all[i])
						}
					}
					want := cfg.Summarize(counts, at, 2)
					got, names, err := s.HazardSummary(ctx, cfg, school, at, 2)
					if err != nil || !reflect.DeepEqual(got, want) {
						t.Errorf("at %v school %q:\n%+v, %v\nwant\n%+v", at, school, got, err, want)
					}
					if len(names) != len(got.BySchool) || names[got.BySchool[0].Key] == "" {
						t.Errorf("school names %v for %+v", names, got.BySchool)
					}
				}
			}
		})
	}
}

// MustWideLedger syncs n hazards at random points over 8° x 8°, across
// hundreds of the place index's areas, and returns them.
func MustWideLedger(t *testing.T, l store.Ledger, cfg *ledger.Config, n int) []ledger.Hazard {
	rng := rand.New(rand.NewPCG(11, 0))
	fs := make([]ledger.Finding, n)
	for i := range fs {
		fs[i] = finding("p", i+1)
		fs[i].Point = geo.Point{Lat: 24 + rng.Float64()*8, Lon: 100 + rng.Float64()*8}
	}
	if _, err := l.SyncHazards(t.Context(), cfg, byAdmin, "p", fs, nil, t0); err != nil {
		t.Fatal(err)
	}
	var all []ledger.Hazard
	l.EachHazard(t.Context(), store.HazardFilter{}, func(h *ledger.Hazard) error { all = append(all, *h); return nil })
	return all
}

// randomBounds returns boxes from a few hundred metres to a few degrees
// wide over the wide ledger's area, and one around all of it.
func randomBounds(n int) []orb.Bound {
	rng := rand.New(rand.NewPCG(12, 0))
	bs := []orb.Bound{{Min: orb.Point{99, 23}, Max: orb.Point{109, 33}}}
	for range n {
		w, h := math.Pow(10, rng.Float64()*3-2.5), math.Pow(10, rng.Float64()*3-2.5)
		lon, lat := 100+rng.Float64()*8, 24+rng.Float64()*8
		bs = append(bs, orb.Bound{Min: orb.Point{lon, lat}, Max: orb.Point{lon + w, lat + h}})
	}
	return bs
}

// A bbox lists the hazards in it, whichever areas of the place index it
// spans, as a scan of every hazard does.
func TestBackend_LedgerHazards_bound(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			all := MustWideLedger(t, s, cfg, 3000)
			for i, b := range randomBounds(200) {
				f := store.HazardFilter{Bound: b}
				if got, want := mustAllPages(t, s, f, 1000), bruteFilter(all, f); !slices.Equal(got, want) {
					t.Fatalf("bound %d %v: %d IDs, want %d", i, b, len(got), len(want))
				}
			}
		})
	}
}

// A store whose place index is in the form written before ixPlace is
// turned into the new form when opened, and lists by bbox as before.
func TestStore_migratePlaces(t *testing.T) {
	cfg := MustLedgerConfig(t)
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	all := MustWideLedger(t, s, cfg, 500)
	if err := s.UnmigratePlaces(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = MustOpen(t, dir)
	for i, b := range randomBounds(50) {
		f := store.HazardFilter{Bound: b}
		if got, want := mustAllPages(t, s, f, 1000), bruteFilter(all, f); !slices.Equal(got, want) {
			t.Fatalf("bound %d %v: %d IDs, want %d", i, b, len(got), len(want))
		}
	}
}
