package api_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"
)

type storedCheck struct {
	ID         string `json:"id"`
	Seq        int    `json:"seq"`
	Time       string `json:"time"`
	Actor      string `json:"actor"`
	PrevSHA256 string `json:"prev_sha256"`
	SHA256     string `json:"sha256"`
	Record     struct {
		Kind          string          `json:"kind"`
		EngineVersion string          `json:"engine_version"`
		Input         json.RawMessage `json:"input"`
		Answer        struct {
			Verdict string `json:"verdict"`
			Hits    []struct {
				RuleID   string `json:"rule_id"`
				Citation struct {
					Clause string `json:"clause"`
				} `json:"citation"`
			} `json:"hits"`
		} `json:"answer"`
		Rules struct {
			ID    string `json:"id"`
			Rules []struct {
				ID       string `json:"id"`
				Citation struct {
					Clause string `json:"clause"`
				} `json:"citation"`
			} `json:"rules"`
		} `json:"rules"`
		RulesFile struct {
			Path   string `json:"path"`
			SHA256 string `json:"sha256"`
		} `json:"rules_file"`
		Data struct {
			Source  string `json:"source"`
			Date    string `json:"date"`
			Licence string `json:"licence"`
			Files   []struct {
				Path   string `json:"path"`
				SHA256 string `json:"sha256"`
			} `json:"files"`
		} `json:"data"`
		Coordinates struct {
			WGS84 [2]float64 `json:"wgs84"`
			GCJ02 [2]float64 `json:"gcj02"`
		} `json:"coordinates"`
	} `json:"record"`
}

func withData(c *api.Config) {
	c.Data = api.DataInfo{Source: "OpenStreetMap", Date: "2018-07", Files: []api.FileFingerprint{{Path: "data/x.osm.pbf", Bytes: 3, SHA256: strings.Repeat("ab", 32)}}}
}

// A recorded check answers as a check does, plus the record's ID and hash;
// the record holds the input as sent, the answer, every rule and clause,
// the rule pack's and the data's fingerprints and both coordinates.
func TestCheck_record(t *testing.T) {
	ts := MustServer(t, withData)
	body := `{"lon":104.002,"lat":30.0015,"category":"internet_cafe","record":true}`
	var got struct {
		Verdict      string `json:"verdict"`
		RecordID     string `json:"record_id"`
		RecordSHA256 string `json:"record_sha256"`
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/check", store.RoleRegulator, body), 200, &got)
	if got.Verdict != "prohibited" || got.RecordID != "chk-1" || len(got.RecordSHA256) != 64 {
		t.Fatalf("answer %+v", got)
	}
	var rec storedCheck
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/checks/chk-1", store.RoleAdmin, ""), 200, &rec)
	r := rec.Record
	pack, _ := os.ReadFile(rulesDir + "/engine.yaml")
	sum := sha256.Sum256(pack)
	switch {
	case rec.ID != "chk-1" || rec.SHA256 != got.RecordSHA256 || rec.PrevSHA256 != strings.Repeat("0", 64) || rec.Actor != "regulator:"+ts.TokenID(t, store.RoleRegulator):
		t.Errorf("envelope %+v", rec)
	case string(r.Input) != body || r.Kind != "check" || r.EngineVersion != "test":
		t.Errorf("input %s, kind %q, version %q", r.Input, r.Kind, r.EngineVersion)
	case r.Answer.Verdict != "prohibited" || len(r.Answer.Hits) != 1 || r.Answer.Hits[0].Citation.Clause == "":
		t.Errorf("answer %+v", r.Answer)
	case r.Rules.ID != "engine" || len(r.Rules.Rules) != 5 || r.Rules.Rules[4].Citation.Clause != "学校附近河流、水库、山塘等重点水域":
		t.Errorf("rules %+v", r.Rules)
	case r.RulesFile.SHA256 != hex.EncodeToString(sum[:]) || !strings.HasSuffix(r.RulesFile.Path, "engine.yaml"):
		t.Errorf("rules file %+v", r.RulesFile)
	case r.Data.Date != "2018-07" || r.Data.Licence != "© OpenStreetMap contributors, ODbL" || len(r.Data.Files) != 1 || r.Data.Files[0].SHA256 != strings.Repeat("ab", 32):
		t.Errorf("data %+v", r.Data)
	case r.Coordinates.WGS84 != [2]float64{104.002, 30.0015} || r.Coordinates.GCJ02[0]-104.002 < 0.001:
		t.Errorf("coordinates %+v", r.Coordinates)
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/check", store.RoleAdmin, `{"lon":"104.01","lat":"30.01","category":"bar","record":true}`), 200, &got)
	if got.RecordID != "chk-2" {
		t.Errorf("second record %q", got.RecordID)
	}
	var chain struct {
		OK      bool   `json:"ok"`
		Records int    `json:"records"`
		Head    string `json:"head"`
		Break   any    `json:"break"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/checks/verify", store.RoleRegulator, ""), 200, &chain)
	if !chain.OK || chain.Records != 2 || chain.Head != got.RecordSHA256 || chain.Break != nil {
		t.Errorf("verify %+v", chain)
	}
	// A check that is not recorded stores nothing.
	ts.Do(t, http.MethodPost, "/api/v1/check", store.RoleRegulator, `{"lon":104.002,"lat":30.0015,"category":"bar"}`)
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/checks/verify", store.RoleRegulator, ""), 200, &chain)
	if chain.Records != 2 {
		t.Errorf("%d records after a check that was not to be recorded", chain.Records)
	}
}

func TestCheck_record_errors(t *testing.T) {
	ts := MustServer(t)
	rec := `{"lon":104.002,"lat":30.0015,"category":"internet_cafe","record":true}`
	tests := []struct {
		name, method, url string
		role              store.Role
		body              string
		code              int
		want              string
	}{
		{"Anonymous", "POST", "/api/v1/check", "", rec, 403, "record: recording a check needs a regulator or admin token"},
		{"Police", "POST", "/api/v1/check", store.RolePolice, rec, 403, `record: role "police" may not record a check`},
		{"School", "POST", "/api/v1/check", store.RoleSchool, rec, 403, `role "school" may not record`},
		{"BadInput", "POST", "/api/v1/check", store.RoleRegulator, `{"lon":104,"lat":200,"category":"bar","record":true}`, 400, `lat "200"`},
		{"NotBool", "POST", "/api/v1/check", store.RoleRegulator, `{"lon":104,"lat":30,"category":"bar","record":"yes"}`, 400, "record"},
		{"Unknown", "GET", "/api/v1/checks/chk-9", store.RoleRegulator, "", 404, `check record "chk-9": not found`},
		{"Malformed", "GET", "/api/v1/checks/abc", store.RoleRegulator, "", 404, `check record "abc": not found`},
		{"ReadAnonymous", "GET", "/api/v1/checks/chk-1", "", "", 401, "bearer token is required"},
		{"ReadPolice", "GET", "/api/v1/checks/chk-1", store.RolePolice, "", 403, "may not"},
		{"VerifySchool", "GET", "/api/v1/checks/verify", store.RoleSchool, "", 403, "may not"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, tc.method, tc.url, tc.role, tc.body), tc.code, tc.want)
		})
	}
	r := ts.NewRequest("POST", "/api/v1/check", "", rec)
	r.Header.Set("Authorization", "Bearer sz_nope")
	MustError(t, ts.Serve(r), 401, "")
	if c, err := ts.Store.VerifyChecks(t.Context()); err != nil || c.Records != 0 {
		t.Errorf("refused requests were recorded: %+v, %v", c, err)
	}
}
