package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// storeContents is every record of a store.
type storeContents struct {
	Businesses []store.Business
	Tokens     []store.Token
	Log        []store.LogEntry
	Features   []geo.Feature
	RulePacks  []store.RulePack
	Default    string
}

func mustStoreRecords(t *testing.T, dir string) storeContents {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var c storeContents
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	c.Businesses, err = st.Businesses(ctx)
	must(err)
	c.Tokens, err = st.Tokens(ctx)
	must(err)
	for after := uint64(0); ; {
		es, err := st.LogEntries(ctx, after, store.MaxLogEntries)
		must(err)
		if len(es) == 0 {
			break
		}
		c.Log, after = append(c.Log, es...), es[len(es)-1].Seq
	}
	c.Features, err = st.Features(ctx)
	must(err)
	c.RulePacks, err = st.RulePacks(ctx)
	must(err)
	c.Default, err = st.DefaultRules(ctx)
	must(err)
	return c
}

// TestRestore_backup creates records of every kind through a running
// server, backs the store up over HTTP, restores the backup into a fresh
// directory, and compares every record.
func TestRestore_backup(t *testing.T) {
	m, storeDir, admin := mustAdminServer(t)
	srv := "http://" + m.Addr()
	_, out, _ := MustRun(t, "token", "create", "--server", srv, "--token", admin, "--role", "regulator")
	regulator, _, _ := strings.Cut(out, "\n")
	for i := range 30 {
		body := fmt.Sprintf(`{"name":"店%d","category":"bar","lon":104.06,"lat":%v}`, i, 30.66+float64(i)/1e4)
		if code, b := adminDo(t, srv, regulator, "POST", "/api/v1/businesses", "application/json", strings.NewReader(body)); code != 201 {
			t.Fatalf("create: %d %s", code, b)
		}
	}
	dir := t.TempDir()
	mustImportNearCafeServer(t, srv, admin, dir)
	pack := strings.ReplaceAll(mustRead(t, filepath.Join(rulesDir, "default.yaml")), "id: default", "id: city")
	if code, b := adminDo(t, srv, admin, "POST", "/api/v1/admin/rules?name=city.yaml", "application/yaml", strings.NewReader(pack)); code != 201 {
		t.Fatalf("upload: %d %s", code, b)
	}
	if code, b := adminDo(t, srv, admin, "PUT", "/api/v1/admin/default-rules", "application/json", strings.NewReader(`{"id":"city"}`)); code != 200 {
		t.Fatalf("select: %d %s", code, b)
	}
	code, backup := adminDo(t, srv, admin, "GET", "/api/v1/admin/backup", "", nil)
	if code != 200 {
		t.Fatalf("backup: %d %s", code, backup)
	}
	file := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(file, backup, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := MustRun(t, "restore", "--store", storeDir, file)
	if code != 1 || !strings.Contains(errOut, "is open in another process (is safezone serve running on it?") {
		t.Fatalf("restore into the server's store: exit %d %q", code, errOut)
	}
	fresh := filepath.Join(dir, "fresh")
	code, out, errOut = MustRun(t, "restore", "--store", fresh, file)
	if code != 0 || !strings.HasPrefix(out, "restored "+file+" into "+fresh+": 31 businesses, 2 tokens, ") ||
		!strings.Contains(out, "1 imported schools and water bodies, 1 uploaded rule packs, default rules city\n") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	want, got := mustStoreRecords(t, storeDir), mustStoreRecords(t, fresh)
	if len(want.Businesses) != 31 || len(want.Log) != 38 || len(want.RulePacks) != 1 || len(want.Features) != 1 {
		t.Fatalf("the store holds %d businesses, %d log entries, %d rule packs, %d features", len(want.Businesses), len(want.Log), len(want.RulePacks), len(want.Features))
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{{"businesses", got.Businesses, want.Businesses}, {"tokens", got.Tokens, want.Tokens}, {"log", got.Log, want.Log},
		{"features", got.Features, want.Features}, {"rule packs", got.RulePacks, want.RulePacks}, {"default", got.Default, want.Default}} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("the restored store's %s differ:\n%.2000v\nwant\n%.2000v", f.name, f.got, f.want)
		}
	}
	// Restoring again keeps the store it replaces.
	code, out, _ = MustRun(t, "restore", "--store", fresh, file)
	if code != 0 || !strings.Contains(out, "the store it replaced is kept as "+filepath.Join(fresh, store.FileName)+".before-restore-") {
		t.Fatalf("second restore: exit %d %s", code, out)
	}
}

// mustImportNearCafeServer is mustImportNearCafe through the server.
func mustImportNearCafeServer(t *testing.T, srv, admin, dir string) {
	t.Helper()
	lic := mustWriteFile(t, dir, "licences.csv", "名称,类别,经度,纬度,许可证号\n近网吧,网吧,104.06,30.6581,L1\n")
	sch := mustWriteFile(t, dir, "schools.csv", importSchools)
	for _, args := range [][]string{{lic}, {"--kind", "school", sch}} {
		if code, out, errOut := MustRun(t, append([]string{"import", "--server", srv, "--token", admin}, args...)...); code != 0 {
			t.Fatalf("import: exit %d %s%s", code, out, errOut)
		}
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRestore_errors(t *testing.T) {
	dir := t.TempDir()
	junk := mustWriteFile(t, dir, "junk.db", string(bytes.Repeat([]byte("x"), 8192)))
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"NoFile", []string{"--store", dir}, 2, "safezone restore: usage: --store DIR and one backup FILE are required\n"},
		{"Postgres", []string{"--store", "postgres://u:pw@db/sz", junk}, 2, `safezone restore: usage: --store "postgres://u:xxxxx@db/sz": a PostgreSQL store is restored with pg_restore`},
		{"Junk", []string{"--store", filepath.Join(dir, "s"), junk}, 2, "safezone restore: " + junk + ": not a safezone store: invalid database"},
		{"Missing", []string{"--store", filepath.Join(dir, "s"), filepath.Join(dir, "none.db")}, 2, "safezone restore: open " + filepath.Join(dir, "none.db")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, append([]string{"restore"}, tc.args...)...)
			if code != tc.code || !strings.HasPrefix(errOut, tc.want) {
				t.Fatalf("exit %d %q\nwant %d %q", code, errOut, tc.code, tc.want)
			}
		})
	}
}
