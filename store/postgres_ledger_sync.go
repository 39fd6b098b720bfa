package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/safezone/safezone/geo/ledger"
)

// SyncHazards is Store.SyncHazards in PostgreSQL: the plan from one read of
// the pack's hit keys, then transactions of syncBatch hazards under the
// write lock; new hazards and their first entries go in by COPY.
func (p *Postgres) SyncHazards(ctx context.Context, cfg *ledger.Config, by ledger.Actor, pack string, findings []ledger.Finding, inScope func(*ledger.Hazard) bool, now time.Time) (SyncResult, error) {
	return runSync(ctx, p, cfg, by, pack, findings, inScope, now)
}

// joinHits walks the pack's stored hit keys into plan (syncStore).
func (p *Postgres) joinHits(ctx context.Context, plan *syncPlan, pack string, fs []ledger.Finding) error {
	prefix := ledger.KeyPrefix(pack)
	end := prefix[:len(prefix)-1] + string(rune(prefix[len(prefix)-1]+1))
	rows, err := p.pool.Query(ctx, `SELECT hit_key, id, state, vanished FROM safezone_hazards
		WHERE hit_key >= $1 AND hit_key < $2 ORDER BY hit_key`, prefix, end)
	if err != nil {
		return err
	}
	defer rows.Close()
	plan.join(fs, func(yield func(storedHit) bool) {
		for rows.Next() {
			var h storedHit
			var id int64
			var state string
			if rows.Scan(&h.key, &id, &state, &h.vanished) != nil {
				return
			}
			h.id, h.state = uint64(id), ledger.State(state)
			if !yield(h) {
				return
			}
		}
	})
	return rows.Err()
}

// inSyncTx runs fn in one transaction under the write lock, then writes
// the counts (syncStore).
func (p *Postgres) inSyncTx(ctx context.Context, cfg *ledger.Config, fn func(syncTx) error) error {
	return p.update(ctx, func(tx pgx.Tx) error {
		l := newPgLedger(ctx, tx, cfg)
		if err := fn(pgSyncTx{l}); err != nil {
			return err
		}
		return l.flush()
	})
}

// pgSyncTx is a pgLedger as a sync's reconciliation uses it.
type pgSyncTx struct{ *pgLedger }

func (t pgSyncTx) get(id uint64) (ledger.Hazard, error) {
	h, _, err := t.pgLedger.get(id)
	return h, err
}

// enqueueSynced queues the event of a finished sync (syncStore).
func (p *Postgres) enqueueSynced(ctx context.Context, ev OutboxEvent) error {
	return p.update(ctx, func(tx pgx.Tx) error { return newPgLedger(ctx, tx, nil).enqueue(ev) })
}

// putRules stores the title, severity and citation of every rule the
// findings cite, where changed (syncStore).
func (p *Postgres) putRules(ctx context.Context, cites map[string]ruleRecord) error {
	return p.update(ctx, func(tx pgx.Tx) error {
		for k, c := range cites {
			doc, err := json.Marshal(c)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO safezone_hazard_rules (key, doc) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc WHERE safezone_hazard_rules.doc <> EXCLUDED.doc`, k, string(doc))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// createHazards registers the findings is by COPY, syncBatch a
// transaction (syncStore).
func (p *Postgres) createHazards(ctx context.Context, sy *syncRun, is []int32) error {
	return chunks(is, syncBatch, func(is []int32) error {
		return sy.batch(ctx, func(tx syncTx) error { return p.copyNew(tx.(pgSyncTx).pgLedger, sy, is) })
	})
}

// copyNew registers the findings is with COPY in l; those another sync
// registered meanwhile are found again instead.
func (p *Postgres) copyNew(l *pgLedger, sy *syncRun, is []int32) error {
	keys := make([]string, len(is))
	for j, i := range is {
		keys[j] = sy.fs[i].Key
	}
	rows, err := l.tx.Query(l.ctx, `SELECT hit_key, id FROM safezone_hazards WHERE hit_key = ANY($1)`, keys)
	if err != nil {
		return err
	}
	taken := map[string]uint64{}
	var k string
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&k, &id}, func() error { taken[k] = uint64(id); return nil }); err != nil {
		return err
	}
	ids, err := newHazardIDs(l, len(is)-len(taken))
	if err != nil {
		return err
	}
	var hazards, entries [][]any
	var again []uint64
	for _, i := range is {
		f := &sy.fs[i]
		if id, ok := taken[f.Key]; ok {
			again = append(again, id)
			continue
		}
		h, e := sy.cfg.Register(*f, sy.by, sy.now)
		h.ID, ids = ids[0], ids[1:]
		row, err := l.row(&h, nil)
		if err != nil {
			return err
		}
		hazards, entries = append(hazards, row), append(entries, []any{int64(h.ID), e.Seq, string(encodeEntry(e))})
		ledger.AddDelta(l.counts, nil, &h)
	}
	if err := copyHazards(l, hazards, entries); err != nil {
		return err
	}
	sy.res.New += len(hazards)
	return sy.refound(pgSyncTx{l}, again)
}

// newHazardIDs draws n hazard IDs.
func newHazardIDs(l *pgLedger, n int) ([]uint64, error) {
	rows, err := l.tx.Query(l.ctx, `SELECT nextval(pg_get_serial_sequence('safezone_hazards', 'id')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	out := make([]uint64, len(ids))
	for i, id := range ids {
		out[i] = uint64(id)
	}
	return out, err
}

// copy writes new hazards, which have no deadline yet, and their first
// entries.
func copyHazards(l *pgLedger, hazards, entries [][]any) error {
	cols := []string{"id", "hit_key", "state", "grade", "unit", "school_id", "source", "lat", "lon", "deadline", "vanished", "next_alert", "doc"}
	if _, err := l.tx.CopyFrom(l.ctx, pgx.Identifier{"safezone_hazards"}, cols, pgx.CopyFromRows(hazards)); err != nil {
		return err
	}
	_, err := l.tx.CopyFrom(l.ctx, pgx.Identifier{"safezone_hazard_history"}, []string{"hazard_id", "seq", "doc"}, pgx.CopyFromRows(entries))
	return err
}
