package geo_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
)

// The errors geo makes carry the code and parameters of their message,
// which says the same in English.
func TestError_code(t *testing.T) {
	tests := []struct {
		name, msg, code string
		params          map[string]string
		err             error
		kind            error
	}{
		{"Between", `lat "99": must be between -90 and 90`, "between",
			map[string]string{"field": "lat", "value": "99", "min": "-90", "max": "90"},
			mustErr(geo.ParsePoint("99", "104")), geo.ErrInvalidInput},
		{"Degrees", `lon "east": must be a number of degrees`, "degrees",
			map[string]string{"field": "lon", "value": "east"},
			mustErr(geo.ParsePoint("30", "east")), geo.ErrInvalidInput},
		{"Radius", `radius "75": must be one of 50, 100, 200 (meters)`, "one_of",
			map[string]string{"field": "radius", "value": "75", "allowed": "50, 100, 200"},
			mustErr(geo.ParseRadius("75")), geo.ErrInvalidInput},
		{"Method", `method "fly": must be straight or walking`, "one_of",
			map[string]string{"field": "method", "value": "fly", "allowed": "straight, walking"},
			mustErr(geo.ParseMethod("fly")), geo.ErrInvalidInput},
		{"Distances", `distances "100,50": must increase, but "50" follows 100`, "distances_increase",
			map[string]string{"field": "distances", "value": "100,50", "item": "50", "previous": "100"},
			mustErr(geo.ParseDistances("100,50")), geo.ErrInvalidInput},
		{"Column", `经度 (lon) "x": must be a number of degrees`, "degrees",
			map[string]string{"field": "lon", "value": "x", "column": "经度"},
			geo.InvalidColumn("经度", "lon", "x", geo.Degrees()), geo.ErrInvalidInput},
		{"ColumnSame", `lon "x": must not be empty`, "required",
			map[string]string{"field": "lon", "value": "x"},
			geo.InvalidColumn("lon", "lon", "x", geo.Required()), geo.ErrInvalidInput},
		{"Whole", `limit "0": must be a whole number from 1 to 200`, "whole_range",
			map[string]string{"field": "limit", "value": "0", "min": "1", "max": "200"},
			geo.Invalid("limit", "0", geo.WholeRange(1, 200)), geo.ErrInvalidInput},
		{"NotFound", `school "way/9": not found`, "not_found",
			map[string]string{"field": "school", "value": "way/9"},
			geo.NotFound("school", "way/9"), geo.ErrNotFound},
		{"NoPack", `rules "x": no such rule pack; available: a, b`, "no_pack",
			map[string]string{"field": "rules", "value": "x", "available": "a, b"},
			geo.Missing("rules", "x", geo.NoPack("a, b")), geo.ErrNotFound},
		{"Quoted", `name "a\"\x1b": must not be empty`, "required",
			map[string]string{"field": "name", "value": "a\"\x1b"},
			geo.Invalid("name", "a\"\x1b", geo.Required()), geo.ErrInvalidInput},
		{"OneOfAlso", `kind "x": must be one of school, water (or 学校, 水域)`, "one_of",
			map[string]string{"field": "kind", "value": "x", "allowed": "school, water", "also": "学校, 水域"},
			geo.Invalid("kind", "x", geo.OneOfAlso([]geo.Kind{geo.School, geo.WaterBody}, "学校, 水域")), geo.ErrInvalidInput},
		{"RequiredFor", `name "": must not be empty for a business`, "required",
			map[string]string{"field": "name", "value": "", "kind": "business"},
			geo.Invalid("name", "", geo.RequiredFor("business")), geo.ErrInvalidInput},
		{"Swapped", `lat "104": must be between -90 and 90; are lon and lat swapped?`, "between",
			map[string]string{"field": "lat", "value": "104", "min": "-90", "max": "90", "swapped": "; are lon and lat swapped?"},
			geo.Invalid("lat", "104", geo.Swapped(geo.Between(-90, 90))), geo.ErrInvalidInput},
		{"UsedOnRow", `id "a": already used on row 2`, "duplicate",
			map[string]string{"field": "id", "value": "a", "other": "2"},
			geo.Invalid("id", "a", geo.UsedOnRow(2)), geo.ErrInvalidInput},
		{"Because", `id "": must be a string`, "invalid",
			map[string]string{"field": "id", "value": "", "reason": "must be a string"},
			geo.Invalid("id", "", geo.Because("must be a string")), geo.ErrInvalidInput},
		{"Hint", `category "x": must be a business category: one of bar, or a Chinese name such as 网吧; give one`, "category",
			map[string]string{"field": "category", "value": "x", "allowed": "bar"},
			geo.Invalid("category", "x", geo.Hint(geo.BusinessCategory([]string{"bar"}), "; give one")), geo.ErrInvalidInput},
		{"Refusef", `x.csv: sheet "` + strings.Repeat("s", 64) + `"…(70 bytes): not in the workbook`, "sheet_missing",
			map[string]string{"file": "x.csv"},
			geo.Refusef("sheet_missing", map[string]string{"file": "x.csv"}, "%s: sheet %q: not in the workbook", "x.csv", strings.Repeat("s", 70)),
			geo.ErrInvalidInput},
		{"Invalidf", `zoom "x": bad`, "", nil, geo.Invalidf("zoom %q: bad", "x"), geo.ErrInvalidInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var e *geo.Error
			if !errors.As(tc.err, &e) || !errors.Is(tc.err, tc.kind) {
				t.Fatalf("%v: not a *geo.Error wrapping %v", tc.err, tc.kind)
			}
			if e.Error() != tc.msg || e.Code != tc.code || !maps.Equal(e.Params, tc.params) {
				t.Errorf("%q %q %v, want %q %q %v", e.Error(), e.Code, e.Params, tc.msg, tc.code, tc.params)
			}
		})
	}
}

func mustErr[T any](_ T, err error) error { return err }

// A long value is quoted as its first MaxQuoted bytes and its length, not
// cutting a character, by Quote, Invalid and Invalidf's %q alike.
func TestQuote(t *testing.T) {
	long := "aa" + strings.Repeat("长", 30) // 92 bytes: byte 64 is inside a character
	want := `"aa` + strings.Repeat("长", 20) + `"…(92 bytes)`
	tests := []struct{ name, got, want string }{
		{"Short", geo.Quote("ab\x00"), `"ab\x00"`},
		{"Long", geo.Quote(long), want},
		{"Invalid", geo.Invalid("name", long, geo.Required()).Error(), "name " + want + ": must not be empty"},
		{"Invalidf", geo.Invalidf("name %q: bad", long).Error(), "name " + want + ": bad"},
		{"NotFoundf", geo.NotFoundf("school %q: not found", long).Error(), "school " + want + ": not found"},
		{"StringType", geo.Invalidf("kind %q: bad", geo.Kind(long)).Error(), "kind " + want + ": bad"},
		{"OtherVerbs", geo.Invalidf("%s %v %#q", long, long, "x").Error(), long + " " + long + " `x`"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("%q, want %q", tc.got, tc.want)
			}
		})
	}
}
