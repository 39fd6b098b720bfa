package catalogue_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo/catalogue"
)

func TestDefault(t *testing.T) {
	c := catalogue.Default()
	for _, id := range []string{"water", "police", "lottery", "street_stall", "hazardous_chemicals"} {
		k, ok := c.Category(id)
		if !ok || k.Name.ZH == "" || k.Name.EN == "" || k.Lead.ZH == "" || k.Lead.EN == "" {
			t.Errorf("category %q: got %+v, %v", id, k, ok)
		}
	}
	if k, ok := c.WaterKind("water"); !ok || k.Name.ZH != "水域" {
		t.Errorf("water kind water: got %+v, %v", k, ok)
	}
	if c.Categories[len(c.Categories)-1].ID != "water" {
		t.Error("water is not the last category: lists show it last")
	}
}

const good = `
categories:
  - id: bar
    name: {zh: 酒吧, en: bar}
    lead: {zh: 市场监管部门, en: market regulation}
    import: {values: [酒吧], headers: [酒吧名称]}
    osm:
      - tags: [amenity=bar]
        not_names: [水吧]
    synth: {share: 0.5, scale: 2}
  - id: lottery
    name: {zh: 彩票, en: lottery}
    lead: {zh: 体育部门, en: sports}
    osm:
      - tags: [shop=*]
        names: [彩票]
      - tags: [shop=kiosk, lottery=yes]
  - id: water
    name: {zh: 水域, en: water}
    lead: {zh: 水利部门, en: water resources}
water_kinds:
  - id: water
    name: {zh: 水域, en: water}
    osm: [{tags: [natural=water]}]
  - id: river
    name: {zh: 河流, en: river}
    osm:
      - tags: [waterway=river]
        line: true
    synth: {shape: line, share: 1, size_m: [10, 20]}
`

