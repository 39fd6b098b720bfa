package api

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/store"
)

const tokenKey = "safezone.token"

// requireRole returns middleware that refuses a request without a valid
// bearer token (401) or with a token of another role (403). Without a store,
// every such route answers 401.
func (s *Server) requireRole(allowed ...store.Role) echo.MiddlewareFunc {
	return s.roleMiddleware(false, allowed)
}

// allowRole is requireRole for routes anyone may read: a request without a
// token goes through as anonymous, but a token that is sent must be valid and
// of an allowed role.
func (s *Server) allowRole(allowed ...store.Role) echo.MiddlewareFunc {
	return s.roleMiddleware(true, allowed)
}

func (s *Server) roleMiddleware(optional bool, allowed []store.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Request().Header.Get("Authorization")
			if h == "" && optional {
				return next(c)
			}
			raw, ok := bearer(h)
			if !ok || s.cfg.Store == nil {
				return errTokenRequired()
			}
			tok, err := s.cfg.Store.Authenticate(c.Request().Context(), raw)
			if err != nil {
				return err
			}
			for _, r := range allowed {
				if tok.Role == r {
					c.Set(tokenKey, tok)
					return next(c)
				}
			}
			return coded(fmt.Errorf("%w: role %q may not %s %s", errForbidden, tok.Role, c.Request().Method, c.Path()),
				"forbidden", map[string]string{"role": string(tok.Role)})
		}
	}
}

// bearer returns the token of an Authorization header of the Bearer scheme.
// The scheme is case-insensitive ("bearer", "BEARER"; RFC 9110 11.1) and
// may be followed by more than one space.
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// actor names who made the request, for the audit log.
func actor(c echo.Context) string {
	if t, ok := token(c); ok {
		return string(t.Role) + ":" + t.ID
	}
	return "anonymous"
}

func token(c echo.Context) (store.Token, bool) {
	t, ok := c.Get(tokenKey).(store.Token)
	return t, ok
}

// errTokenRequired is the 401 for a request without a bearer token.
func errTokenRequired() error {
	return coded(fmt.Errorf("%w: a bearer token is required", store.ErrUnauthorized), "token_required", nil)
}
