package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

type syncAnswer struct {
	Rules     string `json:"rules"`
	New       int    `json:"new"`
	Unchanged int    `json:"unchanged"`
	Vanished  int    `json:"vanished"`
	Reopened  int    `json:"reopened"`
	Total     int    `json:"total"`
}

// A sync registers the audit's hits, a second one changes nothing, and a
// hit that goes (a registered business deleted) is marked vanished.
func TestLedger_sync(t *testing.T) {
	ts := MustServer(t)
	var audit []json.RawMessage
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/audit", store.RoleRegulator, ""), http.StatusOK, &audit)
	var first, again syncAnswer
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleRegulator, ""), http.StatusOK, &first)
	if first.New == 0 || first.New != len(audit) || first.Total != len(audit) || first.Rules != "engine" {
		t.Fatalf("first sync %+v for %d audit hits", first, len(audit))
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleAdmin, "{}"), http.StatusOK, &again)
	if again != (syncAnswer{Rules: "engine", Unchanged: first.Total, Total: first.Total}) {
		t.Errorf("second sync %+v", again)
	}
	b := ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104.0015,"lat":30.0015}`)
	if b.Code != http.StatusCreated {
		t.Fatal(b.Body)
	}
	var third syncAnswer
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleRegulator, ""), http.StatusOK, &third)
	if third.New == 0 || third.Unchanged != first.Total {
		t.Fatalf("sync with a new business: %+v", third)
	}
	ts.Do(t, http.MethodDelete, "/api/v1/businesses/1", store.RoleRegulator, "")
	// A sync of a box far away vanishes nothing.
	var far syncAnswer
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleRegulator, `{"bbox":"100,20,100.1,20.1"}`), http.StatusOK, &far)
	if far.Total != 0 || far.Vanished != 0 {
		t.Errorf("sync far away: %+v", far)
	}
	var fourth syncAnswer
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleRegulator, ""), http.StatusOK, &fourth)
	if fourth.Vanished != third.New || fourth.New != 0 {
		t.Errorf("sync after the business went: %+v", fourth)
	}
	var page struct {
		Hazards []hazard `json:"hazards"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?vanished=true", store.RoleAdmin, ""), http.StatusOK, &page)
	if len(page.Hazards) != third.New {
		t.Errorf("%d vanished hazards listed, want %d", len(page.Hazards), third.New)
	}
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleSchool, ""), 403, `role "school"`)
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleAdmin, `{"bbox":"1,2,3"}`), 400, `bbox "1,2,3"`)
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/sync", store.RoleAdmin, `{"rules":"nope"}`), 404, `rules "nope"`)
}

