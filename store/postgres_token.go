package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/safezone/safezone/geo"
)

// CreateToken is Store.CreateToken in PostgreSQL: only the token's hash is
// stored, and the token and its audit entry are committed together.
func (p *Postgres) CreateToken(ctx context.Context, actor string, role Role, schoolID string) (string, Token, error) {
	if err := checkNewToken(actor, role, schoolID); err != nil {
		return "", Token{}, err
	}
	return p.createToken(ctx, actor, Token{Role: role, SchoolID: schoolID})
}

// CreateUnitToken is Store.CreateUnitToken in PostgreSQL.
func (p *Postgres) CreateUnitToken(ctx context.Context, actor string, role Role, unit string) (string, Token, error) {
	if err := checkUnitToken(actor, role, unit); err != nil {
		return "", Token{}, err
	}
	return p.createToken(ctx, actor, Token{Role: role, Unit: unit})
}

// createToken stores a new token of t's role and binding.
func (p *Postgres) createToken(ctx context.Context, actor string, t Token) (string, Token, error) {
	t.CreatedAt = pgNow()
	var token string
	err := p.update(ctx, func(tx pgx.Tx) error {
		var hash [sha256.Size]byte
		// IDs are 32 bits of the hash; draw again on the rare clash so
		// RevokeToken can find a token by ID alone.
		for {
			token = newToken()
			hash = sha256.Sum256([]byte(token))
			t.ID = hex.EncodeToString(hash[:tokenIDBytes])
			var taken bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM safezone_tokens WHERE id = $1)`, t.ID).Scan(&taken); err != nil {
				return err
			}
			if !taken {
				break
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO safezone_tokens (hash, id, role, school_id, unit, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			hash[:], t.ID, string(t.Role), t.SchoolID, t.Unit, t.CreatedAt)
		if err != nil {
			return err
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: t.CreatedAt, Actor: actor, Action: ActionTokenCreate, Target: t.ID, Detail: describeToken(t)})
	})
	if err != nil {
		return "", Token{}, wrap("create token", err)
	}
	return token, t, nil
}

// Authenticate is Store.Authenticate in PostgreSQL: the lookup is by the
// token's SHA-256 hash, and errors wrap ErrUnauthorized without quoting the
// token.
func (p *Postgres) Authenticate(ctx context.Context, token string) (Token, error) {
	if !wellFormed(token) {
		return Token{}, fmt.Errorf("%w: malformed token", ErrUnauthorized)
	}
	hash := sha256.Sum256([]byte(token))
	t, err := scanToken(p.pool.QueryRow(ctx, `SELECT id, role, school_id, unit, created_at FROM safezone_tokens WHERE hash = $1`, hash[:]))
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, fmt.Errorf("%w: unknown token", ErrUnauthorized)
	}
	if err != nil {
		return Token{}, wrap("authenticate", err)
	}
	return t, nil
}

// Tokens is Store.Tokens in PostgreSQL: every token, oldest first.
func (p *Postgres) Tokens(ctx context.Context) ([]Token, error) {
	rows, err := p.pool.Query(ctx, `SELECT id, role, school_id, unit, created_at FROM safezone_tokens ORDER BY created_at, id COLLATE "C"`)
	if err != nil {
		return nil, wrap("list tokens", err)
	}
	ts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Token, error) { return scanToken(r) })
	if err != nil {
		return nil, wrap("list tokens", err)
	}
	if ts == nil {
		ts = make([]Token, 0)
	}
	return ts, nil
}

// RevokeToken is Store.RevokeToken in PostgreSQL.
func (p *Postgres) RevokeToken(ctx context.Context, actor, id string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if _, err := tokenIDKey(id); err != nil {
		return err
	}
	err := p.update(ctx, func(tx pgx.Tx) error {
		t, err := scanToken(tx.QueryRow(ctx, `DELETE FROM safezone_tokens WHERE id = $1 RETURNING id, role, school_id, unit, created_at`, id))
		if err != nil {
			return noRows(err, "token %q: not found", id)
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: pgNow(), Actor: actor, Action: ActionTokenRevoke, Target: id, Detail: describeToken(t)})
	})
	return wrap("revoke token", err)
}

func scanToken(row pgx.Row) (Token, error) {
	var t Token
	var role string
	if err := row.Scan(&t.ID, &role, &t.SchoolID, &t.Unit, &t.CreatedAt); err != nil {
		return Token{}, err
	}
	t.Role, t.CreatedAt = Role(role), t.CreatedAt.UTC()
	return t, nil
}

// Log is Store.Log in PostgreSQL.
func (p *Postgres) Log(ctx context.Context, actor, action, target, detail string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if action == "" {
		return geo.Invalid("action", action, geo.Required())
	}
	err := p.update(ctx, func(tx pgx.Tx) error {
		return pgAppendLog(ctx, tx, LogEntry{Time: pgNow(), Actor: actor, Action: action, Target: target, Detail: detail})
	})
	return wrap("log", err)
}

// LogEntries is Store.LogEntries in PostgreSQL: up to limit entries with Seq
// greater than after, oldest first.
func (p *Postgres) LogEntries(ctx context.Context, after uint64, limit int) ([]LogEntry, error) {
	if limit < 1 || limit > MaxLogEntries {
		return nil, invalidf("limit %q: must be between 1 and %d", strconv.Itoa(limit), MaxLogEntries)
	}
	es := make([]LogEntry, 0)
	if after >= math.MaxInt64 {
		return es, nil // sequence numbers are bigint
	}
	rows, err := p.pool.Query(ctx, `SELECT seq, time, actor, action, target, detail FROM safezone_log
		WHERE seq > $1 ORDER BY seq LIMIT $2`, int64(after), limit)
	if err != nil {
		return nil, wrap("read log", err)
	}
	es, err = pgx.AppendRows(es, rows, func(r pgx.CollectableRow) (LogEntry, error) {
		var e LogEntry
		var seq int64
		err := r.Scan(&seq, &e.Time, &e.Actor, &e.Action, &e.Target, &e.Detail)
		e.Seq, e.Time = uint64(seq), e.Time.UTC()
		return e, err
	})
	if err != nil {
		return nil, wrap("read log", err)
	}
	return es, nil
}

// pgAppendLog adds e to the log in tx, so it commits or rolls back with the
// change it describes. The write lock keeps sequence numbers in commit
// order.
func pgAppendLog(ctx context.Context, tx pgx.Tx, e LogEntry) error {
	_, err := tx.Exec(ctx, `INSERT INTO safezone_log (time, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)`,
		e.Time, e.Actor, e.Action, e.Target, e.Detail)
	return err
}
