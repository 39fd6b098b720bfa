package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/store"
)

// schoolThree is a school that the second version of the data adds, a
// campus around reloadPoint.
var schoolThree = geo.Feature{ID: "school/3", Kind: geo.School, Name: "第3小学", SchoolKind: geo.Primary,
	Geometry: orb.Polygon{{{104.0195, 30.0195}, {104.0205, 30.0195}, {104.0205, 30.0205}, {104.0195, 30.0205}, {104.0195, 30.0195}}}}

// reloadCheck is a check whose answer the two versions of the data differ
// on: not covered without school/3, prohibited with it.
const reloadCheck = `{"lon":104.02,"lat":30.0212,"category":"internet_cafe"}`

// MustFeatures returns the fixture features.
func MustFeatures(tb testing.TB) []geo.Feature {
	tb.Helper()
	f, err := os.Open(fixturePath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	fs, err := geojson.Read(f, fixturePath)
	if err != nil {
		tb.Fatal(err)
	}
	return fs
}

// versions returns a loader that alternates between the fixtures (even
// loads) and the fixtures with school/3 (odd loads), counting its loads.
func versions(tb testing.TB) (load func(context.Context) (api.Data, error), loads *atomic.Int64) {
	tb.Helper()
	fs := MustFeatures(tb)
	a, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := geo.NewIndex(append(fs[:len(fs):len(fs)], schoolThree))
	if err != nil {
		tb.Fatal(err)
	}
	rules := MustRules(tb, "engine")
	loads = new(atomic.Int64)
	return func(context.Context) (api.Data, error) {
		if loads.Add(1)%2 == 1 {
			return api.Data{Index: b, Rules: rules}, nil
		}
		return api.Data{Index: a, Rules: rules}, nil
	}, loads
}

// MustReloadServer is MustServer with a loader of versions.
func MustReloadServer(tb testing.TB) (*TestServer, *atomic.Int64) {
	tb.Helper()
	load, loads := versions(tb)
	return MustServer(tb, func(c *api.Config) { c.Reload = load }), loads
}

type reloadState struct {
	Generation uint64 `json:"generation"`
	Schools    int    `json:"schools"`
	Rules      string `json:"rules"`
	Running    bool   `json:"running"`
	CanReload  bool   `json:"can_reload"`
	Last       *struct {
		OK     bool   `json:"ok"`
		Error  string `json:"error"`
		Reason string `json:"reason"`
	} `json:"last"`
}

func TestServer_Reload(t *testing.T) {
	ts, _ := MustReloadServer(t)
	before := ts.Do(t, "POST", "/api/v1/check", "", reloadCheck)
	var st reloadState
	MustJSON(t, ts.Do(t, "GET", "/api/v1/admin/reload", store.RoleAdmin, ""), 200, &st)
	if st.Generation != 1 || st.Schools != 2 || !st.CanReload || st.Last != nil {
		t.Fatalf("before: %+v", st)
	}
	MustJSON(t, ts.Do(t, "POST", "/api/v1/admin/reload", store.RoleAdmin, ""), 200, &st)
	if st.Generation != 2 || st.Schools != 3 || st.Running || st.Last == nil || !st.Last.OK ||
		!strings.HasPrefix(st.Last.Reason, "POST /api/v1/admin/reload by admin:") {
		t.Fatalf("after: %+v %+v", st, st.Last)
	}
	after := ts.Do(t, "POST", "/api/v1/check", "", reloadCheck)
	if !strings.Contains(before.Body.String(), `"verdict":"not_covered"`) || !strings.Contains(after.Body.String(), `"verdict":"prohibited"`) {
		t.Fatalf("check before the reload: %s\nafter: %s", before.Body, after.Body)
	}
	var health struct {
		Schools        int    `json:"schools"`
		DataGeneration uint64 `json:"data_generation"`
	}
	MustJSON(t, ts.Do(t, "GET", "/api/v1/health", "", ""), 200, &health)
	if health.Schools != 3 || health.DataGeneration != 2 {
		t.Errorf("health after the reload: %+v", health)
	}
	if !strings.Contains(ts.Logs(), "msg=reloaded") {
		t.Errorf("the reload is not logged:\n%s", ts.Logs())
	}
}

func TestServer_Reload_errors(t *testing.T) {
	fails := func(err error) func(*api.Config) {
		return func(c *api.Config) {
			c.Reload = func(context.Context) (api.Data, error) { return api.Data{}, err }
		}
	}
	tests := []struct {
		name string
		opt  func(*api.Config)
		code int
		want string
	}{
		{"NoLoader", func(*api.Config) {}, 501, "this server cannot reload its data"},
		{"Fails", fails(fmt.Errorf(`data "x.osm.pbf": %w`, os.ErrNotExist)), 422,
			`reload failed, generation 1 keeps serving: data "x.osm.pbf": file does not exist`},
		{"Empty", fails(nil), 422, "reload failed, generation 1 keeps serving: the loader returned no index or no rules"},
		{"Panics", func(c *api.Config) { c.Reload = func(context.Context) (api.Data, error) { panic("boom") } }, 422,
			"reload failed, generation 1 keeps serving: panic while loading: boom"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := MustServer(t, tc.opt)
			MustError(t, ts.Do(t, "POST", "/api/v1/admin/reload", store.RoleAdmin, ""), tc.code, tc.want)
			if w := ts.Do(t, "POST", "/api/v1/check", "", reloadCheck); w.Code != 200 || !strings.Contains(w.Body.String(), `"verdict":"not_covered"`) {
				t.Fatalf("after a failed reload: %d %s", w.Code, w.Body)
			}
			var st reloadState
			MustJSON(t, ts.Do(t, "GET", "/api/v1/admin/reload", store.RoleAdmin, ""), 200, &st)
			if st.Generation != 1 || tc.code == 422 && (st.Last == nil || st.Last.OK || !strings.Contains(tc.want, st.Last.Error)) {
				t.Fatalf("state: %+v %+v", st, st.Last)
			}
		})
	}
	ts := MustServer(t)
	MustError(t, ts.Do(t, "POST", "/api/v1/admin/reload", store.RoleRegulator, ""), 403, `role "regulator" may not POST /api/v1/admin/reload`)
	MustError(t, ts.Do(t, "POST", "/api/v1/admin/reload", "", ""), 401, "a bearer token is required")
}

