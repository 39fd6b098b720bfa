package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// health is what GET /api/v1/health says about the data.
type health struct {
	Schools        int    `json:"schools"`
	DataGeneration uint64 `json:"data_generation"`
}

func getHealth(t *testing.T, srv string) health {
	t.Helper()
	resp, err := http.Get(srv + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// waitGeneration polls the server until it serves generation gen.
func waitGeneration(t *testing.T, srv string, gen uint64) health {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if h := getHealth(t, srv); h.DataGeneration >= gen {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("generation %d not served within 20 s", gen)
		}
	}
}

// writeAtomically writes data to path by renaming a file written next to
// it, as the README tells operators to replace data files.
func writeAtomically(t *testing.T, path, data string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// hammer posts checks from clients goroutines until stop is closed, and
// counts the answers that are not 200.
type hammer struct {
	ok, failed atomic.Int64
	first      atomic.Value
	stop       chan struct{}
	wg         sync.WaitGroup
}

func startHammer(srv string, clients int) *hammer {
	h := &hammer{stop: make(chan struct{})}
	body := `{"lat":30.66,"lon":104.06,"category":"internet_cafe"}`
	for range clients {
		h.wg.Go(func() {
			c := &http.Client{Timeout: 10 * time.Second}
			for {
				select {
				case <-h.stop:
					return
				default:
				}
				resp, err := c.Post(srv+"/api/v1/check", "application/json", strings.NewReader(body))
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					h.failed.Add(1)
					h.first.CompareAndSwap(nil, err.Error())
					continue
				}
				h.ok.Add(1)
			}
		})
	}
	return h
}

func (h *hammer) end() { close(h.stop); h.wg.Wait() }

// TestServe_SIGHUP runs the server in another process and reloads it with
// SIGHUP while clients hammer it with checks: the new data is served, a
// broken file leaves the old data serving and the admin API says why, and
// no check fails.
func TestServe_SIGHUP(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("re-executes the test binary and signals it; Linux only")
	}
	dir := t.TempDir()
	data, storeDir := filepath.Join(dir, "data"), filepath.Join(dir, "store")
	if code, _, errOut := MustRun(t, "gen", "--schools", "30", "--businesses", "200", "--out", data); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errOut)
	}
	_, out, _ := MustRun(t, "token", "create", "--store", storeDir, "--role", "admin")
	admin, _, _ := strings.Cut(out, "\n")
	srv := startServe(t, filepath.Join(dir, "stderr.log"), []string{"serve", "--addr", "127.0.0.1:0", "--store", storeDir, "--data", data, "--rules-dir", rulesDir})
	if h := getHealth(t, srv.url); h.Schools != 30 || h.DataGeneration != 1 {
		t.Fatalf("at start: %+v", h)
	}
	load := startHammer(srv.url, 8)
	for i := range 4 {
		school := fmt.Sprintf(`{"type":"Feature","properties":{"id":"new/%d","kind":"school","name":"新校%d","school_kind":"primary"},"geometry":{"type":"Point","coordinates":[104.06,30.66]}}`, i, i)
		writeAtomically(t, filepath.Join(data, fmt.Sprintf("new-%d.geojson", i)), school)
		srv.cmd.Process.Signal(syscall.SIGHUP)
		if h := waitGeneration(t, srv.url, uint64(i+2)); h.Schools != 31+i {
			t.Fatalf("after SIGHUP %d: %+v, want %d schools", i+1, h, 31+i)
		}
	}
	writeAtomically(t, filepath.Join(data, "broken.geojson"), `{"type":"Feature","properties":{"kind":"school"`)
	code, body := adminDo(t, srv.url, admin, "POST", "/api/v1/admin/reload", "", nil)
	if code != 422 || !strings.Contains(string(body), "reload failed, generation 5 keeps serving: ") || !strings.Contains(string(body), "broken.geojson") {
		t.Fatalf("reload of a broken file: %d %s", code, body)
	}
	srv.cmd.Process.Signal(syscall.SIGHUP)
	for deadline := time.Now().Add(10 * time.Second); strings.Count(srv.errLog(), "reload failed") < 2; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the failed SIGHUP reload is not logged:\n%s", srv.errLog())
		}
	}
	load.end()
	if h := getHealth(t, srv.url); h.Schools != 34 || h.DataGeneration != 5 {
		t.Fatalf("after failed reloads: %+v", h)
	}
	t.Logf("%d checks from 8 clients across 4 reloads and 2 failed ones: %d failed", load.ok.Load()+load.failed.Load(), load.failed.Load())
	if load.failed.Load() > 0 || load.ok.Load() == 0 {
		t.Fatalf("%d checks failed, %d succeeded; the first failure: %v", load.failed.Load(), load.ok.Load(), load.first.Load())
	}
	srv.stop(t)
}

// BenchmarkReload reloads the demo (the Chengdu OSM extract, with its
// offline basemap) in the running server while 8 clients post checks, and
// reports how long a reload takes and how many checks failed across them.
func BenchmarkReload(b *testing.B) {
	m := &Main{Config: DefaultConfig(), Logger: slog.New(slog.DiscardHandler)}
	m.Config.Addr, m.Config.Store = "127.0.0.1:0", ""
	m.Config.sources = sources{data: demoData(b), rulesDir: rulesDir}
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	load := startHammer("http://"+m.Addr(), 8)
	var took time.Duration
	for b.Loop() {
		st, err := m.Reload(context.Background(), "benchmark")
		if err != nil || st.Err != nil {
			b.Fatal(err, st.Err)
		}
		took += st.Finished.Sub(st.Started)
	}
	load.end()
	b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms/reload")
	b.ReportMetric(float64(load.ok.Load()+load.failed.Load()), "checks")
	b.ReportMetric(float64(load.failed.Load()), "failed")
	if load.failed.Load() > 0 {
		b.Fatalf("%d checks failed: %v", load.failed.Load(), load.first.Load())
	}
}
