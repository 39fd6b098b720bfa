package api_test

import (
	"maps"
	"net/http"
	"testing"

	"github.com/safezone/safezone/store"
)

// Answers whose errors carry their code from where they are made, over
// HTTP: the code and parameters the map reads are those the English
// catalogue gave them before.
func TestErrorCodes_ledgerAndBusinesses(t *testing.T) {
	ts := MustServer(t)
	for _, tc := range []struct {
		name, method, path, body, want, code string
		params                               map[string]string
	}{
		{"Limit", http.MethodGet, "/api/v1/ledger/hazards?limit=0", "", `limit "0": must be a whole number from 1 to 1000`, // store.MaxHazardPage
			"whole_range", map[string]string{"field": "limit", "value": "0", "min": "1", "max": "1000"}},
		{"Source", http.MethodGet, "/api/v1/ledger/hazards?source=robot", "", `source "robot": must be audit or manual`,
			"one_of", map[string]string{"field": "source", "value": "robot", "allowed": "audit, manual"}},
		{"Flag", http.MethodGet, "/api/v1/ledger/hazards?vanished=maybe", "", `vanished "maybe": must be true or false`,
			"one_of", map[string]string{"field": "vanished", "value": "maybe", "allowed": "true, false"}},
		{"Top", http.MethodGet, "/api/v1/ledger/summary?top=-1", "", `top "-1": must be a whole number from 0 to 1000`,
			"whole_range", map[string]string{"field": "top", "value": "-1", "min": "0", "max": "1000"}},
		{"Status", http.MethodPost, "/api/v1/businesses", `{"name":"网吧","category":"internet_cafe","lon":104,"lat":30,"status":"closed"}`,
			`status "closed": must be licensed or proposed`, "one_of", map[string]string{"field": "status", "value": "closed", "allowed": "licensed, proposed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := MustError(t, ts.Do(t, tc.method, tc.path, store.RoleAdmin, tc.body), http.StatusBadRequest, tc.want)
			if body.Error != tc.want || body.Code != tc.code || !maps.Equal(body.Params, tc.params) {
				t.Errorf("%q %q %v, want %q %q %v", body.Error, body.Code, body.Params, tc.want, tc.code, tc.params)
			}
		})
	}
}
