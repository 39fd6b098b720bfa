package main

import (
	"context"
	"fmt"
	"io"

	"github.com/safezone/safezone/store"
)

// runToken manages bearer tokens: `token create --store DIR --role R
// [--school ID]` prints a new token (only its hash is stored); `token list`
// and `token revoke --id ID` manage them. The actor in the audit log is
// "cli".
func runToken(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError("token: a subcommand is required: create, list or revoke")
	}
	fs := newFlagSet("token " + args[0])
	dir := fs.String("store", DefaultConfig().Store, "store directory or postgres:// URL")
	role := fs.String("role", "", "role of the new token: regulator, police, school or admin")
	school := fs.String("school", "", "school id, for role school")
	id := fs.String("id", "", "token id, for revoke")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	st, err := store.OpenBackend(ctx, *dir)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "create":
		r, err := store.ParseRole(*role)
		if err != nil {
			return err
		}
		tok, t, err := st.CreateToken(ctx, "cli", r, *school)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n# id %s, role %s%s: keep it secret, it is shown only once\n", tok, t.ID, t.Role, schoolSuffix(t.SchoolID))
		return err
	case "list":
		ts, err := st.Tokens(ctx)
		if err != nil {
			return err
		}
		for _, t := range ts {
			fmt.Fprintf(stdout, "%s\t%s%s\t%s\n", t.ID, t.Role, schoolSuffix(t.SchoolID), t.CreatedAt.UTC().Format("2006-01-02 15:04"))
		}
		return nil
	case "revoke":
		return st.RevokeToken(ctx, "cli", *id)
	}
	return usageError("token %q: must be create, list or revoke", args[0])
}

func schoolSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " (school " + id + ")"
}
