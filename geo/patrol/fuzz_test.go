package patrol_test

import (
	"github.com/safezone/safezone/geo/patrol"

	"math"
	"strings"
	"testing"
)

// FuzzReadSites checks that no input panics and that every point
// accepted is valid, with a unique, non-empty ID.
func FuzzReadSites(f *testing.F) {
	for _, s := range []string{
		`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[104,30]}}]}`,
		`{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[104,30,5]}}` + "\n" +
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[1e308,-1e308]}}`,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[]}}`,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[[1,2]]}}`,
		`{"type":"FeatureCollection","features":null}`, `null`, `[]`, `{`, ``,
		`{"type":"Feature","id":{"a":1},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pts, err := patrol.ReadSites(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, p := range pts {
			if p.ID == "" || seen[p.ID] || p.Point.Validate() != nil {
				t.Fatalf("accepted %+v from %q", p, s)
			}
			seen[p.ID] = true
		}
	})
}

// FuzzParseBells checks that no input panics and that accepted bells have
// times of day and a margin in range.
func FuzzParseBells(f *testing.F) {
	for _, s := range []string{
		`{"margin_minutes":20,"kinds":{"primary":["07:50","16:10"]},"schools":{"way/1":["7:30"]}}`,
		`{"kinds":{"primary":["24:00"]}}`, `{"margin_minutes":-1}`, `{"schools":{"":[]}}`, `{}`, `null`, `{`,
		`{"kinds":{"primary":["-0:05"]}}`, `{"kinds":{"school":["00:00","23:59","23:59"]}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := patrol.ParseBells([]byte(s), "fuzz")
		if err != nil {
			return
		}
		if b.MarginMinutes < 0 || b.MarginMinutes > 120 {
			t.Fatalf("margin %d from %q", b.MarginMinutes, s)
		}
		check := func(ts []patrol.Clock) {
			for i, c := range ts {
				if c < 0 || c >= 24*60 || (i > 0 && c <= ts[i-1]) {
					t.Fatalf("times %v from %q: want sorted, unique times of day", ts, s)
				}
			}
		}
		for _, ts := range b.Kinds {
			check(ts)
		}
		for _, ts := range b.Schools {
			check(ts)
		}
	})
}

// FuzzReadEnrolmentCSV checks that no input panics and that every count
// accepted is a finite number above 0 for a non-empty school ID.
func FuzzReadEnrolmentCSV(f *testing.F) {
	for _, s := range []string{
		"school,pupils\nway/1,1200\nnode/2,85.5\n", "\ufeffSchool,Pupils\n\"a,b\",3\n", "school,pupils\nx,1e400\n",
		"school,pupils\nx,-0\n", "school,pupils\n\"x\n", "pupils,school\n", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := patrol.ReadEnrolmentCSV(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		for id, v := range m {
			if id == "" || !(v > 0) || math.IsInf(v, 0) {
				t.Fatalf("accepted %q: %v from %q", id, v, s)
			}
		}
	})
}
