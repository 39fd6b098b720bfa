package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
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
	k := newKillStore(t, 200, "regulator")
	rng := rand.New(rand.NewPCG(42, uint64(clients)))
	l := newLedger(clients)
	var c *bizClient
	committed := 0
	srv, _ := killRounds{
		rounds: rounds, clients: clients, rng: rng,
		killAfter: func() int { return minAcks + rng.IntN(5*minAcks) },
		maxDelay:  3 * time.Millisecond, wait: 20 * time.Second,
		reconcile: func(t *testing.T, url string) {
			if n := l.countInFlight(); n > 0 {
				t.Logf("%d requests were in flight", n)
			}
			c = newBizClient(url, k.token, clients)
			committed += l.reconcile(t, c.list(t))
		},
		write: func(rng *rand.Rand, round, client, n int) error { return l.do(c, l.next(rng, client, round, n)) },
	}.run(t, k)
	if srv == nil {
		return
	}
	srv.stop(t)
	l.checkLog(t, k.store)
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
