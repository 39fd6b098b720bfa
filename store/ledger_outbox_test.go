package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// Each report, transition and sync queues one event, with a key of its
// own; a claimed event is hidden for the lease, and comes back after a
// failed delivery when its retry is due.
func TestBackend_LedgerOutbox(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			h := MustReportHazard(t, s, cfg, "school/1")
			in := ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-06-12"}
			if _, err := s.TransitionHazard(ctx, cfg, h.ID, in, byAdmin, t0); err != nil {
				t.Fatal(err)
			}
			s.SyncHazards(ctx, cfg, byAdmin, "p", findings("p", 1), nil, t0)
			evs, err := s.ClaimOutbox(ctx, t0, time.Minute, 2)
			if err != nil || len(evs) != 2 {
				t.Fatalf("ClaimOutbox = %d events, %v", len(evs), err)
			}
			got := fmt.Sprintf("%s %s %d %s; %s %s %s %d", evs[0].Type, evs[0].Key, evs[0].Hazard.ID, evs[0].Entry.Action,
				evs[1].Type, evs[1].Key, evs[1].Hazard.State, evs[1].Entry.Seq)
			if want := "hazard.reported hazard-1-entry-1 1 report; hazard.transition hazard-1-entry-2 assigned 2"; got != want {
				t.Errorf("events: %s\nwant    %s", got, want)
			}
			rest, _ := s.ClaimOutbox(ctx, t0, time.Minute, 10)
			if len(rest) != 1 || rest[0].Type != store.EventSynced || rest[0].Sync != (store.SyncResult{New: 1, Total: 1}) || rest[0].Pack != "p" {
				t.Fatalf("third event: %+v", rest)
			}
			if again, _ := s.ClaimOutbox(ctx, t0.Add(30*time.Second), time.Minute, 10); len(again) != 0 {
				t.Errorf("claimed again within the lease: %d", len(again))
			}
			if err := s.AckOutbox(ctx, evs[0].Seq); err != nil {
				t.Fatal(err)
			}
			if err := s.RetryOutbox(ctx, evs[1].Seq, t0.Add(10*time.Second), "status 500"); err != nil {
				t.Fatal(err)
			}
			due, _ := s.ClaimOutbox(ctx, t0.Add(20*time.Second), time.Minute, 10)
			if len(due) != 1 || due[0].Seq != evs[1].Seq || due[0].Attempts != 1 || due[0].LastError != "status 500" || due[0].Key != evs[1].Key {
				t.Errorf("after a retry: %+v", due)
			}
			if err := s.RetryOutbox(ctx, 999, t0, ""); !errors.Is(err, geo.ErrNotFound) {
				t.Errorf("RetryOutbox(999) = %v", err)
			}
		})
	}
}

// An overdue hazard is announced once per escalation level, when the
// level is reached; one that is rectified in time never is.
func TestBackend_LedgerAnnounceOverdue(t *testing.T) {
	cfg := MustLedgerConfig(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			for i := range 2 {
				h := MustReportHazard(t, s, cfg, "school/1")
				in := ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-06-12"}
				s.TransitionHazard(ctx, cfg, h.ID, in, byAdmin, t0)
				if i == 1 {
					a := MustAttach(t, s, h.ID, 1)
					s.TransitionHazard(ctx, cfg, h.ID, ledger.TransitionInput{To: "rectifying"}, byAdmin, t0)
					s.TransitionHazard(ctx, cfg, h.ID, ledger.TransitionInput{To: "verifying", Attachments: []string{a.SHA256}}, byAdmin, t0)
				}
			}
			drain(t, s)
			end := time.Date(2025, 6, 13, 0, 0, 0, 0, ledger.China)
			steps := []struct {
				at    time.Time
				n     int
				level int
			}{
				{end.Add(-time.Second), 0, 0}, {end, 1, 1}, {end.Add(time.Hour), 0, 1},
				{end.AddDate(0, 0, 7), 1, 2}, {end.AddDate(0, 0, 30), 1, 3}, {end.AddDate(0, 0, 60), 0, 3},
			}
			for _, st := range steps {
				n, err := s.AnnounceOverdue(ctx, cfg, st.at)
				if err != nil || n != st.n {
					t.Fatalf("at %v: %d announced, %v; want %d", st.at, n, err, st.n)
				}
				h, _ := s.Hazard(ctx, 1, false)
				if h.AlertLevel != st.level {
					t.Errorf("at %v: level %d, want %d", st.at, h.AlertLevel, st.level)
				}
			}
			// Each new level is a history entry by the system, after the assignment.
			h, err := s.Hazard(ctx, 1, true)
			var escalations []string
			for _, e := range h.History {
				if e.Action == ledger.ActEscalate {
					escalations = append(escalations, fmt.Sprintf("%d %s %s %d %s %s %v", e.Seq, e.Actor, e.Role, e.Level, e.Deadline, e.To, e.Time.Equal(end) || e.Time.After(end)))
				}
			}
			wantEsc := []string{"3 system system 1 2025-06-12 assigned true", "4 system system 2 2025-06-12 assigned true", "5 system system 3 2025-06-12 assigned true"}
			if err != nil || !reflect.DeepEqual(escalations, wantEsc) || h.Version != 5 || h.Last.Action != ledger.ActEscalate {
				t.Errorf("escalation entries %q (version %d, %v), want %q", escalations, h.Version, err, wantEsc)
			}
			if h, _ := s.Hazard(ctx, 2, true); h.Version != 5 {
				t.Errorf("hazard 2, verifying before its deadline: version %d, want 5 (no escalation)", h.Version)
			}
			evs, _ := s.ClaimOutbox(ctx, end.AddDate(1, 0, 0), time.Minute, 10)
			var types []string
			for _, ev := range evs {
				types = append(types, fmt.Sprintf("%s %d %s", ev.Type, ev.Level, ev.Key))
			}
			want := []string{"hazard.overdue 1 hazard-1-deadline-2025-06-12-level-1", "hazard.escalated 2 hazard-1-deadline-2025-06-12-level-2",
				"hazard.escalated 3 hazard-1-deadline-2025-06-12-level-3"}
			if !reflect.DeepEqual(types, want) {
				t.Errorf("events %q, want %q", types, want)
			}
		})
	}
}

// drain acknowledges every event in the outbox.
func drain(t *testing.T, s store.Ledger) {
	evs, err := s.ClaimOutbox(t.Context(), t0.AddDate(10, 0, 0), time.Minute, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		s.AckOutbox(t.Context(), ev.Seq)
	}
}
