package store

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/safezone/safezone/geo"
)

const pgBusinessColumns = `seq, name, category, lat, lon, licence, status, created_at, updated_at, created_by, opened_on, address`

// CreateBusiness is Store.CreateBusiness in PostgreSQL: the business and its
// audit entry are committed together, and other replicas are notified.
func (p *Postgres) CreateBusiness(ctx context.Context, actor string, in BusinessInput) (Business, error) {
	b, err := in.businessBy(actor)
	if err != nil {
		return Business{}, err
	}
	now := pgNow()
	b.CreatedAt, b.UpdatedAt, b.CreatedBy = now, now, actor
	err = p.update(ctx, func(tx pgx.Tx) error {
		var seq uint64
		err := tx.QueryRow(ctx, `INSERT INTO safezone_businesses (name, category, lat, lon, licence, status, created_at, updated_at, created_by, opened_on, address)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`,
			b.Name, string(b.Category), b.Point.Lat, b.Point.Lon, b.Licence, string(b.Status), b.CreatedAt, b.UpdatedAt, b.CreatedBy,
			b.OpenedOn.String(), b.Address).Scan(&seq)
		if err != nil {
			return err
		}
		b.ID = businessIDPrefix + strconv.FormatUint(seq, 10)
		return pgAppendLog(ctx, tx, LogEntry{Time: now, Actor: actor, Action: ActionBusinessCreate, Target: b.ID, Detail: describe(b)})
	})
	if err != nil {
		return Business{}, wrap("create business", err)
	}
	p.version.Add(1)
	return b, nil
}

// Business is Store.Business in PostgreSQL.
func (p *Postgres) Business(ctx context.Context, id string) (Business, error) {
	b, err := pgGetBusiness(ctx, p.pool, id, false)
	return b, wrap("get business", err)
}

// Businesses is Store.Businesses in PostgreSQL: one statement, so one
// consistent snapshot.
func (p *Postgres) Businesses(ctx context.Context) ([]Business, error) {
	rows, err := p.pool.Query(ctx, `SELECT `+pgBusinessColumns+` FROM safezone_businesses ORDER BY seq`)
	if err != nil {
		return nil, wrap("list businesses", err)
	}
	bs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Business, error) { return scanBusiness(r) })
	if err != nil {
		return nil, wrap("list businesses", err)
	}
	if bs == nil {
		bs = make([]Business, 0)
	}
	return bs, nil
}

// UpdateBusiness is Store.UpdateBusiness in PostgreSQL.
func (p *Postgres) UpdateBusiness(ctx context.Context, actor, id string, in BusinessInput) (Business, error) {
	b, err := in.businessBy(actor)
	if err != nil {
		return Business{}, err
	}
	now := pgNow()
	err = p.update(ctx, func(tx pgx.Tx) error {
		old, err := pgGetBusiness(ctx, tx, id, true)
		if err != nil {
			return err
		}
		b.ID, b.CreatedAt, b.CreatedBy, b.UpdatedAt = old.ID, old.CreatedAt, old.CreatedBy, now
		if err := pgPutBusiness(ctx, tx, b); err != nil {
			return err
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: now, Actor: actor, Action: ActionBusinessUpdate, Target: id, Detail: diff(old, b)})
	})
	if err != nil {
		return Business{}, wrap("update business", err)
	}
	p.version.Add(1)
	return b, nil
}

// DeleteBusiness is Store.DeleteBusiness in PostgreSQL; the ID is not
// reused, since IDs come from an identity sequence.
func (p *Postgres) DeleteBusiness(ctx context.Context, actor, id string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	err := p.update(ctx, func(tx pgx.Tx) error {
		old, err := pgGetBusiness(ctx, tx, id, true)
		if err != nil {
			return err
		}
		seq, _ := parseBusinessID(id)
		if _, err := tx.Exec(ctx, `DELETE FROM safezone_businesses WHERE seq = $1`, seq); err != nil {
			return err
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: pgNow(), Actor: actor, Action: ActionBusinessDelete, Target: id, Detail: describe(old)})
	})
	if err != nil {
		return wrap("delete business", err)
	}
	p.version.Add(1)
	return nil
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func pgGetBusiness(ctx context.Context, q querier, id string, forUpdate bool) (Business, error) {
	seq, ok := parseBusinessID(id)
	if !ok || seq > 1<<63-1 {
		return Business{}, notFoundf("business %q: not found", id)
	}
	sql := `SELECT ` + pgBusinessColumns + ` FROM safezone_businesses WHERE seq = $1`
	if forUpdate {
		sql += ` FOR UPDATE`
	}
	b, err := scanBusiness(q.QueryRow(ctx, sql, int64(seq)))
	return b, noRows(err, "business %q: not found", id)
}

// scanBusiness reads a row of pgBusinessColumns.
func scanBusiness(row pgx.Row) (Business, error) {
	var (
		b           Business
		seq         int64
		cat, status string
		lat, lon    float64
		opened      string
	)
	if err := row.Scan(&seq, &b.Name, &cat, &lat, &lon, &b.Licence, &status, &b.CreatedAt, &b.UpdatedAt, &b.CreatedBy, &opened, &b.Address); err != nil {
		return Business{}, err
	}
	var err error
	if b.OpenedOn, err = geo.ParseDate("opened_on", opened); err != nil {
		return Business{}, err
	}
	b.ID = businessIDPrefix + strconv.FormatInt(seq, 10)
	b.Category, b.Status, b.Point = geo.Category(cat), Status(status), geo.Point{Lat: lat, Lon: lon}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return b, nil
}

func pgPutBusiness(ctx context.Context, tx pgx.Tx, b Business) error {
	seq, _ := parseBusinessID(b.ID)
	_, err := tx.Exec(ctx, `UPDATE safezone_businesses SET name = $2, category = $3, lat = $4, lon = $5, licence = $6,
		status = $7, updated_at = $8, opened_on = $9, address = $10 WHERE seq = $1`,
		int64(seq), b.Name, string(b.Category), b.Point.Lat, b.Point.Lon, b.Licence, string(b.Status), b.UpdatedAt, b.OpenedOn.String(), b.Address)
	return err
}
