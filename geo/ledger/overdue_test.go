package ledger_test

import (
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