// Filters and pages over HTTP, and overdue judged by the server's clock.
func TestLedger_list(t *testing.T) {
	ts := MustServer(t)
	for i := range 5 {
		h := ts.MustReport(t, store.RoleAdmin, "")
		if i < 3 {
			unit := []string{"甲", "乙", "甲"}[i]
			ts.Move(t, h.ID, store.RoleAdmin, `{"to":"assigned","unit":"`+unit+`","person":"p","deadline":"2025-06-12"}`)
		}
	}
	ids := func(query string) []uint64 {
		var page struct {
			Hazards []hazard `json:"hazards"`
			Next    *uint64  `json:"next"`
		}
		MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?"+query, store.RoleAdmin, ""), http.StatusOK, &page)
		var out []uint64
		for _, h := range page.Hazards {
			out = append(out, h.ID)
		}
		if page.Next != nil {
			out = append(out, 1000+*page.Next)
		}
		return out
	}
	tests := []struct {
		query string
		want  []uint64
	}{
		{"state=assigned&unit=甲", []uint64{1, 3}},
		{"state=found,assigned&limit=2", []uint64{1, 2, 1002}},
		{"state=found,assigned&limit=2&after=2", []uint64{3, 4, 1004}},
		{"state=found", []uint64{4, 5}},
		{"grade=major&school=school/1&source=manual&bbox=104,30,104.01,30.01", []uint64{1, 2, 3, 4, 5}},
		{"overdue=true", nil},
	}
	for _, tc := range tests {
		if got := ids(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	// A district around school/1, and one far away.
	near := "district=" + url.QueryEscape(`{"type":"Polygon","coordinates":[[[103.99,29.99],[104.005,29.99],[104.005,30.005],[103.99,30.005],[103.99,29.99]]]}`)
	far := "district=" + url.QueryEscape(`{"type":"Polygon","coordinates":[[[100,20],[100.1,20],[100.1,20.1],[100,20]]]}`)
	if got, none := ids(near+"&state=assigned"), ids(far); !slices.Equal(got, []uint64{1, 2, 3}) || none != nil {
		t.Errorf("district: %v and %v; want [1 2 3] and none", got, none)
	}
	var sum struct {
		Total   int64 `json:"total"`
		Schools int   `json:"schools"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/summary?"+near, store.RoleAdmin, ""), http.StatusOK, &sum)
	if sum.Total != 5 || sum.Schools != 1 {
		t.Errorf("summary of the district: %+v", sum)
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/summary?"+far, store.RoleAdmin, ""), http.StatusOK, &sum)
	if sum.Total != 0 {
		t.Errorf("summary far away: %+v", sum)
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?district=x", store.RoleAdmin, ""), 400, `district "x"`)
	ts.Clock.Set(time.Date(2025, 6, 20, 9, 0, 0, 0, ledger.China))
	if got := ids("overdue=true&unit=甲"); !slices.Equal(got, []uint64{1, 3}) {
		t.Errorf("overdue after the deadline: %v", got)
	}
	var h hazard
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards/2", store.RoleAdmin, ""), http.StatusOK, &h)
	if !h.Overdue || h.Escalation != 2 {
		t.Errorf("7 days overdue: overdue %v, level %d; want level 2", h.Overdue, h.Escalation)
	}
	for _, q := range []string{"state=open", "grade=high", "overdue=maybe", "limit=0", "after=x", "source=phone", "bbox=1"} {
		if w := ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?"+q, store.RoleAdmin, ""); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, w.Code)
		}
	}
}

// receiver is a webhook receiver that fails the first attempts of each
// event with a 500.
type receiver struct {
	mu       sync.Mutex
	failures int
	attempts map[string]int // by Idempotency-Key
	got      []map[string]any
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := req.Header.Get("Idempotency-Key")
	r.attempts[key]++
	if r.attempts[key] <= r.failures {
		http.Error(w, "not yet", http.StatusInternalServerError)
		return
	}
	var ev map[string]any
	b, _ := io.ReadAll(req.Body)
	json.Unmarshal(b, &ev)
	if ev["id"] != key || req.Header.Get("X-Safezone-Event") != ev["type"] {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	r.got = append(r.got, ev)
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) delivered() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// Every report, transition and new overdue reaches a real HTTP receiver
// that fails the first two attempts: retried with backoff until it
// answers 2xx, with the same idempotency key each time.
func TestLedger_webhook(t *testing.T) {
	rcv := &receiver{failures: 2, attempts: map[string]int{}}
	hook := httptest.NewServer(rcv)
	defer hook.Close()
	ts := MustServer(t, func(c *api.Config) {
		c.Webhook = api.Webhook{URL: hook.URL, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond,
			Poll: 5 * time.Millisecond, OverdueEvery: 5 * time.Millisecond}
	})
	h := ts.MustReport(t, store.RoleSchool, "")
	ts.Move(t, h.ID, store.RoleRegulator, `{"to":"assigned","unit":"u","person":"p","deadline":"2025-06-12"}`)
	ctx, cancel := contextWithCancel(t)
	done := make(chan struct{})
	go func() { ts.RunLedger(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, func() bool { return len(rcv.delivered()) == 2 })
	ts.Clock.Set(time.Date(2025, 6, 13, 0, 0, 1, 0, ledger.China))
	waitFor(t, func() bool { return len(rcv.delivered()) == 3 })
	var types []string
	for _, ev := range rcv.delivered() {
		hz, _ := ev["hazard"].(map[string]any)
		types = append(types, fmt.Sprintf("%v %v %v attempt=%v", ev["type"], ev["id"], hz["state"], ev["attempt"]))
	}
	want := []string{
		"hazard.reported hazard-1-entry-1 found attempt=3",
		"hazard.transition hazard-1-entry-2 assigned attempt=3",
		"hazard.overdue hazard-1-deadline-2025-06-12-level-1 assigned attempt=3",
	}
	if !slices.Equal(types, want) {
		t.Errorf("delivered:\n%q\nwant\n%q", types, want)
	}
	if ev := rcv.delivered()[2]; ev["escalation_level"] != 1.0 || ev["escalation_label"] != "逾期提醒" {
		t.Errorf("overdue event: %v", ev)
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out")
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}
