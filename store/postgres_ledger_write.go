package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/safezone/safezone/geo/ledger"
)

// ReportHazard is Store.ReportHazard in PostgreSQL.
func (p *Postgres) ReportHazard(ctx context.Context, cfg *ledger.Config, by ledger.Actor, in ledger.ReportInput, now time.Time) (ledger.Hazard, error) {
	now = ledgerNow(now)
	h, e, err := cfg.Report(in, by, now)
	if err != nil {
		return ledger.Hazard{}, err
	}
	err = p.update(ctx, func(tx pgx.Tx) error {
		l := newPgLedger(ctx, tx, cfg)
		if h.ID, err = l.newID(); err != nil {
			return err
		}
		if err := l.put(nil, &h); err != nil {
			return err
		}
		if err := l.appendEntry(h.ID, e); err != nil {
			return err
		}
		if err := l.enqueue(hazardEvent(h, e, now)); err != nil {
			return err
		}
		return l.flush()
	})
	return h, wrap("report hazard", err)
}

// TransitionHazard is Store.TransitionHazard in PostgreSQL: under the
// write lock, so two racing on one hazard are applied one after the other.
func (p *Postgres) TransitionHazard(ctx context.Context, cfg *ledger.Config, id uint64, in ledger.TransitionInput, by ledger.Actor, now time.Time) (ledger.Hazard, error) {
	now = ledgerNow(now)
	var h ledger.Hazard
	err := p.update(ctx, func(tx pgx.Tx) error {
		l := newPgLedger(ctx, tx, cfg)
		old, _, err := l.get(id)
		if err != nil {
			return err
		}
		files, err := pgFileSet(ctx, tx, id)
		if err != nil {
			return err
		}
		var e ledger.Entry
		if h, e, err = ledger.Transition(old, in, by, now, func(sha string) bool { return files[sha] }); err != nil {
			return err
		}
		if err := l.put(&old, &h); err != nil {
			return err
		}
		if err := l.appendEntry(id, e); err != nil {
			return err
		}
		if err := l.enqueue(hazardEvent(h, e, now)); err != nil {
			return err
		}
		if err := newPgCiter(ctx, tx).cite(&h); err != nil {
			return err
		}
		return l.flush()
	})
	return h, wrap("transition hazard", err)
}

// pgFileSet returns the SHA-256 of the files attached to hazard id.
func pgFileSet(ctx context.Context, tx pgx.Tx, id uint64) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT sha FROM safezone_hazard_files WHERE hazard_id = $1`, int64(id))
	if err != nil {
		return nil, err
	}
	shas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	set := make(map[string]bool, len(shas))
	for _, s := range shas {
		set[s] = true
	}
	return set, err
}

// AttachToHazard is Store.AttachToHazard in PostgreSQL.
func (p *Postgres) AttachToHazard(ctx context.Context, id uint64, a ledger.Attachment, data []byte, comment string, by ledger.Actor, now time.Time) (ledger.Hazard, error) {
	now = ledgerNow(now)
	a.AddedAt, a.AddedBy = now, by.ID
	var h ledger.Hazard
	err := p.update(ctx, func(tx pgx.Tx) error {
		l := newPgLedger(ctx, tx, nil)
		old, rec, err := l.get(id)
		if err != nil {
			return err
		}
		var e ledger.Entry
		if h, e, err = ledger.Attach(old, a, comment, by, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO safezone_blobs (sha, data) VALUES ($1, $2) ON CONFLICT DO NOTHING`, a.SHA256, data); err != nil {
			return err
		}
		doc, err := json.Marshal(attachmentRecord{Type: a.Type, Size: a.Size, Name: a.Name, AddedAt: micros(a.AddedAt), AddedBy: a.AddedBy})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO safezone_hazard_files (hazard_id, sha, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, int64(id), a.SHA256, string(doc))
		if err != nil {
			return err
		}
		args, err := l.row(&h, &rec)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE safezone_hazards SET doc = $2 WHERE id = $1`, args[0], args[len(args)-1]); err != nil {
			return err
		}
		if err := newPgCiter(ctx, tx).cite(&h); err != nil {
			return err
		}
		return l.appendEntry(id, e)
	})
	return h, wrap("attach to hazard", err)
}

// AnnounceOverdue is Store.AnnounceOverdue in PostgreSQL.
func (p *Postgres) AnnounceOverdue(ctx context.Context, cfg *ledger.Config, now time.Time) (int, error) {
	now = ledgerNow(now)
	n := 0
	err := p.update(ctx, func(tx pgx.Tx) error {
		n = 0
		rows, err := tx.Query(ctx, `SELECT id FROM safezone_hazards WHERE next_alert <= $1 ORDER BY next_alert, id LIMIT 10000`, now)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		l := newPgLedger(ctx, tx, cfg)
		for _, id := range ids {
			h, _, err := l.get(uint64(id))
			if err != nil {
				return err
			}
			next, e, escalated := cfg.Escalate(h, now)
			if err := l.put(&h, &next); err != nil {
				return err
			}
			if escalated {
				n++
				if err := l.appendEntry(next.ID, e); err != nil {
					return err
				}
				if err := l.enqueue(alertEvent(next, e.Level, now)); err != nil {
					return err
				}
			}
		}
		return l.flush()
	})
	return n, wrap("announce overdue", err)
}
