package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/store"
)

// handleBackup streams a consistent snapshot of the live store, as of the
// start of the request, while writes go on: a file that `safezone restore
// --store DIR FILE` installs. A PostgreSQL store answers 501 with the
// pg_dump command to use instead. The backup is logged.
func (s *Server) handleBackup(c echo.Context) error {
	bs, ok := s.cfg.Store.(*store.Store)
	if !ok {
		return withCode(echo.NewHTTPError(http.StatusNotImplemented,
			"the store is a PostgreSQL database: back it up whole with pg_dump --format=custom DATABASE_URL > safezone.dump, and restore it into a new, empty database with pg_restore --dbname=NEW_DATABASE_URL safezone.dump (see the README)"),
			"pg_backup", nil)
	}
	ctx := c.Request().Context()
	name := "safezone-" + time.Now().UTC().Format("20060102T150405Z") + ".db"
	// Logged first, so the backup holds its own entry; and not inside the
	// snapshot's read transaction, which a write in the same goroutine
	// could wait on forever (bbolt's remap waits for open reads).
	if err := s.cfg.Store.Log(ctx, actor(c), "backup", "", "file="+name); err != nil {
		return err
	}
	return bs.Backup(ctx, func(snap store.Snapshot) error {
		h := c.Response().Header()
		h.Set(echo.HeaderContentType, "application/octet-stream")
		h.Set(echo.HeaderContentLength, strconv.FormatInt(snap.Size(), 10))
		h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
		h.Set("Cache-Control", "no-store")
		c.Response().WriteHeader(http.StatusOK)
		_, err := snap.WriteTo(c.Response())
		return err
	})
}
