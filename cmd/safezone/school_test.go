package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// schoolFixture: school g has a gate on its north side, school n none;
// each has a stall 30 m north of its campus, a police post 2 km away and
// a pond on its campus.
const schoolFixture = `{"type":"Feature","properties":{"id":"g","kind":"school","name":"有门小学","school_kind":"primary","gates":[[104.0600,30.66045]]},"geometry":{"type":"Polygon","coordinates":[[[104.0595,30.65955],[104.0605,30.65955],[104.0605,30.66045],[104.0595,30.66045],[104.0595,30.65955]]]}}
{"type":"Feature","properties":{"id":"n","kind":"school","name":"无门小学","school_kind":"primary"},"geometry":{"type":"Polygon","coordinates":[[[104.0795,30.65955],[104.0805,30.65955],[104.0805,30.66045],[104.0795,30.66045],[104.0795,30.65955]]]}}
{"type":"Feature","properties":{"id":"s1","kind":"business","category":"street_stall","name":"摊1"},"geometry":{"type":"Point","coordinates":[104.0600,30.66072]}}
{"type":"Feature","properties":{"id":"s2","kind":"business","category":"street_stall","name":"摊2"},"geometry":{"type":"Point","coordinates":[104.0800,30.66072]}}
{"type":"Feature","properties":{"id":"p1","kind":"business","category":"police","name":"派出所"},"geometry":{"type":"Point","coordinates":[104.0700,30.6800]}}
{"type":"Feature","properties":{"id":"w1","kind":"water","water_kind":"pond","name":"荷塘"},"geometry":{"type":"Polygon","coordinates":[[[104.0799,30.6599],[104.0801,30.6599],[104.0801,30.6601],[104.0799,30.6601],[104.0799,30.6599]]]}}
`

const schoolPack = `id: t
title: 测试
document: {title: 测试文件, issuer: 测试机关, date: 2024}
rules:
  - {id: gate_stalls_100, title: 校门口摊点, categories: [street_stall], distance_m: 100, from: gate, severity: prohibited, citation: {clause: 校门两侧100米范围内}}
  - {id: campus_water, title: 校内水域, kind: inside, categories: [water], severity: inspect, citation: {clause: 校内景观水域}}
  - {id: police_500, title: 警务室, kind: requires, categories: [police], distance_m: 500, from: campus, severity: inspect, citation: {clause: 警务室建设}}
`

// TestSchool_measuredFrom: the text report says a gate rule was measured
// from the gate only at a school that has one, as the JSON does, and
// lists what an inside rule finds on the campus and what a requires rule
// finds missing.
func TestSchool_measuredFrom(t *testing.T) {
	dir := t.TempDir()
	data := mustWriteFile(t, dir, "schools.geojson", schoolFixture)
	pack := mustWriteFile(t, dir, "t.yaml", schoolPack)
	tests := []struct {
		id, want, from string
	}{
		{"g", "gate_stalls_100 (100 m from the gate; 29.9", "gate"},
		{"n", "gate_stalls_100 (100 m from the campus (no gate mapped); 29.9", "campus"},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			code, out, errOut := MustRun(t, "school", "--data", data, "--rules", pack, "--id", tc.id)
			if code != 0 || !strings.Contains(out, tc.want) {
				t.Fatalf("exit %d: %s\n%s\nwant %q", code, errOut, out, tc.want)
			}
			if !strings.Contains(out, "lacking: 1\n  inspect    police_500: no police within 500 m of the campus; the nearest is p1 派出所 at") {
				t.Errorf("no lacking police post in\n%s", out)
			}
			if inside := strings.Contains(out, "campus_water (on the campus)"); inside != (tc.id == "n") {
				t.Errorf("pond on the campus listed %v in\n%s", inside, out)
			}
			code, out, _ = MustRun(t, "school", "--data", data, "--rules", pack, "--id", tc.id, "--format", "json")
			var rep struct {
				Rings []struct {
					Hazards []struct {
						FeatureID string `json:"feature_id"`
						Rules     []struct {
							MeasuredFrom string `json:"measured_from"`
						}
					}
				}
				Lacking []struct {
					RuleKind string `json:"rule_kind"`
					Lacking  bool
				}
			}
			if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil {
				t.Fatal(code, err)
			}
			found := false
			for _, r := range rep.Rings {
				for _, h := range r.Hazards {
					if strings.HasPrefix(h.FeatureID, "s") {
						found = h.Rules[0].MeasuredFrom == tc.from
					}
				}
			}
			if !found || len(rep.Lacking) != 1 || !rep.Lacking[0].Lacking || rep.Lacking[0].RuleKind != "requires" {
				t.Errorf("JSON: stall measured from %q: %v; lacking %+v", tc.from, found, rep.Lacking)
			}
		})
	}
}
