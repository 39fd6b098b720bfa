package store_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
	"github.com/safezone/safezone/store/storetest"
)

// MustPostgres opens a Postgres store on a new, empty database, dropped
// when the test ends. It skips the test unless SAFEZONE_TEST_POSTGRES is
// set. The DSN of the new database is returned for opening replicas.
func MustPostgres(tb testing.TB) (*store.Postgres, string) {
	tb.Helper()
	dsn := storetest.PostgresDSN(tb)
	return MustOpenPostgres(tb, dsn), dsn
}

// MustOpenPostgres opens a replica on dsn and closes it when the test ends.
func MustOpenPostgres(tb testing.TB, dsn string) *store.Postgres {
	tb.Helper()
	p, err := store.OpenPostgres(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("OpenPostgres: %v", err)
	}
	tb.Cleanup(func() { p.Close() })
	return p
}

// backends returns every backend to run the contract tests on: bbolt
// always, PostgreSQL when SAFEZONE_TEST_POSTGRES is set.
func backends(t *testing.T) map[string]func(*testing.T) store.Backend {
	m := map[string]func(*testing.T) store.Backend{
		"bbolt": func(t *testing.T) store.Backend { return MustOpen(t, t.TempDir()) },
	}
	if os.Getenv(storetest.PostgresEnv) != "" {
		m["postgres"] = func(t *testing.T) store.Backend { p, _ := MustPostgres(t); return p }
	} else {
		t.Logf("%s is not set: the contract runs on bbolt only", storetest.PostgresEnv)
	}
	return m
}

// TestBackend_Businesses runs the same business writes on each backend and
// checks the same answers: IDs, round trips, errors, the log, Version.
func TestBackend_Businesses(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			v0 := s.Version()
			a, err := s.CreateBusiness(ctx, "alice", validInput())
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != "reg/1" || s.Version() == v0 {
				t.Errorf("first business: ID %q, version %d -> %d; want reg/1 and a new version", a.ID, v0, s.Version())
			}
			got, err := s.Business(ctx, a.ID)
			if err != nil || !reflect.DeepEqual(got, a) {
				t.Errorf("Business(%q) = %+v, %v; want %+v", a.ID, got, err, a)
			}
			in := validInput()
			in.Name, in.Status = "新名字", "licensed"
			u, err := s.UpdateBusiness(ctx, "bob", a.ID, in)
			if err != nil || u.Name != "新名字" || u.Status != store.Licensed || !u.CreatedAt.Equal(a.CreatedAt) || u.CreatedBy != "alice" {
				t.Errorf("UpdateBusiness = %+v, %v", u, err)
			}
			if err := s.DeleteBusiness(ctx, "bob", a.ID); err != nil {
				t.Fatal(err)
			}
			b, err := s.CreateBusiness(ctx, "alice", validInput())
			if err != nil || b.ID != "reg/2" {
				t.Errorf("after a delete: ID %q, %v; want reg/2 (IDs are never reused)", b.ID, err)
			}
			bs, err := s.Businesses(ctx)
			if err != nil || len(bs) != 1 || !reflect.DeepEqual(bs[0], b) {
				t.Errorf("Businesses = %+v, %v; want only %+v", bs, err, b)
			}
			es, err := s.LogEntries(ctx, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for i, e := range es {
				actions = append(actions, e.Actor+" "+e.Action+" "+e.Target)
				if e.Seq != uint64(i+1) {
					t.Errorf("log entry %d: Seq %d", i, e.Seq)
				}
			}
			want := []string{"alice business.create reg/1", "bob business.update reg/1", "bob business.delete reg/1", "alice business.create reg/2"}
			if !reflect.DeepEqual(actions, want) {
				t.Errorf("log = %q, want %q", actions, want)
			}
		})
	}
}

func TestBackend_Businesses_errors(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			bad := validInput()
			bad.Lat = 91
			tests := []struct {
				name string
				err  error
				want error
			}{
				{"CreateInvalid", second(s.CreateBusiness(ctx, "alice", bad)), geo.ErrInvalidInput},
				{"CreateNoActor", second(s.CreateBusiness(ctx, "", validInput())), geo.ErrInvalidInput},
				{"GetUnknown", second(s.Business(ctx, "reg/99")), geo.ErrNotFound},
				{"GetMalformed", second(s.Business(ctx, "reg/01")), geo.ErrNotFound},
				{"GetHuge", second(s.Business(ctx, "reg/18446744073709551615")), geo.ErrNotFound},
				{"UpdateUnknown", second(s.UpdateBusiness(ctx, "alice", "reg/99", validInput())), geo.ErrNotFound},
				{"DeleteUnknown", s.DeleteBusiness(ctx, "alice", "reg/99"), geo.ErrNotFound},
				{"RevokeUnknown", s.RevokeToken(ctx, "alice", "0badc0de"), geo.ErrNotFound},
				{"LogLimit", second(s.LogEntries(ctx, 0, 0)), geo.ErrInvalidInput},
				{"AuthMalformed", second(s.Authenticate(ctx, "sz_nope")), store.ErrUnauthorized},
			}
			for _, tc := range tests {
				if !errors.Is(tc.err, tc.want) {
					t.Errorf("%s: error %v, want %v", tc.name, tc.err, tc.want)
				}
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

func TestBackend_Tokens(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			tok, tk, err := s.CreateToken(ctx, "cli", store.RoleSchool, "way/7")
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Authenticate(ctx, tok)
			if err != nil || !reflect.DeepEqual(got, tk) {
				t.Errorf("Authenticate = %+v, %v; want %+v", got, err, tk)
			}
			ts, err := s.Tokens(ctx)
			if err != nil || len(ts) != 1 || !reflect.DeepEqual(ts[0], tk) {
				t.Errorf("Tokens = %+v, %v", ts, err)
			}
			if err := s.RevokeToken(ctx, "cli", tk.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Authenticate(ctx, tok); !errors.Is(err, store.ErrUnauthorized) {
				t.Errorf("Authenticate after revoke: %v, want ErrUnauthorized", err)
			}
			es, _ := s.LogEntries(ctx, 0, 10)
			if len(es) != 2 || es[0].Action != store.ActionTokenCreate || es[1].Action != store.ActionTokenRevoke {
				t.Errorf("log = %+v, want a create and a revoke", es)
			}
		})
	}
}

