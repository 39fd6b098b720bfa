package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
)

// TestServer_check_contentLength checks that a check's answer, long enough
// that net/http would otherwise send it chunked, carries its Content-Length,
// and that ?pretty still indents it.
func TestServer_check_contentLength(t *testing.T) {
	var fs []geo.Feature
	for i := range 12 { // 12 schools within 100 m: 12 hits
		fs = append(fs, geo.Feature{ID: fmt.Sprintf("node/%d", i+1), Kind: geo.School, Name: "第一小学",
			SchoolKind: geo.Primary, Geometry: orb.Point{104.06 + float64(i)*1e-4, 30.66}})
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := geo.ParseRulePack("zones.yaml", []byte(zonesPackYAML))
	if err != nil {
		t.Fatal(err)
	}
	cfg := api.DefaultConfig()
	cfg.Index, cfg.Rules = idx, pack
	h := api.New(cfg)
	body := `{"lat":30.66,"lon":104.0605,"category":"internet_cafe"}`
	for _, url := range []string{"/api/v1/check", "/api/v1/check?pretty"} {
		t.Run(url, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, url, strings.NewReader(body)))
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			var res struct{ Hits []json.RawMessage }
			if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || len(res.Hits) != 24 {
				t.Fatalf("%d hits (%v), want 24 (12 schools, 2 rules): %s", len(res.Hits), err, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if w.Body.Len() <= 2048 || !bytes.HasSuffix(w.Body.Bytes(), []byte("}\n")) {
				t.Errorf("answer of %d bytes, want over 2048 ending in a newline", w.Body.Len())
			}
			pretty := strings.HasSuffix(url, "?pretty")
			if indented := bytes.Contains(w.Body.Bytes(), []byte("\n  ")); indented != pretty {
				t.Errorf("indented %v, want %v", indented, pretty)
			}
			if n := w.Header().Get("Content-Length"); !pretty && n != strconv.Itoa(w.Body.Len()) {
				t.Errorf("Content-Length %q for %d bytes", n, w.Body.Len())
			}
		})
	}
}
