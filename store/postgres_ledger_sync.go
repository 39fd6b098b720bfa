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
	now = ledgerNow(now)
	plan, err := newSyncPlan(pack, findings)
	if err != nil {
		return SyncResult{}, err
	}
	if err := p.joinHits(ctx, plan, pack, findings); err != nil {
		return SyncResult{}, wrap("sync hazards", err)
	}
	res := SyncResult{Total: len(plan.order), Unchanged: plan.unchanged}
	sy := &pgSync{p: p, cfg: cfg, by: by, now: now, fs: findings, res: &res}
	err = sy.rules(ctx, plan.order)
	if err == nil {
		err = chunks(plan.create, syncBatch, func(is []int32) error { return sy.batch(ctx, func(l *pgLedger) error { return sy.create(l, is) }) })
	}
	if err == nil {
		err = chunks(plan.refound, syncBatch, func(ids []uint64) error { return sy.batch(ctx, func(l *pgLedger) error { return sy.refound(l, ids) }) })
	}
	if err == nil {
		err = chunks(plan.vanish, syncBatch, func(ids []uint64) error {
			return sy.batch(ctx, func(l *pgLedger) error { return sy.vanish(l, ids, inScope) })
		})
	}
	if err == nil {
		err = p.update(ctx, func(tx pgx.Tx) error { return newPgLedger(ctx, tx, cfg).enqueue(syncEvent(pack, res, now)) })
	}
	return res, wrap("sync hazards", err)
}

// joinHits walks the pack's stored hit keys into plan.
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

// pgSync is one sync under way.
type pgSync struct {
	p   *Postgres
	cfg *ledger.Config
	by  ledger.Actor
	now time.Time
	fs  []ledger.Finding
	res *SyncResult
}

// batch runs fn in one transaction and writes the counts it changed.
func (sy *pgSync) batch(ctx context.Context, fn func(*pgLedger) error) error {
	saved := *sy.res
	err := sy.p.update(ctx, func(tx pgx.Tx) error {
		*sy.res = saved
		l := newPgLedger(ctx, tx, sy.cfg)
		if err := fn(l); err != nil {
			return err
		}
		return l.flush()
	})
	if err != nil {
		*sy.res = saved
	}
	return err
}

// rules stores the title, severity and citation of every rule the
// findings cite.
func (sy *pgSync) rules(ctx context.Context, order []int32) error {
	cites := ruleCites(sy.fs, order)
	return sy.p.update(ctx, func(tx pgx.Tx) error {
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

// create registers the findings is with COPY; those another sync
// registered meanwhile are found again instead.
func (sy *pgSync) create(l *pgLedger, is []int32) error {
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
	ids, err := sy.newIDs(l, len(is)-len(taken))
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
	if err := sy.copy(l, hazards, entries); err != nil {
		return err
	}
	sy.res.New += len(hazards)
	return sy.refound(l, again)
}

// newIDs draws n hazard IDs.
func (sy *pgSync) newIDs(l *pgLedger, n int) ([]uint64, error) {
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
func (sy *pgSync) copy(l *pgLedger, hazards, entries [][]any) error {
	cols := []string{"id", "hit_key", "state", "grade", "unit", "school_id", "source", "lat", "lon", "deadline", "vanished", "next_alert", "doc"}
	if _, err := l.tx.CopyFrom(l.ctx, pgx.Identifier{"safezone_hazards"}, cols, pgx.CopyFromRows(hazards)); err != nil {
		return err
	}
	_, err := l.tx.CopyFrom(l.ctx, pgx.Identifier{"safezone_hazard_history"}, []string{"hazard_id", "seq", "doc"}, pgx.CopyFromRows(entries))
	return err
}

// refound applies ledger.Refound to hazards ids, found again.
func (sy *pgSync) refound(l *pgLedger, ids []uint64) error {
	for _, id := range ids {
		old, _, err := l.get(id)
		if err != nil {
			return err
		}
		h, e, out := ledger.Refound(old, sy.by, sy.now)
		switch out {
		case ledger.Unchanged:
			sy.res.Unchanged++
			continue
		case ledger.Reappeared:
			sy.res.Unchanged++
			sy.res.Reappeared++
		case ledger.Reopened:
			sy.res.Reopened++
			if err := l.enqueue(hazardEvent(h, e, sy.now)); err != nil {
				return err
			}
		}
		if err := l.put(&old, &h); err != nil {
			return err
		}
		if err := l.appendEntry(id, e); err != nil {
			return err
		}
	}
	return nil
}

// vanish marks hazards ids, not found, vanished where inScope holds.
func (sy *pgSync) vanish(l *pgLedger, ids []uint64, inScope func(*ledger.Hazard) bool) error {
	for _, id := range ids {
		old, _, err := l.get(id)
		if err != nil {
			return err
		}
		if inScope != nil && !inScope(&old) {
			continue
		}
		h, e, ok := ledger.Vanish(old, sy.by, sy.now)
		if !ok {
			continue
		}
		if err := l.put(&old, &h); err != nil {
			return err
		}
		if err := l.appendEntry(id, e); err != nil {
			return err
		}
		sy.res.Vanished++
	}
	return nil
}
