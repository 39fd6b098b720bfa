package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// TestServer_bearerScheme checks that the scheme of the Authorization
// header is read without regard to case, and that other schemes are not.
func TestServer_bearerScheme(t *testing.T) {
	ts := MustServer(t)
	token := ts.Tokens[store.RoleRegulator]
	tests := []struct {
		name, header string
		code         int
	}{
		{"Bearer", "Bearer " + token, http.StatusOK},
		{"lower case", "bearer " + token, http.StatusOK},
		{"upper case", "BEARER " + token, http.StatusOK},
		{"mixed case, two spaces", "bEaReR  " + token, http.StatusOK},
		{"Basic", "Basic " + token, http.StatusUnauthorized},
		{"no space", "Bearer" + token, http.StatusUnauthorized},
		{"token alone", token, http.StatusUnauthorized},
		{"scheme alone", "Bearer", http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.NewRequest(http.MethodGet, "/api/v1/businesses", "", "")
			r.Header.Set("Authorization", tc.header)
			if w := ts.Serve(r); w.Code != tc.code {
				t.Errorf("status %d, want %d: %s", w.Code, tc.code, w.Body)
			}
		})
	}
}

// TestServer_publicMessages checks that a client reads what was wrong
// without the package prefixes of the sentinels ("store: unauthorized"),
// and that the log keeps the internal message of a 401.
func TestServer_publicMessages(t *testing.T) {
	ts := MustServer(t)
	e := api.EchoOf(ts.Server)
	e.GET("/api/v1/test/notfound", func(echo.Context) error {
		return fmt.Errorf("load school: %w: school %q", geo.ErrNotFound, "way/1")
	})
	e.GET("/api/v1/test/invalid", func(echo.Context) error {
		return fmt.Errorf("%w: radius %q: must be 50, 100 or 200", geo.ErrInvalidInput, "75")
	})
	unknown := "sz_" + strings.Repeat("A", 43)
	tests := []struct {
		name, url, auth string
		code            int
		want            string // the whole message
	}{
		{"unknown token", "/api/v1/businesses", "Bearer " + unknown, 401, "unauthorized: unknown token"},
		{"malformed token", "/api/v1/businesses", "Bearer x", 401, "unauthorized: malformed token"},
		{"no token", "/api/v1/businesses", "", 401, "unauthorized: a bearer token is required"},
		{"wrapped not found", "/api/v1/test/notfound", "", 404, `not found: school "way/1"`},
		{"wrapped invalid input", "/api/v1/test/invalid", "", 400, `invalid input: radius "75": must be 50, 100 or 200`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.NewRequest(http.MethodGet, tc.url, "", "")
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			var body map[string]string
			MustJSON(t, ts.Serve(r), tc.code, &body)
			if body["error"] != tc.want {
				t.Errorf("error %q, want %q", body["error"], tc.want)
			}
		})
	}
	if !strings.Contains(ts.Logs(), "store: unauthorized: unknown token") {
		t.Errorf("the internal message of the 401 is not logged:\n%s", ts.Logs())
	}
}

// TestServer_longValues checks that an error message quotes at most
// maxQuoted (64) bytes of a value, then "…(N bytes)", whatever the size of
// the value, and never cuts a character in two.
func TestServer_longValues(t *testing.T) {
	ts := MustServer(t)
	e := api.EchoOf(ts.Server)
	var fail error
	e.GET("/api/v1/test/fail", func(echo.Context) error { return fail })
	big := strings.Repeat("1", 7<<20)
	han := strings.Repeat("网", 30) // 90 bytes; 64 is within the 22nd character
	tests := []struct {
		name string
		err  error
		want string // the whole message
	}{
		{"short value", badInput(`lat %q: must be a number`, "x"), `lat "x": must be a number`},
		{"64 bytes", badInput(`name %q: too long`, strings.Repeat("a", 64)), `name "` + strings.Repeat("a", 64) + `": too long`},
		{"65 bytes", badInput(`name %q: too long`, strings.Repeat("a", 65)), `name "` + strings.Repeat("a", 64) + `"…(65 bytes): too long`},
		{"7 MB", badInput(`lat %q: must be a number`, big), `lat "` + strings.Repeat("1", 64) + `"…(7340032 bytes): must be a number`},
		{"runes", badInput(`name %q: bad`, han), `name "` + strings.Repeat("网", 21) + `"…(90 bytes): bad`},
		{"escapes", badInput(`name %q: bad`, strings.Repeat(`"`, 70)), `name "` + strings.Repeat(`\"`, 64) + `"…(70 bytes): bad`},
		{"two values", badInput(`a %q, b %q`, big, "y"), `a "` + strings.Repeat("1", 64) + `"…(7340032 bytes), b "y"`},
		{"unquoted", badInput(`value %s`, big), `value ` + strings.Repeat("1", 1024-6) + `…(7340038 bytes)`},
		{"open quote", badInput(`value "%s`, big), `value "` + strings.Repeat("1", 1024-7) + `…(7340039 bytes)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fail = tc.err
			var body map[string]string
			MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/test/fail", "", ""), http.StatusBadRequest, &body)
			if body["error"] != tc.want {
				t.Errorf("error %.200q (%d bytes), want %.200q", body["error"], len(body["error"]), tc.want)
			}
		})
	}
	t.Run("check", func(t *testing.T) {
		w := ts.Do(t, http.MethodPost, "/api/v1/check", "", `{"lat":"`+big+`","lon":104,"category":"bar"}`)
		MustError(t, w, http.StatusBadRequest, `"…(7340032 bytes)`)
		if w.Body.Len() > 300 {
			t.Errorf("a 7 MB value gave a %d-byte answer", w.Body.Len())
		}
	})
}

func badInput(format string, args ...any) error {
	return &testInputError{fmt.Sprintf(format, args...)}
}

type testInputError struct{ msg string }

func (e *testInputError) Error() string { return e.msg }
func (e *testInputError) Unwrap() error { return geo.ErrInvalidInput }
