package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/safezone/safezone/geo/ledger"
)

// Hazard is Store.Hazard in PostgreSQL: one transaction, so the hazard and
// its history agree.
func (p *Postgres) Hazard(ctx context.Context, id uint64, withHistory bool) (ledger.Hazard, error) {
	var h ledger.Hazard
	err := pgx.BeginTxFunc(ctx, p.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		if h, _, err = newPgLedger(ctx, tx, nil).get(id); err != nil {
			return err
		}
		if err := newPgCiter(ctx, tx).cite(&h); err != nil || !withHistory {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT doc FROM safezone_hazard_history WHERE hazard_id = $1 ORDER BY seq`, int64(id))
		if err != nil {
			return err
		}
		h.History, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ledger.Entry, error) {
			var doc string
			if err := r.Scan(&doc); err != nil {
				return ledger.Entry{}, err
			}
			return decodeEntry([]byte(doc))
		})
		return err
	})
	return h, wrap("get hazard", err)
}

// Hazards is Store.Hazards in PostgreSQL: the filter is SQL but for Where,
// which is checked here, reading on until the page is full.
func (p *Postgres) Hazards(ctx context.Context, f HazardFilter) (HazardPage, error) {
	f, err := checkPage(f)
	if err != nil {
		return HazardPage{}, err
	}
	page := HazardPage{Hazards: make([]ledger.Hazard, 0, min(f.Limit, 64))}
	chunk := f.Limit
	if f.Where != nil {
		chunk = max(chunk, 500)
	}
	cites := newPgCiter(ctx, p.pool)
	for after := f.After; ; {
		g := f
		g.After = after
		n, last := 0, after
		err := p.queryHazards(ctx, &g, chunk, func(h *ledger.Hazard) error {
			n, last = n+1, h.ID
			if len(page.Hazards) == f.Limit || !f.match(h) {
				return nil
			}
			page.Hazards = append(page.Hazards, *h)
			return cites.cite(&page.Hazards[len(page.Hazards)-1])
		})
		if err != nil {
			return HazardPage{}, wrap("list hazards", err)
		}
		if n < chunk || len(page.Hazards) == f.Limit {
			break
		}
		after = last
	}
	if n := len(page.Hazards); n == f.Limit {
		page.Next = page.Hazards[n-1].ID
	}
	return page, nil
}

// EachHazard is Store.EachHazard in PostgreSQL: one query, so one
// snapshot.
func (p *Postgres) EachHazard(ctx context.Context, f HazardFilter, fn func(*ledger.Hazard) error) error {
	f.After = 0
	cites := newPgCiter(ctx, p.pool)
	var fnErr error
	err := p.queryHazards(ctx, &f, 0, func(h *ledger.Hazard) error {
		if !f.match(h) {
			return nil
		}
		if err := cites.cite(h); err != nil {
			return err
		}
		fnErr = fn(h)
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	return wrap("list hazards", err)
}

// queryHazards calls fn for up to limit (0: all) hazards of f's SQL part
// with IDs above f.After, by ID.
func (p *Postgres) queryHazards(ctx context.Context, f *HazardFilter, limit int, fn func(*ledger.Hazard) error) error {
	where, args := hazardWhere(f)
	q := `SELECT id, doc FROM safezone_hazards WHERE ` + where + ` ORDER BY id`
	if limit > 0 {
		args = append(args, limit)
		q += fmt.Sprintf(" LIMIT $%d", len(args))
	}
	rows, err := p.pool.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var doc string
		if err := rows.Scan(&id, &doc); err != nil {
			return err
		}
		h, err := decodeHazard(uint64(id), []byte(doc))
		if err != nil {
			return err
		}
		if err := fn(&h); err != nil {
			return err
		}
	}
	return rows.Err()
}

// hazardWhere is the SQL condition of f but Where, and its arguments.
func hazardWhere(f *HazardFilter) (string, []any) {
	conds, args := []string{}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", fmt.Sprintf("$%d", len(args))))
	}
	add("id > $?", int64(f.After))
	if len(f.States) > 0 {
		add("state = ANY($?)", stringsOf(f.States))
	}
	if len(f.Grades) > 0 {
		add("grade = ANY($?)", stringsOf(f.Grades))
	}
	for _, c := range [][2]string{{"unit", f.Unit}, {"school_id", f.SchoolID}, {"source", string(f.Source)}} {
		if c[1] != "" {
			add(c[0]+" = $?", c[1])
		}
	}
	if f.Vanished != nil {
		add("vanished = $?", *f.Vanished)
	}
	if f.Overdue != nil {
		cond := "(state IN ('assigned', 'rectifying') AND deadline IS NOT NULL AND deadline < $?::date)"
		if !*f.Overdue {
			cond = "NOT " + cond
		}
		add(cond, ledger.DateOf(f.Now).String())
	}
	if !f.Bound.IsZero() {
		add("lon >= $?", f.Bound.Min[0])
		add("lon <= $?", f.Bound.Max[0])
		add("lat >= $?", f.Bound.Min[1])
		add("lat <= $?", f.Bound.Max[1])
	}
	return strings.Join(conds, " AND "), args
}

func stringsOf[T ~string](xs []T) []string {
	ss := make([]string, len(xs))
	for i, x := range xs {
		ss[i] = string(x)
	}
	return ss
}

// HazardAttachments is Store.HazardAttachments in PostgreSQL.
func (p *Postgres) HazardAttachments(ctx context.Context, id uint64) ([]ledger.Attachment, error) {
	var exists bool
	if err := p.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM safezone_hazards WHERE id = $1)`, int64(id)).Scan(&exists); err != nil {
		return nil, wrap("list attachments", err)
	}
	if !exists {
		return nil, ledger.NotFoundf("hazard %d: not found", id)
	}
	rows, err := p.pool.Query(ctx, `SELECT sha, doc FROM safezone_hazard_files WHERE hazard_id = $1`, int64(id))
	if err != nil {
		return nil, wrap("list attachments", err)
	}
	as, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ledger.Attachment, error) {
		var sha, doc string
		if err := r.Scan(&sha, &doc); err != nil {
			return ledger.Attachment{}, err
		}
		var rec attachmentRecord
		err := json.Unmarshal([]byte(doc), &rec)
		return rec.attachment(sha), err
	})
	if as == nil {
		as = make([]ledger.Attachment, 0)
	}
	sortAttachments(as)
	return as, wrap("list attachments", err)
}

