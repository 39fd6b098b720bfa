package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
	bolt "go.etcd.io/bbolt"
)

// MustOpen opens the store in dir and closes it when the test ends.
func MustOpen(tb testing.TB, dir string) *store.Store {
	tb.Helper()
	s, err := store.Open(dir)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	s := MustOpen(t, dir)
	fi, err := os.Stat(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("file mode = %v, want 0600 (the file holds token hashes)", mode)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Businesses(t.Context()); err == nil {
		t.Error("Businesses on a closed store: no error")
	}
}

func TestOpen_errors(t *testing.T) {
	t.Run("Locked", func(t *testing.T) {
		dir := t.TempDir()
		MustOpen(t, dir)
		start := time.Now()
		_, err := store.Open(dir)
		if !errors.Is(err, store.ErrLocked) {
			t.Fatalf("second Open: err = %v, want ErrLocked", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("second Open took %v", d)
		}
	})
	tests := []struct {
		name  string
		setup func(t *testing.T) string
	}{
		{"EmptyDir", func(t *testing.T) string { return "" }},
		{"DirIsFile", func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "file")
			mustWrite(t, path, []byte("x"))
			return path
		}},
		{"NotABoltFile", func(t *testing.T) string {
			dir := t.TempDir()
			mustWrite(t, filepath.Join(dir, store.FileName), []byte(strings.Repeat("not a database\n", 1000)))
			return dir
		}},
		{"NewerSchema", func(t *testing.T) string {
			dir := t.TempDir()
			MustOpen(t, dir).Close()
			db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("2")) })
			if err != nil {
				t.Fatal(err)
			}
			return dir
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.setup(t)
			s, err := store.Open(dir)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q): no error", dir)
			}
			t.Log(err)
		})
	}
}

func mustWrite(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}

// The crash test runs this test binary again as a writer, kills it with
// SIGKILL at a random moment, and checks that every write the writer saw
// acknowledged is in the store, with its audit entry.
const (
	helperDirEnv   = "SAFEZONE_STORE_HELPER_DIR"
	helperRoundEnv = "SAFEZONE_STORE_HELPER_ROUND"
	crashActor     = "crash-test"
)

// crashInput is the business the writer creates in round as its i-th write,
// so the parent can check the data as well as the ID.
func crashInput(round, i int) store.BusinessInput {
	cats := []geo.Category{"internet_cafe", "bar", "lottery", "tobacco"}
	return store.BusinessInput{
		Name:     fmt.Sprintf("商户 %d-%d", round, i),
		Category: string(cats[i%len(cats)]),
		Lat:      39.9 + float64(i)*1e-5,
		Lon:      116.4 + float64(round)*1e-3,
		Licence:  fmt.Sprintf("L%d-%d", round, i),
		Status:   string(store.Licensed),
	}
}

// TestHelperWriter is not a test: TestStore_KillDuringWrites runs it in a
// child process. It creates businesses until killed, printing "ack ID I"
// after each CreateBusiness returns.
func TestHelperWriter(t *testing.T) {
	dir := os.Getenv(helperDirEnv)
	if dir == "" {
		t.Skip("helper process for TestStore_KillDuringWrites")
	}
	round, _ := strconv.Atoi(os.Getenv(helperRoundEnv))
	s, err := store.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// Stop on our own if the parent never kills us.
	for i, deadline := 0, time.Now().Add(30*time.Second); time.Now().Before(deadline); i++ {
		b, err := s.CreateBusiness(context.Background(), crashActor, crashInput(round, i))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		// os.Stdout is unbuffered: the line is in the pipe when Printf returns.
		fmt.Printf("ack %s %d\n", b.ID, i)
	}
	os.Exit(4)
}

