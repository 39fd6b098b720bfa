package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/safezone/safezone/store"
)

// tokenEnv names the variable the admin token may come from instead of
// --token, which other users of the machine can read in the process list.
const tokenEnv = "SAFEZONE_TOKEN"

// remote is where the commands that can go through a running server send
// their requests: --server and --token.
type remote struct {
	server string
	token  string
}

func (r *remote) register(fs *flag.FlagSet) {
	fs.StringVar(&r.server, "server", "", "go through the safezone server at this URL instead of opening the store, e.g. http://127.0.0.1:8080")
	fs.StringVar(&r.token, "token", "", "admin token for --server (default: $"+tokenEnv+")")
}

// client returns the client of --server, or nil without one. It refuses
// --server without a token, or with --store too.
func (r *remote) client(storeSet bool) (*client, error) {
	if r.server == "" {
		return nil, nil
	}
	if storeSet {
		return nil, usageError("--store and --server: give one: the store to open, or the server that has it open")
	}
	u, err := url.Parse(r.server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError("--server %q: must be an http:// or https:// URL such as http://127.0.0.1:8080", r.server)
	}
	tok := r.token
	if tok == "" {
		tok = os.Getenv(tokenEnv)
	}
	if tok == "" {
		return nil, usageError("--server needs an admin token: --token TOKEN or $%s", tokenEnv)
	}
	return &client{base: strings.TrimSuffix(u.String(), "/"), token: tok, http: &http.Client{Timeout: 10 * time.Minute}}, nil
}

// lockedStore explains an error of opening the store spec names that
// another process holds: a server, most likely, which can do it instead.
func lockedStore(spec string, err error) error {
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("store %q is open in another process (is safezone serve running on it? go through it with --server URL --token TOKEN, or stop it first): %w", spec, err)
	}
	return err
}

// client calls the admin API of a running server.
type client struct {
	base  string
	token string
	http  *http.Client
}

// apiError is an answer of the server that is not a success: a 400, 404 or
// 413 is bad input (exit status 2), as it would be without the server.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func (e *apiError) Unwrap() error {
	switch e.status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge:
		return errUsage
	}
	return nil
}

// do sends a request with body (of type ctype, if not nil) to path and
// decodes a JSON answer into out, if not nil.
func (c *client) do(ctx context.Context, method, path string, body io.Reader, ctype string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("server %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		var e struct{ Error string }
		if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&e) != nil || e.Error == "" {
			e.Error = resp.Status
		}
		return &apiError{status: resp.StatusCode, msg: fmt.Sprintf("server %s: %s", c.base, e.Error)}
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("server %s: %s %s: bad answer: %w", c.base, method, path, err)
	}
	return nil
}
