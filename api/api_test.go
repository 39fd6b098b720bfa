package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// The fixtures every API test serves: two schools (school/1, a primary
// school with a square campus and two gates, and school/2, a kindergarten
// mapped as a point), two businesses and three water bodies, checked
// against the engine pack; the other packs in rulesDir may be named in
// requests.
const (
	fixturePath = "../geo/testdata/geojson/collection.geojson"
	rulesDir    = "../geo/testdata/rules"
)

// TestServer is a server over the fixtures with a temporary store and a
// token for each role. The school token is bound to school/1.
type TestServer struct {
	*api.Server
	Index  *geo.Index
	Store  *store.Store
	Tokens map[store.Role]string
	Clock  *TestClock // the server's clock, for deadlines and overdue
	logs   *syncBuffer
}

// TestClock is a clock a test sets; it starts at 2025-06-10 10:00 in
// China. Safe for concurrent use.
type TestClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *TestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set sets the clock.
func (c *TestClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// MustLedgerConfig reads the ledger config of the tests (not data/).
func MustLedgerConfig(tb testing.TB) *ledger.Config {
	tb.Helper()
	c, err := ledger.LoadConfig("../geo/ledger/testdata/ledger.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// MustIndex returns an index of the fixture features.
func MustIndex(tb testing.TB) *geo.Index {
	tb.Helper()
	f, err := os.Open(fixturePath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	fs, err := geojson.Read(f, fixturePath)
	if err != nil {
		tb.Fatalf("ReadGeoJSON: %v", err)
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatalf("NewIndex: %v", err)
	}
	return idx
}

// MustRules returns the pack of rulesDir with the given ID.
func MustRules(tb testing.TB, id string) *geo.RulePack {
	tb.Helper()
	p, err := geo.LoadRules(id, rulesDir)
	if err != nil {
		tb.Fatalf("LoadRules: %v", err)
	}
	return p
}

// MustServer returns a server over the fixtures with the default limits,
// changed by opts, assets with an index.html and an app.js, and a store in
// a temporary directory holding one token per role.
func MustServer(tb testing.TB, opts ...func(*api.Config)) *TestServer {
	tb.Helper()
	st, err := store.Open(tb.TempDir())
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	ts := &TestServer{Index: MustIndex(tb), Store: st, Tokens: map[store.Role]string{}, logs: &syncBuffer{},
		Clock: &TestClock{now: time.Date(2025, 6, 10, 10, 0, 0, 0, ledger.China)}}
	for _, r := range store.Roles {
		school := ""
		if r == store.RoleSchool {
			school = "school/1"
		}
		raw, _, err := st.CreateToken(context.Background(), "cli", r, school)
		if err != nil {
			tb.Fatalf("CreateToken(%s): %v", r, err)
		}
		ts.Tokens[r] = raw
	}
	cfg := api.DefaultConfig()
	cfg.Index, cfg.Rules, cfg.RulesDir, cfg.Store = ts.Index, MustRules(tb, "engine"), rulesDir, st
	cfg.Version, cfg.TileURL = "test", "https://tiles.example/{z}/{x}/{y}.png"
	cfg.Logger = slog.New(slog.NewTextHandler(ts.logs, nil))
	cfg.Ledger, cfg.Now = MustLedgerConfig(tb), ts.Clock.Now
	cfg.Assets = fstest.MapFS{
		"index.html": {Data: []byte("<!doctype html><title>safezone</title>")},
		"app.js":     {Data: []byte("console.log('safezone')")},
	}
	for _, o := range opts {
		o(&cfg)
	}
	ts.Server = api.New(cfg)
	return ts
}

// TokenID returns the ID of role's token, as the log and created_by show it.
func (ts *TestServer) TokenID(tb testing.TB, role store.Role) string {
	tb.Helper()
	tok, err := ts.Store.Authenticate(context.Background(), ts.Tokens[role])
	if err != nil {
		tb.Fatalf("Authenticate(%s): %v", role, err)
	}
	return tok.ID
}

// Logs returns what the server has logged so far.
func (ts *TestServer) Logs() string { return ts.logs.String() }

// NewRequest returns a request with body, as JSON if it starts like JSON,
// YAML if it starts like a rule pack ("id: "), else CSV, carrying the token
// of role unless role is empty.
func (ts *TestServer) NewRequest(method, target string, role store.Role, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		ctype := "text/csv"
		switch {
		case strings.HasPrefix(body, "{"), strings.HasPrefix(body, "["):
			ctype = "application/json"
		case strings.HasPrefix(body, "id: "):
			ctype = "application/yaml"
		case strings.HasPrefix(body, "\x89PNG"):
			ctype = "image/png"
		case strings.HasPrefix(body, "--"+formBoundary+"\r\n"):
			ctype = "multipart/form-data; boundary=" + formBoundary
		}
		r.Header.Set("Content-Type", ctype)
	}
	if role != "" {
		r.Header.Set("Authorization", "Bearer "+ts.Tokens[role])
	}
	return r
}

// formBoundary starts a body NewRequest sends as multipart/form-data.
const formBoundary = "safezone-form"

// Do serves a request made by NewRequest.
func (ts *TestServer) Do(tb testing.TB, method, target string, role store.Role, body string) *httptest.ResponseRecorder {
	tb.Helper()
	return ts.Serve(ts.NewRequest(method, target, role, body))
}

// Serve serves r and records the answer.
func (ts *TestServer) Serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, r)
	return w
}

// MustJSON checks that w is a JSON answer with status code and decodes its
// body into v.
func MustJSON(tb testing.TB, w *httptest.ResponseRecorder, code int, v any) {
	tb.Helper()
	if w.Code != code {
		tb.Fatalf("status %d, want %d: %s", w.Code, code, w.Body)
	}
	if mt, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type")); mt != "application/json" {
		tb.Fatalf("Content-Type %q, want application/json", w.Header().Get("Content-Type"))
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		tb.Fatalf("decode %T: %v\n%s", v, err, w.Body)
	}
}

// MustError checks that w is an error with status code whose body is
// {"error": msg, "code": ..., "params": {...}}, with msg containing want
// and a code, and returns the body.
func MustError(tb testing.TB, w *httptest.ResponseRecorder, code int, want string) ErrorBody {
	tb.Helper()
	var body ErrorBody
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	if w.Code != code {
		tb.Fatalf("status %d, want %d: %s", w.Code, code, w.Body)
	}
	if err := dec.Decode(&body); err != nil || !strings.Contains(body.Error, want) || body.Code == "" {
		tb.Fatalf("body %s (%v), want an error containing %q, with a code", w.Body, err, want)
	}
	return body
}

// ErrorBody is the body of an error answer.
type ErrorBody struct {
	Error  string            `json:"error"`
	Code   string            `json:"code"`
	Params map[string]string `json:"params"`
}

// syncBuffer is a bytes.Buffer safe for the server's logger to write to
// while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
