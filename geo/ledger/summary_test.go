package ledger_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/safezone/safezone/geo/ledger"
)

// randomHazard returns a hazard in a random state, as stores keep it.
func randomHazard(rng *rand.Rand, c *ledger.Config) ledger.Hazard {
	h := ledger.Hazard{
		State: ledger.States[rng.IntN(len(ledger.States))], Grade: ledger.Grades[rng.IntN(3)],
		Unit: []string{"市场监管", "交警", "水利"}[rng.IntN(3)], SchoolID: []string{"s/1", "s/2", "s/3", "s/4"}[rng.IntN(4)],
		Source:    ledger.Source{Kind: []ledger.SourceKind{ledger.FromAudit, ledger.FromManual}[rng.IntN(2)]},
		CreatedAt: now.Add(-time.Duration(rng.IntN(60*24)) * time.Hour),
		Vanished:  rng.IntN(4) == 0,
	}
	if h.State != ledger.Found {
		h.Deadline = ledger.DateOf(now).AddDays(rng.IntN(40) - 30)
	}
	if h.State == ledger.Closed {
		h.ClosedAt, h.Vanished = h.CreatedAt.Add(time.Duration(rng.IntN(30*24))*time.Hour), false
	}
	if h.Source.Kind == ledger.FromManual {
		h.Clocks = []ledger.ClockResult{{ID: "report", Met: rng.IntN(2) == 0}}
	}
	return h
}

// The counts kept by CountDelta through random changes summarize to what a
// count of the hazards themselves gives.
func TestConfig_Summarize(t *testing.T) {
	c := MustConfig(t)
	rng := rand.New(rand.NewPCG(42, 0))
	hs := make([]ledger.Hazard, 300)
	counts := map[string]int64{}
	for i := range hs {
		hs[i] = randomHazard(rng, c)
		ledger.AddDelta(counts, nil, &hs[i])
	}
	for range 1000 {
		i := rng.IntN(len(hs))
		h := randomHazard(rng, c)
		ledger.AddDelta(counts, &hs[i], &h)
		hs[i] = h
	}
	got := c.Summarize(counts, now, 2)
	want := bruteSummary(c, hs)
	if got.Total != 300 || got.Open != want.Open || got.Overdue != want.Overdue || got.Vanished != want.Vanished {
		t.Errorf("total %d open %d overdue %d vanished %d; want 300 %d %d %d", got.Total, got.Open, got.Overdue, got.Vanished, want.Open, want.Overdue, want.Vanished)
	}
	if !reflect.DeepEqual(got.ByState, want.ByState) || !reflect.DeepEqual(got.Escalation, want.Escalation) {
		t.Errorf("by state %v escalation %v; want %v %v", got.ByState, got.Escalation, want.ByState, want.Escalation)
	}
	if got.MedianDaysToClose != want.MedianDaysToClose {
		t.Errorf("median days to close %v, want %v", got.MedianDaysToClose, want.MedianDaysToClose)
	}
	if len(got.BySchool) != 2 || got.Schools != 4 || len(got.ByUnit) != 3 || got.BySchool[0].Open < got.BySchool[1].Open {
		t.Errorf("by school %+v (%d schools), by unit %+v", got.BySchool, got.Schools, got.ByUnit)
	}
	if len(got.Clocks) != 3 || got.Clocks[0].Met+got.Clocks[0].Missed != got.BySource[ledger.FromManual] {
		t.Errorf("clocks %+v for %d manual reports", got.Clocks, got.BySource[ledger.FromManual])
	}
}

func bruteSummary(c *ledger.Config, hs []ledger.Hazard) ledger.Summary {
	s := ledger.Summary{ByState: map[ledger.State]int64{}, Escalation: make([]int64, 3), MedianDaysToClose: -1}
	var days []int
	for _, h := range hs {
		s.ByState[h.State]++
		if h.Open() {
			s.Open++
			if h.Vanished {
				s.Vanished++
			}
		}
		if l := c.Level(&h, now); l > 0 {
			s.Overdue++
			s.Escalation[l-1]++
		}
		if h.State == ledger.Closed {
			days = append(days, int(h.ClosedAt.Sub(h.CreatedAt)/(24*time.Hour)))
		}
	}
	slices.Sort(days)
	if n := len(days); n > 0 {
		s.MedianDaysToClose = float64(days[(n-1)/2]+days[n/2]) / 2
	}
	return s
}

func TestCountDelta(t *testing.T) {
	c := MustConfig(t)
	h := MustReport(t, c)
	if d := ledger.CountDelta(&h, &h); len(d) != 0 {
		t.Errorf("no change: delta %v", d)
	}
	h2 := MustMove(t, h, assign, admin)
	d := ledger.CountDelta(&h, &h2)
	if d["state\x1ffound"] != -1 || d["state\x1fassigned"] != 1 || d["deadline\x1f2025-06-20"] != 1 || d["school\x1fschool/1"] != 0 {
		t.Errorf("delta of an assignment: %v", d)
	}
}

func TestSchoolsDelta(t *testing.T) {
	k := ledger.SchoolKeyPrefix + "school/1"
	tests := []struct {
		key      string
		old, new int64
		want     int64
	}{
		{k, 0, 1, 1}, {k, 1, 3, 0}, {k, 2, 0, -1}, {k, 0, 0, 0},
		{ledger.SchoolOpenKeyPrefix + "school/1", 0, 1, 0}, {"state\x1ffound", 0, 5, 0},
	}
	for _, tc := range tests {
		if got := ledger.SchoolsDelta(tc.key, tc.old, tc.new); got != tc.want {
			t.Errorf("SchoolsDelta(%q, %d, %d) = %d, want %d", tc.key, tc.old, tc.new, got, tc.want)
		}
	}
}
