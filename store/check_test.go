package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// TestBackend_Checks records checks on each backend and reads them back:
// IDs, the chain of hashes, round trips, the log and a whole chain.
func TestBackend_Checks(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			if c, err := s.VerifyChecks(ctx); err != nil || c.Records != 0 || c.Break != nil {
				t.Errorf("empty chain: %+v, %v", c, err)
			}
			var recs []store.CheckRecord
			for i := range 3 {
				r, err := s.RecordCheck(ctx, "regulator:abc", []byte(fmt.Sprintf(` {"input": {"lat": %d}, "answer": {"verdict": "allowed"}}`, i)))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, r)
			}
			prev := strings.Repeat("0", 64)
			for i, r := range recs {
				sum := sha256.Sum256(r.Body)
				if r.ID != fmt.Sprintf("chk-%d", i+1) || r.Seq != uint64(i+1) || r.PrevSHA256 != prev || r.SHA256 != hex.EncodeToString(sum[:]) ||
					r.Actor != "regulator:abc" || string(r.Record) != fmt.Sprintf(`{"input":{"lat":%d},"answer":{"verdict":"allowed"}}`, i) {
					t.Errorf("record %d: %+v", i, r)
				}
				prev = r.SHA256
				got, err := s.CheckRecord(ctx, r.ID)
				if err != nil || !reflect.DeepEqual(got, r) {
					t.Errorf("CheckRecord(%q) = %+v, %v; want %+v", r.ID, got, err, r)
				}
			}
			c, err := s.VerifyChecks(ctx)
			if err != nil || c.Records != 3 || c.Head != recs[2].SHA256 || c.Break != nil {
				t.Errorf("VerifyChecks = %+v, %v", c, err)
			}
			es, err := s.LogEntries(ctx, 0, 10)
			if err != nil || len(es) != 3 || es[2].Action != store.ActionCheckRecord || es[2].Target != "chk-3" || es[2].Detail != "sha256="+recs[2].SHA256 {
				t.Errorf("log = %+v, %v", es, err)
			}
		})
	}
}

func TestBackend_Checks_errors(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			tests := []struct {
				name string
				err  error
				want error
			}{
				{"NoActor", second(s.RecordCheck(ctx, "", []byte(`{}`))), geo.ErrInvalidInput},
				{"NotJSON", second(s.RecordCheck(ctx, "a", []byte(`{"x":`))), geo.ErrInvalidInput},
				{"NotObject", second(s.RecordCheck(ctx, "a", []byte(`[1]`))), geo.ErrInvalidInput},
				{"Empty", second(s.RecordCheck(ctx, "a", nil)), geo.ErrInvalidInput},
				{"TooLarge", second(s.RecordCheck(ctx, "a", []byte(`{"x":"`+strings.Repeat("x", store.MaxCheckRecordBytes)+`"}`))), geo.ErrInvalidInput},
				{"Unknown", second(s.CheckRecord(ctx, "chk-1")), geo.ErrNotFound},
				{"Zero", second(s.CheckRecord(ctx, "chk-0")), geo.ErrNotFound},
				{"Padded", second(s.CheckRecord(ctx, "chk-01")), geo.ErrNotFound},
				{"Malformed", second(s.CheckRecord(ctx, "reg/1")), geo.ErrNotFound},
				{"Huge", second(s.CheckRecord(ctx, "chk-18446744073709551615")), geo.ErrNotFound},
			}
			for _, tc := range tests {
				if !errors.Is(tc.err, tc.want) {
					t.Errorf("%s: error %v, want %v", tc.name, tc.err, tc.want)
				}
			}
			if c, err := s.VerifyChecks(ctx); err != nil || c.Records != 0 {
				t.Errorf("refused records were stored: %+v, %v", c, err)
			}
		})
	}
}

// Concurrent records still form one chain, in sequence order.
func TestBackend_Checks_concurrent(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			var wg sync.WaitGroup
			for i := range 16 {
				wg.Go(func() {
					if _, err := s.RecordCheck(ctx, "a", []byte(fmt.Sprintf(`{"n":%d}`, i))); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if c, err := s.VerifyChecks(ctx); err != nil || c.Records != 16 || c.Break != nil {
				t.Errorf("VerifyChecks = %+v, %v", c, err)
			}
		})
	}
}

// tamperer changes the stored record seq behind the store's back: fn gets
// its stored hash and body and returns what to store instead, or nil to
// remove it. reopen returns the store to verify with.
type tamperer struct {
	open   func(t *testing.T) store.Backend
	tamper func(t *testing.T, seq uint64, fn func(hash, body []byte) ([]byte, []byte))
	reopen func(t *testing.T) store.Backend
}