// TestBackend_Import imports twice: the licensed business is matched and
// updated, the features replaced, and the log and summary agree.
func TestBackend_Import(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			batch := importBatch()
			sum, err := s.Import(ctx, "cli", batch)
			if err != nil || sum != (store.ImportSummary{Created: 2, Features: 2}) {
				t.Fatalf("first Import = %+v, %v", sum, err)
			}
			batch.Businesses[0].Name = "星空网咖"
			batch.Businesses = append(batch.Businesses, batch.Businesses[1]) // the same again: unchanged
			sum, err = s.Import(ctx, "cli", batch)
			if err != nil || sum != (store.ImportSummary{Updated: 1, Unchanged: 2, Features: 2}) {
				t.Fatalf("second Import = %+v, %v", sum, err)
			}
			bs, _ := s.Businesses(ctx)
			if len(bs) != 2 || bs[0].ID != "reg/1" || bs[0].Name != "星空网咖" || bs[1].ID != "reg/2" {
				t.Errorf("Businesses = %+v", bs)
			}
			fs, err := s.Features(ctx)
			if err != nil || len(fs) != 2 || fs[0].ID != "imp/s1" || fs[1].ID != "imp/w1" {
				t.Errorf("Features = %+v, %v", fs, err)
			}
			es, _ := s.LogEntries(ctx, 0, 10)
			var actions []string
			for _, e := range es {
				actions = append(actions, e.Action+" "+e.Target)
			}
			want := []string{"business.create reg/1", "business.create reg/2", "import ", "business.update reg/1", "import "}
			if !reflect.DeepEqual(actions, want) {
				t.Errorf("log = %q, want %q", actions, want)
			}
		})
	}
}

// waitVersion waits up to limit for p's Version to differ from v.
func waitVersion(t *testing.T, p *store.Postgres, v uint64, limit time.Duration) {
	t.Helper()
	start := time.Now()
	for p.Version() == v {
		if time.Since(start) > limit {
			t.Fatalf("Version still %d after %v", v, limit)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPostgres_Replicas: a write through one replica moves the other's
// Version (LISTEN/NOTIFY), after which the other reads it; so does a write
// by another program, straight into the table.
func TestPostgres_Replicas(t *testing.T) {
	a, dsn := MustPostgres(t)
	b := MustOpenPostgres(t, dsn)
	ctx := t.Context()
	for i := range 3 {
		v, start := b.Version(), time.Now()
		created, err := a.CreateBusiness(ctx, "alice", validInput())
		if err != nil {
			t.Fatal(err)
		}
		waitVersion(t, b, v, 5*time.Second)
		took := time.Since(start)
		got, err := b.Business(ctx, created.ID)
		if err != nil || !reflect.DeepEqual(got, created) {
			t.Fatalf("replica b reads %+v, %v; want %+v", got, err, created)
		}
		t.Logf("write %d through a seen by b %v after the write began", i+1, took)
	}
	v := a.Version()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `DELETE FROM safezone_businesses WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	waitVersion(t, a, v, 5*time.Second)
	if _, err := a.Business(ctx, "reg/1"); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("after another program's delete: %v, want ErrNotFound", err)
	}
}

// TestPostgres_ListenerReconnects kills the listening connection: Version
// keeps changing while it is down, so nothing is missed, and
// notifications move it again once it is back.
func TestPostgres_ListenerReconnects(t *testing.T) {
	a, dsn := MustPostgres(t)
	b := MustOpenPostgres(t, dsn)
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var killed int
	err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN `+store.NotifyChannel+`'`).Scan(&killed)
	if err != nil || killed != 2 {
		t.Fatalf("terminated %d listeners, %v; want 2 (a and b)", killed, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		// Once b listens again its version stands still until a writes.
		v := b.Version()
		time.Sleep(20 * time.Millisecond)
		if b.Version() == v {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("b did not listen again within 10 s")
		}
	}
	v := b.Version()
	if _, err := a.CreateBusiness(ctx, "alice", validInput()); err != nil {
		t.Fatal(err)
	}
	waitVersion(t, b, v, 5*time.Second)
}

func TestOpenPostgres_errors(t *testing.T) {
	ctx := context.Background()
	if _, err := store.OpenPostgres(ctx, "postgres://u:secret@localhost:notaport/db"); err == nil || !errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("bad DSN: %v, want ErrInvalidInput", err)
	} else if msg := err.Error(); strings.Contains(msg, "secret") {
		t.Errorf("error %q quotes the password", msg)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := store.OpenPostgres(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=1"); err == nil {
		t.Error("unreachable server: no error")
	}
}
