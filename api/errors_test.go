package api_test

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"
)

func TestServer_notFound(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, url, want string
	}{
		{"UnknownEndpoint", "/api/v1/nope", "no such endpoint: /api/v1/nope"},
		{"UnknownVersion", "/api/v2/health", "no such endpoint: /api/v2/health"},
		{"BelowAKnownPath", "/api/v1/health/deep", "no such endpoint"},
		{"UnknownAsset", "/nope.js", "Not Found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodGet, tc.url, "", ""), http.StatusNotFound, tc.want)
		})
	}
}

func TestServer_methodNotAllowed(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		method, url, allow string
	}{
		{http.MethodDelete, "/api/v1/check", "POST"},
		{http.MethodPost, "/api/v1/health", "GET"},
		{http.MethodPut, "/api/v1/businesses", "GET, POST"},
		{http.MethodPatch, "/api/v1/businesses/1", "GET, PUT, DELETE"},
		{http.MethodGet, "/api/v1/audit", "POST"},
	}
	for _, tc := range tests {
		t.Run(tc.method+tc.url, func(t *testing.T) {
			// With the admin's token: the method is refused before access.
			w := ts.Do(t, tc.method, tc.url, store.RoleAdmin, "")
			MustError(t, w, http.StatusMethodNotAllowed, "takes "+tc.allow)
			if got := w.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestServer_bodyLimit(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.BodyLimit = "1KiB" })
	big := `{"lon":104.002,"lat":30.0005,"category":"` + strings.Repeat("x", 2000) + `"}`
	bigCSV := "name,category,lon,lat\n" + strings.Repeat("网吧,internet_cafe,104.002,30.0005\n", 100)
	tests := []struct {
		name, method, url, body string
		streamed                bool // no Content-Length: Echo fails the read
	}{
		{"Check", http.MethodPost, "/api/v1/check", big, false},
		{"CheckStreamed", http.MethodPost, "/api/v1/check", big, true},
		{"BusinessStreamed", http.MethodPost, "/api/v1/businesses", big, true},
		{"AuditStreamed", http.MethodPost, "/api/v1/audit", big, true},
		{"LicencesStreamed", http.MethodPost, "/api/v1/audit/licences", bigCSV, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.NewRequest(tc.method, tc.url, store.RoleRegulator, tc.body)
			if tc.streamed {
				r.Body, r.ContentLength = io.NopCloser(io.MultiReader(strings.NewReader(tc.body))), -1
			}
			MustError(t, ts.Serve(r), http.StatusRequestEntityTooLarge, "request body over 1 KiB")
		})
	}
	t.Run("UnderTheLimit", func(t *testing.T) {
		w := ts.Do(t, http.MethodPost, "/api/v1/check", "", `{"lon":104.002,"lat":30.0005,"category":"bar"}`)
		if w.Code != http.StatusOK {
			t.Errorf("status %d: %s", w.Code, w.Body)
		}
	})
}

func TestServer_rateLimit(t *testing.T) {
	// A burst of one request, then one every 100 s: no refill during the test.
	ts := MustServer(t, func(c *api.Config) { c.RatePerSec = 0.01 })
	get := func(url, remote, forwarded string) *httptest.ResponseRecorder {
		r := ts.NewRequest(http.MethodGet, url, "", "")
		r.RemoteAddr = remote
		if forwarded != "" {
			r.Header.Set("X-Forwarded-For", forwarded)
		}
		return ts.Serve(r)
	}
	if w := get("/api/v1/config", "192.0.2.1:1000", ""); w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200 within the burst", w.Code)
	}
	MustError(t, get("/api/v1/config", "192.0.2.1:1001", ""), http.StatusTooManyRequests, "rate limit exceeded")
	// X-Forwarded-For is set by the client, so it does not make another client.
	MustError(t, get("/api/v1/rules", "192.0.2.1:1002", "198.51.100.7"), http.StatusTooManyRequests, "rate limit exceeded")
	if w := get("/api/v1/health", "192.0.2.1:1003", ""); w.Code != http.StatusOK {
		t.Errorf("health: status %d, want 200: health is never limited", w.Code)
	}
	if w := get("/api/v1/config", "192.0.2.2:1000", ""); w.Code != http.StatusOK {
		t.Errorf("another client: status %d, want 200", w.Code)
	}
}

