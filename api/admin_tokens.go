package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// tokenResponse is a token as the admin API shows it: never the token
// itself, except once, in Token, when it is created.
type tokenResponse struct {
	Token     string `json:"token,omitempty"`
	ID        string `json:"id"`
	Role      string `json:"role"`
	SchoolID  string `json:"school_id,omitempty"`
	Unit      string `json:"unit,omitempty"`
	CreatedAt string `json:"created_at"`
	Current   bool   `json:"current,omitempty"` // the token of the request
}

func newTokenResponse(t store.Token, raw string) tokenResponse {
	return tokenResponse{Token: raw, ID: t.ID, Role: string(t.Role), SchoolID: t.SchoolID, Unit: t.Unit, CreatedAt: t.CreatedAt.UTC().Format(time.RFC3339)}
}

type createTokenRequest struct {
	Role     string `json:"role"`
	SchoolID string `json:"school_id"`
	Unit     string `json:"unit"`
}

// handleCreateToken creates a bearer token and answers 201 with it, in
// "token": the only time it is shown, as the store keeps only its hash. A
// school token must name a school of the map data; a regulator or police
// token may name a responsible unit (unit), and then acts only on that
// unit's hazards.
func (s *Server) handleCreateToken(c echo.Context) error {
	var req createTokenRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	role, err := store.ParseRole(req.Role)
	if err != nil {
		return err
	}
	if role == store.RoleSchool && req.SchoolID != "" {
		f, err := s.data().Index.Feature(req.SchoolID)
		if err != nil || f.Kind != geo.School {
			return badRequest("school_id %q: no such school in the map data", clip(req.SchoolID))
		}
	}
	create, bound := s.cfg.Store.CreateToken, req.SchoolID
	if req.Unit != "" {
		if req.SchoolID != "" {
			return badRequest("unit %q: a token is bound to a school or a unit, not both (school_id %q)", clip(req.Unit), clip(req.SchoolID))
		}
		create, bound = s.cfg.Store.CreateUnitToken, req.Unit
	}
	raw, t, err := create(c.Request().Context(), actor(c), role, bound)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, newTokenResponse(t, raw))
}

// handleListTokens lists every token, oldest first, marking the caller's.
func (s *Server) handleListTokens(c echo.Context) error {
	ts, err := s.cfg.Store.Tokens(c.Request().Context())
	if err != nil {
		return err
	}
	me, _ := token(c)
	out := make([]tokenResponse, 0, len(ts))
	for _, t := range ts {
		r := newTokenResponse(t, "")
		r.Current = t.ID == me.ID
		out = append(out, r)
	}
	return c.JSON(http.StatusOK, out)
}

// handleRevokeToken revokes a token by its ID. The last admin token is
// not revoked (409): without it, only the command line on a stopped
// server could make another.
func (s *Server) handleRevokeToken(c echo.Context) error {
	ctx, id := c.Request().Context(), c.Param("id")
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	ts, err := s.cfg.Store.Tokens(ctx)
	if err != nil {
		return err
	}
	admins, target := 0, store.Token{}
	for _, t := range ts {
		if t.Role == store.RoleAdmin {
			admins++
		}
		if t.ID == id {
			target = t
		}
	}
	if target.Role == store.RoleAdmin && admins == 1 {
		return echo.NewHTTPError(http.StatusConflict,
			fmt.Sprintf("token %q: the last admin token: create another admin token before revoking it", id))
	}
	if err := s.cfg.Store.RevokeToken(ctx, actor(c), id); err != nil {
		if errors.Is(err, geo.ErrNotFound) {
			return coded(&notFoundError{msg: fmt.Sprintf("token %q: not found", clip(id))},
				"not_found", map[string]string{"field": "token", "value": clip(id)})
		}
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// clip shortens a value quoted in a message to its first 64 bytes, so an
// error never echoes a huge value back.
func clip(v string) string {
	const n = 64
	if len(v) <= n {
		return v
	}
	i := n
	for i > 0 && v[i]&0xC0 == 0x80 { // not in the middle of a UTF-8 sequence
		i--
	}
	return v[:i] + "…"
}
