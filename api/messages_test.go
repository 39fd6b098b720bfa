package api_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"
)

func TestDescribe(t *testing.T) {
	tests := []struct {
		name, text, code string
		params           map[string]string
	}{
		{"Between", `lat "99": must be between -90 and 90`, "between",
			map[string]string{"field": "lat", "value": "99", "min": "-90", "max": "90"}},
		{"OneOf", `crs "utm": must be one of wgs84, cgcs2000, gcj02, bd09`, "one_of",
			map[string]string{"field": "crs", "value": "utm", "allowed": "wgs84, cgcs2000, gcj02, bd09"}},
		{"RetiredEither", `method "fly": must be straight or walking`, "invalid", // geo.Either carries one_of
			map[string]string{"field": "method", "value": "fly", "reason": "must be straight or walking"}},
		{"Quoted", `category "a\"b": must be one of bar`, "one_of",
			map[string]string{"field": "category", "value": `a"b`, "allowed": "bar"}},
		{"Row", `licences.csv:3: 经度 (lon) "abc": must be one of a, b (and 1 more bad rows)`, "one_of",
			map[string]string{"file": "licences.csv", "row": "3", "more": "1", "column": "经度", "field": "lon", "value": "abc", "allowed": "a, b"}},
		{"RetiredRequired", `licences.csv:2: name "": must not be empty`, "invalid", // geo.Required carries required
			map[string]string{"file": "licences.csv", "row": "2", "field": "name", "value": "", "reason": "must not be empty"}},
		{"Retired", `lat "99": must be a number of degrees`, "invalid",
			map[string]string{"field": "lat", "value": "99", "reason": "must be a number of degrees"}},
		{"NotFound", `feature "way/9": not found`, "not_found", map[string]string{"field": "feature", "value": "way/9"}},
		{"BadToken", `unauthorized: unknown token`, "token_invalid", map[string]string{}},
		{"ControlValue", "name \"a\\x1b[2Jb\": must not contain control characters (U+001B)", "invalid",
			map[string]string{"field": "name", "value": `a\x1b[2Jb`, "reason": "must not contain control characters (U+001B)"}},
		{"Invalid", `zoom "deep": must be a number from 0 to 22`, "invalid",
			map[string]string{"field": "zoom", "value": "deep", "reason": "must be a number from 0 to 22"}},
		{"Other", `something unforeseen`, "other", map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, params := api.Describe(tc.text)
			if code != tc.code || !maps.Equal(params, tc.params) {
				t.Errorf("describe(%q) = %q %v, want %q %v", tc.text, code, params, tc.code, tc.params)
			}
		})
	}
}

// The map has a Chinese message for every code, and the document lists
// every code.
func TestErrorCodes_documented(t *testing.T) {
	dict, err := os.ReadFile("../frontend/i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range api.ErrorCodes() {
		if !regexp.MustCompile(`'err\.` + code + `':`).Match(dict) {
			t.Errorf("frontend/i18n.js has no 'err.%s'", code)
		}
	}
	for _, code := range []string{"outside_data", "other"} {
		if !regexp.MustCompile(`'coverage\.` + code + `':`).Match(dict) {
			t.Errorf("frontend/i18n.js has no 'coverage.%s'", code)
		}
	}
	doc := MustOpenAPI(t, MustServer(t))
	var enum []string
	for _, v := range doc.Components.Schemas["Error"].Value.Properties["code"].Value.Enum {
		enum = append(enum, v.(string))
	}
	if !slices.Equal(enum, api.ErrorCodes()) {
		t.Errorf("openapi.json Error.code enum %v, want %v", enum, api.ErrorCodes())
	}
}

// Errors over HTTP carry their code and parameters.
func TestErrors_codes(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, method, url string
		role              store.Role
		body              string
		status            int
		code              string
		params            map[string]string
	}{
		{"Lat", "POST", "/api/v1/check", "", `{"lon":104,"lat":"99","category":"bar"}`, 400, "between",
			map[string]string{"field": "lat", "value": "99", "min": "-90", "max": "90"}},
		{"Token", "POST", "/api/v1/audit", "", ``, 401, "token_required", nil},
		{"Role", "POST", "/api/v1/audit", store.RolePolice, ``, 403, "forbidden", map[string]string{"role": "police"}},
		{"Pack", "GET", "/api/v1/rules?pack=nope", "", ``, 404, "no_pack", nil},
		{"Distances", "GET", "/api/v1/whatif?category=bar&distances=100,50", "", ``, 400, "distances_increase",
			map[string]string{"field": "distances", "value": "100,50", "item": "50", "previous": "100"}},
		{"LonLat", "POST", "/api/v1/check", "", `{"category":"bar"}`, 400, "lonlat_required", nil},
		{"Token", "DELETE", "/api/v1/admin/tokens/00000000", store.RoleAdmin, ``, 404, "not_found", map[string]string{"field": "token", "value": "00000000"}},
		{"NoEndpoint", "GET", "/api/v1/nope", "", ``, 404, "no_endpoint", map[string]string{"path": "/api/v1/nope"}},
		{"Method", "DELETE", "/api/v1/check", "", ``, 405, "method", map[string]string{"method": "DELETE", "path": "/api/v1/check"}},
		{"SchoolID", "GET", "/api/v1/schools/report", store.RoleRegulator, ``, 400, "school_id", map[string]string{"field": "id", "value": ""}},
		{"Category", "GET", "/api/v1/whatif?distances=50", "", ``, 400, "required", map[string]string{"field": "category", "value": ""}},
		{"SiteMissing", "POST", "/api/v1/site", "", `{}`, 400, "site_missing", nil},
		{"SiteGate", "POST", "/api/v1/site", "", `{"site":{"type":"Point","coordinates":[104.06,30.66]},"gates":[[104.06,30.66],[104]]}`,
			400, "site_gate", map[string]string{"gate": "1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := ts.Do(t, tc.method, tc.url, tc.role, tc.body)
			body := MustError(t, w, tc.status, "")
			if body.Code != tc.code {
				t.Errorf("code %q, want %q: %s", body.Code, tc.code, w.Body)
			}
			for k, v := range tc.params {
				if body.Params[k] != v {
					t.Errorf("params[%q] = %q, want %q", k, body.Params[k], v)
				}
			}
		})
	}
}

// A check outside the data says why with a code.
func TestCheck_coverageCode(t *testing.T) {
	ts := MustServer(t)
	w := ts.Do(t, http.MethodPost, "/api/v1/check", "", `{"lon":110,"lat":40,"category":"water"}`)
	var res struct {
		Verdict, Coverage string
		CoverageCode      string `json:"coverage_code"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Verdict != "not_covered" || res.Coverage == "" || res.CoverageCode != "outside_data" {
		t.Errorf("%s", w.Body)
	}
}
