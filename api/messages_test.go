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
		{"Degrees", `lon "abc": must be a number of degrees`, "degrees", map[string]string{"field": "lon", "value": "abc"}},
		{"OneOf", `crs "utm": must be one of wgs84, cgcs2000, gcj02, bd09`, "one_of",
			map[string]string{"field": "crs", "value": "utm", "allowed": "wgs84, cgcs2000, gcj02, bd09"}},
		{"Either", `method "fly": must be straight or walking`, "one_of",
			map[string]string{"field": "method", "value": "fly", "allowed": "straight, walking"}},
		{"Quoted", `category "a\"b": must be one of bar`, "one_of",
			map[string]string{"field": "category", "value": `a"b`, "allowed": "bar"}},
		{"Row", `licences.csv:3: 经度 (lon) "abc": must be a number of degrees (and 1 more bad rows)`, "degrees",
			map[string]string{"file": "licences.csv", "row": "3", "more": "1", "column": "经度", "field": "lon", "value": "abc"}},
		{"Swapped", `licences.csv:2: lat "104.06": must be between -90 and 90; are lon and lat swapped?`, "between",
			map[string]string{"file": "licences.csv", "row": "2", "field": "lat", "value": "104.06", "min": "-90", "max": "90",
				"swapped": "; are lon and lat swapped?"}},
		{"CategoryRow", `licences.csv:4: category "no_such": must be a business category: one of internet_cafe, bar, or a Chinese name such as 网吧, 酒吧`,
			"category", map[string]string{"file": "licences.csv", "row": "4", "field": "category", "value": "no_such", "allowed": "internet_cafe, bar"}},
		{"Required", `licences.csv:2: name "": must not be empty for a business`, "required",
			map[string]string{"file": "licences.csv", "row": "2", "field": "name", "value": "", "kind": "business"}},
		{"LicenceKind", `licences.csv:2: kind "school": a licence list holds businesses only`, "licence_kind",
			map[string]string{"file": "licences.csv", "row": "2", "field": "kind", "value": "school"}},
		{"Posts", `posts "0": must be a whole number of at least 1`, "whole_min", map[string]string{"field": "posts", "value": "0", "min": "1"}},
		{"Radius", `radius "9000": must be a number of meters above 0 and at most 5000`, "meters_max",
			map[string]string{"field": "radius", "value": "9000", "max": "5000"}},
		{"NoPack", `rules "nope": no such rule pack; available: default, engine`, "no_pack",
			map[string]string{"field": "rules", "value": "nope", "available": "default, engine"}},
		{"NotFound", `feature "way/9": not found`, "not_found", map[string]string{"field": "feature", "value": "way/9"}},
		{"Token", `unauthorized: a bearer token is required`, "token_required", map[string]string{}},
		{"BadToken", `unauthorized: unknown token`, "token_invalid", map[string]string{}},
		{"Stopped", `request stopped at the time limit of 30s`, "stopped", map[string]string{"limit": "30s"}},
		{"Cancelled", `request cancelled`, "cancelled", map[string]string{}},
		{"TooLarge", `request body over 8 MiB`, "too_large", map[string]string{"limit": "8 MiB"}},
		{"ImportLimit", `body: larger than the import limit of 256 MiB (268435456 bytes; serve --import-limit)`, "too_large",
			map[string]string{"limit": "256 MiB"}},
		{"PackTooLarge", `body: a rule pack must be at most 65536 bytes`, "pack_too_large", map[string]string{"max": "65536"}},
		{"NoReload", `this server cannot reload its data: it was started without a data source`, "no_reload", map[string]string{}},
		{"RestartRules", `this server cannot reload: restart it for --rules to decide again`, "restart_rules", map[string]string{}},
		{"PGBackup", `the store is a PostgreSQL database: back it up whole with pg_dump`, "pg_backup", map[string]string{}},
		{"ControlValue", "name \"a\\x1b[2Jb\": must not contain control characters (U+001B)", "invalid",
			map[string]string{"field": "name", "value": `a\x1b[2Jb`, "reason": "must not contain control characters (U+001B)"}},
		{"Forbidden", `forbidden: role "school" may not POST /api/v1/audit`, "forbidden", map[string]string{"role": "school"}},
		{"Header", `licences.csv:1: header: bare " in non-quoted-field`, "csv_header",
			map[string]string{"file": "licences.csv", "row": "1", "detail": `bare " in non-quoted-field`}},
		{"NotXLSX", `licences.xlsx: not an .xlsx workbook: zip: not a valid zip file`, "not_xlsx", map[string]string{"file": "licences.xlsx"}},
		{"NoColumns", `no lon and lat columns (经度, 纬度) and no wkt column in ["a" "b"]; name them with columns such as lon=X,lat=Y`,
			"no_coords", map[string]string{"header": `["a" "b"]`}},
		{"Junction", `candidates: no road junction within 300 m of a school in the area: send candidates as a GeoJSON FeatureCollection of points`,
			"no_junction", map[string]string{"near": "300"}},
		{"Invalid", `zoom "deep": must be a number from 0 to 22`, "invalid",
			map[string]string{"field": "zoom", "value": "deep", "reason": "must be a number from 0 to 22"}},
		{"SiteSelfIntersecting", `site: self-intersecting: the edge from [104.05, 30.66] to [104.06, 30.67] crosses or touches the edge from [104.06, 30.66] to [104.05, 30.67]`,
			"site_self_intersecting", map[string]string{"from": "[104.05, 30.66]", "to": "[104.06, 30.67]", "other_from": "[104.06, 30.66]", "other_to": "[104.05, 30.67]"}},
		{"SiteUnclosed", `site: unclosed ring: its first position [104, 30] and last [104.1, 30] must be equal`, "site_unclosed",
			map[string]string{"first": "[104, 30]", "last": "[104.1, 30]"}},
		{"SiteRingShort", `site: a ring of 3 positions: a ring must have at least 4, the last equal to the first`, "site_ring_short",
			map[string]string{"count": "3"}},
		{"SiteVertices", `site: 9000 positions: must have at most 4096`, "site_vertices", map[string]string{"count": "9000", "max": "4096"}},
		{"AreaInvalid", `district: not a valid polygon (validating ring at index 0: polygon ring not simple (at or near {104.05 30.65})): its rings must not cross themselves or each other`, "area_invalid", map[string]string{"field": "district"}},
		{"AreaVertices", `district: more than 200000 vertices: simplify the boundary`, "area_vertices", map[string]string{"field": "district", "max": "200000"}},
		{"AreaType", `district "\"x\"": must be a GeoJSON Polygon or MultiPolygon, or a Feature with one`, "area_type", map[string]string{"field": "district", "value": `"x"`}},
		{"SiteGate", `site.properties.gates[1] [104]: must be [lon, lat]`, "site_gate", map[string]string{"gate": "1"}},
		{"SiteType", `site.type "LineString": must be Point, Polygon or MultiPolygon`, "site_type",
			map[string]string{"field": "site.type", "value": "LineString"}},
		{"DistancesIncrease", `distances "100,50": must increase, but "50" follows 100`, "distances_increase",
			map[string]string{"field": "distances", "value": "100,50", "item": "50", "previous": "100"}},
		{"DistanceRange", `distances "0,50": "0" must be above 0 and at most the rule limit, 5000 m`, "distance_range",
			map[string]string{"field": "distances", "value": "0,50", "item": "0", "max": "5000"}},
		{"DistanceNumber", `distances "a": "a" is not a number of meters`, "distance_number",
			map[string]string{"field": "distances", "value": "a", "item": "a"}},
		{"DistancesList", `distances "": must list 1 to 12 distances in meters, increasing, such as 50,100,200`, "distances_list",
			map[string]string{"field": "distances", "value": "", "max": "12"}},
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