// A panic or an unexpected error is a 500 whose details are logged once,
// and never sent.
func TestServer_internalError(t *testing.T) {
	ts := MustServer(t)
	e := api.EchoOf(ts.Server)
	e.GET("/api/v1/test/panic", func(echo.Context) error { panic("secret panic: db at 10.0.0.1") })
	e.GET("/api/v1/test/error", func(echo.Context) error { return errors.New("secret error: disk full") })
	e.GET("/api/v1/test/echo500", func(echo.Context) error {
		return echo.NewHTTPError(http.StatusBadGateway, "secret upstream: 10.0.0.2")
	})
	tests := []struct {
		url, secret string
		code        int
	}{
		{"/api/v1/test/panic", "secret panic: db at 10.0.0.1", http.StatusInternalServerError},
		{"/api/v1/test/error", "secret error: disk full", http.StatusInternalServerError},
		{"/api/v1/test/echo500", "secret upstream: 10.0.0.2", http.StatusBadGateway},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			w := ts.Do(t, http.MethodGet, tc.url, "", "")
			if w.Code != tc.code || w.Body.String() != `{"error":"internal error"}`+"\n" {
				t.Errorf("got %d %s, want %d {\"error\":\"internal error\"}", w.Code, w.Body, tc.code)
			}
			if n := strings.Count(ts.Logs(), tc.secret); n != 1 {
				t.Errorf("the details are logged %d times, want once:\n%s", n, ts.Logs())
			}
		})
	}
	if logs := ts.Logs(); !strings.Contains(logs, "api_test.TestServer_internalError") || !strings.Contains(logs, "path=/api/v1/test/panic") {
		t.Errorf("the panic is logged without its path or stack:\n%s", logs)
	}
	metrics := ts.Do(t, http.MethodGet, "/metrics", "", "").Body.String()
	if want := `safezone_http_requests_total{method="GET",route="/api/v1/test/panic",status="500"} 1`; !strings.Contains(metrics, want) {
		t.Errorf("metrics lack %s", want)
	}
}

func TestServer_assets(t *testing.T) {
	const secret = "TOP SECRET"
	root := fstest.MapFS{
		"ui/index.html": {Data: []byte("<!doctype html><title>map</title>")},
		"ui/app.js":     {Data: []byte("console.log(1)")},
		"ui/js/map.js":  {Data: []byte("console.log(2)")},
		"secret.txt":    {Data: []byte(secret)},
	}
	ui, err := fs.Sub(root, "ui")
	if err != nil {
		t.Fatal(err)
	}
	ts := MustServer(t, func(c *api.Config) { c.Assets = ui })
	tests := []struct {
		url, body, cache string
	}{
		{"/", "<!doctype html><title>map</title>", "no-cache"},
		{"/index.html", "<!doctype html><title>map</title>", "no-cache"},
		{"/app.js", "console.log(1)", "public, max-age=300"},
		{"/js/map.js", "console.log(2)", "public, max-age=300"},
	}
	for _, tc := range tests {
		t.Run("Serve"+tc.url, func(t *testing.T) {
			w := ts.Do(t, http.MethodGet, tc.url, "", "")
			if w.Code != http.StatusOK || w.Body.String() != tc.body {
				t.Fatalf("status %d: %q", w.Code, w.Body)
			}
			if got := w.Header().Get("Cache-Control"); got != tc.cache {
				t.Errorf("Cache-Control %q, want %q", got, tc.cache)
			}
		})
	}
	for _, url := range []string{
		"/../secret.txt",
		"/js/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/js%2f..%2f..%2fsecret.txt",
		"/%252e%252e%252fsecret.txt",
		"/..%5csecret.txt",
		"/secret.txt",
	} {
		t.Run("Refuse"+url, func(t *testing.T) {
			w := ts.Do(t, http.MethodGet, url, "", "")
			if w.Code == http.StatusOK || strings.Contains(w.Body.String(), secret) {
				t.Errorf("status %d: %q", w.Code, w.Body)
			}
		})
	}
}

func TestServer_cors(t *testing.T) {
	const origin = "https://map.example"
	tests := []struct {
		name    string
		origins []string
		method  string
		origin  string
		want    string // Access-Control-Allow-Origin
	}{
		{"OffGet", nil, http.MethodGet, origin, ""},
		{"OffPreflight", nil, http.MethodOptions, origin, ""},
		{"Get", []string{origin}, http.MethodGet, origin, origin},
		{"Preflight", []string{origin}, http.MethodOptions, origin, origin},
		{"OtherOriginGet", []string{origin}, http.MethodGet, "https://evil.example", ""},
		{"OtherOriginPreflight", []string{origin}, http.MethodOptions, "https://evil.example", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := MustServer(t, func(c *api.Config) { c.CORSOrigins = tc.origins })
			r := ts.NewRequest(tc.method, "/api/v1/config", "", "")
			r.Header.Set("Origin", tc.origin)
			if tc.method == http.MethodOptions {
				r.Header.Set("Access-Control-Request-Method", http.MethodGet)
			}
			w := ts.Serve(r)
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tc.want {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tc.want)
			}
			if tc.method == http.MethodGet && w.Code != http.StatusOK {
				t.Errorf("status %d, want 200", w.Code)
			}
			if tc.want != "" && tc.method == http.MethodOptions {
				if w.Code != http.StatusNoContent || !strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
					t.Errorf("preflight: status %d, Allow-Methods %q", w.Code, w.Header().Get("Access-Control-Allow-Methods"))
				}
			}
		})
	}
}
