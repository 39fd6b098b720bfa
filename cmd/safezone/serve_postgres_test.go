package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store/storetest"

	"github.com/safezone/safezone/geo/geojson"
)

// TestServe_PostgresReplicas runs two servers on one PostgreSQL store, as
// replicas behind a load balancer would: a business registered through one
// shows up in the other's audit, and its delete disappears from it, within
// a bounded time, with no restart.
func TestServe_PostgresReplicas(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	data := filepath.Join(t.TempDir(), "data")
	if code, _, errOut := MustRun(t, "gen", "--schools", "20", "--businesses", "100", "--out", data); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errOut)
	}
	code, out, errOut := MustRun(t, "token", "create", "--store", dsn, "--role", "regulator")
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	token, _, _ := strings.Cut(out, "\n")
	var replicas [2]*Main
	for i := range replicas {
		m := &Main{Config: DefaultConfig(), Logger: slog.New(slog.DiscardHandler)}
		m.Config.Addr, m.Config.Store = "127.0.0.1:0", dsn
		m.Config.sources = sources{data: data, rulesDir: rulesDir}
		if err := m.Run(t.Context()); err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		t.Cleanup(func() { m.Close() })
		replicas[i] = m
	}
	a, b := replicas[0], replicas[1]
	school := mustFirstSchool(t, data)
	c := school.Geometry.Bound().Center()
	bbox := fmt.Sprintf("%v,%v,%v,%v", c.Lon()-0.01, c.Lat()-0.01, c.Lon()+0.01, c.Lat()+0.01)
	if ids := auditFeatureIDs(t, b, token, bbox); ids["reg/1"] {
		t.Fatalf("replica b finds reg/1 before it is registered: %v", ids)
	}

	body := fmt.Sprintf(`{"name": "校门网吧", "category": "internet_cafe", "lon": %v, "lat": %v}`, c.Lon(), c.Lat())
	start := time.Now()
	resp := mustRequest(t, http.MethodPost, "http://"+a.Addr()+"/api/v1/businesses", token, body)
	if resp != http.StatusCreated {
		t.Fatalf("register through replica a: status %d", resp)
	}
	waitAudit(t, b, token, bbox, true)
	t.Logf("registered through a, in b's audit %v after the request began", time.Since(start))
	start = time.Now()

	if resp := mustRequest(t, http.MethodDelete, "http://"+a.Addr()+"/api/v1/businesses/1", token, ""); resp != http.StatusNoContent {
		t.Fatalf("delete through replica a: status %d", resp)
	}
	waitAudit(t, b, token, bbox, false)
	t.Logf("deleted through a, gone from b's audit %v after the request began", time.Since(start))
}

// waitAudit polls b's audit until reg/1 is in it (want) or not, failing
// after 5 s.
func waitAudit(t *testing.T, b *Main, token, bbox string, want bool) {
	t.Helper()
	start := time.Now()
	for auditFeatureIDs(t, b, token, bbox)["reg/1"] != want {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("replica b: reg/1 in audit = %v after 5 s, want %v", !want, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func mustFirstSchool(t *testing.T, data string) geo.Feature {
	t.Helper()
	f, err := os.Open(filepath.Join(data, "schools.geojsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fs, err := geojson.Read(f, "schools.geojsonl")
	if err != nil || len(fs) == 0 {
		t.Fatalf("read schools: %d, %v", len(fs), err)
	}
	return fs[0]
}

// auditFeatureIDs returns the IDs of the features in m's audit of bbox.
func auditFeatureIDs(t *testing.T, m *Main, token, bbox string) map[string]bool {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://"+m.Addr()+"/api/v1/audit",
		strings.NewReader(fmt.Sprintf(`{"bbox": %q, "format": "json"}`, bbox)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("audit: status %d: %s", resp.StatusCode, msg)
	}
	var hits []struct {
		FeatureID string `json:"feature_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&hits); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range hits {
		ids[h.FeatureID] = true
	}
	return ids
}

func mustRequest(t *testing.T, method, url, token, body string) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