func TestStore_KillDuringWrites(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses SIGKILL and re-executes the test binary; Linux only")
	}
	if testing.Short() {
		t.Skip("slow: kills child processes")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	dir := t.TempDir()
	acked := make(map[string]store.BusinessInput)
	// Bound the whole test: no round starts after 10 s, and a slow round
	// (a loaded machine with slow fsync) is cut short by its own kill timer.
	start := time.Now()
	deadline := start.Add(15 * time.Second)
	rounds := 0
	for ; rounds < 5 && time.Since(start) < 10*time.Second; rounds++ {
		killAfter := 50 + rng.IntN(200)
		delay := time.Duration(rng.IntN(3000)) * time.Microsecond
		n := runWriter(t, dir, rounds, killAfter, delay, time.Until(deadline), acked)
		t.Logf("round %d: kill %v after ack %d; read %d acks", rounds, delay, killAfter, n)
		checkAfterCrash(t, dir, acked, rounds+1)
		if t.Failed() {
			return
		}
	}
	t.Logf("%d rounds, %d acknowledged writes, %v", rounds, len(acked), time.Since(start).Round(time.Millisecond))
}

// runWriter starts a writer, kills it delay after its killAfter-th ack or
// after budget, whichever is first, and records every ack it printed before
// dying. It returns the number of acks.
func runWriter(t *testing.T, dir string, round, killAfter int, delay, budget time.Duration, acked map[string]store.BusinessInput) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperDirEnv+"="+dir, helperRoundEnv+"="+strconv.Itoa(round))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Process.Kill sends SIGKILL; killing twice is harmless.
	timer := time.AfterFunc(budget, func() { cmd.Process.Kill() })
	defer timer.Stop()
	n := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var id string
		var i int
		if _, err := fmt.Sscanf(sc.Text(), "ack %s %d", &id, &i); err != nil {
			continue // test framework output
		}
		acked[id] = crashInput(round, i)
		if n++; n == killAfter {
			time.Sleep(delay)
			cmd.Process.Kill() // keep reading the acks already in the pipe
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("writer round %d: %d acks, exit %v, want killed; stderr:\n%s", round, n, err, stderr.String())
	}
	return n
}

// checkAfterCrash checks the bbolt file's consistency, that every
// acknowledged business is stored with its data, and that businesses and
// their create entries in the log were committed together.
func checkAfterCrash(t *testing.T, dir string, acked map[string]store.BusinessInput, rounds int) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("bolt.Open after kill: %v", err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bbolt check: %v", err)
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	s := MustOpen(t, dir)
	defer s.Close()
	ctx := t.Context()
	bs, err := s.Businesses(ctx)
	if err != nil {
		t.Fatalf("Businesses after kill: %v", err)
	}
	stored := make(map[string]store.Business, len(bs))
	for _, b := range bs {
		stored[b.ID] = b
	}
	for id, in := range acked {
		b, ok := stored[id]
		if !ok {
			t.Errorf("acknowledged %s is missing", id)
			continue
		}
		want := store.Business{ID: id, Name: in.Name, Category: geo.Category(in.Category),
			Point: geo.Point{Lat: in.Lat, Lon: in.Lon}, Licence: in.Licence, Status: store.Status(in.Status),
			CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt, CreatedBy: crashActor}
		if b != want {
			t.Errorf("%s = %+v, want %+v", id, b, want)
		}
	}
	// At most the one write in flight per kill committed without its ack.
	if extra := len(bs) - len(acked); extra < 0 || extra > rounds {
		t.Errorf("%d businesses stored, %d acknowledged, %d kills", len(bs), len(acked), rounds)
	}
	created := make(map[string]bool)
	for _, e := range allLogEntries(t, s) {
		if e.Action == store.ActionBusinessCreate {
			created[e.Target] = true
		}
	}
	if len(created) != len(bs) {
		t.Errorf("%d create entries in the log, %d businesses", len(created), len(bs))
	}
	for id := range stored {
		if !created[id] {
			t.Errorf("%s is stored but its create entry is not", id)
		}
	}
}

// allLogEntries reads the whole audit log, page by page.
func allLogEntries(tb testing.TB, s *store.Store) []store.LogEntry {
	tb.Helper()
	var all []store.LogEntry
	for after := uint64(0); ; {
		es, err := s.LogEntries(context.Background(), after, store.MaxLogEntries)
		if err != nil {
			tb.Fatalf("LogEntries(%d): %v", after, err)
		}
		if len(es) == 0 {
			return all
		}
		all = append(all, es...)
		after = es[len(es)-1].Seq
	}
}
