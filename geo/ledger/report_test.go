package ledger_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

func TestConfig_Report(t *testing.T) {
	c := MustConfig(t)
	base := ledger.ReportInput{SchoolID: "school/1", Point: geo.Point{Lat: 30, Lon: 104}, Description: " 护栏断了 "}
	h, e, err := c.Report(base, school1, now)
	if err != nil {
		t.Fatal(err)
	}
	if h.State != ledger.Found || h.Grade != ledger.General || h.Unit != "教育部门" || h.Source.Description != "护栏断了" ||
		e.Action != ledger.ActReport || e.Seq != 1 || e.Actor != "s1" || e.Role != ledger.RoleSchool {
		t.Errorf("Report = %+v, %+v", h, e)
	}
	if len(h.Clocks) != 1 || h.Clocks[0].ID != "report" || !h.Clocks[0].Met {
		t.Errorf("clocks of a general report made at once: %+v", h.Clocks)
	}
}

// 安阳's clocks: a major event is phoned in within 20 minutes and written
// up within 40, a general one reported within the hour.
func TestConfig_Report_clocks(t *testing.T) {
	c := MustConfig(t)
	at := func(min int) string { return now.Add(time.Duration(min) * time.Minute).Format(time.RFC3339) }
	tests := []struct {
		name, grade, observed, phoned string
		want                          map[string]bool
	}{
		{"GeneralInTime", "general", at(-59), "", map[string]bool{"report": true}},
		{"GeneralLate", "general", at(-61), "", map[string]bool{"report": false}},
		{"MajorPhonedWrittenLate", "major", at(-50), at(-35), map[string]bool{"first_report": true, "written_report": false}},
		{"MajorPhonedLate", "serious", at(-30), at(-5), map[string]bool{"first_report": false, "written_report": true}},
		{"MajorNoPhoneWritten", "major", at(-15), "", map[string]bool{"first_report": true, "written_report": true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ledger.ReportInput{SchoolID: "school/1", Description: "x", Grade: tc.grade, ObservedAt: tc.observed, PhonedAt: tc.phoned}
			h, _, err := c.Report(in, admin, now)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, r := range h.Clocks {
				got[r.ID] = r.Met
			}
			if len(got) != len(tc.want) {
				t.Fatalf("clocks %+v, want %v", h.Clocks, tc.want)
			}
			for id, met := range tc.want {
				if got[id] != met {
					t.Errorf("%s met = %v, want %v", id, got[id], met)
				}
			}
		})
	}
}

func TestConfig_Report_errors(t *testing.T) {
	c := MustConfig(t)
	ok := ledger.ReportInput{SchoolID: "school/1", Point: geo.Point{Lat: 30, Lon: 104}, Description: "x"}
	with := func(f func(*ledger.ReportInput)) ledger.ReportInput { in := ok; f(&in); return in }
	tests := []struct {
		name string
		in   ledger.ReportInput
		by   ledger.Actor
		want error
		msg  string
	}{
		{"OtherSchool", ok, school2, ledger.ErrForbidden, `school "school/2"`},
		{"NoDescription", with(func(in *ledger.ReportInput) { in.Description = " " }), admin, geo.ErrInvalidInput, `description " ": must not be empty`},
		{"LongDescription", with(func(in *ledger.ReportInput) { in.Description = strings.Repeat("x", 2001) }), admin, geo.ErrInvalidInput, "description: 2001 characters"},
		{"BadLat", with(func(in *ledger.ReportInput) { in.Point.Lat = 91 }), admin, geo.ErrInvalidInput, `lat "91"`},
		{"BadCategory", with(func(in *ledger.ReportInput) { in.Category = "casino" }), admin, geo.ErrInvalidInput, `category "casino": must be empty or one of internet_cafe`},
		{"BadGrade", with(func(in *ledger.ReportInput) { in.Grade = "1" }), admin, geo.ErrInvalidInput, `grade "1"`},
		{"BadTime", with(func(in *ledger.ReportInput) { in.ObservedAt = "yesterday" }), admin, geo.ErrInvalidInput, `observed_at "yesterday": must be a time`},
		{"Future", with(func(in *ledger.ReportInput) { in.ObservedAt = now.Add(time.Hour).Format(time.RFC3339) }), admin, geo.ErrInvalidInput, "observed_at"},
		{"PhonedBeforeSeen", with(func(in *ledger.ReportInput) {
			in.ObservedAt, in.PhonedAt = now.Add(-time.Hour).Format(time.RFC3339), now.Add(-2*time.Hour).Format(time.RFC3339)
		}), admin, geo.ErrInvalidInput, "phoned_at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.Report(tc.in, tc.by, now)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want %v containing %q", err, tc.want, tc.msg)
			}
		})
	}
}
