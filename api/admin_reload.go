package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
)

// reloadResponse is the state of the data: the generation serving, what it
// holds, and the last reload.
type reloadResponse struct {
	Generation uint64         `json:"generation"`
	LoadedAt   string         `json:"loaded_at"`
	LoadMS     int64          `json:"load_ms"` // how long loading it took; 0 for the data loaded at start
	Schools    int            `json:"schools"`
	Businesses int            `json:"businesses"`
	Water      int            `json:"water"`
	Rules      string         `json:"rules"`
	Running    bool           `json:"running"`
	CanReload  bool           `json:"can_reload"`
	Last       *reloadOutcome `json:"last,omitempty"`
}

type reloadOutcome struct {
	Reason     string `json:"reason"`
	Full       bool   `json:"full"`
	StartedAt  string `json:"started_at"`
	FinishedAt string `json:"finished_at"`
	TookMS     int64  `json:"took_ms"`
	OK         bool   `json:"ok"`
	Error      string `json:"error,omitempty"`
	Generation uint64 `json:"generation"`
}

func (s *Server) reloadResponse() reloadResponse {
	d, running, last := s.reloadState()
	out := reloadResponse{
		Generation: d.gen, LoadedAt: d.loadedAt.Format(time.RFC3339), LoadMS: d.took.Milliseconds(),
		Schools: d.Index.Count(geo.School), Businesses: d.Index.Count(geo.Business), Water: d.Index.Count(geo.WaterBody),
		Rules: d.Rules.ID, Running: running, CanReload: s.cfg.Reload != nil,
	}
	if last != nil {
		out.Last = outcome(*last)
	}
	return out
}

// handleReloadState answers with the data serving and the last reload.
func (s *Server) handleReloadState(c echo.Context) error {
	return c.JSON(http.StatusOK, s.reloadResponse())
}

// handleReload reloads the map data, the imported schools and water bodies
// and the rule packs in the background and swaps them in: 200 with the
// new state once done; 202 if the request's deadline comes first (the
// reload goes on: GET tells how it ended); 422 with the reason if it fails,
// the old data still serving; 501 if the server cannot reload.
func (s *Server) handleReload(c echo.Context) error {
	st, err := s.Reload(c.Request().Context(), "POST /api/v1/admin/reload by "+actor(c))
	if errors.Is(err, context.DeadlineExceeded) {
		return c.JSON(http.StatusAccepted, s.reloadResponse())
	}
	if err := reloadAnswer(st, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.reloadResponse())
}

// reloadAnswer is the error to answer for a reload's outcome, nil if it
// worked.
func reloadAnswer(st ReloadStatus, err error) error {
	switch {
	case errors.Is(err, ErrNoReload):
		return withCode(echo.NewHTTPError(http.StatusNotImplemented, "this server cannot reload its data: it was started without a data source"),
			"no_reload", nil)
	case err != nil:
		return err
	case st.Err != nil:
		return echo.NewHTTPError(http.StatusUnprocessableEntity,
			fmt.Sprintf("reload failed, generation %d keeps serving: %v", st.Generation, st.Err))
	}
	return nil
}
