package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/store"
)

// serveHelperEnv holds the arguments, one a line, that TestHelperServe runs.
const serveHelperEnv = "SAFEZONE_TEST_SERVE_ARGS"

// TestHelperServe is not a test: it is the server process of
// TestServe_KillDuringWrites, the test binary re-executed with
// serveHelperEnv set, so no go build is needed.
func TestHelperServe(t *testing.T) {
	args := os.Getenv(serveHelperEnv)
	if args == "" {
		t.Skip("helper process for TestServe_KillDuringWrites")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// TestServe_KillDuringWrites streams business creates, updates and deletes
// from concurrent clients to a server in another process, SIGKILLs it at a
// random moment, restarts it on the same store, and checks that every
// acknowledged write is there as it was acknowledged, that the bbolt file is
// consistent, and that the audit log holds an entry for every acknowledged
// write. It runs with 6 clients, and with 32, the concurrency of
// BenchmarkServe_writes, where the store's group commit puts many writes in
// each transaction.
//
// What a SIGKILL can catch: the process dies, the kernel does not, so data
// written to the file but not fsynced survives. The test therefore catches
// any answer sent before the write reached the kernel: a write-behind queue,
// a group commit that answers before it commits, a 2xx written before
// Update returns. Checked by making store.update answer before the commit
// (Begin, fn(tx), go tx.Commit()): round 0 then finds acknowledged creates
// missing and acknowledged updates reverted, run after run; and by making
// the group commit answer each batch before committing it: clients=32 then
// finds acknowledged creates missing in the first rounds. A missing fsync
// (bolt's NoSync) passes this test, as it would any SIGKILL test; only a
// power cut or a fault-injecting file system shows it (checked: NoSync:
// true passes). The fsync is bbolt's, on every commit, since store.Open
// leaves NoSync false.
func TestServe_KillDuringWrites(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses SIGKILL and re-executes the test binary; Linux only")
	}
	if testing.Short() {
		t.Skip("slow: kills server processes")
	}
	tests := []struct {
		name           string
		rounds, client int
		minAcks        int // acknowledged writes before the kill, plus up to 5 times as many
	}{
		{"clients=6", 5, 6, 20},
		{"clients=32", 4, 32, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { killDuringWrites(t, tc.rounds, tc.client, tc.minAcks) })
	}
}

// killDuringWrites is TestServe_KillDuringWrites with clients clients, and
// kills after minAcks to 6*minAcks acknowledged writes, rounds times.
func killDuringWrites(t *testing.T, rounds, clients, minAcks int) {
	start := time.Now()
	dir := t.TempDir()
	data, storeDir := filepath.Join(dir, "data"), filepath.Join(dir, "store")
	if code, _, errOut := MustRun(t, "gen", "--schools", "30", "--businesses", "200", "--out", data); code != 0 {
		t.Fatalf("gen: exit %d: %s", code, errOut)
	}
	// The store is closed again before the server opens it: bbolt locks it.
	code, out, errOut := MustRun(t, "token", "create", "--store", storeDir, "--role", "regulator")
	if code != 0 {
		t.Fatalf("token create: exit %d: %s", code, errOut)
	}
	token, _, _ := strings.Cut(out, "\n")
	args := []string{"serve", "--addr", "127.0.0.1:0", "--store", storeDir, "--data", data, "--rules-dir", rulesDir}

	rng := rand.New(rand.NewPCG(42, uint64(clients)))
	l := newLedger(clients)
	committed := 0
	for round := range rounds {
		srv := startServe(t, filepath.Join(dir, fmt.Sprintf("stderr-%d.log", round)), args)
		c := newBizClient(srv.url, token, clients)
		committed += l.reconcile(t, c.list(t))
		killAfter := minAcks + rng.IntN(5*minAcks)
		delay := time.Duration(rng.IntN(3000)) * time.Microsecond
		acks := l.stream(t, c, rng.Uint64(), round, killAfter, func() {
			time.Sleep(delay)
			srv.kill(t)
		})
		checkBolt(t, storeDir)
		t.Logf("round %d: SIGKILL %v after ack %d: %d acks, %d requests in flight", round, delay, killAfter, acks, l.countInFlight())
		if t.Failed() {
			return
		}
	}
	srv := startServe(t, filepath.Join(dir, "stderr-last.log"), args)
	committed += l.reconcile(t, newBizClient(srv.url, token, clients).list(t))
	srv.stop(t)
	l.checkLog(t, storeDir)
	t.Logf("%d rounds, %d acknowledged writes; %d of %d in flight had committed; %v",
		rounds, len(l.acks), committed, l.inFlight, time.Since(start).Round(time.Millisecond))
}

// serveProc is the server running in a child process.
type serveProc struct {
	cmd    *exec.Cmd
	url    string
	stderr string // path of the file holding its stderr
}

// startServe starts `safezone serve args...` in a child process and waits
// for the line that says where it listens.
func startServe(t *testing.T, stderrPath string, args []string) *serveProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$", "-test.count=1")
	cmd.Env = append(os.Environ(), serveHelperEnv+"="+strings.Join(args, "\n"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the test
	errFile, err := os.Create(stderrPath)
	if err != nil {
		t.Fatal(err)
	}
	defer errFile.Close() // the child has its own descriptor
	cmd.Stderr = errFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, stderr: stderrPath}
	t.Cleanup(func() { cmd.Process.Kill() }) // harmless once it has exited
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "safezone serving "); ok {
				urls <- strings.TrimSuffix(u, "/")
			}
		}
		io.Copy(io.Discard, stdout)
		close(urls)
	}()
	select {
	case u, ok := <-urls:
		if !ok {
			cmd.Wait()
			t.Fatalf("server exited before serving: %v\n%s", cmd.ProcessState, p.errLog())
		}
		p.url = u
	case <-time.After(30 * time.Second):
		t.Fatalf("server did not say where it listens within 30 s\n%s", p.errLog())
	}
	return p
}

// kill SIGKILLs the server and checks that the kill is what ended it.
func (p *serveProc) kill(t *testing.T) {
	p.cmd.Process.Kill()
	err := p.cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Errorf("server ended with %v before it was killed\n%s", err, p.errLog())
	}
}

// stop shuts the server down with SIGTERM and checks that it exits 0.
func (p *serveProc) stop(t *testing.T) {
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("server after SIGTERM: %v\n%s", err, p.errLog())
	}
}

func (p *serveProc) errLog() string {
	b, _ := os.ReadFile(p.stderr)
	return string(b)
}

// checkBolt opens the database file as bbolt itself, read-only, and checks
// its consistency: page lists, free list, B+tree order.
func checkBolt(t *testing.T, dir string) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("bolt.Open after kill: %v", err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bbolt check after kill: %v", err)
		}
		return nil
	})
}

// stream runs the ledger's clients against c until the server dies: once
// killAfter writes are acknowledged, kill is called. It returns the number of
// writes acknowledged in this round.
func (l *ledger) stream(t *testing.T, c *bizClient, seed uint64, round, killAfter int, kill func()) int {
	var acks atomic.Int64
	var killed atomic.Bool
	trigger := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for i := range l.clients {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		wg.Go(func() {
			for n := 0; ; n++ {
				op := l.next(rng, i, round, n)
				if err := l.do(c, op); err != nil {
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
	case <-time.After(20 * time.Second):
		t.Errorf("only %d of %d writes acknowledged in 20 s", acks.Load(), killAfter)
	}
	killed.Store(true)
	kill()
	wg.Wait()
	return int(acks.Load())
}
