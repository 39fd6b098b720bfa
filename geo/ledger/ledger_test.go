package ledger_test

import (
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

// MustConfig returns the test config, testdata/ledger.yaml.
func MustConfig(tb testing.TB) *ledger.Config {
	tb.Helper()
	c, err := ledger.LoadConfig("testdata/ledger.yaml")
	if err != nil {
		tb.Fatalf("LoadConfig: %v", err)
	}
	return c
}

// now is the tests' clock: 2025-06-10 10:00 in China.
var now = time.Date(2025, 6, 10, 10, 0, 0, 0, ledger.China)

var (
	admin     = ledger.Actor{ID: "a1", Role: ledger.RoleAdmin}
	regulator = ledger.Actor{ID: "r1", Role: ledger.RoleRegulator}
	police    = ledger.Actor{ID: "p1", Role: ledger.RolePolice}
	school1   = ledger.Actor{ID: "s1", Role: ledger.RoleSchool, SchoolID: "school/1"}
	school2   = ledger.Actor{ID: "s2", Role: ledger.RoleSchool, SchoolID: "school/2"}
)

// MustReport returns a hazard reported at school/1 by admin at now.
func MustReport(tb testing.TB, c *ledger.Config) ledger.Hazard {
	tb.Helper()
	h, _, err := c.Report(ledger.ReportInput{
		SchoolID: "school/1", SchoolName: "第1小学", Point: geo.Point{Lat: 30, Lon: 104},
		Description: "校门口池塘无护栏", Category: "water",
	}, admin, now)
	if err != nil {
		tb.Fatalf("Report: %v", err)
	}
	h.ID = 7
	return h
}

// MustMove makes the transition and fails the test on an error.
func MustMove(tb testing.TB, h ledger.Hazard, in ledger.TransitionInput, by ledger.Actor) ledger.Hazard {
	tb.Helper()
	h2, _, err := ledger.Transition(h, in, by, now, func(string) bool { return true })
	if err != nil {
		tb.Fatalf("Transition %s -> %s by %s: %v", h.State, in.To, by.Role, err)
	}
	return h2
}

// assign is a valid assignment at now.
var assign = ledger.TransitionInput{To: "assigned", Unit: "水利局", Person: "张三", Deadline: "2025-06-20"}

const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
