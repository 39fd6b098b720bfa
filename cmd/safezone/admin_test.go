package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safezone/safezone/store/storetest"
)

// mustAdminServer creates an admin token in a new store, starts the
// server on it over the one-school GeoJSON data, and returns the server,
// its store directory and the token.
func mustAdminServer(t *testing.T) (m *Main, storeDir, token string) {
	t.Helper()
	storeDir = filepath.Join(t.TempDir(), "store")
	code, out, errOut := MustRun(t, "token", "create", "--store", storeDir, "--role", "admin")
	if code != 0 {
		t.Fatalf("token create: exit %d %s", code, errOut)
	}
	token, _, _ = strings.Cut(out, "\n")
	m = &Main{Config: DefaultConfig(), Logger: slog.New(slog.DiscardHandler)}
	m.Config.Addr, m.Config.Store = "127.0.0.1:0", storeDir
	m.Config.sources = sources{data: mustSchoolGeoJSON(t), rulesDir: rulesDir}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m, storeDir, token
}

// TestToken_server checks token create, list and revoke through a running
// server, and that the stopped-store form says to use --server.
func TestToken_server(t *testing.T) {
	m, storeDir, admin := mustAdminServer(t)
	srv := "http://" + m.Addr()
	code, _, errOut := MustRun(t, "token", "create", "--store", storeDir, "--role", "regulator")
	if code != 1 || !strings.Contains(errOut, `store "`+storeDir+`" is open in another process (is safezone serve running on it? go through it with --server URL --token TOKEN, or stop it first)`) {
		t.Fatalf("token create on the server's store: exit %d %q", code, errOut)
	}
	code, out, errOut := MustRun(t, "token", "create", "--server", srv, "--token", admin, "--role", "regulator")
	if code != 0 || !strings.HasPrefix(out, "sz_") || !strings.Contains(out, "role regulator: keep it secret, it is shown only once") {
		t.Fatalf("create: exit %d\n%s%s", code, out, errOut)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[2]
	id = strings.TrimSuffix(id, ",")
	t.Setenv(tokenEnv, admin)
	code, out, _ = MustRun(t, "token", "list", "--server", srv)
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, id+"\tregulator\t") {
		t.Fatalf("list: exit %d\n%s", code, out)
	}
	if code, _, errOut := MustRun(t, "token", "revoke", "--server", srv, "--id", id); code != 0 {
		t.Fatalf("revoke: exit %d %s", code, errOut)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"Unknown", []string{"revoke", "--server", srv, "--id", id}, 2, `safezone token: server ` + srv + `: token "` + id + `": not found`},
		{"Role", []string{"create", "--server", srv, "--role", "root"}, 2, `safezone token: role "root": must be one of`},
		{"BadToken", []string{"list", "--server", srv, "--token", "sz_x"}, 1, "malformed token"},
		{"Both", []string{"list", "--server", srv, "--store", storeDir}, 2, "--store and --server: give one"},
		{"URL", []string{"list", "--server", "localhost:8080"}, 2, `--server "localhost:8080": must be an http:// or https:// URL`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, append([]string{"token"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d %q, want %d %q", code, errOut, tc.code, tc.want)
			}
		})
	}
	t.Setenv(tokenEnv, "")
	if code, _, errOut := MustRun(t, "token", "list", "--server", srv); code != 2 || !strings.Contains(errOut, "--server needs an admin token: --token TOKEN or $SAFEZONE_TOKEN") {
		t.Fatalf("no token: exit %d %q", code, errOut)
	}
}

