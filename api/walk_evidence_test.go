package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/safezone/safezone/store"
)

type walkedHit struct {
	FeatureID        string   `json:"feature_id"`
	RuleID           string   `json:"rule_id"`
	LimitM           float64  `json:"limit_m"`
	Method           string   `json:"method"`
	WalkingM         *float64 `json:"walking_m"`
	Route            any      `json:"route"`
	ClearedByWalking bool     `json:"cleared_by_walking"`
	WalkingMoreThanM *float64 `json:"walking_more_than_m"`
}

// checkWalked fails unless every walking entry carries its evidence, and
// returns how many were cleared.
func checkWalked(t *testing.T, hs []walkedHit) (cleared int) {
	t.Helper()
	for _, h := range hs {
		if h.Method != "walking" {
			continue
		}
		switch {
		case h.ClearedByWalking && h.WalkingMoreThanM == nil && (h.WalkingM == nil || *h.WalkingM <= h.LimitM || h.Route == nil):
			t.Errorf("cleared %+v: want the walk, longer than the limit", h)
		case !h.ClearedByWalking && (h.WalkingM == nil || *h.WalkingM > h.LimitM || h.Route == nil):
			t.Errorf("hit %+v: want the walk, within the limit", h)
		}
		if h.ClearedByWalking {
			cleared++
		}
	}
	return cleared
}

// Audits, school reports and site checks walk the walking rules, as a
// check does, and show the walk on every hit and every cleared place.
func TestWalkEverywhere(t *testing.T) {
	ts := MustTownServer(t)
	router, err := gorillamux.NewRouter(MustOpenAPI(t, ts))
	if err != nil {
		t.Fatal(err)
	}
	var audit []walkedHit
	validateOpenAPI(t, ts, router, openAPICase{"POST", "/api/v1/audit", store.RoleRegulator, `{"format":"json"}`, 200})
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/audit", store.RoleRegulator, `{"format":"json"}`), 200, &audit)
	if n := checkWalked(t, audit); n != 2 {
		t.Errorf("audit: %d cleared, want 2 (node/71's belt, node/72's stalls)", n)
	}
	validateOpenAPI(t, ts, router, openAPICase{"GET", "/api/v1/schools/report?id=way/120", "", "", 200})
	var rep struct {
		Rings []struct {
			Hazards []struct {
				FeatureID string      `json:"feature_id"`
				Rules     []walkedHit `json:"rules"`
				Cleared   []walkedHit `json:"cleared_by_walking"`
			} `json:"hazards"`
		} `json:"rings"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=way/120", "", ""), 200, &rep)
	cleared := 0
	for _, r := range rep.Rings {
		for _, h := range r.Hazards {
			checkWalked(t, h.Rules)
			cleared += checkWalked(t, h.Cleared)
		}
	}
	if cleared != 2 {
		t.Errorf("report: %d cleared, want 2", cleared)
	}
	var feat struct {
		Geometry json.RawMessage `json:"geometry"`
		Gates    [][2]float64    `json:"gates"`
	}
	var schools struct {
		Features []struct {
			Geometry   json.RawMessage `json:"geometry"`
			Properties struct {
				ID    string       `json:"id"`
				Gates [][2]float64 `json:"gates"`
			} `json:"properties"`
		} `json:"features"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools", "", ""), 200, &schools)
	for _, f := range schools.Features {
		if f.Properties.ID == "way/120" {
			feat.Geometry, feat.Gates = f.Geometry, f.Properties.Gates
		}
	}
	gates, _ := json.Marshal(feat.Gates)
	body := `{"site":` + string(feat.Geometry) + `,"school_kind":"primary","gates":` + string(gates) + `}`
	validateOpenAPI(t, ts, router, openAPICase{"POST", "/api/v1/site", "", body, 200})
	var site struct {
		Hits    []walkedHit `json:"hits"`
		Cleared []walkedHit `json:"cleared_by_walking"`
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/site", "", body), 200, &site)
	checkWalked(t, site.Hits)
	if n := checkWalked(t, site.Cleared); n != 2 || len(site.Cleared) != 2 {
		t.Errorf("site: %d cleared, want 2: %+v", n, site.Cleared)
	}
}
