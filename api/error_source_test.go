package api_test

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
)

// An error that carries no code, or is said in other words than its own,
// is read by the catalogue, as the map had it before.
func TestErrorCode_sameAsCatalogue(t *testing.T) {
	errs := map[string]error{
		"Wrapped": fmt.Errorf("load x: %w", mustErr(geo.ParsePoint("99", "104"))),
		"RowText": &imports.RowError{File: "x.csv", Row: 3, Err: geo.Invalidf(`经度 (lon) "x": must be one of a, b`)},
	}
	for name, err := range errs {
		t.Run(name, func(t *testing.T) {
			text := err.Error()
			if name == "Wrapped" {
				text = `lat "99": must be between -90 and 90` // as a handler would say it
			}
			code, p := api.ErrorAnswer(err, text)
			wantCode, want := api.ErrorAnswer(nil, text)
			if code != wantCode || !maps.Equal(p, want) {
				t.Errorf("%q: from the error %q %v, from the text %q %v", text, code, p, wantCode, want)
			}
		})
	}
}

// The code comes from where the error was made, whatever its English says;
// values are cut and escaped as the message cuts and escapes them.
func TestErrorCode_fromSource(t *testing.T) {
	long := strings.Repeat("x", 7<<20)
	tests := []struct {
		name   string
		err    error
		code   string
		params map[string]string
	}{
		{"Reworded", geo.Invalid("lat", "99", geo.Reason{Code: "between", Text: "is off the globe", Params: map[string]string{"min": "-90", "max": "90"}}),
			"between", map[string]string{"field": "lat", "value": "99", "min": "-90", "max": "90"}},
		{"Radius", mustErr(geo.ParseRadius("75")), "one_of", map[string]string{"field": "radius", "value": "75", "allowed": "50, 100, 200"}},
		{"Long", geo.Invalid("name", long, geo.Required()), "required",
			map[string]string{"field": "name", "value": strings.Repeat("x", 64) + "…"}},
		{"Control", geo.Invalid("name", "a\x1b\xffb", geo.Required()), "required",
			map[string]string{"field": "name", "value": `a\x1b\xffb`}},
		{"Rows", fmt.Errorf("upload: %w", &imports.RowError{File: "licences.csv", Row: 4, Err: geo.Invalid("kind", "school", geo.Required())}),
			"required", map[string]string{"field": "kind", "value": "school", "file": "licences.csv", "row": "4"}},
		{"CutAtSource", geo.Invalidf("zoom %q: must be a number from 0 to 22", long), "invalid",
			map[string]string{"field": "zoom", "value": strings.Repeat("x", 64) + "…", "reason": "must be a number from 0 to 22"}},
		{"NoCode", errors.New(`lat "99": must be between -90 and 90`), "between",
			map[string]string{"field": "lat", "value": "99", "min": "-90", "max": "90"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, p := api.ErrorAnswer(tc.err, tc.err.Error())
			if len(tc.err.Error()) > 1024 {
				t.Errorf("message of %d bytes: a long value is cut where it is made", len(tc.err.Error()))
			}
			if code != tc.code || !maps.Equal(p, tc.params) {
				t.Errorf("%q %v, want %q %v", code, p, tc.code, tc.params)
			}
		})
	}
}

func mustErr[T any](_ T, err error) error { return err }
