package api_test

import (
	"net/http"
	"testing"

	"github.com/safezone/safezone/store"
)

type datedHit struct {
	FeatureID      string `json:"feature_id"`
	RuleID         string `json:"rule_id"`
	Severity       string `json:"severity"`
	RuleSeverity   string `json:"rule_severity"`
	Existing       string `json:"existing"`
	RuleEffective  string `json:"rule_effective"`
	OpenedOn       string `json:"opened_on"`
	SchoolOpenedOn string `json:"school_opened_on"`
	Precedes       string `json:"precedes"`
	Undated        bool   `json:"undated"`
}

// A check says which date applied and the severity that resulted: the
// internet cafe rule of the dates pack exempts places opened before
// 2019-05-01, and a place without a date is new.
func TestCheck_openedOn(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, opened, verdict, severity, precedes string
		undated                                   bool
	}{
		{"BeforeTheRule", `,"opened_on":"2018-06"`, "allowed", "exempt", "rule", false},
		{"AfterTheRule", `,"opened_on":"2020"`, "prohibited", "prohibited", "", false},
		{"Undated", ``, "prohibited", "prohibited", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got struct {
				Verdict string     `json:"verdict"`
				Hits    []datedHit `json:"hits"`
			}
			MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"internet_cafe","rules":"dates"`+tc.opened+`}`), 200, &got)
			if len(got.Hits) != 1 {
				t.Fatalf("answer %+v", got)
			}
			h := got.Hits[0]
			if got.Verdict != tc.verdict || h.Severity != tc.severity || h.Precedes != tc.precedes || h.Undated != tc.undated ||
				h.RuleSeverity != "prohibited" || h.Existing != "exempt" || h.RuleEffective != "2019-05-01" {
				t.Errorf("verdict %s, hit %+v", got.Verdict, h)
			}
		})
	}
	for _, bad := range []struct{ v, want string }{{"soon", `opened_on "soon": must be a date`}, {"2999", `opened_on "2999": is in the future`}} {
		MustError(t, ts.Do(t, http.MethodPost, "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"bar","opened_on":"`+bad.v+`"}`), 400, bad.want)
	}
}

// Registered businesses carry their opening date into audits, and a site
// that opens later finds them older than the school.
func TestAudit_openedOn(t *testing.T) {
	ts := MustServer(t)
	var b struct {
		ID       string `json:"id"`
		OpenedOn string `json:"opened_on"`
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator,
		`{"name":"老网吧","category":"internet_cafe","lon":104.0015,"lat":30.0012,"opened_on":"2012年5月1日"}`), 201, &b)
	if b.OpenedOn != "2012-05-01" {
		t.Fatalf("business %+v", b)
	}
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator,
		`{"name":"x","category":"bar","lon":104,"lat":30,"opened_on":"2999-12-31"}`), 400, `opened_on "2999-12-31": is in the future`)
	var hits []datedHit
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/audit?rules=dates", store.RoleRegulator, `{"rules":"dates"}`), 200, &hits)
	found := map[string]datedHit{}
	for _, h := range hits {
		found[h.FeatureID] = h
	}
	if h := found[b.ID]; h.Severity != "exempt" || h.Precedes != "rule" || h.OpenedOn != "2012-05-01" {
		t.Errorf("registered business: %+v", h)
	}
	if h := found["biz/1"]; h.Severity != "prohibited" || !h.Undated {
		t.Errorf("mapped business without a date: %+v", h)
	}
	var site struct {
		Hits []datedHit `json:"hits"`
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/site", store.RoleRegulator,
		`{"site":`+campus1+`,"school_kind":"primary","rules":"dates","opened_on":"2030-09-01"}`), 200, &site)
	for _, h := range site.Hits {
		if h.FeatureID == b.ID && (h.Precedes != "school" || h.SchoolOpenedOn != "2030-09-01" || h.Severity != "exempt") {
			t.Errorf("site opening in 2030: %+v", h)
		}
	}
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/site", "", `{"site":`+campus1+`,"opened_on":"autumn"}`), 400, `opened_on "autumn": must be a date`)
	var pack struct {
		Rules []struct {
			ID        string `json:"id"`
			Effective string `json:"effective"`
			Existing  string `json:"existing"`
		} `json:"rules"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/rules?pack=dates", "", ""), 200, &pack)
	if r := pack.Rules[1]; r.ID != "bar_200" || r.Effective != "2019" || r.Existing != "inspect" {
		t.Errorf("rule %+v", r)
	}
}