func TestParse(t *testing.T) {
	c, err := catalogue.Parse("good.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	bar := c.Categories[0]
	if bar.ID != "bar" || bar.Name != (catalogue.Name{ZH: "酒吧", EN: "bar"}) || bar.Import.Headers[0] != "酒吧名称" ||
		bar.Synth != (catalogue.Synth{Share: 0.5, Scale: 2}) || bar.OSM[0].NotNames[0] != "水吧" {
		t.Errorf("bar: %+v", bar)
	}
	river, _ := c.WaterKind("river")
	if !river.OSM[0].Line || river.Synth.SizeMeters != [2]float64{10, 20} || !river.Synth.Line || river.Synth.Bend != 0.3 {
		t.Errorf("river: %+v", river)
	}
	if w := c.Categories[1].OSM[1].Weight(); w != 2 {
		t.Errorf("weight of two tags: %d, want 2", w)
	}
}

func TestClassifier(t *testing.T) {
	c, err := catalogue.Parse("good.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	cl := c.Classifier()
	tag := func(kv ...string) []catalogue.Tag {
		var out []catalogue.Tag
		for i := 0; i < len(kv); i += 2 {
			out = append(out, catalogue.Tag{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name  string
		tags  []catalogue.Tag
		names []string
		want  catalogue.Match
		ok    bool
	}{
		{"Tag", tag("amenity", "bar"), nil, catalogue.Match{Category: "bar"}, true},
		{"NotName", tag("amenity", "bar"), []string{"留言水吧"}, catalogue.Match{}, false},
		{"ValueList", tag("amenity", "cafe;bar"), nil, catalogue.Match{Category: "bar"}, true},
		{"AnyValueWithName", tag("shop", "yes"), []string{"", "福利彩票"}, catalogue.Match{Category: "lottery"}, true},
		{"AnyValueWithoutName", tag("shop", "yes"), []string{"便利店"}, catalogue.Match{}, false},
		{"TwoTags", tag("lottery", "yes", "shop", "kiosk"), nil, catalogue.Match{Category: "lottery"}, true},
		{"CategoryBeforeWater", tag("amenity", "bar", "natural", "water"), nil, catalogue.Match{Category: "bar"}, true},
		{"Line", tag("waterway", "river"), nil, catalogue.Match{WaterKind: "river", Line: true}, true},
		{"Empty", tag("amenity", ""), nil, catalogue.Match{}, false},
		{"CaseOfLatin", tag("shop", "kiosk"), []string{"CAIPIAO 彩票"}, catalogue.Match{Category: "lottery"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := cl.Classify(tc.tags, tc.names)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParse_errors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"Empty", ``, `x.yaml: empty file`},
		{"Syntax", "categories: [", `x.yaml: bad YAML`},
		{"TwoDocuments", "categories: []\n---\nx: 1\n", `x.yaml:2: a second YAML document`},
		{"UnknownKey", strings.Replace(good, "    lead: {zh: 体育部门", "    leed: {zh: 体育部门", 1),
			`x.yaml:13: category "lottery": category: unknown key "leed": must be one of id, name, lead, import, osm, synth`},
		{"MissingLead", strings.Replace(good, "    lead: {zh: 体育部门, en: sports}\n", "", 1),
			`x.yaml:11: category "lottery": lead: required, {zh: ..., en: ...}`},
		{"BadID", strings.Replace(good, "id: lottery", "id: Lottery", 1), `x.yaml:11: category at line 11: id "Lottery": must be 1 to 32 characters`},
		{"DuplicateID", strings.Replace(good, "id: lottery", "id: bar", 1), `x.yaml:11: category "bar": id "bar": used twice (first at line 3)`},
		{"SharedWord", strings.Replace(good, "name: {zh: 彩票, en: lottery}", "name: {zh: 彩票, en: lottery}\n    import: {values: [酒吧]}", 1),
			`x.yaml:11: category "lottery": import "酒吧": already names category "bar"`},
		{"BadTag", strings.Replace(good, "tags: [amenity=bar]", "tags: [amenity]", 1),
			`x.yaml:8: category "bar": osm: tags: "amenity": must be key=value`},
		{"NameOnly", strings.Replace(good, "      - tags: [shop=*]\n        names: [彩票]", "      - names: [彩票]", 1),
			`x.yaml:15: category "lottery": osm: tags: required`},
		{"SameSelector", strings.Replace(good, "tags: [shop=kiosk, lottery=yes]", "tags: [shop=*]\n        names: [彩票]", 1),
			`x.yaml:17: category "lottery": osm: the same selector as at line 15`},
		{"LineOnCategory", strings.Replace(good, "        not_names: [水吧]", "        line: true", 1),
			`x.yaml:9: category "bar": osm: unknown key "line"`},
		{"Share", strings.Replace(good, "share: 0.5", "share: 1.5", 1), `x.yaml:10: category "bar": synth: share "1.5": must be from 0 to 1`},
		{"Size", strings.Replace(good, "size_m: [10, 20]", "size_m: [20, 10]", 1), `x.yaml:30: water kind "river": synth: size_m [20 10]`},
		{"NoWaterCategory", strings.Replace(good, "  - id: water\n    name: {zh: 水域, en: water}\n    lead", "  - id: lakes\n    name: {zh: 湖, en: lakes}\n    lead", 1),
			`x.yaml:2: categories: must have "water"`},
		{"WaterCategoryWithOSM", strings.Replace(good, "lead: {zh: 水利部门, en: water resources}", "lead: {zh: 水利部门, en: water resources}\n    osm: [{tags: [natural=water]}]", 1),
			`x.yaml:2: categories: must have "water", with no osm:`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := catalogue.Parse("x.yaml", []byte(tc.yaml))
			if err == nil || !errors.Is(err, catalogue.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant %q", err, tc.want)
			}
		})
	}
}

func TestParse_manyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("categories:\n")
	for range 15 {
		b.WriteString("  - id: X\n")
	}
	_, err := catalogue.Parse("x.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "stopped after 10 problems") || strings.Count(err.Error(), "\n") != 10 {
		t.Errorf("got %v", err)
	}
}
