package geo_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

const rulesDir = "testdata/rules"

func TestParseRulePack(t *testing.T) {
	doc := geo.Citation{
		Document: "测试文件",
		Issuer:   "测试机关",
		Number:   "测办〔2024〕1号",
		Date:     "2024-05-01",
		URL:      "https://example.org/doc",
	}
	withClause := func(c geo.Citation, clause string) geo.Citation {
		c.Clause = clause
		return c
	}
	want := &geo.RulePack{
		ID:       "valid",
		Title:    "测试规则",
		Document: doc,
		Rules: []geo.Rule{{
			ID:             "venues_200",
			Title:          "校园周边200米内禁止网吧、歌舞厅",
			Kind:           geo.Near,
			Categories:     []geo.Category{"internet_cafe", "song_dance"},
			DistanceMeters: 200,
			From:           geo.FromCampus,
			Method:         geo.Straight, // the default
			Severity:       geo.Prohibited,
			Citation:       withClause(doc, "校园周边200米以内禁止设立互联网上网服务营业场所"),
		}, {
			ID:             "gate.parking-50",
			Title:          "校门两侧50米内禁止停车位",
			Kind:           geo.Near,
			Categories:     []geo.Category{"parking"},
			SchoolKinds:    []geo.SchoolKind{geo.Primary, geo.Secondary},
			DistanceMeters: 50,
			From:           geo.FromGate,
			Method:         geo.Walking,
			Severity:       geo.Prohibited,
			Citation:       withClause(doc, "校门两侧50米范围内不得设置停车位"), // via a YAML alias
			Note:           "两侧 is read as a circle around the gate.",
		}, {
			ID:             "water_12.5",
			Title:          "幼儿园周边水域排查",
			Kind:           geo.Near,
			Categories:     []geo.Category{geo.Water},
			SchoolKinds:    []geo.SchoolKind{geo.Kindergarten},
			DistanceMeters: 12.5,
			From:           geo.FromCampus,
			Method:         geo.Straight,
			Severity:       geo.Inspect,
			Citation: geo.Citation{
				Document: "其他文件",
				Issuer:   "其他机关",
				Date:     "2023-03",
				Clause:   "对水域周边,要在明显位置设置警示牌",
			},
		}},
	}
	got := geotest.MustRulePack(t, "valid.yaml")
	data, err := os.ReadFile(geotest.Testdata("rules", "valid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	want.Source, want.SHA256 = geotest.Testdata("rules", "valid.yaml"), hex.EncodeToString(sum[:])
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseRulePack_emptyRules(t *testing.T) {
	p := geotest.MustRulePack(t, "empty-rules.yaml")
	if len(p.Rules) != 0 || p.MaxDistanceMeters() != 0 {
		t.Errorf("got %d rules, max %v; want none, 0", len(p.Rules), p.MaxDistanceMeters())
	}
}

func TestParseRulePack_errors(t *testing.T) {
	tests := []struct {
		name string
		file string // in testdata/rules, or
		data string // inline, named "inline.yaml"
		want []string
	}{
		{name: "NegativeDistance", file: "bad-distance-negative.yaml",
			want: []string{`bad-distance-negative.yaml:19: rule "ktv_200": distance_m "-5": must be greater than 0 and at most 5000`}},
		{name: "DistanceTooFar", file: "bad-distance-too-far.yaml",
			want: []string{`bad-distance-too-far.yaml:11: rule "far": distance_m "5000.001": must be greater than 0 and at most 5000`}},
		{name: "DistanceNaN", file: "bad-distance-nan.yaml",
			want: []string{`bad-distance-nan.yaml:11: rule "nan": distance_m ".nan": must be greater`}},
		{name: "DistanceText", file: "bad-distance-text.yaml",
			want: []string{`bad-distance-text.yaml:11: rule "text": distance_m "200": must be a number of meters`}},
		{name: "UnknownCategory", file: "bad-category.yaml",
			want: []string{`bad-category.yaml:10: rule "ktv_200": category "ktv": must be one of internet_cafe, song_dance,`, "water"}},
		{name: "NoCategories", file: "bad-category-empty.yaml",
			want: []string{`bad-category-empty.yaml:10: rule "none": categories: must list at least one`}},
		{name: "DuplicateID", file: "bad-duplicate-id.yaml",
			want: []string{`bad-duplicate-id.yaml:24: rule "same": id "same": used twice (first at line 8)`}},
		{name: "BadRuleID", file: "bad-rule-id.yaml",
			want: []string{`bad-rule-id.yaml:8: rule #1: id "Bad Id": must be`}},
		{name: "MissingClause", file: "bad-missing-clause.yaml",
			want: []string{`bad-missing-clause.yaml:15: rule "noclause": citation: clause: required`}},
		{name: "NoDocument", file: "bad-no-document.yaml",
			want: []string{`bad-no-document.yaml:11: rule "nodoc": citation: document: required`}},
		{name: "UnknownKey", file: "bad-unknown-key.yaml",
			want: []string{
				`bad-unknown-key.yaml:13: rule "typo": unknown key "severty": must be one of id, title,`,
				`bad-unknown-key.yaml:8: rule "typo": severity: required`,
			}},
		{name: "RepeatedKey", file: "bad-repeated-key.yaml",
			want: []string{`bad-repeated-key.yaml:16: rule "twice": key "distance_m": repeated (first at line 11)`}},
		{name: "BadFrom", file: "bad-from.yaml",
			want: []string{`bad-from.yaml:12: rule "from_door": from "door": must be one of campus, gate`}},
		{name: "BadMethod", file: "bad-method.yaml",
			want: []string{`bad-method.yaml:16: rule "walk": method "bicycle": must be one of straight, walking`}},
		{name: "BadSeverity", file: "bad-severity.yaml",
			want: []string{`bad-severity.yaml:13: rule "sev": severity "banned": must be one of prohibited, inspect`}},
		{name: "BadSchoolKind", file: "bad-school-kind.yaml",
			want: []string{`bad-school-kind.yaml:16: rule "kinds": school kind "college": must be one of kindergarten, primary, secondary, school`}},
		{name: "BadDate", file: "bad-date.yaml",
			want: []string{`bad-date.yaml:6: document: date "2024-13-01": must be YYYY, YYYY-MM or YYYY-MM-DD`}},
		{name: "ManyProblems", file: "bad-many.yaml",
			want: []string{`bad-many.yaml:10: rule "many": category "ktv"`, `bad-many.yaml:11: rule "many": distance_m "-1"`, `bad-many.yaml:12: rule "many": from "door"`}},
		{name: "Syntax", file: "bad-syntax.yaml",
			want: []string{`bad-syntax.yaml:4: bad YAML: did not find expected ',' or ']'`}},
		{name: "Tab", file: "bad-tab.yaml",
			want: []string{`bad-tab.yaml:2: bad YAML: found a tab character`}},
		{name: "Empty", file: "bad-empty.yaml",
			want: []string{`bad-empty.yaml: empty file: want a rule pack with keys id, title, document, rules`}},
		{name: "NotMapping", file: "bad-not-mapping.yaml",
			want: []string{`bad-not-mapping.yaml:1: rule pack: must be a mapping`}},
		{name: "TwoDocuments", file: "bad-two-documents.yaml",
			want: []string{`bad-two-documents.yaml:4: a second YAML document`}},
		{name: "RulesMapping", file: "bad-rules-mapping.yaml",
			want: []string{`bad-rules-mapping.yaml:3: rules: must be a list of rules`}},
		{name: "NoRules", file: "bad-no-rules.yaml",
			want: []string{`bad-no-rules.yaml:1: rules: required`}},
		{name: "AliasCycle", data: "id: &a x\ntitle: t\nrules:\n  - &r {id: r, citation: *r}\n",
			want: []string{`inline.yaml:4: rule "r": unknown key "id": must be one of document, clause`}},
		{name: "MergeKey", data: "id: x\ntitle: t\nbase: &b {id: y}\nrules: []\n<<: *b\n",
			want: []string{`inline.yaml:3: unknown key "base"`, `inline.yaml:5: unknown key "<<"`}},
		{name: "ComplexKey", data: "? [id]\n: x\ntitle: t\nrules: []\n",
			want: []string{`inline.yaml:1: key: must be a plain name`}},
		{name: "BlankTitle", data: "id: x\ntitle: \"  \"\nrules: []\n",
			want: []string{`inline.yaml:2: title: must not be blank`}},
		{name: "BadKind", data: "id: x\ntitle: t\nrules:\n  - {id: r, title: t, kind: around, categories: [bar], distance_m: 9, from: campus, severity: inspect, citation: {document: {title: d, issuer: i, date: 2020}, clause: c}}\n",
			want: []string{`inline.yaml:4: rule "r": kind "around": must be one of near, inside, along, requires`}},
		{name: "InsideDistance", data: "id: x\ntitle: t\nrules:\n  - {id: r, title: t, kind: inside, categories: [water], distance_m: 10, from: campus, severity: inspect, citation: {document: {title: d, issuer: i, date: 2020}, clause: c}}\n",
			want: []string{`inline.yaml:4: rule "r": distance_m: not allowed for a rule of kind inside: it flags places on the campus, at 0 m`,
				`rule "r": from: not allowed for a rule of kind inside`}},
		{name: "AlongFrom", data: "id: x\ntitle: t\nrules:\n  - {id: r, title: t, kind: along, categories: [bar], distance_m: 10, from: gate, severity: inspect, citation: {document: {title: d, issuer: i, date: 2020}, clause: c}}\n",
			want: []string{`inline.yaml:4: rule "r": from: not allowed for a rule of kind along: it is measured from the ways pupils walk to school`}},
		{name: "AlongNoDistance", data: "id: x\ntitle: t\nrules:\n  - {id: r, title: t, kind: along, categories: [bar], severity: inspect, citation: {document: {title: d, issuer: i, date: 2020}, clause: c}}\n",
			want: []string{`inline.yaml:4: rule "r": distance_m: required, in meters`}},
		{name: "RequiresWalking", data: "id: x\ntitle: t\nrules:\n  - {id: r, title: t, kind: requires, categories: [police], distance_m: 500, from: campus, method: walking, severity: inspect, citation: {document: {title: d, issuer: i, date: 2020}, clause: c}}\n",
			want: []string{`inline.yaml:4: rule "r": method "walking": only rules of kind near are measured by walking`}},
		{name: "NewCategoryUnknown", data: "id: x\ntitle: t\nrules:\n  - {id: r, title: t, categories: [hazardous_chemical], distance_m: 100, from: campus, severity: inspect, citation: {document: {title: d, issuer: i, date: 2020}, clause: c}}\n",
			want: []string{`category "hazardous_chemical": must be one of`, "hazardous_chemicals"}},
		{name: "BadURL", data: "id: x\ntitle: t\ndocument: {title: d, issuer: i, date: 2020, url: ftp://x}\nrules: []\n",
			want: []string{`inline.yaml:3: document: url "ftp://x": must start with https:// or http://`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name, data := "inline.yaml", []byte(tc.data)
			if tc.file != "" {
				name = tc.file
				var err error
				if data, err = os.ReadFile(filepath.Join(rulesDir, tc.file)); err != nil {
					t.Fatal(err)
				}
			}
			p, err := geo.ParseRulePack(name, data)
			if err == nil {
				t.Fatalf("got pack %+v, want an error", p)
			}
			if p != nil {
				t.Errorf("got pack %+v with the error, want nil", p)
			}
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Errorf("error %q does not wrap ErrInvalidInput", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\ndoes not contain\n%s", err, w)
				}
			}
		})
	}
}

func TestParseRulePack_kinds(t *testing.T) {
	p := geotest.MustRulePack(t, "kinds.yaml")
	want := []struct {
		id       string
		kind     geo.RuleKind
		distance float64
		from     geo.MeasureFrom
	}{
		{"campus_water", geo.Inside, 0, geo.FromCampus},
		{"route_stalls_20", geo.Along, 20, geo.FromRoute},
		{"police_post_500", geo.Requires, 500, geo.FromGate},
	}
	for i, w := range want {
		r := p.Rules[i]
		if r.ID != w.id || r.Kind != w.kind || r.DistanceMeters != w.distance || r.From != w.from || r.Method != geo.Straight {
			t.Errorf("rule %d: got %s %s %v %s %s, want %+v", i, r.ID, r.Kind, r.DistanceMeters, r.From, r.Method, w)
		}
	}
	if !p.Has(geo.Requires) || !p.Has(geo.Along) || p.Has(geo.Near) {
		t.Errorf("Has: requires %v, along %v, near %v", p.Has(geo.Requires), p.Has(geo.Along), p.Has(geo.Near))
	}
	if p.MaxDistanceMeters() != 500 {
		t.Errorf("MaxDistanceMeters %v, want 500", p.MaxDistanceMeters())
	}
}

// TestParseRulePack_everyCategory: a pack may name any category of the
// catalogue, such as those a province's rules add (危险化学品).
func TestParseRulePack_everyCategory(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: all\ntitle: t\ndocument: {title: d, issuer: i, date: 2024}\nrules:\n")
	for _, c := range geo.Categories {
		fmt.Fprintf(&b, "  - {id: %s, title: t, categories: [%s], distance_m: 100, from: campus, severity: inspect, citation: {clause: c}}\n", c, c)
	}
	p, err := geo.ParseRulePack("all.yaml", []byte(b.String()))
	if err != nil || len(p.Rules) != len(geo.Categories) {
		t.Fatalf("%v", err)
	}
}

func TestLoadRules(t *testing.T) {
	tests := []struct {
		spec   string
		wantID string
	}{
		{"", "default"},
		{"default", "default"},
		{"valid", "valid"},
		{"empty-rules", "empty-rules"},
		{"testdata/rules/valid.yaml", "valid"},
		{"testdata/rules/mismatch.yaml", "other"}, // a path need not match the id
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.spec), func(t *testing.T) {
			p, err := geo.LoadRules(tc.spec, rulesDir)
			if err != nil {
				t.Fatal(err)
			}
			if p.ID != tc.wantID {
				t.Errorf("got pack %q, want %q", p.ID, tc.wantID)
			}
		})
	}
}

