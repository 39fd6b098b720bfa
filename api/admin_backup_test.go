package api_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"
)

func TestAdmin_backup(t *testing.T) {
	ts := MustServer(t)
	MustJSON(t, ts.Do(t, "POST", "/api/v1/businesses", store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104.002,"lat":30.0015}`), 201, &struct{}{})
	w := ts.Do(t, "GET", "/api/v1/admin/backup", store.RoleAdmin, "")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/octet-stream" ||
		w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) ||
		!strings.HasPrefix(w.Header().Get("Content-Disposition"), `attachment; filename="safezone-`) {
		t.Fatalf("status %d, headers %v", w.Code, w.Header())
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, w.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := store.Verify(path)
	// Four tokens, one business and three entries: the tokens', the
	// business's and the backup's own.
	if err != nil || info.Businesses != 1 || info.Tokens != 4 || info.LogEntries != 6 {
		t.Fatalf("Verify = %+v, %v", info, err)
	}
	MustError(t, ts.Do(t, "GET", "/api/v1/admin/backup", store.RoleRegulator, ""), 403, `role "regulator"`)
}

// otherStore is a store that cannot stream a snapshot, as PostgreSQL.
type otherStore struct{ store.Backend }

func TestAdmin_backup_postgres(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.Store = otherStore{c.Store} })
	MustError(t, ts.Do(t, "GET", "/api/v1/admin/backup", store.RoleAdmin, ""), 501, "back it up whole with pg_dump --format=custom DATABASE_URL")
}
