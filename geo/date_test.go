package geo_test

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""}, {"2018", "2018"}, {"2018-07", "2018-07"}, {"2018-07-01", "2018-07-01"}, {" 2018-7-1 ", "2018-07-01"},
		{"2018/7/1", "2018-07-01"}, {"2018.07.01", "2018-07-01"}, {"2018年7月1日", "2018-07-01"}, {"2018年7月", "2018-07"},
		{"2018年", "2018"}, {"2020-02-29", "2020-02-29"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			d, err := geo.ParseDate("opened_on", tc.in)
			if err != nil || d.String() != tc.want {
				t.Errorf("got %q, %v; want %q", d, err, tc.want)
			}
		})
	}
}

func TestParseDate_errors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"yesterday", `opened_on "yesterday": must be a date, YYYY-MM-DD, YYYY-MM or YYYY`},
		{"18-07-01", `opened_on "18-07-01": must be a date`},
		{"2018-13", `opened_on "2018-13": month 13 does not exist`},
		{"2019-02-29", `opened_on "2019-02-29": 2019-02 has no day 29`},
		{"2018-07-00", `has no day 0`},
		{"1066", `opened_on "1066": year 1066 is before 1800`},
		{"~1990", `must be a date`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := geo.ParseDate("opened_on", tc.in)
			geotest.CheckInvalid(t, err, tc.want)
		})
	}
	_, err := geo.ParseOpenedOn("2999-01-01")
	geotest.CheckInvalid(t, err, `opened_on "2999-01-01": is in the future; today is`)
	if _, err := geo.ParseOpenedOn(geo.Today().String()); err != nil {
		t.Errorf("today: %v", err)
	}
}

