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
	"path/filepath"
	"strings"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"

	"github.com/safezone/safezone/geo/imports"

	"github.com/safezone/safezone/geo/crs"
)

// importFlags are the flags of safezone import.
type importFlags struct {
	store, crs, kind, encoding, columns, sheet, actor string
	skipBad                                           bool
}

// runImport reads licence lists, schools and water bodies from files into
// the store: all of it, or nothing if a row is bad, unless --skip-bad.
func runImport(ctx context.Context, args []string, stdout io.Writer) error {
	var f importFlags
	fs := newFlagSet("import")
	fs.StringVar(&f.store, "store", "", "store directory, which safezone serve must not have open, or postgres:// URL (required)")
	fs.StringVar(&f.crs, "crs", "", "coordinate system of the files: wgs84, cgcs2000, gcj02 (AMap), bd09 (Baidu) (default: wgs84, or a Shapefile's .prj)")
	fs.StringVar(&f.kind, "kind", "", "kind of every row when a file has no kind column: business, school or water (default: business)")
	fs.StringVar(&f.encoding, "encoding", "", "text encoding of CSV files and of Shapefiles without .cpg: utf-8, gb18030, gbk, utf-16 (default: detect)")
	fs.StringVar(&f.columns, "columns", "", "column names for fields, e.g. name=店名,lon=X,lat=Y (fields: "+strings.Join(imports.Fields, ", ")+")")
	fs.StringVar(&f.sheet, "sheet", "", "XLSX sheet to read (default: the first)")
	fs.StringVar(&f.actor, "actor", "", "who is importing, for the audit log (default: cli:$USER)")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "import the good rows and list the bad ones, instead of importing nothing")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if f.store == "" || len(files) == 0 {
		return usageError("--store and at least one FILE are required")
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	start := time.Now()
	p := newProgress(os.Stderr)
	imp, err := readImports(files, opts, p)
	if err != nil {
		return err
	}
	if len(imp.bad) > 0 && !f.skipBad {
		for _, b := range imp.bad {
			fmt.Fprintln(stdout, b)
		}
		return inputError(fmt.Sprintf("%s in %s read (listed on standard output); nothing was imported: fix them, or pass --skip-bad to import the other %s",
			plural(len(imp.bad), "bad row"), plural(imp.rows, "row"), plural(imp.rows-len(imp.bad), "row")))
	}
	sum, err := writeImport(ctx, f.store, f.actorName(), strings.Join(files, " "), imp, p)
	if err != nil {
		return err
	}
	return imp.report(stdout, f.store, sum, time.Since(start))
}

func (f importFlags) options() (imports.Options, error) {
	system, err := crs.Parse(f.crs)
	if err != nil {
		return imports.Options{}, err
	}
	if f.crs == "" {
		system = "" // a Shapefile's .prj decides
	}
	cols, err := imports.ParseColumns(f.columns)
	if err != nil {
		return imports.Options{}, err
	}
	opts := imports.Options{Kind: geo.Kind(f.kind), CRS: system, Encoding: f.encoding, Columns: cols, Sheet: f.sheet}
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

// writeImport writes imp to the store in dir, in one transaction.
func writeImport(ctx context.Context, dir, actor, source string, imp *imported, p *progress) (store.ImportSummary, error) {
	st, err := store.OpenBackend(ctx, dir)
	if errors.Is(err, store.ErrLocked) {
		return store.ImportSummary{}, fmt.Errorf("store %q is open in another process (is safezone serve running on it? stop it, import, then start it): %w", dir, err)
	}
	if err != nil {
		return store.ImportSummary{}, err
	}
	p.status(fmt.Sprintf("writing %d businesses and %d schools and water bodies to %s", len(imp.batch.Businesses), len(imp.batch.Features), redact(dir)))
	imp.batch.Source = source
	sum, err := st.Import(ctx, actor, imp.batch)
	p.done()
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return sum, err
}

// report prints what was imported and what was skipped.
func (imp *imported) report(w io.Writer, dir string, sum store.ImportSummary, took time.Duration) error {
	fmt.Fprintf(w, "imported %d of %d rows into %s in %.1fs (%.0f rows/s): businesses %d created, %d updated, %d unchanged; %d schools and water bodies\n",
		imp.rows-len(imp.bad), imp.rows, redact(dir), took.Seconds(), float64(imp.rows)/max(took.Seconds(), 1e-9),
		sum.Created, sum.Updated, sum.Unchanged, sum.Features)
	if len(imp.ignored) > 0 {
		fmt.Fprintf(w, "not read (no field has these names; see --columns): %s\n", strings.Join(imp.ignored, ", "))
	}
	if len(imp.bad) > 0 {
		fmt.Fprintf(w, "skipped %s:\n", plural(len(imp.bad), "bad row"))
		for _, b := range imp.bad {
			fmt.Fprintf(w, "  %v\n", b)
		}
	}
	return nil
}

// baseName is a file's name without directory or extension, for the IDs
// of features that have none of their own.
func baseName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
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