func tamperers(t *testing.T) map[string]tamperer {
	dir := ""
	m := map[string]tamperer{"bbolt": {
		open: func(t *testing.T) store.Backend { dir = t.TempDir(); return MustOpen(t, dir) },
		tamper: func(t *testing.T, seq uint64, fn func(hash, body []byte) ([]byte, []byte)) {
			db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Update(func(tx *bolt.Tx) error {
				bk, key := tx.Bucket([]byte("checks")), []byte{0, 0, 0, 0, 0, 0, 0, byte(seq)}
				v := bk.Get(key)
				h, b := fn(append([]byte(nil), v[:32]...), append([]byte(nil), v[32:]...))
				if h == nil {
					return bk.Delete(key)
				}
				return bk.Put(key, append(h, b...))
			})
			if err != nil {
				t.Fatal(err)
			}
		},
		reopen: func(t *testing.T) store.Backend { return MustOpen(t, dir) },
	}}
	if _, ok := backends(t)["postgres"]; ok {
		var dsn string
		m["postgres"] = tamperer{
			open: func(t *testing.T) store.Backend { var p *store.Postgres; p, dsn = MustPostgres(t); return p },
			tamper: func(t *testing.T, seq uint64, fn func(hash, body []byte) ([]byte, []byte)) {
				ctx := context.Background()
				conn, err := pgx.Connect(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close(ctx)
				var h, b []byte
				if err := conn.QueryRow(ctx, `SELECT sha256, body FROM safezone_checks WHERE seq = $1`, seq).Scan(&h, &b); err != nil {
					t.Fatal(err)
				}
				if _, err := conn.Exec(ctx, `UPDATE safezone_checks SET body = body WHERE seq = $1`, seq); err == nil {
					t.Error("an UPDATE of a recorded check was allowed: the table must be append-only")
				}
				h, b = fn(h, b)
				q := `UPDATE safezone_checks SET sha256 = $2, body = $3 WHERE seq = $1`
				if h == nil {
					q = `DELETE FROM safezone_checks WHERE seq = $1 AND $2::bytea IS NULL AND $3::bytea IS NULL`
				}
				if _, err := conn.Exec(ctx, `ALTER TABLE safezone_checks DISABLE TRIGGER USER`); err != nil {
					t.Fatal(err)
				}
				if _, err := conn.Exec(ctx, q, seq, h, b); err != nil {
					t.Fatal(err)
				}
			},
			reopen: func(t *testing.T) store.Backend { return MustOpenPostgres(t, dsn) },
		}
	}
	return m
}

// A record changed, re-sealed or removed behind the store's back breaks
// the chain, and VerifyChecks names the first break.
func TestBackend_Checks_tamper(t *testing.T) {
	seal := func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }
	tests := []struct {
		name   string
		fn     func(hash, body []byte) ([]byte, []byte)
		seq    uint64 // where the chain breaks
		walked uint64 // whole records before it
		reason string
	}{
		{"Changed", func(h, b []byte) ([]byte, []byte) {
			return h, []byte(strings.Replace(string(b), `"prohibited"`, `"allowed!!!"`, 1))
		}, 2, 1, "was changed"},
		{"Resealed", func(h, b []byte) ([]byte, []byte) {
			b = []byte(strings.Replace(string(b), `"prohibited"`, `"allowed!!!"`, 1))
			return seal(b), b
		}, 3, 2, "as the previous record's SHA-256, but the previous record's is"},
		{"Removed", func(h, b []byte) ([]byte, []byte) { return nil, nil }, 3, 1, "record 2 is missing"},
	}
	for name, tm := range tamperers(t) {
		for _, tc := range tests {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				ctx := t.Context()
				s := tm.open(t)
				for range 4 {
					if _, err := s.RecordCheck(ctx, "a", []byte(`{"answer":{"verdict":"prohibited"}}`)); err != nil {
						t.Fatal(err)
					}
				}
				s.Close()
				tm.tamper(t, 2, tc.fn)
				c, err := tm.reopen(t).VerifyChecks(ctx)
				if err != nil || c.Break == nil || c.Break.Seq != tc.seq || !strings.Contains(c.Break.Reason, tc.reason) || c.Records != tc.walked {
					t.Errorf("VerifyChecks = %+v (break %+v), %v; want a break at %d: %q", c, c.Break, err, tc.seq, tc.reason)
				}
			})
		}
	}
}
