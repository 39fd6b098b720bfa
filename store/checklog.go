package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CheckLogName is the name of the write-ahead log of recorded checks
// inside the store directory.
const CheckLogName = "checks.wal"

// checkLog makes recorded checks durable with one sync of a small append,
// not the two syncs of a bbolt commit: a record is sealed into the hash
// chain, appended to CheckLogName as a line and synced, and only then
// answered. A second
// goroutine copies the records into bbolt's checks bucket and the action
// log (a normal group commit) and empties the file once everything in it
// is copied. Open copies whatever a crash left in the file.
//
// Readers of records and of the action log wait for the copy (wait), so
// that a recorded check is seen everywhere as soon as it is answered.
//
// A line is the record's hex SHA-256, a space, its body and a newline
// (bodies are compact JSON, without newlines).
type checkLog struct {
	f     *os.File
	store *Store
	calls chan *recordCall
	kick  chan struct{} // buffered 1: there are records to copy
	urge  chan struct{} // buffered 1: a reader waits for the copy

	gate   sync.RWMutex // guards closed and sends on calls
	closed bool

	mu      sync.Mutex
	seq     uint64        // the last record appended
	hash    string        // its SHA-256
	copied  uint64        // the last record copied into bbolt
	pending []CheckRecord // appended, not yet copied
	copiedC chan struct{} // closed and replaced after each copy
	err     error         // set when the log cannot go on
	done    chan struct{} // closed when copyLoop returns
}

// recordCall is one record waiting for its append.
type recordCall struct {
	actor   string
	compact []byte
	rec     CheckRecord
	err     chan error // buffered
}

// openCheckLog opens the log at path, after replayCheckLog has copied it,
// and starts its goroutines.
func openCheckLog(s *Store, path string, seq uint64, hash string) (*checkLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open check log: %w", err)
	}
	l := &checkLog{f: f, store: s, calls: make(chan *recordCall, maxBatch), kick: make(chan struct{}, 1), urge: make(chan struct{}, 1),
		seq: seq, hash: hash, copied: seq, copiedC: make(chan struct{}), done: make(chan struct{})}
	go l.appendLoop()
	go l.copyLoop()
	return l, nil
}

// record seals compact as the next record by actor, makes it durable and
// returns it. Once queued, it waits for the answer even if ctx ends, as
// committer.update does.
func (l *checkLog) record(ctx context.Context, actor string, compact []byte) (CheckRecord, error) {
	if err := ctx.Err(); err != nil {
		return CheckRecord{}, err
	}
	c := &recordCall{actor: actor, compact: compact, err: make(chan error, 1)}
	l.gate.RLock()
	if l.closed {
		l.gate.RUnlock()
		return CheckRecord{}, errClosed
	}
	l.calls <- c
	l.gate.RUnlock()
	err := <-c.err
	return c.rec, err
}

// appendLoop appends the waiting records in batches, one write and one
// sync per batch, until calls is closed.
func (l *checkLog) appendLoop() {
	for first := range l.calls {
		batch := []*recordCall{first}
		for len(batch) < maxBatch && len(l.calls) > 0 {
			batch = append(batch, <-l.calls)
		}
		err := l.append(batch)
		for _, c := range batch {
			c.err <- err
		}
	}
	close(l.kick)
}

// append seals and writes batch. After a failed write or sync the log
// refuses every later record: what reached the file is unknown until Open
// reads it again, and whole lines of the failed batch that did reach it
// are then copied, as records whose answer was lost (their callers got an
// error, but each is a check that was made, sealed in the chain).
func (l *checkLog) append(batch []*recordCall) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	seq, hash := l.seq, l.hash
	var buf []byte
	for _, c := range batch {
		c.rec = sealCheckRecord(c.actor, c.compact, seq, hash, time.Now().UTC().Truncate(time.Microsecond))
		seq, hash = c.rec.Seq, c.rec.SHA256
		buf = appendLogLine(buf, c.rec)
	}
	if _, err := l.f.Write(buf); err != nil {
		l.err = fmt.Errorf("write check log: %w", err)
		return l.err
	}
	if err := l.f.Sync(); err != nil {
		l.err = fmt.Errorf("sync check log: %w", err)
		return l.err
	}
	l.seq, l.hash = seq, hash
	for _, c := range batch {
		l.pending = append(l.pending, c.rec)
	}
	poke(l.kick)
	return nil
}