// TestImport_server imports through a running server, as on a stopped
// store: the same report, the same bad rows and exit status, and imported
// schools indexed at once.
func TestImport_server(t *testing.T) {
	m, storeDir, admin := mustAdminServer(t)
	srv := "http://" + m.Addr()
	dir := t.TempDir()
	good := mustWriteFile(t, dir, "good.csv", importLicences)
	code, out, errOut := MustRun(t, "import", "--store", storeDir, good)
	if code != 1 || !strings.Contains(errOut, "go through it with --server URL --token TOKEN") {
		t.Fatalf("import on the server's store: exit %d %q", code, errOut)
	}
	lic := mustWriteFile(t, dir, "licences.csv", importLicences+importBadRow)
	code, out, errOut = MustRun(t, "import", "--server", srv, "--token", admin, lic)
	if code != 2 || out != `licences.csv:4: 纬度 (lat) "130.66": must be between -90 and 90`+"\n" ||
		errOut != "safezone import: 1 bad row in 3 rows read (listed on standard output); nothing was imported: fix them, or pass --skip-bad to import the other 2 rows\n" {
		t.Fatalf("bad row: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	code, out, errOut = MustRun(t, "import", "--server", srv, "--token", admin, "--skip-bad", lic)
	if code != 0 || !strings.HasPrefix(out, "imported 2 of 3 rows into "+srv) || !strings.Contains(out, "businesses 2 created") ||
		!strings.Contains(out, "skipped 1 bad row:\n  licences.csv:4:") {
		t.Fatalf("--skip-bad: exit %d\n%s%s", code, out, errOut)
	}
	// A school 1 km away from the data's, imported: a café next to it is
	// prohibited at once.
	sch := mustWriteFile(t, dir, "schools.csv", "编号,名称,学段,经度,纬度\nn1,新校,小学,104.07,30.66\n")
	code, out, errOut = MustRun(t, "import", "--server", srv, "--token", admin, "--kind", "school", sch)
	if code != 0 || !strings.Contains(out, "1 schools and water bodies") || !strings.Contains(out, "the server reloaded its data with them in") {
		t.Fatalf("schools: exit %d\n%s%s", code, out, errOut)
	}
	if v := checkVerdict(t, srv, 30.6601, 104.07); v != "prohibited" {
		t.Fatalf("next to the imported school: %s", v)
	}
	if code, _, errOut := MustRun(t, "import", "--server", srv, "--token", admin, filepath.Join(dir, "none.csv")); code != 2 || !strings.Contains(errOut, "no such file") {
		t.Fatalf("missing file: exit %d %q", code, errOut)
	}
}

// checkVerdict posts a check of an internet café at lat, lon.
func checkVerdict(t *testing.T, srv string, lat, lon float64) string {
	t.Helper()
	resp, err := http.Post(srv+"/api/v1/check", "application/json", strings.NewReader(fmt.Sprintf(`{"lat":%v,"lon":%v,"category":"internet_cafe"}`, lat, lon)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct{ Verdict string }
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return res.Verdict
}

// adminDo sends an admin request to the server and returns the answer's
// status and body.
func adminDo(t *testing.T, srv, token, method, path, ctype string, body io.Reader) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestAdmin_Postgres runs the administration through a server on a
// PostgreSQL store (make test-postgres runs it): tokens, an import of
// schools indexed by a reload, a rule pack selected, and the backup's 501.
func TestAdmin_Postgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	code, out, errOut := MustRun(t, "token", "create", "--store", dsn, "--role", "admin")
	if code != 0 {
		t.Fatalf("token create: exit %d %s", code, errOut)
	}
	admin, _, _ := strings.Cut(out, "\n")
	m := &Main{Config: DefaultConfig(), Logger: slog.New(slog.DiscardHandler)}
	m.Config.Addr, m.Config.Store = "127.0.0.1:0", dsn
	m.Config.sources = sources{data: mustSchoolGeoJSON(t), rulesDir: rulesDir}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	srv := "http://" + m.Addr()
	t.Setenv(tokenEnv, admin)
	if code, out, errOut := MustRun(t, "token", "create", "--server", srv, "--role", "police"); code != 0 || !strings.HasPrefix(out, "sz_") {
		t.Fatalf("token create: exit %d %s%s", code, out, errOut)
	}
	sch := mustWriteFile(t, t.TempDir(), "schools.csv", "编号,名称,学段,经度,纬度\nn1,新校,小学,104.07,30.66\n")
	if code, out, errOut := MustRun(t, "import", "--server", srv, "--kind", "school", sch); code != 0 || !strings.Contains(out, "the server reloaded its data") {
		t.Fatalf("import: exit %d %s%s", code, out, errOut)
	}
	if v := checkVerdict(t, srv, 30.6601, 104.07); v != "prohibited" {
		t.Fatalf("next to the imported school: %s", v)
	}
	pack := strings.ReplaceAll(mustRead(t, filepath.Join(rulesDir, "default.yaml")), "id: default", "id: city")
	if code, b := adminDo(t, srv, admin, "POST", "/api/v1/admin/rules?name=city.yaml", "application/yaml", strings.NewReader(pack)); code != 201 {
		t.Fatalf("upload: %d %s", code, b)
	}
	if code, b := adminDo(t, srv, admin, "PUT", "/api/v1/admin/default-rules", "application/json", strings.NewReader(`{"id":"city"}`)); code != 200 {
		t.Fatalf("select: %d %s", code, b)
	}
	if code, b := adminDo(t, srv, admin, "POST", "/api/v1/admin/reload", "", nil); code != 200 || !strings.Contains(string(b), `"rules":"city"`) {
		t.Fatalf("reload keeps the selection: %d %s", code, b)
	}
	if code, b := adminDo(t, srv, admin, "GET", "/api/v1/admin/backup", "", nil); code != 501 || !strings.Contains(string(b), "pg_dump") {
		t.Fatalf("backup: %d %s", code, b)
	}
}
