package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

func TestCategories(t *testing.T) {
	ts := MustServer(t)
	w := ts.Do(t, http.MethodGet, "/api/v1/categories", "", "")
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "max-age=3600" {
		t.Fatalf("status %d, Cache-Control %q", w.Code, w.Header().Get("Cache-Control"))
	}
	var got struct {
		Categories []struct {
			ID     string
			Name   struct{ ZH, EN string }
			Lead   struct{ ZH, EN string }
			Import []string
			OSM    []string
		}
		WaterKinds []struct {
			ID   string
			Name struct{ ZH, EN string }
		} `json:"water_kinds"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var ids, waterIDs []string
	for _, c := range got.Categories {
		ids = append(ids, c.ID)
		if c.Name.ZH == "" || c.Name.EN == "" || c.Lead.ZH == "" {
			t.Errorf("category %s: names %+v, lead %+v", c.ID, c.Name, c.Lead)
		}
	}
	for _, k := range got.WaterKinds {
		waterIDs = append(waterIDs, k.ID)
	}
	if !slices.Equal(ids, names(geo.Categories)) || !slices.Equal(waterIDs, names(geo.WaterKinds)) {
		t.Errorf("categories %v, water kinds %v: not the code's lists", ids, waterIDs)
	}
	lottery := got.Categories[slices.Index(ids, "lottery")]
	if lottery.Name.ZH != "彩票销售点" || !slices.Contains(lottery.OSM, "shop=* named 彩票") || !slices.Contains(lottery.Import, "彩票投注站") {
		t.Errorf("lottery: %+v", lottery)
	}
}

// TestRuleKinds_overHTTP: the school report and the audit carry the rule
// kinds: school/1 has no police post within 500 m of its gates, which the
// requires rule of the kinds pack asks for.
func TestRuleKinds_overHTTP(t *testing.T) {
	ts := MustServer(t)
	var rep struct {
		Along   []any
		Lacking []struct {
			RuleID       string `json:"rule_id"`
			RuleKind     string `json:"rule_kind"`
			Lacking      bool
			MeasuredFrom string `json:"measured_from"`
		}
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=school/1&rules=kinds", store.RolePolice, ""), http.StatusOK, &rep)
	if len(rep.Lacking) != 1 || rep.Lacking[0].RuleID != "police_post_500" || rep.Lacking[0].RuleKind != "requires" ||
		!rep.Lacking[0].Lacking || rep.Lacking[0].MeasuredFrom != "gate" || rep.Along == nil {
		t.Errorf("report: %+v", rep)
	}
	var hits []struct {
		FeatureID string `json:"feature_id"`
		Category  string
		SchoolID  string `json:"school_id"`
		RuleKind  string `json:"rule_kind"`
		Lacking   bool
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/audit", store.RoleRegulator, `{"rules":"kinds"}`), http.StatusOK, &hits)
	last := hits[len(hits)-1]
	if last.SchoolID != "school/1" || !last.Lacking || last.FeatureID != "" || last.Category != "police" {
		t.Errorf("audit: last hit %+v, want school/1 lacking a police post", last)
	}
	var fc struct {
		Features []struct {
			Geometry   struct{ Type string }
			Properties struct{ Lacking bool }
		}
	}
	w := ts.Do(t, http.MethodPost, "/api/v1/audit", store.RoleRegulator, `{"rules":"kinds","format":"geojson"}`)
	if err := json.Unmarshal(w.Body.Bytes(), &fc); w.Code != http.StatusOK || err != nil || len(fc.Features) == 0 {
		t.Fatalf("GeoJSON audit: %d %v", w.Code, err)
	}
	if f := fc.Features[len(fc.Features)-1]; !f.Properties.Lacking || f.Geometry.Type != "Polygon" {
		t.Errorf("GeoJSON: the lacking hit %+v is not drawn at the school's campus", f)
	}
	var pack struct {
		Rules []struct{ ID, Kind string }
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/rules?pack=kinds", "", ""), http.StatusOK, &pack)
	if len(pack.Rules) != 3 || pack.Rules[0].Kind != "inside" || pack.Rules[1].Kind != "along" || pack.Rules[2].Kind != "requires" {
		t.Errorf("rules: %+v", pack.Rules)
	}
}
