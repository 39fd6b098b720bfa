package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recordAck is a recorded check the server acknowledged.
type recordAck struct {
	id, sha256 string
	lat        float64
}

// TestServe_KillDuringRecords records checks from concurrent clients to a
// server in another process, SIGKILLs it at a random moment, restarts it
// on the same store, and checks that every acknowledged record is there,
// byte for byte as acknowledged (its SHA-256), and that the chain of
// records verifies whole: as business writes, recorded checks are
// committed before they are answered.
func TestServe_KillDuringRecords(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses SIGKILL and re-executes the test binary; Linux only")
	}
	if testing.Short() {
		t.Skip("slow: kills server processes")
	}
	const rounds, clients = 3, 4
	dir := t.TempDir()
	data, storeDir := filepath.Join(dir, "data"), filepath.Join(dir, "store")
	if code, _, errOut := MustRun(t, "gen", "--schools", "30", "--businesses", "200", "--out", data); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errOut)
	}
	code, out, errOut := MustRun(t, "token", "create", "--store", storeDir, "--role", "regulator")
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	token, _, _ := strings.Cut(out, "\n")
	args := []string{"serve", "--addr", "127.0.0.1:0", "--store", storeDir, "--data", data, "--rules-dir", rulesDir, "--data-date", "2024-05"}
	rng := rand.New(rand.NewPCG(42, 0))
	var acks []recordAck
	for round := range rounds {
		srv := startServe(t, filepath.Join(dir, fmt.Sprintf("stderr-%d.log", round)), args)
		c := newBizClient(srv.url, token, clients)
		checkRecords(t, c, acks)
		acks = append(acks, streamRecords(t, c, clients, 10+rng.IntN(40), func() {
			time.Sleep(time.Duration(rng.IntN(2000)) * time.Microsecond)
			srv.kill(t)
		})...)
		checkBolt(t, storeDir)
		if t.Failed() {
			return
		}
	}
	srv := startServe(t, filepath.Join(dir, "stderr-last.log"), args)
	c := newBizClient(srv.url, token, clients)
	checkRecords(t, c, acks)
	// The record cites the data's files as they are on disk.
	first, err := c.send(http.MethodGet, "/api/v1/checks/"+acks[0].id, nil, http.StatusOK)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Record struct {
			Data struct {
				Date  string                          `json:"date"`
				Files []struct{ Path, SHA256 string } `json:"files"`
			} `json:"data"`
		} `json:"record"`
	}
	json.Unmarshal(first, &rec)
	files, _ := filepath.Glob(filepath.Join(data, "*"))
	if len(rec.Record.Data.Files) != len(files) || len(files) == 0 || rec.Record.Data.Date != "2024-05" {
		t.Fatalf("data %+v, files %v", rec.Record.Data, files)
	}
	for i, f := range rec.Record.Data.Files {
		b, _ := os.ReadFile(files[i])
		if sum := sha256.Sum256(b); f.SHA256 != hex.EncodeToString(sum[:]) || f.Path != files[i] {
			t.Errorf("file %d: %+v; on disk %s has %x", i, f, files[i], sum)
		}
	}
	srv.stop(t)
	t.Logf("%d rounds, %d acknowledged records", rounds, len(acks))
}

// streamRecords records checks from clients until killAfter are
// acknowledged, then calls kill, and returns the acknowledged records.
func streamRecords(t *testing.T, c *bizClient, clients, killAfter int, kill func()) []recordAck {
	var mu sync.Mutex
	var acks []recordAck
	var killed atomic.Bool
	trigger := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			for n := 0; ; n++ {
				lat := 27.5 + float64(i)/10 + float64(n)/1e4
				body, err := c.send(http.MethodPost, "/api/v1/check", map[string]any{"lon": 104.5, "lat": lat, "category": "internet_cafe", "record": true}, http.StatusOK)
				if err != nil {
					if errors.Is(err, errBadAnswer) || !killed.Load() {
						t.Errorf("client %d: %v", i, err)
					}
					return
				}
				var a struct {
					RecordID     string `json:"record_id"`
					RecordSHA256 string `json:"record_sha256"`
				}
				if err := json.Unmarshal(body, &a); err != nil || a.RecordID == "" {
					t.Errorf("client %d: answer %s", i, body)
					return
				}
				mu.Lock()
				acks = append(acks, recordAck{id: a.RecordID, sha256: a.RecordSHA256, lat: lat})
				if len(acks) == killAfter {
					once.Do(func() { close(trigger) })
				}
				mu.Unlock()
			}
		})
	}
	select {
	case <-trigger:
	case <-time.After(20 * time.Second):
		t.Errorf("only %d of %d records acknowledged in 20 s", len(acks), killAfter)
	}
	killed.Store(true)
	kill()
	wg.Wait()
	return acks
}

// checkRecords checks that every acknowledged record is stored as it was
// acknowledged, and that the chain verifies.
func checkRecords(t *testing.T, c *bizClient, acks []recordAck) {
	t.Helper()
	for _, a := range acks {
		body, err := c.send(http.MethodGet, "/api/v1/checks/"+a.id, nil, http.StatusOK)
		if err != nil {
			t.Errorf("acknowledged record %s: %v", a.id, err)
			continue
		}
		var r struct {
			SHA256 string `json:"sha256"`
			Record struct {
				Input struct{ Lat float64 } `json:"input"`
			} `json:"record"`
		}
		if err := json.Unmarshal(body, &r); err != nil || r.SHA256 != a.sha256 || r.Record.Input.Lat != a.lat {
			t.Errorf("record %s: stored %s (lat %v), acknowledged %s (lat %v)", a.id, r.SHA256, r.Record.Input.Lat, a.sha256, a.lat)
		}
	}
	body, err := c.send(http.MethodGet, "/api/v1/checks/verify", nil, http.StatusOK)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		OK      bool `json:"ok"`
		Records int  `json:"records"`
	}
	if err := json.Unmarshal(body, &v); err != nil || !v.OK || v.Records < len(acks) {
		t.Errorf("verify after restart: %s; %d acknowledged", body, len(acks))
	}
}
