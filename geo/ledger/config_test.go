package ledger_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
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
		{"internet_cafe", geo.Inspect, "文化市场综合执法", ledger.General},
		{"internet_cafe", geo.Prohibited, "文化市场综合执法", ledger.Major},
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
		{"MissingCategory", "  - {id: water,", "  - {id: lake,", `geo category "water" has no entry`},
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
