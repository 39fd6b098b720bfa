// Command safezone checks the safety zones around schools: audits of every
// business and water body against the rules, the regulator's check of one
// location, one school's surroundings, and the map server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `safezone checks the safety zones around schools.

Usage:
  safezone audit  [--data PATH] [--rules PACK|FILE] [--format csv|json|geojson|xlsx] [--out FILE]
                  [--out-crs wgs84|gcj02|bd09] [--sheets school|rule] [--store DIR]
  safezone check  [--data PATH] --lon X --lat Y [--crs wgs84|cgcs2000|gcj02|bd09] --category C
                  [--rules PACK|FILE] [--method straight|walking] [--opened-on DATE] [--format text|json] [--store DIR]
  safezone import (--store DIR | --server URL [--token T]) [--crs wgs84|cgcs2000|gcj02|bd09]
                  [--kind business|school|water] [--columns name=店名,lon=X,...] [--encoding E]
                  [--sheet S] [--skip-bad] FILE...
  safezone school [--data PATH] --id ID [--rules PACK|FILE] [--format text|json] [--store DIR]
  safezone site   [--data PATH] (--site FILE.geojson | --lon X --lat Y) [--kind K] [--gates "lon,lat;..."]
                  [--name N] [--opened-on DATE] [--rules PACK|FILE] [--format text|json|csv] [--out FILE] [--store DIR]
  safezone whatif [--data PATH] --category C [--distances 50,100,150,200,300] [--from campus|gate]
                  [--kinds K,...] [--format text|json|csv] [--limit N] [--out FILE] [--store DIR]
  safezone patrol [--data PATH] [--candidates FILE.geojson] [--bbox B] [--district FILE.geojson] --posts K --radius R [--format json|geojson]
                  [--existing FILE.geojson] [--bells FILE.json] [--enrolment FILE.csv] [--hazard-weight W]
  safezone route  [--data PATH] --school ID [--homes FILE.geojson] [--reach M] [--format geojson|json]
  safezone route-water [--data PATH] (--route FILE.geojson|.gpx | --school ID [--homes FILE] [--reach M])
                  --within D [--format csv|json|geojson] [--out FILE]
  safezone walk-graph [--data PATH] [--out edges.csv] [--pairs-out pairs.csv --pairs N --seed S]
  safezone serve  [--data PATH] [--store DIR|postgres://URL] [--addr 127.0.0.1:8080] [--tiles URL]
                  [--import-limit BYTES] [--ledger-config FILE] [--webhook URL] [--data-date 2018-07]
                  [--data-source S]
  safezone token  create (--store DIR|URL | --server URL [--token T]) --role regulator|police|school|admin
                  [--school ID]
  safezone token  list|revoke (--store DIR|URL | --server URL [--token T]) [--id ID]
  safezone restore --store DIR FILE
  safezone ledger sync   --store DIR|URL [--data PATH] [--rules PACK] [--bbox B] [--district FILE.geojson]
  safezone ledger list   --store DIR|URL [--state S,...] [--grade G,...] [--unit U] [--school ID]
                         [--overdue true|false] [--vanished true|false] [--limit N] [--after ID] [--format text|json]
  safezone ledger show ID --store DIR|URL [--format text|json]
  safezone ledger export --store DIR|URL --format xlsx|csv [--out FILE] [the filters of list]
  safezone gen    --schools N --businesses M [--water W] [--seed S] --out DIR
  safezone categories [--format text|markdown|json]
  safezone version

--data takes an .osm.pbf, an .osm, a GeoJSON file or a directory of GeoJSON
files (default: the demo, data/chengdu-2018.osm.pbf). --rules takes a pack id
from --rules-dir (default: data/rules, pack "default") or a YAML file; with
--store, packs uploaded to the store too, and without --rules the pack an
admin selected there (for serve, the selection wins over --rules).
--server sends the command to a running server, with an admin token
(--token or $SAFEZONE_TOKEN). serve reloads its data on SIGHUP.
The ledger's defaults (lead units, grades, deadlines, clocks) are read from
--ledger-config, by default ledger.yaml beside --rules-dir (data/ledger.yaml).
Bad input exits with status 2 and one line naming the field and the value.
`

// errUsage marks command-line mistakes: they exit with status 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit status: 0 on
// success, 2 for bad input, 1 for anything else.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmds := map[string]func(context.Context, []string, io.Writer) error{
		"audit":       runAudit,
		"check":       runCheck,
		"import":      runImport,
		"school":      runSchool,
		"site":        runSite,
		"whatif":      runWhatIf,
		"patrol":      runPatrol,
		"route":       runRoute,
		"route-water": runRouteWater,
		"walk-graph":  runWalkGraph,
		"serve":       runServe,
		"token":       runToken,
		"restore":     runRestore,
		"ledger":      runLedger,
		"gen":         runGen,
		"categories":  runCategories,
		"version": func(context.Context, []string, io.Writer) error {
			_, err := fmt.Fprintln(stdout, "safezone", version)
			return err
		},
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "safezone: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdout)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case isBadInput(err):
		fmt.Fprintf(stderr, "safezone %s: %s\n", args[0], api.ClipValues(err.Error()))
		return 2
	default:
		fmt.Fprintf(stderr, "safezone %s: %s\n", args[0], api.ClipValues(err.Error()))
		return 1
	}
}

func isBadInput(err error) bool {
	return errors.Is(err, errUsage) || errors.Is(err, geo.ErrInvalidInput) || errors.Is(err, geo.ErrNotFound) ||
		errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission)
}

// usageError wraps errUsage with a message.
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints its help to stderr.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("safezone "+name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	return fs
}

// parseFlags parses args, refusing positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError("%v", err)
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
