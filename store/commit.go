package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// maxBatch bounds the writes committed in one transaction, so that a commit
// under a burst stays short.
const maxBatch = 256

// errClosed is returned by writes to a closed store.
var errClosed = errors.New("store is closed")

// errPanicked is wrapped by the error of a write whose function panicked.
var errPanicked = errors.New("panic in a write")

// committer commits concurrent writes in shared transactions: group commit.
// One goroutine takes every write waiting when it is free, runs them in
// order in one bbolt transaction and commits it with bbolt's fsyncs, so
// writers that arrive during a commit share the next one's fsyncs instead
// of queueing for one each. A write is answered only after its transaction
// has committed, so an acknowledged write is as durable as with one
// transaction per write. Unlike bbolt's DB.Batch it does not wait for more
// writes before committing: a lone write costs one commit, no more.
//
// A write whose function fails rolls back the writes batched with it; they
// are run again without it, and it is run again alone after them, so its
// error comes from a transaction of its own. Write functions must therefore
// be safe to run more than once, setting rather than accumulating what they
// return (as for DB.Batch).
type committer struct {
	db *bolt.DB

	mu     sync.RWMutex // guards closed and sends on calls
	closed bool
	calls  chan *writeCall
	done   chan struct{} // closed when run returns
}

// writeCall is one write waiting for its commit.
type writeCall struct {
	ctx context.Context
	fn  func(*bolt.Tx) error
	err chan error // buffered: run never blocks on an answer
}

func newCommitter(db *bolt.DB) *committer {
	c := &committer{db: db, calls: make(chan *writeCall, maxBatch), done: make(chan struct{})}
	go c.run()
	return c
}

// update runs fn in a transaction shared with other writes and returns once
// that transaction has committed (nil) or failed (its error, or fn's).
// A write whose ctx is done before it starts is not run.
func (c *committer) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	w := &writeCall{ctx: ctx, fn: fn, err: make(chan error, 1)}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return errClosed
	}
	c.calls <- w
	c.mu.RUnlock()
	// Wait even if ctx ends meanwhile: once queued, the write may commit,
	// and the caller must not take it for failed while it can.
	return <-w.err
}

// close commits the writes already queued, refuses new ones and waits for
// the last commit.
func (c *committer) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.calls)
	}
	c.mu.Unlock()
	<-c.done
}

// run commits batches until calls is closed: each batch is the first
// waiting write and every other write already waiting, up to maxBatch.
func (c *committer) run() {
	defer close(c.done)
	for first := range c.calls {
		batch := []*writeCall{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case w, ok := <-c.calls:
				if !ok {
					break drain
				}
				batch = append(batch, w)
			default:
				break drain
			}
		}
		c.commit(batch)
	}
}

// commit runs the writes of batch in one transaction, except those whose
// context is done by then. If one fails, the transaction is rolled back and
// the others are run again without it; the failed ones are then run alone,
// each in a transaction of its own.
func (c *committer) commit(batch []*writeCall) {
	live := batch
	var failed []*writeCall
	for len(live) > 0 {
		bad, ran := -1, make([]bool, len(live))
		err := c.db.Update(func(tx *bolt.Tx) error {
			for i, w := range live {
				if ran[i] = w.ctx.Err() == nil; !ran[i] {
					continue // its caller gave up before it ran
				}
				if err := safeCall(w.fn, tx); err != nil {
					bad = i
					return err
				}
			}
			return nil
		})
		if bad < 0 || len(live) == 1 {
			for i, w := range live {
				if ran[i] {
					w.err <- err
				} else {
					w.err <- w.ctx.Err()
				}
			}
			break
		}
		failed = append(failed, live[bad])
		live = append(live[:bad], live[bad+1:]...)
	}
	for _, w := range failed {
		w.err <- c.alone(w)
	}
}

// alone runs w in a transaction of its own, unless its context is done.
func (c *committer) alone(w *writeCall) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return c.db.Update(func(tx *bolt.Tx) error { return safeCall(w.fn, tx) })
}

// safeCall runs fn, turning a panic into an error: one write's bug must not
// take down the goroutine that commits everyone's writes.
func safeCall(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v\n%s", errPanicked, p, debug.Stack())
		}
	}()
	return fn(tx)
}
