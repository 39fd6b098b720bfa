package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/ledger"
)

// ClaimOutbox returns up to limit events due by now, oldest first, and
// makes them due again at now+lease, so that a sender that dies before
// AckOutbox or RetryOutbox leaves them to be sent again. See Ledger.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]OutboxEvent, error) {
	now = ledgerNow(now)
	evs := make([]OutboxEvent, 0)
	// The server polls every second: look before taking the write lock and
	// an fsync for nothing.
	if due, err := s.outboxDue(ctx, now); err != nil || !due {
		return evs, wrap("claim outbox", err)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketOutbox))
		type claim struct {
			k []byte
			r outboxRecord
		}
		var claims []claim
		c := b.Cursor()
		for k, v := c.First(); k != nil && len(evs) < limit; k, v = c.Next() {
			ev, r, err := decodeOutbox(binary.BigEndian.Uint64(k), v)
			if err != nil {
				return err
			}
			if r.NextAt > micros(now) {
				continue
			}
			r.NextAt = micros(now.Add(lease))
			claims = append(claims, claim{append([]byte(nil), k...), r})
			evs = append(evs, ev)
		}
		for _, cl := range claims {
			if err := putOutbox(b, cl.k, cl.r); err != nil {
				return err
			}
		}
		return nil
	})
	return evs, wrap("claim outbox", err)
}

// AckOutbox deletes event seq, delivered. Deleting one already deleted
// does nothing: deliveries are at least once.
func (s *Store) AckOutbox(ctx context.Context, seq uint64) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketOutbox)).Delete(seqKey(seq))
	})
	return wrap("ack outbox", err)
}

// RetryOutbox records a failed delivery of event seq: one more attempt,
// its error, and the time to try again. It returns an error wrapping
// geo.ErrNotFound if there is no such event.
func (s *Store) RetryOutbox(ctx context.Context, seq uint64, next time.Time, lastErr string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketOutbox))
		v := b.Get(seqKey(seq))
		if v == nil {
			return ledger.NotFoundf("outbox event %s: not found", strconv.FormatUint(seq, 10))
		}
		var r outboxRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		r.Attempts++
		r.NextAt, r.LastError = micros(ledgerNow(next)), truncateError(lastErr)
		return putOutbox(b, seqKey(seq), r)
	})
	return wrap("retry outbox", err)
}

func putOutbox(b *bolt.Bucket, k []byte, r outboxRecord) error {
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return b.Put(k, v)
}

// truncateError keeps the stored error of a delivery short.
func truncateError(s string) string {
	const max = 500
	if len(s) <= max {
		return s
	}
	return strings.ToValidUTF8(s[:max], "")
}

// outboxDue reports whether any event is due by now.
func (s *Store) outboxDue(ctx context.Context, now time.Time) (bool, error) {
	due := false
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte(bucketOutbox)).Cursor()
		for k, v := c.First(); k != nil && !due; k, v = c.Next() {
			var r struct {
				NextAt int64 `json:"next"`
			}
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			due = r.NextAt <= micros(now)
		}
		return nil
	})
	return due, err
}