func TestLoadRules_errors(t *testing.T) {
	tests := []struct {
		name, spec, dir string
		kind            error
		want            string
	}{
		{"UnknownID", "nope", rulesDir, geo.ErrNotFound,
			`rule pack "nope": no testdata/rules/nope.yaml; available: bad-category, bad-category-empty,`},
		{"UnknownIDListsPacks", "nope", rulesDir, geo.ErrNotFound, "empty-rules, engine, kinds, mismatch, valid"},
		{"NoPacks", "nope", t.TempDir(), geo.ErrNotFound, "available: none in "},
		{"NotAnID", "Not An ID", rulesDir, geo.ErrInvalidInput,
			`rules "Not An ID": must be a pack id (bad-category,`},
		{"IDMismatch", "mismatch", rulesDir, geo.ErrInvalidInput,
			`testdata/rules/mismatch.yaml: id "other": must match the file name "mismatch"`},
		{"BadPack", "bad-from", rulesDir, geo.ErrInvalidInput,
			`testdata/rules/bad-from.yaml:12: rule "from_door": from "door"`},
		{"MissingPath", "testdata/rules/missing.yaml", rulesDir, fs.ErrNotExist, "missing.yaml"},
		{"NoDefault", "", t.TempDir(), geo.ErrNotFound, `rule pack "default": no `},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geo.LoadRules(tc.spec, tc.dir)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("got error %v, want one wrapping %v", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%s\ndoes not contain\n%s", err, tc.want)
			}
		})
	}
}