// HazardAttachment is Store.HazardAttachment in PostgreSQL.
func (p *Postgres) HazardAttachment(ctx context.Context, id uint64, sha string) (ledger.Attachment, []byte, error) {
	var doc string
	var data []byte
	err := p.pool.QueryRow(ctx, `SELECT f.doc, b.data FROM safezone_hazard_files f JOIN safezone_blobs b ON b.sha = f.sha
		WHERE f.hazard_id = $1 AND f.sha = $2`, int64(id), sha).Scan(&doc, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.Attachment{}, nil, ledger.NotFoundf("attachment %q of hazard %d: not found", sha, id)
	}
	if err != nil {
		return ledger.Attachment{}, nil, wrap("get attachment", err)
	}
	var r attachmentRecord
	if err := json.Unmarshal([]byte(doc), &r); err != nil {
		return ledger.Attachment{}, nil, wrap("get attachment", err)
	}
	return r.attachment(sha), data, nil
}

// HazardSummary is Store.HazardSummary in PostgreSQL.
func (p *Postgres) HazardSummary(ctx context.Context, cfg *ledger.Config, schoolID string, now time.Time, topSchools int) (ledger.Summary, map[string]string, error) {
	var sum ledger.Summary
	var err error
	if schoolID == "" {
		sum, err = p.countsSummary(ctx, cfg, now, topSchools)
	} else {
		counts := map[string]int64{}
		err = p.queryHazards(ctx, &HazardFilter{SchoolID: schoolID}, 0, func(h *ledger.Hazard) error {
			ledger.AddDelta(counts, nil, h)
			return nil
		})
		sum = cfg.Summarize(counts, now, topSchools)
	}
	if err != nil {
		return ledger.Summary{}, nil, wrap("summarize hazards", err)
	}
	ids := make([]string, len(sum.BySchool))
	for i, g := range sum.BySchool {
		ids[i] = g.Key
	}
	names := map[string]string{}
	rows, err := p.pool.Query(ctx, `SELECT DISTINCT ON (school_id) school_id, doc::json->>'sn' FROM safezone_hazards
		WHERE school_id = ANY($1) ORDER BY school_id, id`, ids)
	if err == nil {
		var id string
		var name *string
		_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error {
			if name != nil {
				names[id] = *name
			}
			return nil
		})
	}
	return sum, names, wrap("summarize hazards", err)
}

// countsSummary is the summary of the whole ledger from its counts, in one
// snapshot: the schools' counts are counted and ranked in SQL, not read.
func (p *Postgres) countsSummary(ctx context.Context, cfg *ledger.Config, now time.Time, topSchools int) (ledger.Summary, error) {
	var sum ledger.Summary
	s0, o0 := ledger.SchoolKeyPrefix, ledger.SchoolOpenKeyPrefix
	s1, o1 := prefixEnd(s0), prefixEnd(o0)
	err := pgx.BeginTxFunc(ctx, p.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		counts := map[string]int64{}
		rows, err := tx.Query(ctx, `SELECT key, n FROM safezone_hazard_counts
			WHERE key < $1 OR (key >= $2 AND key < $3) OR key >= $4`, s0, s1, o0, o1)
		if err != nil {
			return err
		}
		var k string
		var n int64
		if _, err := pgx.ForEachRow(rows, []any{&k, &n}, func() error { counts[k] = n; return nil }); err != nil {
			return err
		}
		schools := counts[ledger.SchoolsKey]
		delete(counts, ledger.SchoolsKey)
		sum = cfg.Summarize(counts, now, 0)
		sum.Schools = int(schools)
		rows, err = tx.Query(ctx, `SELECT substr(o.key, $1), o.n, coalesce(t.n, 0) FROM safezone_hazard_counts o
			LEFT JOIN safezone_hazard_counts t ON t.key = $2 || substr(o.key, $1)
			WHERE `+strings.ReplaceAll(openSchoolsRange, "key", "o.key")+` AND o.n > 0 ORDER BY o.n DESC, o.key LIMIT $3`, len(o0)+1, s0, topSchools)
		if err != nil {
			return err
		}
		sum.BySchool = []ledger.GroupCount{}
		var g ledger.GroupCount
		_, err = pgx.ForEachRow(rows, []any{&g.Key, &g.Open, &g.Total}, func() error { sum.BySchool = append(sum.BySchool, g); return nil })
		return err
	})
	return sum, err
}

// prefixEnd is the least string after every string starting with prefix,
// whose last byte is below 0xFF.
func prefixEnd(prefix string) string {
	return prefix[:len(prefix)-1] + string(rune(prefix[len(prefix)-1]+1))
}
