// Command postgis prints a rule pack as rows for PostgreSQL's COPY, so that
// scripts/bench-postgis.sh runs the same rules in PostGIS as `safezone audit`
// does in memory:
//
//	go run ./scripts/postgis --rules default [--rules-dir data/rules]
//
// Each row is rule_id, category, distance_m, measured_from and school_kinds,
// tab-separated, one per (rule, category). school_kinds is a PostgreSQL array
// of the school kinds the rule applies to, chosen by geo.Rule.AppliesTo, so
// that the SQL join needs no copy of that logic. A pack with a walking rule is refused: PostGIS has no
// street network here to measure it on.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/safezone/safezone/geo"
)

func main() {
	fs := flag.NewFlagSet("postgis", flag.ContinueOnError)
	rules := fs.String("rules", "", "rule pack id in --rules-dir, or a YAML file (default: the default pack)")
	dir := fs.String("rules-dir", "data/rules", "directory of rule packs")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	pack, err := geo.LoadRules(*rules, *dir)
	if err == nil {
		err = writeRules(os.Stdout, pack)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "postgis:", err)
		os.Exit(1)
	}
}

// writeRules writes pack's rules as tab-separated rows for COPY.
func writeRules(w io.Writer, pack *geo.RulePack) error {
	bw := bufio.NewWriter(w)
	for _, r := range pack.Rules {
		if r.Method == geo.Walking {
			return fmt.Errorf("rule %q: method %q: only straight-line rules have a PostGIS equivalent", r.ID, r.Method)
		}
		d := strconv.FormatFloat(r.DistanceMeters, 'f', -1, 64)
		var kinds []string
		for _, k := range geo.SchoolKinds {
			if r.AppliesTo(k) {
				kinds = append(kinds, string(k))
			}
		}
		for _, c := range r.Categories {
			fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t{%s}\n", r.ID, c, d, r.From, strings.Join(kinds, ","))
		}
	}
	return bw.Flush()
}
