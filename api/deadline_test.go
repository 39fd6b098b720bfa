package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"
)

// TestServer_deadline checks that a request past its deadline is answered
// 503 saying so, whatever stage it has reached, rather than run to its end:
// with a time limit of 1 ns, every long route stops.
func TestServer_deadline(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.Timeout = time.Nanosecond })
	const csv = "name,category,lon,lat\nA,internet_cafe,104.002,30.0005\n"
	tests := []struct {
		name, method, url string
		role              store.Role
		body              string
	}{
		{"audit", http.MethodPost, "/api/v1/audit", store.RoleRegulator, `{"format":"csv"}`},
		{"audit without a body", http.MethodPost, "/api/v1/audit?format=csv", store.RoleRegulator, ""},
		{"licences", http.MethodPost, "/api/v1/audit/licences", store.RoleRegulator, csv},
		{"patrol", http.MethodPost, "/api/v1/patrol", store.RolePolice, `{"posts":1,"radius":300,"candidates":` + patrolCandidates + `}`},
		{"route water", http.MethodPost, "/api/v1/routes/water", "", `{"route":{"type":"LineString","coordinates":[[104,30],[104.01,30]]},"within_m":50}`},
		{"school report", http.MethodGet, "/api/v1/schools/report?id=school/1", "", ""},
		{"zones", http.MethodGet, "/api/v1/zones?category=internet_cafe", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := ts.Do(t, tc.method, tc.url, tc.role, tc.body)
			MustError(t, w, http.StatusServiceUnavailable, "request stopped at the time limit of 1ns")
		})
	}
	es, _ := ts.Store.LogEntries(t.Context(), 0, 100)
	for _, e := range es {
		if e.Action == "audit" || e.Action == "patrol" {
			t.Errorf("log entry %+v: a stopped request was logged as done", e)
		}
	}
	if !strings.Contains(ts.Logs(), "request stopped") {
		t.Errorf("the stops are not logged:\n%s", ts.Logs())
	}
}

// slowCSV is a licence list of rows rows that stalls for stall once
// first bytes have been read, as a slow client would, and counts what was
// read of it.
type slowCSV struct {
	data  []byte
	first int
	stall time.Duration
	read  atomic.Int64
}

func newSlowCSV(rows, first int, stall time.Duration) *slowCSV {
	var b bytes.Buffer
	b.WriteString("name,category,lon,lat\n")
	for i := range rows {
		fmt.Fprintf(&b, "网吧%d,internet_cafe,104.002,30.0005\n", i)
	}
	return &slowCSV{data: b.Bytes(), first: first, stall: stall}
}

func (s *slowCSV) Read(p []byte) (int, error) {
	n := s.read.Load()
	if int(n) == len(s.data) {
		return 0, io.EOF
	}
	if int(n) >= s.first && int(n) < s.first+1 {
		time.Sleep(s.stall)
	}
	end := min(len(s.data), int(n)+len(p))
	if int(n) < s.first {
		end = min(end, s.first)
	}
	c := copy(p, s.data[n:end])
	s.read.Add(int64(c))
	return c, nil
}

// TestServer_deadline_upload checks that an upload is read no further
// once the deadline has passed: the parser stops with the body's next read.
func TestServer_deadline_upload(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.Timeout = 100 * time.Millisecond })
	body := newSlowCSV(100_000, 64<<10, 200*time.Millisecond)
	r := ts.NewRequest(http.MethodPost, "/api/v1/audit/licences", store.RoleRegulator, "")
	r.Header.Set("Content-Type", "text/csv")
	r.Body, r.ContentLength = io.NopCloser(body), -1
	MustError(t, ts.Serve(r), http.StatusServiceUnavailable, "request stopped at the time limit of 100ms")
	if read, total := body.read.Load(), len(body.data); read > 256<<10 {
		t.Errorf("%d of %d bytes read: the upload was read on after the deadline", read, total)
	}
}

// cancelOnHeader cancels the request's context when the status is
// written: the deadline passes while the answer is being written.
type cancelOnHeader struct {
	*httptest.ResponseRecorder
	cancel context.CancelFunc
}

func (w cancelOnHeader) WriteHeader(code int) {
	w.ResponseRecorder.WriteHeader(code)
	w.cancel()
}

// TestServer_deadline_export checks that an export stops at the deadline
// and that the connection is cut rather than the answer ended as if whole.
func TestServer_deadline_export(t *testing.T) {
	ts := MustServer(t)
	for _, format := range []string{"csv", "json", "geojson", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := ts.NewRequest(http.MethodPost, "/api/v1/audit?format="+format, store.RoleRegulator, "").WithContext(ctx)
			w := cancelOnHeader{httptest.NewRecorder(), cancel}
			defer func() {
				if p := recover(); p != http.ErrAbortHandler {
					t.Errorf("panic %v, want http.ErrAbortHandler", p)
				}
				if body := w.Body.String(); strings.Contains(body, "biz/1") {
					t.Errorf("hits written after the deadline: %.300q", body)
				}
			}()
			ts.ServeHTTP(w, r)
		})
	}
}
