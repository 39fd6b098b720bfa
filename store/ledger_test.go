package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// ledgerConfig is the ledger config of the tests, not data/ledger.yaml.
const ledgerConfig = "../geo/ledger/testdata/ledger.yaml"

// MustLedgerConfig reads the tests' ledger config.
func MustLedgerConfig(tb testing.TB) *ledger.Config {
	tb.Helper()
	c, err := ledger.LoadConfig(ledgerConfig)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// t0 is the tests' clock: 2025-06-10 10:00 in China.
var t0 = time.Date(2025, 6, 10, 10, 0, 0, 0, ledger.China)

var (
	byAdmin     = ledger.Actor{ID: "a1", Role: ledger.RoleAdmin}
	byRegulator = ledger.Actor{ID: "r1", Role: ledger.RoleRegulator}
	bySchool1   = ledger.Actor{ID: "s1", Role: ledger.RoleSchool, SchoolID: "school/1"}
)

// pngBytes is a PNG header: enough for the ledger's type check.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")

// MustReportHazard reports a pond at school.
func MustReportHazard(tb testing.TB, l store.Ledger, cfg *ledger.Config, school string) ledger.Hazard {
	tb.Helper()
	in := ledger.ReportInput{SchoolID: school, SchoolName: "学校 " + school, Point: geo.Point{Lat: 30.001, Lon: 104.002}, Description: "池塘无护栏", Category: "water"}
	h, err := l.ReportHazard(context.Background(), cfg, byAdmin, in, t0)
	if err != nil {
		tb.Fatalf("ReportHazard: %v", err)
	}
	return h
}

// MustAttach attaches a PNG, made different by n, to hazard id.
func MustAttach(tb testing.TB, l store.Ledger, id uint64, n int) ledger.Attachment {
	tb.Helper()
	a, err := ledger.NewAttachment("image/png", fmt.Sprintf("p%d.png", n), append(pngBytes, byte(n)))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := l.AttachToHazard(context.Background(), id, a, append(pngBytes, byte(n)), "现场照片", byRegulator, t0); err != nil {
		tb.Fatalf("AttachToHazard: %v", err)
	}
	return a
}

func TestBackend_LedgerLifecycle(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			h := MustReportHazard(t, s, cfg, "school/1")
			if h.ID != 1 || h.State != ledger.Found || h.Version != 1 || h.Grade != ledger.Major {
				t.Fatalf("reported: %+v", h)
			}
			a := MustAttach(t, s, h.ID, 1)
			moves := []struct {
				in ledger.TransitionInput
				by ledger.Actor
			}{
				{ledger.TransitionInput{To: "assigned", Unit: "镇水利站", Person: "李四", Deadline: "2025-06-20"}, byRegulator},
				{ledger.TransitionInput{To: "rectifying"}, byRegulator},
				{ledger.TransitionInput{To: "verifying", Attachments: []string{a.SHA256}, Comment: "已装护栏"}, byRegulator},
				{ledger.TransitionInput{To: "closed", Version: 5}, byAdmin},
			}
			for _, m := range moves {
				if h, err := s.TransitionHazard(ctx, cfg, 1, m.in, m.by, t0.Add(time.Hour)); err != nil {
					t.Fatalf("to %s: %v", m.in.To, err)
				} else if h.State != ledger.State(m.in.To) {
					t.Fatalf("to %s: state %s", m.in.To, h.State)
				}
			}
			got, err := s.Hazard(ctx, 1, true)
			if err != nil {
				t.Fatal(err)
			}
			var acts []string
			for _, e := range got.History {
				acts = append(acts, fmt.Sprintf("%d %s %s>%s %s", e.Seq, e.Action, e.From, e.To, e.Actor))
			}
			want := []string{"1 report >found a1", "2 attach found>found r1", "3 transition found>assigned r1",
				"4 transition assigned>rectifying r1", "5 transition rectifying>verifying r1", "6 transition verifying>closed a1"}
			if !reflect.DeepEqual(acts, want) {
				t.Errorf("history:\n%q\nwant\n%q", acts, want)
			}
			if got.Unit != "镇水利站" || got.Person != "李四" || got.Deadline.String() != "2025-06-20" || got.Version != 6 ||
				!got.ClosedAt.Equal(t0.Add(time.Hour)) || got.History[4].Attachments[0] != a.SHA256 || got.Last.Seq != 6 {
				t.Errorf("closed hazard: %+v", got)
			}
			files, err := s.HazardAttachments(ctx, 1)
			if err != nil || len(files) != 1 || files[0].SHA256 != a.SHA256 || files[0].AddedBy != "r1" || files[0].Type != ledger.PNG {
				t.Errorf("attachments = %+v, %v", files, err)
			}
			_, data, err := s.HazardAttachment(ctx, 1, a.SHA256)
			if err != nil || string(data) != string(append(pngBytes, 1)) {
				t.Errorf("attachment bytes = %q, %v", data, err)
			}
		})
	}
}

