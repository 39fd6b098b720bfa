package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo"
)

// lastTxID returns the ID of the last committed write transaction: each
// commit adds one.
func lastTxID(tb testing.TB, s *Store) int {
	tb.Helper()
	var id int
	if err := s.db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
		tb.Fatal(err)
	}
	return id
}

// holdWriter opens a write transaction and keeps it open until the
// returned function is called, so that writes queue behind it.
func holdWriter(tb testing.TB, s *Store) (release func()) {
	tb.Helper()
	holding, done := make(chan struct{}), make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- s.db.Update(func(*bolt.Tx) error {
			close(holding)
			<-done
			return nil
		})
	}()
	<-holding
	return func() {
		close(done)
		if err := <-errc; err != nil {
			tb.Error(err)
		}
	}
}

// queueWrites starts n goroutines that each call write(i) and waits until
// they have all been started and had time to queue.
func queueWrites(n int, write func(i int) error) (wait func() []error) {
	errs := make([]error, n)
	var wg sync.WaitGroup
	var started sync.WaitGroup
	started.Add(n)
	for i := range n {
		wg.Go(func() {
			started.Done()
			errs[i] = write(i)
		})
	}
	started.Wait()
	time.Sleep(50 * time.Millisecond) // let them reach the queue
	return func() []error { wg.Wait(); return errs }
}

// TestStore_groupCommit checks that concurrent writers share commits: 64
// creates queued behind an open transaction commit in a few transactions,
// not one each, and each is acknowledged with its own ID.
func TestStore_groupCommit(t *testing.T) {
	const writers = 64
	s := mustOpenInternal(t)
	before := lastTxID(t, s)
	release := holdWriter(t, s)
	ids := make([]string, writers)
	wait := queueWrites(writers, func(i int) error {
		b, err := s.CreateBusiness(context.Background(), "test", BusinessInput{Name: fmt.Sprint("商户", i), Category: "bar", Lat: 30.6, Lon: 104.1})
		ids[i] = b.ID
		return err
	})
	release()
	for i, err := range wait() {
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	// One for the held transaction, then the batches: the first write may
	// have been taken alone, and a slow machine may split the rest.
	if txs := lastTxID(t, s) - before - 1; txs > 8 {
		t.Errorf("%d writes took %d transactions, want at most 8", writers, txs)
	}
	bs, err := s.Businesses(context.Background())
	if err != nil || len(bs) != writers {
		t.Fatalf("Businesses: %d, %v; want %d", len(bs), err, writers)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("ID %s acknowledged twice", id)
		}
		seen[id] = true
	}
}

// TestStore_groupCommit_errors checks that a write that fails in a batch
// gets its own error and does not undo or fail the writes batched with it.
func TestStore_groupCommit_errors(t *testing.T) {
	s := mustOpenInternal(t)
	ctx := context.Background()
	kept, err := s.CreateBusiness(ctx, "test", BusinessInput{Name: "kept", Category: "bar", Lat: 30.6, Lon: 104.1})
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	tests := []struct {
		name  string
		write func() error
		want  error // nil: must succeed
	}{
		{"create", func() error {
			_, err := s.CreateBusiness(ctx, "test", BusinessInput{Name: "new", Category: "bar", Lat: 30.6, Lon: 104.1})
			return err
		}, nil},
		{"update", func() error {
			_, err := s.UpdateBusiness(ctx, "test", kept.ID, BusinessInput{Name: "kept 2", Category: "bar", Lat: 30.6, Lon: 104.1})
			return err
		}, nil},
		{"update missing", func() error {
			_, err := s.UpdateBusiness(ctx, "test", "reg/999", BusinessInput{Name: "x", Category: "bar", Lat: 30.6, Lon: 104.1})
			return err
		}, geo.ErrNotFound},
		{"panic", func() error {
			return s.update(ctx, func(*bolt.Tx) error { panic("boom") })
		}, errPanicked},
		{"cancelled while queued", func() error {
			return s.update(cancelled, func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketMeta)).Put([]byte("x"), []byte("y")) })
		}, context.Canceled},
		{"log", func() error { return s.Log(ctx, "test", "audit", "", "") }, nil},
	}
	release := holdWriter(t, s)
	wait := queueWrites(len(tests), func(i int) error { return tests[i].write() })
	cancel()
	release()
	errs := wait()
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			switch {
			case tc.want == nil && errs[i] != nil:
				t.Errorf("error %v, want none", errs[i])
			case tc.want != nil && !errors.Is(errs[i], tc.want):
				t.Errorf("error %v, want %v", errs[i], tc.want)
			}
		})
	}
	got, err := s.Business(ctx, kept.ID)
	if err != nil || got.Name != "kept 2" {
		t.Errorf("after the batch: %+v, %v; want the update kept", got, err)
	}
	if bs, _ := s.Businesses(ctx); len(bs) != 2 {
		t.Errorf("%d businesses after the batch, want 2", len(bs))
	}
	s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket([]byte(bucketMeta)).Get([]byte("x")); v != nil {
			t.Errorf("the cancelled write was committed")
		}
		return nil
	})
}

// TestStore_Close_queued checks that Close commits the writes queued
// before it and that writes after it fail.
func TestStore_Close_queued(t *testing.T) {
	s := mustOpenInternal(t)
	release := holdWriter(t, s)
	wait := queueWrites(8, func(i int) error { return s.Log(context.Background(), "test", "audit", "", fmt.Sprint(i)) })
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	time.Sleep(20 * time.Millisecond) // let Close start waiting
	release()
	for i, err := range wait() {
		if err != nil {
			t.Errorf("write %d queued before Close: %v", i, err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := s.Log(context.Background(), "test", "audit", "", ""); err == nil {
		t.Error("a write after Close succeeded")
	}
}

func mustOpenInternal(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