// TestServer_Reload_inFlight checks that requests under way while a reload
// loads finish on the old data, and that reloads asked for meanwhile share
// one run after it.
func TestServer_Reload_inFlight(t *testing.T) {
	load, loads := versions(t)
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	ts := MustServer(t, func(c *api.Config) {
		c.Reload = func(ctx context.Context) (api.Data, error) {
			started <- struct{}{}
			<-release
			return load(ctx)
		}
	})
	var wg sync.WaitGroup
	gens := make(chan uint64, 3)
	for i := range 3 {
		wg.Go(func() {
			st, err := ts.Reload(context.Background(), "test")
			if err != nil || st.Err != nil {
				t.Errorf("Reload: %v %v", err, st.Err)
			}
			gens <- st.Generation
		})
		if i == 0 {
			<-started // the first is loading; the others queue after it
		}
	}
	time.Sleep(50 * time.Millisecond)
	if w := ts.Do(t, "POST", "/api/v1/check", "", reloadCheck); !strings.Contains(w.Body.String(), `"verdict":"not_covered"`) {
		t.Fatalf("while loading: %s", w.Body)
	}
	close(release)
	wg.Wait()
	close(gens)
	seen := map[uint64]int{}
	for g := range gens {
		seen[g]++
	}
	// The first call's run gives generation 2; the two queued behind it
	// share one run, generation 3, which reads the files after both asked.
	if loads.Load() != 2 || seen[2] != 1 || seen[3] != 2 {
		t.Fatalf("%d loads, generations %v", loads.Load(), seen)
	}
}

// TestServer_Reload_underLoad hammers /api/v1/check over HTTP from a pool
// of clients while the data is reloaded several times: no request fails,
// and every answer is the one of either version of the data, never a mix.
func TestServer_Reload_underLoad(t *testing.T) {
	ts, _ := MustReloadServer(t)
	hs := httptest.NewServer(ts)
	defer hs.Close()
	answers := map[string]bool{}
	for range 2 { // the answer of each version
		answers[ts.Do(t, "POST", "/api/v1/check", "", reloadCheck).Body.String()] = true
		if _, err := ts.Reload(context.Background(), "reference"); err != nil {
			t.Fatal(err)
		}
	}
	if len(answers) != 2 {
		t.Fatalf("the two versions answer alike: %v", answers)
	}
	const clients, reloads = 16, 6
	var ok, failed atomic.Int64
	var firstFailure atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if msg := checkOnce(hs.URL, answers); msg != "" {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, msg)
				} else {
					ok.Add(1)
				}
			}
		})
	}
	var took time.Duration
	for range reloads {
		time.Sleep(30 * time.Millisecond)
		st, err := ts.Reload(context.Background(), "load test")
		if err != nil || st.Err != nil {
			t.Fatalf("Reload: %v %v", err, st.Err)
		}
		took += st.Finished.Sub(st.Started)
	}
	time.Sleep(30 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("%d checks over HTTP from %d clients across %d reloads (%v each on average): %d failed",
		ok.Load()+failed.Load(), clients, reloads, took/reloads, failed.Load())
	if failed.Load() > 0 {
		t.Fatalf("%d of %d checks failed; the first: %v", failed.Load(), ok.Load()+failed.Load(), firstFailure.Load())
	}
	if ok.Load() < clients*reloads {
		t.Fatalf("only %d checks ran", ok.Load())
	}
}

// checkOnce posts reloadCheck and returns why its answer is wrong, or "".
func checkOnce(base string, answers map[string]bool) string {
	resp, err := http.Post(base+"/api/v1/check", "application/json", strings.NewReader(reloadCheck))
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return err.Error()
	case resp.StatusCode != 200:
		return fmt.Sprintf("status %d: %s", resp.StatusCode, body)
	case !answers[string(bytes.TrimSpace(body))+"\n"] && !answers[string(body)]:
		return "an answer of neither version: " + string(body)
	}
	return ""
}