// A refused write changes nothing: not the hazard, its history, its counts
// or the outbox.
func TestBackend_LedgerTransition_errors(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			MustReportHazard(t, s, cfg, "school/1")
			before, _ := s.Hazard(ctx, 1, true)
			sum0, _, _ := s.HazardSummary(ctx, cfg, "", t0, 10)
			tests := []struct {
				name string
				id   uint64
				in   ledger.TransitionInput
				by   ledger.Actor
				want error
				msg  string
			}{
				{"UnknownID", 99, ledger.TransitionInput{To: "assigned"}, byAdmin, geo.ErrNotFound, "hazard 99: not found"},
				{"UnknownState", 1, ledger.TransitionInput{To: "done"}, byAdmin, geo.ErrInvalidInput, `to "done"`},
				{"Illegal", 1, ledger.TransitionInput{To: "closed"}, byAdmin, ledger.ErrConflict, `state "found"`},
				{"NoPerson", 1, ledger.TransitionInput{To: "assigned", Unit: "u", Deadline: "2025-07-01"}, byAdmin, geo.ErrInvalidInput, `person ""`},
				{"PastDeadline", 1, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-06-01"}, byAdmin, geo.ErrInvalidInput, `deadline "2025-06-01"`},
				{"Role", 1, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-07-01"}, bySchool1, ledger.ErrForbidden, `role "school"`},
				{"Stale", 1, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-07-01", Version: 9}, byAdmin, ledger.ErrConflict, "version 9"},
			}
			for _, tc := range tests {
				_, err := s.TransitionHazard(ctx, cfg, tc.id, tc.in, tc.by, t0)
				if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("%s: err = %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
				}
			}
			_, err := s.AttachToHazard(ctx, 99, ledger.Attachment{SHA256: strings.Repeat("0", 64)}, pngBytes, "", byAdmin, t0)
			if !errors.Is(err, geo.ErrNotFound) {
				t.Errorf("attach to hazard 99: %v", err)
			}
			after, _ := s.Hazard(ctx, 1, true)
			sum1, _, _ := s.HazardSummary(ctx, cfg, "", t0, 10)
			evs, _ := s.ClaimOutbox(ctx, t0.Add(time.Hour), time.Minute, 100)
			if !reflect.DeepEqual(before, after) || !reflect.DeepEqual(sum0, sum1) || len(evs) != 1 {
				t.Errorf("refused writes changed the ledger:\n%+v\n%+v\n%d events", before, after, len(evs))
			}
		})
	}
}

// Transitions racing on one hazard with the version they read: one wins,
// the others get ErrConflict, and the history has one entry more.
func TestBackend_LedgerRace(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			h := MustReportHazard(t, s, cfg, "school/1")
			const n = 8
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Go(func() {
					in := ledger.TransitionInput{To: "assigned", Unit: fmt.Sprintf("单位%d", i), Person: "p", Deadline: "2025-07-01", Version: h.Version}
					_, errs[i] = s.TransitionHazard(ctx, cfg, h.ID, in, byAdmin, t0)
				})
			}
			wg.Wait()
			wins := 0
			for _, err := range errs {
				switch {
				case err == nil:
					wins++
				case !errors.Is(err, ledger.ErrConflict):
					t.Errorf("loser: %v, want ErrConflict", err)
				}
			}
			got, _ := s.Hazard(ctx, h.ID, true)
			if wins != 1 || got.Version != 2 || len(got.History) != 2 {
				t.Errorf("%d wins, version %d, %d entries; want 1, 2, 2", wins, got.Version, len(got.History))
			}
		})
	}
}
