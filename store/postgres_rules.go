package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// PutRulePack is Store.PutRulePack in PostgreSQL: the pack and its audit
// entry are committed together.
func (p *Postgres) PutRulePack(ctx context.Context, actor, name string, yaml []byte) (RulePack, error) {
	pack, err := checkRulePack(actor, name, yaml)
	if err != nil {
		return RulePack{}, err
	}
	if err := checkRulePackID(pack.ID); err != nil {
		return RulePack{}, err
	}
	rp := RulePack{ID: pack.ID, YAML: append([]byte(nil), yaml...), UpdatedAt: pgNow(), UpdatedBy: actor}
	err = p.update(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO safezone_rules (id, yaml, updated_at, updated_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET yaml = EXCLUDED.yaml, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
			rp.ID, string(yaml), rp.UpdatedAt, actor)
		if err != nil {
			return err
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: rp.UpdatedAt, Actor: actor, Action: ActionRulesPut, Target: rp.ID, Detail: describeRulePack(name, pack)})
	})
	if err != nil {
		return RulePack{}, wrap("put rule pack", err)
	}
	return rp, nil
}

// RulePack is Store.RulePack in PostgreSQL.
func (p *Postgres) RulePack(ctx context.Context, id string) (RulePack, error) {
	rp, err := scanRulePack(p.pool.QueryRow(ctx, `SELECT id, yaml, updated_at, updated_by FROM safezone_rules WHERE id = $1`, id))
	if err != nil {
		return RulePack{}, wrap("read rule pack", noRows(err, "rule pack %q: not uploaded", id))
	}
	return rp, nil
}

// RulePacks is Store.RulePacks in PostgreSQL: every uploaded pack, by ID.
func (p *Postgres) RulePacks(ctx context.Context) ([]RulePack, error) {
	rows, err := p.pool.Query(ctx, `SELECT id, yaml, updated_at, updated_by FROM safezone_rules ORDER BY id`)
	if err != nil {
		return nil, wrap("list rule packs", err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (RulePack, error) { return scanRulePack(r) })
	if err != nil {
		return nil, wrap("list rule packs", err)
	}
	if ps == nil {
		ps = []RulePack{}
	}
	return ps, nil
}

func scanRulePack(row pgx.Row) (RulePack, error) {
	var rp RulePack
	var yaml string
	if err := row.Scan(&rp.ID, &yaml, &rp.UpdatedAt, &rp.UpdatedBy); err != nil {
		return RulePack{}, err
	}
	rp.YAML, rp.UpdatedAt = []byte(yaml), rp.UpdatedAt.UTC()
	return rp, nil
}

// DeleteRulePack is Store.DeleteRulePack in PostgreSQL.
func (p *Postgres) DeleteRulePack(ctx context.Context, actor, id string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	err := p.update(ctx, func(tx pgx.Tx) error {
		def, err := pgDefaultRules(ctx, tx)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM safezone_rules WHERE id = $1`, id)
		switch {
		case err != nil:
			return err
		case tag.RowsAffected() == 0:
			return notFoundf("rule pack %q: not uploaded", id)
		case def == id:
			return errDefaultPack(id)
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: pgNow(), Actor: actor, Action: ActionRulesDelete, Target: id})
	})
	return wrap("delete rule pack", err)
}

// SetDefaultRules is Store.SetDefaultRules in PostgreSQL.
func (p *Postgres) SetDefaultRules(ctx context.Context, actor, id string) error {
	if err := checkDefaultRules(actor, id); err != nil {
		return err
	}
	err := p.update(ctx, func(tx pgx.Tx) error {
		var err error
		if id == "" {
			_, err = tx.Exec(ctx, `DELETE FROM safezone_meta WHERE key = $1`, keyDefaultRules)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO safezone_meta (key, value) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, keyDefaultRules, id)
		}
		if err != nil {
			return err
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: pgNow(), Actor: actor, Action: ActionRulesDefault, Target: id})
	})
	return wrap("select default rules", err)
}

// DefaultRules is Store.DefaultRules in PostgreSQL.
func (p *Postgres) DefaultRules(ctx context.Context) (string, error) {
	id, err := pgDefaultRules(ctx, p.pool)
	return id, wrap("read default rules", err)
}

func pgDefaultRules(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT value FROM safezone_meta WHERE key = $1`, keyDefaultRules).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return id, err
}
