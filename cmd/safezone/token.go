package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/safezone/safezone/store"
)

// tokenFlags are the flags of safezone token.
type tokenFlags struct {
	store, role, school, unit, id string
	remote
}

// runToken manages bearer tokens: `token create --role R [--school ID |
// --unit UNIT]` prints a new token (only its hash is stored); `token list` and `token
// revoke --id ID` manage them. It opens the store (--store; the actor in
// the audit log is "cli"), or goes through a running server (--server and
// an admin token; the actor is that token).
func runToken(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError("token: a subcommand is required: create, list or revoke")
	}
	var f tokenFlags
	fs := newFlagSet("token " + args[0])
	fs.StringVar(&f.store, "store", "", "store directory or postgres:// URL (default: "+DefaultConfig().Store+")")
	fs.StringVar(&f.role, "role", "", "role of the new token: regulator, police, school or admin")
	fs.StringVar(&f.school, "school", "", "school id, for role school")
	fs.StringVar(&f.unit, "unit", "", "responsible unit (责任单位) a regulator or police token acts for: only that unit's hazards")
	fs.StringVar(&f.id, "id", "", "token id, for revoke")
	f.remote.register(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if args[0] != "create" && args[0] != "list" && args[0] != "revoke" {
		return usageError("token %q: must be create, list or revoke", args[0])
	}
	c, err := f.client(f.store != "")
	if err != nil {
		return err
	}
	if c != nil {
		return remoteToken(ctx, c, args[0], f, stdout)
	}
	if f.store == "" {
		f.store = DefaultConfig().Store
	}
	st, err := store.OpenBackend(ctx, f.store)
	if err != nil {
		return lockedStore(f.store, err)
	}
	defer st.Close()
	return localToken(ctx, st, args[0], f, stdout)
}

// localToken runs a token subcommand on an open store.
func localToken(ctx context.Context, st store.Backend, cmd string, f tokenFlags, stdout io.Writer) error {
	switch cmd {
	case "create":
		r, err := store.ParseRole(f.role)
		if err != nil {
			return err
		}
		create := st.CreateToken
		if f.unit != "" {
			if f.school != "" {
				return usageError("token create: --school and --unit: a token is bound to a school or a unit, not both")
			}
			create = st.CreateUnitToken
		}
		tok, t, err := create(ctx, "cli", r, f.school+f.unit)
		if err != nil {
			return err
		}
		return printNewToken(stdout, tok, t)
	case "list":
		ts, err := st.Tokens(ctx)
		if err != nil {
			return err
		}
		printTokens(stdout, ts)
		return nil
	}
	return st.RevokeToken(ctx, "cli", f.id)
}

// wireToken is a token as the admin API answers it.
type wireToken struct {
	Token     string    `json:"token"`
	ID        string    `json:"id"`
	Role      string    `json:"role"`
	SchoolID  string    `json:"school_id"`
	Unit      string    `json:"unit"`
	CreatedAt time.Time `json:"created_at"`
}

func (w wireToken) token() store.Token {
	return store.Token{ID: w.ID, Role: store.Role(w.Role), SchoolID: w.SchoolID, Unit: w.Unit, CreatedAt: w.CreatedAt}
}

// remoteToken runs a token subcommand through the server's admin API.
func remoteToken(ctx context.Context, c *client, cmd string, f tokenFlags, stdout io.Writer) error {
	switch cmd {
	case "create":
		if _, err := store.ParseRole(f.role); err != nil {
			return err
		}
		body, _ := json.Marshal(map[string]string{"role": f.role, "school_id": f.school, "unit": f.unit})
		var w wireToken
		if err := c.do(ctx, http.MethodPost, "/api/v1/admin/tokens", bytes.NewReader(body), "application/json", &w); err != nil {
			return err
		}
		return printNewToken(stdout, w.Token, w.token())
	case "list":
		var ws []wireToken
		if err := c.do(ctx, http.MethodGet, "/api/v1/admin/tokens", nil, "", &ws); err != nil {
			return err
		}
		ts := make([]store.Token, len(ws))
		for i, w := range ws {
			ts[i] = w.token()
		}
		printTokens(stdout, ts)
		return nil
	}
	if f.id == "" {
		return usageError("token revoke: --id is required")
	}
	return c.do(ctx, http.MethodDelete, "/api/v1/admin/tokens/"+url.PathEscape(f.id), nil, "", nil)
}

func printNewToken(w io.Writer, tok string, t store.Token) error {
	_, err := fmt.Fprintf(w, "%s\n# id %s, role %s%s: keep it secret, it is shown only once\n", tok, t.ID, t.Role, bindingSuffix(t))
	return err
}

func printTokens(w io.Writer, ts []store.Token) {
	for _, t := range ts {
		fmt.Fprintf(w, "%s\t%s%s\t%s\n", t.ID, t.Role, bindingSuffix(t), t.CreatedAt.UTC().Format("2006-01-02 15:04"))
	}
}

func schoolSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " (school " + id + ")"
}

// bindingSuffix says what t is bound to: " (school ID)", " (unit UNIT)"
// or "".
func bindingSuffix(t store.Token) string {
	if t.Unit != "" {
		return " (unit " + t.Unit + ")"
	}
	return schoolSuffix(t.SchoolID)
}
