package ledger_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/catalogue"
	"github.com/safezone/safezone/geo/ledger"
)

func TestConfig(t *testing.T) {
	c := MustConfig(t)
	tests := []struct {
		category string
		sev      geo.Severity
		unit     string
		grade    ledger.Grade
	}{
		{"internet_cafe", geo.Inspect, catalogueLead(t, "internet_cafe"), ledger.General},
		{"internet_cafe", geo.Prohibited, catalogueLead(t, "internet_cafe"), ledger.Major},
		{"street_stall", geo.Inspect, "市场监管部门", ledger.General}, // overridden
		{"water", geo.Inspect, "水利、应急管理部门", ledger.Major},
		{"", "", "教育部门", ledger.General},
		{"unknown", "", "教育部门", ledger.General},
	}
	for _, tc := range tests {
		if u, g := c.LeadUnit(tc.category), c.DefaultGrade(tc.category, tc.sev); u != tc.unit || g != tc.grade {
			t.Errorf("%q %q: unit %q grade %s, want %q %s", tc.category, tc.sev, u, g, tc.unit, tc.grade)
		}
	}
	if d := c.DeadlineDays(ledger.Serious); d != 7 {
		t.Errorf("DeadlineDays(serious) = %d", d)
	}
	if b := c.DefaultUnit.Basis; b.Source != "doc-1" || b.Clause != "教育部门牵头。" || b.Assumed != "" {
		t.Errorf("default unit basis = %+v", b)
	}
	// A lead unit is the catalogue's, or an override that says why.
	for _, k := range c.Categories {
		want := catalogueLead(t, k.ID)
		if b := k.LeadUnit.Basis; k.ID == "street_stall" && (b.Override != "test" || b.Catalogue || k.LeadUnit.Value == want) ||
			k.ID != "street_stall" && (!b.Catalogue || b.Override != "" || k.LeadUnit.Value != want) {
			t.Errorf("category %s: lead unit %+v; the catalogue's is %q", k.ID, k.LeadUnit, want)
		}
	}
}

// catalogueLead returns the lead unit the catalogue gives category id.
func catalogueLead(tb testing.TB, id string) string {
	tb.Helper()
	for _, k := range catalogue.Default().Categories {
		if k.ID == id {
			return k.Lead.ZH
		}
	}
	tb.Fatalf("no category %q in the catalogue", id)
	return ""
}

