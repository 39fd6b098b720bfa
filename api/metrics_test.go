package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// httpSeries returns the lines of /metrics that are series of the server's
// HTTP metrics, and the size of the whole answer.
func httpSeries(tb testing.TB, ts *TestServer) ([]string, int) {
	tb.Helper()
	w := ts.Do(tb, http.MethodGet, "/metrics", "", "")
	if w.Code != http.StatusOK {
		tb.Fatalf("GET /metrics: status %d", w.Code)
	}
	var series []string
	for line := range strings.Lines(w.Body.String()) {
		if strings.HasPrefix(line, "safezone_http_") {
			series = append(series, strings.TrimSpace(line))
		}
	}
	return series, w.Body.Len()
}

// TestServer_metrics_bounded checks that made-up methods and paths do not
// add series to /metrics: 20,000 requests, each with a method and a path of
// its own, leave as many series as one such request did.
func TestServer_metrics_bounded(t *testing.T) {
	ts := MustServer(t)
	paths := []string{"/api/v1/check", "/api/v1/made-up-%d", "/made-up-%d", "/api/v1/businesses/%d"}
	send := func(i int) {
		path := paths[i%len(paths)]
		if strings.Contains(path, "%d") {
			path = fmt.Sprintf(path, i)
		}
		ts.Serve(httptest.NewRequest(fmt.Sprintf("M%05d", i), path, nil))
	}
	ts.Do(t, http.MethodGet, "/api/v1/health", "", "")
	for i := range len(paths) {
		send(i)
	}
	httpSeries(t, ts) // so that /metrics has its own series from here on
	before, sizeBefore := httpSeries(t, ts)
	for i := len(paths); i < 20_000; i++ {
		send(i)
	}
	after, sizeAfter := httpSeries(t, ts)
	if len(after) != len(before) {
		t.Errorf("%d series after 20,000 made-up methods and paths, %d before", len(after), len(before))
	}
	// The counters' values may take a few more digits; nothing else grows.
	if sizeAfter > sizeBefore+1024 {
		t.Errorf("/metrics grew from %d to %d bytes", sizeBefore, sizeAfter)
	}
	tests := []struct{ name, want string }{
		{"made-up method", `method="other"`},
		{"known route", `method="GET",route="/api/v1/health"`},
		{"unknown path under /api", `route="/api/*"`},
	}
	all := strings.Join(after, "\n")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(all, tc.want) {
				t.Errorf("no series with %s in\n%s", tc.want, all)
			}
		})
	}
	if strings.Contains(all, "M0") || strings.Contains(all, "made-up") {
		t.Errorf("a made-up method or path is a label:\n%s", all)
	}
}
