package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sync"
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
	const rounds, clients = 3, 4
	k := newKillStore(t, 200, "regulator", "--data-date", "2024-05")
	rng := rand.New(rand.NewPCG(42, 0))
	var (
		c    *bizClient
		mu   sync.Mutex
		acks []recordAck
	)
	srv, _ := killRounds{
		rounds: rounds, clients: clients, rng: rng,
		killAfter: func() int { return 10 + rng.IntN(40) },
		maxDelay:  2 * time.Millisecond, wait: 20 * time.Second,
		reconcile: func(t *testing.T, url string) {
			c = newBizClient(url, k.token, clients)
			checkRecords(t, c, acks)
		},
		write: func(_ *rand.Rand, _, client, n int) error {
			a, err := recordCheck(c, 27.5+float64(client)/10+float64(n)/1e4)
			if err == nil {
				mu.Lock()
				acks = append(acks, a)
				mu.Unlock()
			}
			return err
		},
	}.run(t, k)
	if srv == nil {
		return
	}
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
	files, _ := filepath.Glob(filepath.Join(k.data, "*"))
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

// recordCheck records a check at lat and returns what the server
// acknowledged.
func recordCheck(c *bizClient, lat float64) (recordAck, error) {
	body, err := c.send(http.MethodPost, "/api/v1/check", map[string]any{"lon": 104.5, "lat": lat, "category": "internet_cafe", "record": true}, http.StatusOK)
	if err != nil {
		return recordAck{}, err
	}
	var a struct {
		RecordID     string `json:"record_id"`
		RecordSHA256 string `json:"record_sha256"`
	}
	if err := json.Unmarshal(body, &a); err != nil || a.RecordID == "" {
		return recordAck{}, fmt.Errorf("%w: answer %s", errBadAnswer, body)
	}
	return recordAck{id: a.RecordID, sha256: a.RecordSHA256, lat: lat}, nil
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