// poke signals on c, a channel of capacity 1, unless a signal is already
// waiting there.
func poke(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// appendLogLine appends rec's line to buf.
func appendLogLine(buf []byte, rec CheckRecord) []byte {
	buf = append(buf, rec.SHA256...)
	buf = append(buf, ' ')
	buf = append(buf, rec.Body...)
	return append(buf, '\n')
}

// copyDelay is how long appended records wait before they are copied
// into bbolt, unless a reader needs them: copying in batches keeps bbolt's
// syncs out of the way of the appends' syncs, which the file system would
// otherwise queue behind them.
const copyDelay = 100 * time.Millisecond

// copyLoop copies appended records into bbolt copyDelay after the first of
// them, or at once when a reader waits, until appendLoop has returned and
// nothing is left.
func (l *checkLog) copyLoop() {
	defer close(l.done)
	var due <-chan time.Time // nil while nothing waits to be copied
	for {
		select {
		case _, ok := <-l.kick:
			if !ok {
				l.copy()
				return
			}
			if due == nil {
				due = time.After(copyDelay)
			}
		case <-due:
			due = nil
			l.copy()
		case <-l.urge:
			due = nil
			l.copy()
		}
	}
}

// copy commits the pending records to bbolt and, if nothing was appended
// meanwhile, empties the file.
func (l *checkLog) copy() {
	l.mu.Lock()
	recs := l.pending
	l.mu.Unlock()
	if len(recs) == 0 {
		return
	}
	err := l.store.commits.update(context.Background(), func(tx *bolt.Tx) error { return putCheckRecords(tx, recs) })
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.err = fmt.Errorf("copy recorded checks into the store: %w", err)
		close(l.copiedC) // wake the waiters, to see l.err
		l.copiedC = make(chan struct{})
		return
	}
	l.pending = l.pending[len(recs):]
	l.copied = recs[len(recs)-1].Seq
	if l.copied == l.seq {
		// Everything in the file is in bbolt. An emptying lost in a crash
		// only makes Open skip records it already has.
		if err := l.f.Truncate(0); err != nil {
			l.err = fmt.Errorf("empty check log: %w", err)
		}
	}
	close(l.copiedC)
	l.copiedC = make(chan struct{})
}

// putCheckRecords stores recs in the checks bucket, each with its log
// entry.
func putCheckRecords(tx *bolt.Tx, recs []CheckRecord) error {
	bk := tx.Bucket([]byte(bucketChecks))
	for _, rec := range recs {
		raw, err := hex.DecodeString(rec.SHA256)
		if err != nil {
			return err
		}
		if err := bk.Put(seqKey(rec.Seq), append(raw, rec.Body...)); err != nil {
			return err
		}
		if err := appendLog(tx, LogEntry{Time: rec.Time, Actor: rec.Actor, Action: ActionCheckRecord, Target: rec.ID, Detail: "sha256=" + rec.SHA256}); err != nil {
			return err
		}
	}
	return nil
}

// wait returns once every record appended before it was called is in
// bbolt, or ctx is done, or the log has failed.
func (l *checkLog) wait(ctx context.Context) error {
	l.mu.Lock()
	target := l.seq
	for l.copied < target && l.err == nil {
		c := l.copiedC
		l.mu.Unlock()
		poke(l.urge)
		select {
		case <-c:
		case <-ctx.Done():
			return ctx.Err()
		}
		l.mu.Lock()
	}
	err := l.err
	l.mu.Unlock()
	return err
}

// close refuses new records, appends those already queued, copies
// everything into bbolt and closes the file. It must be called before the
// committer is closed, which the copy goes through.
func (l *checkLog) close() error {
	l.gate.Lock()
	if l.closed {
		l.gate.Unlock()
		return nil
	}
	l.closed = true
	close(l.calls)
	l.gate.Unlock()
	<-l.done
	return errors.Join(l.f.Close(), l.err)
}
