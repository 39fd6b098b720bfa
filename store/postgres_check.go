package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/jackc/pgx/v5"
)

// pgCheckSchema holds the recorded checks, and the registered businesses'
// opening dates and addresses. A trigger refuses every UPDATE,
// DELETE and TRUNCATE, so the database itself keeps them append-only; the
// hash chain shows a change made around it (by a superuser disabling the
// trigger, or on the disk).
var pgCheckSchema = []string{
	// Opening dates of registered businesses, added to stores made before.
	`ALTER TABLE safezone_businesses ADD COLUMN IF NOT EXISTS opened_on text NOT NULL DEFAULT ''`,
	// Addresses of registered businesses, likewise.
	`ALTER TABLE safezone_businesses ADD COLUMN IF NOT EXISTS address text NOT NULL DEFAULT ''`,
	`CREATE TABLE IF NOT EXISTS safezone_checks (seq bigint PRIMARY KEY, sha256 bytea NOT NULL, body bytea NOT NULL)`,
	`CREATE OR REPLACE FUNCTION safezone_checks_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		RAISE EXCEPTION 'safezone_checks is append-only: % refused', TG_OP;
	END $$`,
	`CREATE OR REPLACE TRIGGER safezone_checks_append_only BEFORE UPDATE OR DELETE ON safezone_checks
		FOR EACH ROW EXECUTE FUNCTION safezone_checks_append_only()`,
	`CREATE OR REPLACE TRIGGER safezone_checks_no_truncate BEFORE TRUNCATE ON safezone_checks
		FOR EACH STATEMENT EXECUTE FUNCTION safezone_checks_append_only()`,
}

// RecordCheck is Store.RecordCheck in PostgreSQL: the record and its log
// entry are committed together, under the write lock, so records are
// chained in commit order across replicas.
func (p *Postgres) RecordCheck(ctx context.Context, actor string, record []byte) (CheckRecord, error) {
	if err := checkActor(actor); err != nil {
		return CheckRecord{}, err
	}
	compact, err := compactRecord(record)
	if err != nil {
		return CheckRecord{}, err
	}
	var rec CheckRecord
	err = p.update(ctx, func(tx pgx.Tx) error {
		prev, prevHash := uint64(0), genesisSHA256
		var seq int64
		var raw []byte
		err := tx.QueryRow(ctx, `SELECT seq, sha256 FROM safezone_checks ORDER BY seq DESC LIMIT 1`).Scan(&seq, &raw)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			prev, prevHash = uint64(seq), hex.EncodeToString(raw)
		}
		rec = sealCheckRecord(actor, compact, prev, prevHash, pgNow())
		sum, _ := hex.DecodeString(rec.SHA256)
		if _, err := tx.Exec(ctx, `INSERT INTO safezone_checks (seq, sha256, body) VALUES ($1, $2, $3)`, int64(rec.Seq), sum, rec.Body); err != nil {
			return err
		}
		return pgAppendLog(ctx, tx, LogEntry{Time: rec.Time, Actor: actor, Action: ActionCheckRecord, Target: rec.ID, Detail: "sha256=" + rec.SHA256})
	})
	if err != nil {
		return CheckRecord{}, wrap("record check", err)
	}
	return rec, nil
}

// CheckRecord is Store.CheckRecord in PostgreSQL.
func (p *Postgres) CheckRecord(ctx context.Context, id string) (CheckRecord, error) {
	seq, ok := checkSeq(id)
	if !ok || seq > 1<<63-1 {
		return CheckRecord{}, notFoundf("check record %q: not found", id)
	}
	var sum, body []byte
	err := p.pool.QueryRow(ctx, `SELECT sha256, body FROM safezone_checks WHERE seq = $1`, int64(seq)).Scan(&sum, &body)
	if err != nil {
		return CheckRecord{}, wrap("get check record", noRows(err, "check record %q: not found", id))
	}
	rec, err := decodeCheckRecord(body, hex.EncodeToString(sum))
	return rec, wrap("get check record", err)
}

// VerifyChecks is Store.VerifyChecks in PostgreSQL, from one snapshot
// (a repeatable-read transaction).
func (p *Postgres) VerifyChecks(ctx context.Context) (ChainCheck, error) {
	w := newChainWalker()
	err := pgx.BeginTxFunc(ctx, p.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT seq, sha256, body FROM safezone_checks ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var sum, body []byte
			if err := rows.Scan(&seq, &sum, &body); err != nil {
				return err
			}
			if len(sum) != sha256.Size || !w.next(uint64(seq), hex.EncodeToString(sum), body) {
				if w.res.Break == nil {
					w.res.Break = &ChainBreak{Seq: uint64(seq), Reason: "its stored SHA-256 is not 32 bytes"}
				}
				return nil
			}
		}
		return rows.Err()
	})
	return w.res, wrap("verify checks", err)
}
