package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// killStore is what a SIGKILL test's server runs on: generated data, a
// store with one token, and the serve arguments.
type killStore struct {
	dir, data, store, token string
	args                    []string
}

// newKillStore generates 30 schools and businesses businesses, creates a
// token of role in a new store, and returns them with the arguments that
// serve them, and extra ones. It skips the test unless on Linux (SIGKILL,
// and the test binary re-executed) and not -short.
func newKillStore(t *testing.T, businesses int, role string, extra ...string) killStore {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("uses SIGKILL and re-executes the test binary; Linux only")
	}
	if testing.Short() {
		t.Skip("slow: kills server processes")
	}
	dir := t.TempDir()
	k := killStore{dir: dir, data: filepath.Join(dir, "data"), store: filepath.Join(dir, "store")}
	if code, _, errOut := MustRun(t, "gen", "--schools", "30", "--businesses", fmt.Sprint(businesses), "--out", k.data); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errOut)
	}
	// The store is closed again before the server opens it: bbolt locks it.
	code, out, errOut := MustRun(t, "token", "create", "--store", k.store, "--role", role)
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	k.token, _, _ = strings.Cut(out, "\n")
	k.args = append([]string{"serve", "--addr", "127.0.0.1:0", "--store", k.store, "--data", k.data, "--rules-dir", rulesDir}, extra...)
	return k
}

// start starts the server in a child process, its stderr in a file
// named after name.
func (k killStore) start(t *testing.T, name string) *serveProc {
	t.Helper()
	return startServe(t, filepath.Join(k.dir, "stderr-"+name+".log"), k.args)
}

// killRounds is the scaffolding of the SIGKILL tests: each round starts
// the server on the store, has reconcile check every write acknowledged
// before against it, streams writes from concurrent clients, SIGKILLs the
// server at a random moment (after killAfter acknowledged writes and a
// delay of up to maxDelay) and checks the bbolt file; then the server is
// started and reconciled once more. A write acknowledged and then lost,
// or changed, fails reconcile: with the group commit answering before
// it commits (Begin, the writes, go tx.Commit()), the three tests built
// on it fail on their first kill.
type killRounds struct {
	rounds, clients int
	rng             *rand.Rand    // the kills' timing and each round's seed of the clients
	killAfter       func() int    // acknowledged writes before the kill, drawn from rng
	maxDelay        time.Duration // after the last of them
	wait            time.Duration // for killAfter writes, else the round fails

	// setup, if not nil, runs on a server started and killed before
	// the rounds, so that round 0 checks what it wrote.
	setup func(t *testing.T, url string)
	// reconcile checks every acknowledged write against the server at
	// url, just started, then takes what it holds as the truth.
	reconcile func(t *testing.T, url string)
	// write makes client's nth write of round, with the client's own
	// rng; it returns nil once the write is acknowledged and recorded,
	// and an error wrapping errBadAnswer for an answer that is wrong
	// whether or not the server is being killed.
	write func(rng *rand.Rand, round, client, n int) error
}

// run runs the rounds on k's store and returns the server, started after
// the last kill and reconciled, and the writes acknowledged before the
// kills. It returns nil if a round failed.
func (r killRounds) run(t *testing.T, k killStore) (*serveProc, int) {
	t.Helper()
	if r.setup != nil {
		srv := k.start(t, "setup")
		r.setup(t, srv.url)
		srv.kill(t)
	}
	total := 0
	for round := range r.rounds {
		srv := k.start(t, fmt.Sprint(round))
		r.reconcile(t, srv.url)
		killAfter := r.killAfter()
		delay := time.Duration(r.rng.Int64N(int64(r.maxDelay)))
		acks := r.stream(t, round, r.rng.Uint64(), killAfter, func() {
			time.Sleep(delay)
			srv.kill(t)
		})
		checkBolt(t, k.store)
		total += acks
		t.Logf("round %d: SIGKILL %v after ack %d: %d acks", round, delay.Round(time.Microsecond), killAfter, acks)
		if t.Failed() {
			return nil, total
		}
	}
	srv := k.start(t, "last")
	r.reconcile(t, srv.url)
	return srv, total
}

// stream runs the clients' writes until the server dies: once killAfter
// writes are acknowledged, kill is called. It returns the number of
// writes acknowledged.
func (r killRounds) stream(t *testing.T, round int, seed uint64, killAfter int, kill func()) int {
	var acks atomic.Int64
	var killed atomic.Bool
	trigger := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for i := range r.clients {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		wg.Go(func() {
			for n := 0; ; n++ {
				if err := r.write(rng, round, i, n); err != nil {
					if errors.Is(err, errBadAnswer) || !killed.Load() {
						t.Errorf("client %d: %v", i, err)
					}
					return
				}
				if acks.Add(1) == int64(killAfter) {
					once.Do(func() { close(trigger) })
				}
			}
		})
	}
	select {
	case <-trigger:
	case <-time.After(r.wait):
		t.Errorf("only %d of %d writes acknowledged in %v", acks.Load(), killAfter, r.wait)
	}
	killed.Store(true)
	kill()
	wg.Wait()
	return int(acks.Load())
}
