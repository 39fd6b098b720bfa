package main

import (
	"context"
	"fmt"
	"io"

	"github.com/safezone/safezone/store"
)

// runRestore installs a backup (GET /api/v1/admin/backup) as the store in
// --store, once it has checked it; see store.Restore. A server must not
// have the store open.
func runRestore(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("restore")
	dir := fs.String("store", "", "store directory to restore into, which safezone serve must not have open (required)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *dir == "" || len(files) != 1 {
		return usageError("--store DIR and one backup FILE are required")
	}
	if store.IsPostgresURL(*dir) {
		return usageError("--store %q: a PostgreSQL store is restored with pg_restore, from a pg_dump (see the README)", redact(*dir))
	}
	r, err := store.Restore(*dir, files[0])
	if err != nil {
		return lockedStore(*dir, err)
	}
	fmt.Fprintf(stdout, "restored %s into %s: %d businesses, %d tokens, %d log entries, %d imported schools and water bodies, %d uploaded rule packs",
		files[0], *dir, r.Businesses, r.Tokens, r.LogEntries, r.Features, r.RulePacks)
	if r.DefaultRules != "" {
		fmt.Fprintf(stdout, ", default rules %s", r.DefaultRules)
	}
	fmt.Fprintln(stdout)
	if r.Previous != "" {
		fmt.Fprintf(stdout, "the store it replaced is kept as %s\n", r.Previous)
	}
	if r.PreviousCheckLog != "" {
		fmt.Fprintf(stdout, "the replaced store's recorded checks not yet copied into it are kept as %s (rename it to %s beside that store to open it again)\n", r.PreviousCheckLog, store.CheckLogName)
	}
	return nil
}