func TestRule_AppliesTo(t *testing.T) {
	all := []geo.SchoolKind{geo.Kindergarten, geo.Primary, geo.Secondary, geo.GeneralSchool}
	tests := []struct {
		name  string
		kinds []geo.SchoolKind
		want  []geo.SchoolKind
	}{
		{"Empty", nil, all},
		{"Kindergarten", []geo.SchoolKind{geo.Kindergarten}, []geo.SchoolKind{geo.Kindergarten}},
		{"Primary", []geo.SchoolKind{geo.Primary}, []geo.SchoolKind{geo.Primary, geo.GeneralSchool}},
		{"Secondary", []geo.SchoolKind{geo.Secondary}, []geo.SchoolKind{geo.Secondary, geo.GeneralSchool}},
		{"School", []geo.SchoolKind{geo.GeneralSchool}, []geo.SchoolKind{geo.GeneralSchool}},
		{"PrimaryAndSecondary", []geo.SchoolKind{geo.Primary, geo.Secondary},
			[]geo.SchoolKind{geo.Primary, geo.Secondary, geo.GeneralSchool}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := geo.Rule{SchoolKinds: tc.kinds}
			for _, k := range all {
				want := false
				for _, w := range tc.want {
					want = want || w == k
				}
				if got := r.AppliesTo(k); got != want {
					t.Errorf("AppliesTo(%q) = %v, want %v", k, got, want)
				}
			}
		})
	}
}

