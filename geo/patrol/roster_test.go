package patrol_test

import (
	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/patrol"

	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
)

func TestParseClock(t *testing.T) {
	for s, want := range map[string]patrol.Clock{"00:00": 0, "7:05": 425, "07:05": 425, "23:59": 1439, " 12:30 ": 750} {
		if got, err := patrol.ParseClock(s); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "24:00", "12:60", "7:5", "123:00", "-1:00", "+7:30", "07:+5", "0730", "7h30"} {
		if _, err := patrol.ParseClock(s); !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
			t.Errorf("ParseClock(%q): err = %v, want ErrInvalidInput quoting it", s, err)
		}
	}
	if s := patrol.Clock(425).String(); s != "07:05" {
		t.Errorf("Clock(425) = %q, want 07:05", s)
	}
}

func TestParseBells_errors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ErrSyntax", `{"kinds":`, "bells b.json"},
		{"ErrUnknownKey", `{"kind":{}}`, `unknown field "kind"`},
		{"ErrKind", `{"kinds":{"college":["08:00"]}}`, `kinds "college"`},
		{"ErrTime", `{"kinds":{"primary":["08:00","25:00"]}}`, `kinds.primary[1] "25:00"`},
		{"ErrSchoolTime", `{"schools":{"way/1":["noon"]}}`, `schools["way/1"][0] "noon"`},
		{"ErrSchoolID", `{"schools":{"":["08:00"]}}`, `schools ""`},
		{"ErrMargin", `{"margin_minutes":500}`, `margin_minutes "500"`},
		{"ErrTwoValues", `{} {}`, "more than one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := patrol.ParseBells([]byte(tc.in), "b.json")
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrInvalidInput containing %q", err, tc.want)
			}
		})
	}
}

// TestPlan_roster plans two posts for three schools: a
// primary school and a kindergarten east, a secondary school west, and
// checks who is staffed when.
func TestPlan_roster(t *testing.T) {
	east, west := geotest.Offset(patrolCentre, 90, 2000), geotest.Offset(patrolCentre, 270, 2000)
	fs := []geo.Feature{
		{ID: "p1", Kind: geo.School, SchoolKind: geo.Primary, Geometry: geotest.Offset(east, 0, 100)},
		{ID: "k1", Kind: geo.School, SchoolKind: geo.Kindergarten, Geometry: geotest.Offset(east, 180, 150)},
		{ID: "s1", Kind: geo.School, SchoolKind: geo.Secondary, Geometry: geotest.Offset(west, 0, 50)},
		{ID: "g1", Kind: geo.School, SchoolKind: geo.GeneralSchool, Geometry: geotest.Offset(west, 180, 50)},
	}
	bells, err := patrol.ParseBells([]byte(`{"margin_minutes": 15,
		"kinds": {"primary": ["07:50", "11:40", "14:00", "16:10"], "kindergarten": ["08:20", "16:30"],
		          "secondary": ["07:20", "12:00", "17:40"]},
		"schools": {"s1": ["07:10", "17:50"]}}`), "bells.json")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := patrol.Plan(geotest.MustIndex(t, fs), patrol.Options{Posts: 2, RadiusMeters: 200, Bells: bells,
		Candidates: []patrol.Site{patrolPoint("east", east), patrolPoint("west", west)}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plan.Roster.Peaks {
		for _, d := range p.Duties {
			for _, s := range d.Shifts {
				got = append(got, fmt.Sprintf("%s %s %s-%s %s", p.Peak, d.Post, s.From, s.To, strings.Join(s.Schools, ",")))
			}
		}
	}
	want := []string{
		// 07:35-08:05 (p1) and 08:05-08:35 (k1) touch: one shift.
		"morning east 07:35-08:35 k1,p1",
		"morning west 06:55-07:25 s1", // s1's own times replace secondary's
		"noon east 11:25-11:55 p1",
		"noon east 13:45-14:15 p1",
		"afternoon east 15:55-16:45 k1,p1",
		"afternoon west 17:35-18:05 s1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("roster:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := plan.Roster.Peaks[0]; p.From != 6*60+55 || p.To != 8*60+35 {
		t.Errorf("morning peak %s-%s, want 06:55-08:35", p.From, p.To)
	}
	if nb := plan.Roster.NoBells; len(nb) != 1 || nb[0] != "g1" {
		t.Errorf("no bells: %v, want [g1]", nb)
	}
}

// TestPlan_assigned checks that a school two posts cover is
// staffed by the nearer, and an existing post wins a tie.
func TestPlan_assigned(t *testing.T) {
	school := geotest.Offset(patrolCentre, 0, 0)
	fs := []geo.Feature{
		{ID: "s", Kind: geo.School, Geometry: school},
		{ID: "far", Kind: geo.School, Geometry: geotest.Offset(patrolCentre, 90, 400)},
		{ID: "police", Kind: geo.Business, Category: geo.Police, Geometry: geotest.Offset(patrolCentre, 270, 100)},
	}
	plan, err := patrol.Plan(geotest.MustIndex(t, fs), patrol.Options{Posts: 1, RadiusMeters: 250,
		Candidates: []patrol.Site{patrolPoint("c", geotest.Offset(patrolCentre, 90, 200))}})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Existing) != 1 || len(plan.Posts) != 1 {
		t.Fatalf("existing %v, posts %v", plan.Existing, plan.Posts)
	}
	assigned := map[string]string{}
	for _, p := range append(plan.Existing, plan.Posts...) {
		for _, c := range p.Covers {
			if c.Assigned {
				assigned[c.School] = p.ID
			}
		}
	}
	if assigned["s"] != "police" || assigned["far"] != "c" {
		t.Errorf("assigned %v, want s to police (100 m, not 200 m) and far to c", assigned)
	}
}