func TestDate_Before(t *testing.T) {
	d := func(s string) geo.Date { v, _ := geo.ParseDate("d", s); return v }
	tests := []struct {
		a, b string
		want bool
	}{
		{"2018", "2019-01-01", true}, {"2018", "2018-12-31", false}, {"2018-09", "2018", false},
		{"2018-06-30", "2018-07", true}, {"2018-07-01", "2018-07-01", false}, {"", "2018", false}, {"2018", "", false},
	}
	for _, tc := range tests {
		if got := d(tc.a).Before(d(tc.b)); got != tc.want {
			t.Errorf("%q before %q: %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestRule_Decide(t *testing.T) {
	d := func(s string) geo.Date { v, _ := geo.ParseDate("d", s); return v }
	exempt := geo.Rule{Severity: geo.Prohibited, Effective: d("2019-05-01"), Existing: geo.ExistingExempt}
	inspect := geo.Rule{Severity: geo.Prohibited, Effective: d("2019"), Existing: geo.ExistingInspect}
	prohibit := geo.Rule{Severity: geo.Inspect, Existing: geo.ExistingProhibit}
	plain := geo.Rule{Severity: geo.Inspect, Effective: d("2019")}
	tests := []struct {
		name          string
		rule          geo.Rule
		place, school string
		sev           geo.Severity
		precedes      geo.Precedence
		undated       bool
	}{
		{"BeforeSchool", exempt, "2010", "2015-09-01", geo.Exempt, geo.PrecedesSchool, false},
		{"BeforeRule", exempt, "2018-03", "2001", geo.Exempt, geo.PrecedesRule, false},
		{"SchoolUnknown", exempt, "2018-03", "", geo.Exempt, geo.PrecedesRule, false},
		{"New", exempt, "2020-01-01", "2001", geo.Prohibited, "", false},
		{"SameMonthAsRule", exempt, "2019-05", "2001", geo.Prohibited, "", false},
		{"Undated", exempt, "", "2001", geo.Prohibited, "", true},
		{"Inspect", inspect, "2018-12-31", "2020", geo.Inspect, geo.PrecedesSchool, false},
		{"Prohibit", prohibit, "2010", "2011", geo.Prohibited, geo.PrecedesSchool, false},
		{"NoTreatment", plain, "2010", "2011", geo.Inspect, "", false},
		{"NoTreatmentUndated", plain, "", "2011", geo.Inspect, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sev, pre, und := tc.rule.Decide(d(tc.place), d(tc.school))
			if sev != tc.sev || pre != tc.precedes || und != tc.undated {
				t.Errorf("got %s, %q, %v; want %s, %q, %v", sev, pre, und, tc.sev, tc.precedes, tc.undated)
			}
		})
	}
}

// Audits, checks, sites and reports apply a rule's treatment of places
// that predate the school or the rule, and say which they predate.
func TestIndex_dates(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	d := func(s string) geo.Date { v, _ := geo.ParseDate("d", s); return v }
	school := geo.Feature{ID: "s/1", Kind: geo.School, SchoolKind: geo.Primary, Geometry: geotest.Square(c, 50), OpenedOn: d("2015-09-01")}
	at := func(m float64) orb.Point { return geotest.Offset(c, 90, 50+m) }
	fs := []geo.Feature{school,
		{ID: "b/old", Kind: geo.Business, Category: geo.Category("internet_cafe"), Geometry: at(10), OpenedOn: d("2012")},
		{ID: "b/mid", Kind: geo.Business, Category: geo.Category("internet_cafe"), Geometry: at(20), OpenedOn: d("2018-06")},
		{ID: "b/new", Kind: geo.Business, Category: geo.Category("internet_cafe"), Geometry: at(30), OpenedOn: d("2020-03-15")},
		{ID: "b/none", Kind: geo.Business, Category: geo.Category("internet_cafe"), Geometry: at(40)},
		{ID: "b/bar", Kind: geo.Business, Category: geo.Category("bar"), Geometry: at(50), OpenedOn: d("2016")},
		{ID: "b/hotel", Kind: geo.Business, Category: geo.Category("hotel"), Geometry: at(60)},
	}
	idx := geotest.MustIndex(t, fs)
	pack := geotest.MustRulePack(t, "dates.yaml")
	want := map[string]string{
		"b/old":   "exempt school false",
		"b/mid":   "exempt rule false",
		"b/new":   "prohibited  false",
		"b/none":  "prohibited  true",
		"b/bar":   "inspect rule false",
		"b/hotel": "inspect  false",
	}
	got := map[string]string{}
	for _, h := range idx.Audit(pack, geo.AuditOptions{}) {
		got[h.Feature.ID] = fmt.Sprintf("%s %s %v", h.Severity, h.Precedes, h.Undated)
		if h.Feature.ID == "b/mid" && (h.Feature.OpenedOn.String() != "2018-06" || h.School.OpenedOn.String() != "2015-09-01") {
			t.Errorf("the index kept b/mid opened %q, its school %q", h.Feature.OpenedOn, h.School.OpenedOn)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("audit:\n%v\nwant\n%v", got, want)
	}
	rep, err := idx.SchoolReport("s/1", pack, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range rep.Rings[2].Hazards {
		if w := want[h.Feature.ID]; fmt.Sprintf("%s %s %v", h.Severity, h.Hits[0].Precedes, h.Hits[0].Undated) != w {
			t.Errorf("report %s: %s, want %s", h.Feature.ID, h.Severity, w)
		}
	}
	site, err := idx.Site(geo.Site{Geometry: school.Geometry, SchoolKind: geo.Primary, OpenedOn: d("2030")}, pack, geo.SiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range site.Hits {
		if h.Feature.ID == "b/new" && (h.Severity != geo.Exempt || h.Precedes != geo.PrecedesSchool) {
			t.Errorf("site opening in 2030: b/new %s %s", h.Severity, h.Precedes)
		}
	}
	p := geo.Point{Lat: at(15).Lat(), Lon: at(15).Lon()}
	for _, tc := range []struct {
		opened  string
		verdict geo.Verdict
	}{{"", geo.VerdictProhibited}, {"2010", geo.VerdictAllowed}, {"2021", geo.VerdictProhibited}} {
		res, err := idx.CheckWith(p, geo.Category("internet_cafe"), pack, geo.CheckOptions{OpenedOn: d(tc.opened)})
		if err != nil || res.Verdict != tc.verdict || len(res.Hits) != 1 || res.Hits[0].Undated != (tc.opened == "") {
			t.Errorf("check of a cafe opened %q: %+v, %v; want %s", tc.opened, res, err, tc.verdict)
		}
	}
	_, err = idx.CheckWith(p, geo.Category("internet_cafe"), pack, geo.CheckOptions{OpenedOn: d("2999")})
	geotest.CheckInvalid(t, err, `opened_on "2999": is in the future`)
	_, err = geo.NewIndex([]geo.Feature{{ID: "x", Kind: geo.Business, Category: geo.Category("bar"), Geometry: c, OpenedOn: d("2999-01")}})
	geotest.CheckInvalid(t, err, `feature "x": opened_on "2999-01": is in the future`)
}
