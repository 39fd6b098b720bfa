package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/safezone/safezone/geo/ledger"
)

// ClaimOutbox is Store.ClaimOutbox in PostgreSQL. Replicas claim with SKIP
// LOCKED, so two never take the same event at once.
func (p *Postgres) ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]OutboxEvent, error) {
	now = ledgerNow(now)
	rows, err := p.pool.Query(ctx, `WITH due AS (
			SELECT seq FROM safezone_outbox WHERE next_at <= $1 ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
		UPDATE safezone_outbox o SET next_at = $3 FROM due WHERE o.seq = due.seq RETURNING o.seq, o.doc`,
		now, limit, now.Add(lease))
	if err != nil {
		return nil, wrap("claim outbox", err)
	}
	evs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxEvent, error) {
		var seq int64
		var doc string
		if err := r.Scan(&seq, &doc); err != nil {
			return OutboxEvent{}, err
		}
		ev, _, err := decodeOutbox(uint64(seq), []byte(doc))
		return ev, err
	})
	if err != nil {
		return nil, wrap("claim outbox", err)
	}
	if evs == nil {
		evs = make([]OutboxEvent, 0)
	}
	slices.SortFunc(evs, func(a, b OutboxEvent) int { return cmp.Compare(a.Seq, b.Seq) })
	return evs, nil
}

// AckOutbox is Store.AckOutbox in PostgreSQL.
func (p *Postgres) AckOutbox(ctx context.Context, seq uint64) error {
	_, err := p.pool.Exec(ctx, `DELETE FROM safezone_outbox WHERE seq = $1`, int64(seq))
	return wrap("ack outbox", err)
}

// RetryOutbox is Store.RetryOutbox in PostgreSQL.
func (p *Postgres) RetryOutbox(ctx context.Context, seq uint64, next time.Time, lastErr string) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var doc string
		err := tx.QueryRow(ctx, `SELECT doc FROM safezone_outbox WHERE seq = $1 FOR UPDATE`, int64(seq)).Scan(&doc)
		if errors.Is(err, pgx.ErrNoRows) {
			return ledger.NotFoundf("outbox event %s: not found", strconv.FormatUint(seq, 10))
		}
		if err != nil {
			return err
		}
		var r outboxRecord
		if err := json.Unmarshal([]byte(doc), &r); err != nil {
			return err
		}
		next = ledgerNow(next)
		r.Attempts++
		r.NextAt, r.LastError = micros(next), truncateError(lastErr)
		v, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE safezone_outbox SET next_at = $2, doc = $3 WHERE seq = $1`, int64(seq), next, string(v))
		return err
	})
	return wrap("retry outbox", err)
}
