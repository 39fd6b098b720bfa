package ledger_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/geo/ledger"
)

func TestOverdue(t *testing.T) {
	c := MustConfig(t)
	h := MustMove(t, MustReport(t, c), assign, admin) // deadline 2025-06-20
	end := time.Date(2025, 6, 21, 0, 0, 0, 0, ledger.China)
	tests := []struct {
		name    string
		state   ledger.State
		at      time.Time
		overdue bool
		level   int
		days    int
	}{
		{"LastMinute", ledger.Assigned, end.Add(-time.Nanosecond), false, 0, 0},
		{"AtEnd", ledger.Assigned, end, true, 1, 0},
		{"UTC", ledger.Rectifying, time.Date(2025, 6, 20, 16, 0, 0, 0, time.UTC), true, 1, 0},
		{"SixDays", ledger.Rectifying, end.Add(6*24*time.Hour + time.Hour), true, 1, 6},
		{"OnePeriod", ledger.Rectifying, end.Add(7 * 24 * time.Hour), true, 2, 7},
		{"TopLevel", ledger.Assigned, end.Add(100 * 24 * time.Hour), true, 3, 100},
		{"Verifying", ledger.Verifying, end.Add(30 * 24 * time.Hour), false, 0, 0},
		{"Closed", ledger.Closed, end.Add(30 * 24 * time.Hour), false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := h
			h.State = tc.state
			if got := ledger.Overdue(&h, tc.at); got != tc.overdue {
				t.Errorf("Overdue = %v", got)
			}
			if got := c.Level(&h, tc.at); got != tc.level {
				t.Errorf("Level = %d, want %d", got, tc.level)
			}
			if got := ledger.DaysOverdue(&h, tc.at); got != tc.days {
				t.Errorf("DaysOverdue = %d, want %d", got, tc.days)
			}
		})
	}
}

func TestConfig_NextAlert(t *testing.T) {
	c := MustConfig(t)
	h := MustMove(t, MustReport(t, c), assign, admin)
	end := time.Date(2025, 6, 21, 0, 0, 0, 0, ledger.China)
	for level, want := range []time.Time{end, end.AddDate(0, 0, 7), end.AddDate(0, 0, 14)} {
		h.AlertLevel = level
		at, ok := c.NextAlert(&h)
		if !ok || !at.Equal(want) {
			t.Errorf("AlertLevel %d: NextAlert = %v, %v; want %v", level, at, ok, want)
		}
		if got := c.EscalationLevel(h.Deadline, at); got != level+1 {
			t.Errorf("at NextAlert the level is %d, want %d", got, level+1)
		}
	}
	h.AlertLevel = 3
	if _, ok := c.NextAlert(&h); ok {
		t.Error("NextAlert after the top level: ok")
	}
	h.AlertLevel, h.State = 0, ledger.Verifying
	if _, ok := c.NextAlert(&h); ok {
		t.Error("NextAlert in verifying: ok")
	}
}

func TestConfig_Escalate(t *testing.T) {
	c := MustConfig(t)
	h := MustMove(t, MustReport(t, c), assign, admin) // deadline 2025-06-20
	end := time.Date(2025, 6, 21, 0, 0, 0, 0, ledger.China)
	tests := []struct {
		name       string
		announced  int // AlertLevel before
		at         time.Time
		want       int // the level escalated to; 0 for none
		days       int
		notOverdue bool
	}{
		{"NotYet", 0, end.Add(-time.Second), 0, 0, true},
		{"First", 0, end, 1, 0, false},
		{"FirstAnnounced", 1, end.Add(time.Hour), 0, 0, false},
		{"Second", 1, end.AddDate(0, 0, 8), 2, 8, false},
		{"SkipsToTop", 0, end.AddDate(0, 0, 100), 3, 100, false},
		{"TopAnnounced", 3, end.AddDate(0, 0, 200), 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := h
			before.AlertLevel = tc.announced
			got, e, ok := c.Escalate(before, tc.at)
			if !ok {
				if tc.want != 0 || got.Version != before.Version || got.AlertLevel != tc.announced {
					t.Errorf("Escalate = %+v, not ok; want level %d", got, tc.want)
				}
				return
			}
			name := c.LevelName(tc.want)
			if tc.want == 0 || got.AlertLevel != tc.want || e.Level != tc.want || name == "" || got.State != before.State ||
				e.Action != ledger.ActEscalate || e.Actor != "system" || e.Role != ledger.RoleSystem || e.Deadline != h.Deadline ||
				e.Seq != before.Version+1 || got.Version != e.Seq || got.Last.Action != ledger.ActEscalate || !e.Time.Equal(tc.at) ||
				!strings.Contains(e.Comment, name) || !strings.Contains(e.Comment, h.Deadline.String()) || !strings.Contains(e.Comment, fmt.Sprintf("逾期 %d 天", tc.days)) {
				t.Errorf("Escalate to %d: hazard level %d version %d, entry %+v", tc.want, got.AlertLevel, got.Version, e)
			}
		})
	}
	if c.LevelName(0) != "" || c.LevelName(4) != "" {
		t.Error("LevelName out of range is not empty")
	}
}
