package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/geo/imports"
	"github.com/safezone/safezone/store"
)

// importFlags are the flags of safezone import.
type importFlags struct {
	store, crs, kind, encoding, columns, sheet, actor string
	skipBad                                           bool
	remote
}

// runImport reads licence lists, schools and water bodies from files into
// the store: all of it, or nothing if a row is bad, unless --skip-bad. It
// opens the store (--store), or sends the files to a running server
// (--server and an admin token), which imports them the same way.
func runImport(ctx context.Context, args []string, stdout io.Writer) error {
	var f importFlags
	fs := newFlagSet("import")
	fs.StringVar(&f.store, "store", "", "store directory, which safezone serve must not have open (see --server), or postgres:// URL")
	fs.StringVar(&f.crs, "crs", "", "coordinate system of the files: wgs84, cgcs2000, gcj02 (AMap), bd09 (Baidu) (default: wgs84, or a Shapefile's .prj)")
	fs.StringVar(&f.kind, "kind", "", "kind of every row when a file has no kind column: business, school or water (default: business)")
	fs.StringVar(&f.encoding, "encoding", "", "text encoding of CSV files and of Shapefiles without .cpg: utf-8, gb18030, gbk, utf-16 (default: detect)")
	fs.StringVar(&f.columns, "columns", "", "column names for fields, e.g. name=店名,lon=X,lat=Y (fields: "+strings.Join(imports.Fields, ", ")+")")
	fs.StringVar(&f.sheet, "sheet", "", "XLSX sheet to read (default: the first)")
	fs.StringVar(&f.actor, "actor", "", "who is importing, for the audit log (default: cli:$USER; with --server, the token)")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "import the good rows and list the bad ones, instead of importing nothing")
	f.remote.register(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if (f.store == "") == (f.server == "") || len(files) == 0 {
		return usageError("--store or --server, and at least one FILE, are required")
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	c, err := f.client(f.store != "")
	if err != nil {
		return err
	}
	if c != nil {
		return importRemote(ctx, c, f, files, stdout)
	}
	return importLocal(ctx, f, opts, files, stdout)
}

// importLocal reads the files and writes them to the store.
func importLocal(ctx context.Context, f importFlags, opts imports.Options, files []string, stdout io.Writer) error {
	start := time.Now()
	p := newProgress(os.Stderr)
	b, err := readImports(files, opts, p)
	if err != nil {
		return err
	}
	if len(b.Bad) > 0 && !f.skipBad {
		for _, e := range b.Bad {
			fmt.Fprintln(stdout, e)
		}
		return badRowsError(len(b.Bad), b.Rows, "")
	}
	sum, err := writeImport(ctx, f.store, f.actorName(), strings.Join(files, " "), &b.Batch, p)
	if err != nil {
		return err
	}
	report(stdout, redact(f.store), b.Rows, rowLines(b.Bad), b.Ignored, sum, time.Since(start))
	return nil
}

// badRowsError is the error of an import refused for its bad rows. more
// says how many are not listed.
func badRowsError(bad, rows int, more string) error {
	return inputError(fmt.Sprintf("%s in %s read (listed on standard output%s); nothing was imported: fix them, or pass --skip-bad to import the other %s",
		plural(bad, "bad row"), plural(rows, "row"), more, plural(rows-bad, "row")))
}

// rowLines are the bad rows' messages, as the report lists them.
func rowLines(bad []*imports.RowError) []string {
	out := make([]string, len(bad))
	for i, e := range bad {
		out[i] = e.Error()
	}
	return out
}

func (f importFlags) options() (imports.Options, error) {
	crs, err := crs.Parse(f.crs)
	if err != nil {
		return imports.Options{}, err
	}
	if f.crs == "" {
		crs = "" // a Shapefile's .prj decides
	}
	cols, err := imports.ParseColumns(f.columns)
	if err != nil {
		return imports.Options{}, err
	}
	opts := imports.Options{Kind: geo.Kind(f.kind), CRS: crs, Encoding: f.encoding, Columns: cols, Sheet: f.sheet}
	return opts, opts.Validate()
}

func (f importFlags) actorName() string {
	if f.actor != "" {
		return f.actor
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

// parseInterspersed parses flags that may come before, between or after
// the file arguments, and returns the files.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		if args[0] == "--" {
			return append(files, args[1:]...), nil
		}
		files, args = append(files, args[0]), args[1:]
	}
}

// writeImport writes batch to the store in dir, in one transaction.
func writeImport(ctx context.Context, dir, actor, source string, batch *store.ImportBatch, p *progress) (store.ImportSummary, error) {
	st, err := store.OpenBackend(ctx, dir)
	if err != nil {
		return store.ImportSummary{}, lockedStore(dir, err)
	}
	p.status(fmt.Sprintf("writing %d businesses and %d schools and water bodies to %s", len(batch.Businesses), len(batch.Features), redact(dir)))
	batch.Source = source
	sum, err := st.Import(ctx, actor, *batch)
	p.done()
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return sum, err
}

// report prints what was imported into where, and what was skipped.
func report(w io.Writer, where string, rows int, bad, ignored []string, sum store.ImportSummary, took time.Duration) {
	fmt.Fprintf(w, "imported %d of %d rows into %s in %.1fs (%.0f rows/s): businesses %d created, %d updated, %d unchanged; %d schools and water bodies\n",
		rows-len(bad), rows, where, took.Seconds(), float64(rows)/max(took.Seconds(), 1e-9),
		sum.Created, sum.Updated, sum.Unchanged, sum.Features)
	if len(ignored) > 0 {
		fmt.Fprintf(w, "not read (no field has these names; see --columns): %s\n", strings.Join(ignored, ", "))
	}
	if len(bad) > 0 {
		fmt.Fprintf(w, "skipped %s:\n", plural(len(bad), "bad row"))
		for _, b := range bad {
			fmt.Fprintf(w, "  %s\n", b)
		}
	}
}

// plural is "1 row" or "2 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// redact hides the password of a postgres:// store URL, for output.
func redact(store string) string {
	if u, err := url.Parse(store); err == nil && u.Scheme != "" && u.User != nil {
		return u.Redacted()
	}
	return store
}