// A category of the catalogue takes its lead unit from there; one only the
// ledger has must give its own; an override must say why and differ.
func TestParseConfig_leadUnits(t *testing.T) {
	base, err := os.ReadFile("testdata/ledger.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := string(base)
	road := "  - {id: road, label: 道路, lead_unit: {value: 交通运输部门, assumed: test}, grade: {value: general, assumed: test}}\n"
	c, err := ledger.ParseConfig("x.yaml", []byte(strings.Replace(good, "escalation:", road+"escalation:", 1)))
	if err != nil || c.LeadUnit("road") != "交通运输部门" {
		t.Fatalf("a category only the ledger has, with its unit: %v", err)
	}
	lead := catalogueLead(t, "bar")
	tests := []struct{ name, old, new, msg string }{
		{"NoUnit", "escalation:", "  - {id: road, label: 道路, grade: {value: general, assumed: test}}\nescalation:",
			`categories[25] (road).lead_unit: required: data/catalogue.yaml has no category "road" to take the lead unit (牵头单位) from`},
		{"OverrideWithoutReason", "{id: bar, label: 酒吧,", "{id: bar, label: 酒吧, lead_unit: {value: 城管, assumed: test},",
			`categories[5] (bar).lead_unit "城管": data/catalogue.yaml gives "` + lead + `"; leave lead_unit out, or say in override why`},
		{"OverrideSame", "{id: bar, label: 酒吧,", "{id: bar, label: 酒吧, lead_unit: {value: " + lead + ", assumed: test}, override: why,",
			`categories[5] (bar).lead_unit "` + lead + `": the same as data/catalogue.yaml's: leave it out`},
		{"ReasonWithoutUnit", "{id: bar, label: 酒吧,", "{id: bar, label: 酒吧, override: why,", `categories[5] (bar).override: needs a lead_unit`},
		{"OverrideUnsourced", "override: test,", "override: test, x: 1,", `field x not found`},
		{"OverrideOfNoCatalogue", "escalation:", strings.Replace(road, "grade:", "override: why, grade:", 1) + "escalation:", `categories[25] (road).override: only for a category of data/catalogue.yaml`},
		{"OverrideNoBasis", "lead_unit: {value: 市场监管部门, assumed: test}", "lead_unit: {value: 市场监管部门}", `categories[7] (street_stall).lead_unit: needs a source and clause, or assumed`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.old) {
				t.Fatalf("fixture has no %q", tc.old)
			}
			_, err := ledger.ParseConfig("x.yaml", []byte(strings.Replace(good, tc.old, tc.new, 1)))
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

func TestParseConfig_errors(t *testing.T) {
	base, err := os.ReadFile("testdata/ledger.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := string(base)
	tests := []struct {
		name, old, new, msg string
	}{
		{"Empty", good, "", "x.yaml: empty"},
		{"UnknownKey", "escalation:", "escalate: 1\nescalation:", "field escalate not found"},
		{"NoBasis", "{value: 30, assumed: test}", "{value: 30}", "grades.general.deadline_days: needs a source and clause, or assumed"},
		{"BothBases", "{value: 30, assumed: test}", "{value: 30, assumed: test, source: doc-1, clause: x}", "not both"},
		{"UnknownSource", "source: doc-1", "source: doc-9", `default_unit.source "doc-9": not a key of documents`},
		{"NoClause", "source: doc-1, clause: 教育部门牵头。", "source: doc-1", "default_unit.clause: the source's words are required"},
		{"MissingGrade", "  serious: {deadline_days: {value: 7, assumed: test}}\n", "", "grades.serious: missing"},
		{"BadDays", "{value: 30, assumed: test}", "{value: 0, assumed: test}", "grades.general.deadline_days 0"},
		{"BadGrade", "{value: major, assumed: test}", "{value: high, assumed: test}", `severity.prohibited.value "high"`},
		{"MissingCategory", "  - {id: water, label: 水域, grade:", "  - {id: lake, label: 湖, lead_unit: {value: 水利部门, assumed: test}, grade:", `geo category "water" has no entry`},
		{"DuplicateCategory", "id: bar,", "id: tobacco,", `categories[6].id "tobacco"`},
		{"NoLevels", "[逾期提醒, 逐级督办, 挂牌督办]", "[]", "escalation.levels: must name 1 to 10 levels"},
		{"BadPeriod", "period_days: {value: 7", "period_days: {value: -1", "escalation.period_days -1"},
		{"BadEnds", "ends: recorded}", "ends: never}", `clocks[0] (report).ends "never"`},
		{"BadSource", "sources: {value: [manual], assumed: test}, minutes: {value: 60", "sources: {value: [phone], assumed: test}, minutes: {value: 60", `clocks[0] (report).sources.value "phone"`},
		{"BadMinutes", "{value: 60, assumed: test}", "{value: 0, assumed: test}", "clocks[0] (report).minutes 0"},
		{"NoGrades", "grades: [general]", "grades: []", "clocks[0] (report).grades: must name at least one grade"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.new
			if tc.old != good {
				if !strings.Contains(good, tc.old) {
					t.Fatalf("fixture has no %q", tc.old)
				}
				data = strings.Replace(good, tc.old, tc.new, 1)
			}
			_, err := ledger.ParseConfig("x.yaml", []byte(data))
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "x.yaml: ") {
				t.Errorf("err = %v, want one containing %q", err, tc.msg)
			}
		})
	}
}