func TestRulePack_RulesFor(t *testing.T) {
	p := geotest.MustRulePack(t, "valid.yaml")
	tests := []struct {
		category geo.Category
		want     []string
	}{
		{"internet_cafe", []string{"venues_200"}},
		{"song_dance", []string{"venues_200"}},
		{"parking", []string{"gate.parking-50"}},
		{geo.Water, []string{"water_12.5"}},
		{"bar", nil},
	}
	for _, tc := range tests {
		t.Run(string(tc.category), func(t *testing.T) {
			var got []string
			for _, r := range p.RulesFor(tc.category) {
				got = append(got, r.ID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRulePack_MaxDistanceMeters(t *testing.T) {
	if got := geotest.MustRulePack(t, "valid.yaml").MaxDistanceMeters(); got != 200 {
		t.Errorf("valid.yaml: got %v, want 200", got)
	}
	if got := geotest.MustRulePack(t, "empty-rules.yaml").MaxDistanceMeters(); got != 0 {
		t.Errorf("empty-rules.yaml: got %v, want 0", got)
	}
}

func TestRulePack_Rule(t *testing.T) {
	p := geotest.MustRulePack(t, "valid.yaml")
	r, ok := p.Rule("gate.parking-50")
	if !ok || r.DistanceMeters != 50 || r.From != geo.FromGate {
		t.Errorf("Rule(gate.parking-50) = %+v, %v", r, ok)
	}
	if r, ok := p.Rule("nope"); ok {
		t.Errorf("Rule(nope) = %+v, true; want false", r)
	}
}

func TestRulePack_nil(t *testing.T) {
	var p *geo.RulePack
	if p.RulesFor("bar") != nil || p.MaxDistanceMeters() != 0 {
		t.Error("nil pack: want no rules")
	}
	if _, ok := p.Rule("x"); ok {
		t.Error("nil pack: Rule found")
	}
}

func ExampleParseRulePack() {
	data := []byte(`
id: example
title: 示例
document: {title: 某市关于校园周边环境的通知, issuer: 某市人民政府, date: 2024-01-01}
rules:
  - id: internet_cafe_200
    title: 校园周边200米内不得设立网吧
    categories: [internet_cafe]
    distance_m: 200
    from: campus
    severity: prohibited
    citation: {clause: 校园周边200米以内禁止设立互联网上网服务营业场所}
`)
	p, err := geo.ParseRulePack("example.yaml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range p.RulesFor("internet_cafe") {
		fmt.Println(r.ID, r.DistanceMeters, r.From, r.Method, r.Severity, r.Citation.Document)
	}

	_, err = geo.ParseRulePack("typo.yaml", []byte("id: t\ntitle: t\nrules: []\nrule: []\n"))
	fmt.Println(err)
	// Output:
	// internet_cafe_200 200 campus straight prohibited 某市关于校园周边环境的通知
	// typo.yaml:4: unknown key "rule": must be one of id, title, document, rules
}
