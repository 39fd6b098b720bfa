// Command postgis helps scripts/bench-postgis.sh run the same audit in
// PostGIS as `safezone audit` does in memory, and check the answers:
//
//	go run ./scripts/postgis rules [--rules default] [--rules-dir data/rules]
//	go run ./scripts/postgis reference --data DIR < pairs.tsv
//
// rules prints a rule pack as rows for PostgreSQL's COPY: rule_id,
// category, distance_m, measured_from and school_kinds, tab-separated, one
// per (rule, category). school_kinds is a PostgreSQL array of the school
// kinds the rule applies to, chosen by geo.Rule.AppliesTo, so that the SQL
// join needs no copy of that logic. Inside rules are rows with distance 0,
// along rules rows from the campus (GeoJSON data has no routes). A pack with
// a walking rule is refused, as PostGIS has no street network here to
// measure it on, and so is one with a requires rule, which lists schools.
//
// reference measures the pairs the comparison questions again, with a slow
// independent method (see writeReference).
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
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: postgis rules [--rules PACK] [--rules-dir DIR] | reference --data DIR < pairs.tsv")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("postgis "+os.Args[1], flag.ContinueOnError)
	rules := fs.String("rules", "", "rule pack id in --rules-dir, or a YAML file (default: the default pack)")
	dir := fs.String("rules-dir", "data/rules", "directory of rule packs")
	data := fs.String("data", "", "directory of the GeoJSON files the pairs come from")
	if err := fs.Parse(os.Args[2:]); err != nil {
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "rules":
		var pack *geo.RulePack
		if pack, err = geo.LoadRules(*rules, *dir); err == nil {
			err = writeRules(os.Stdout, pack)
		}
	case "reference":
		err = writeReference(os.Stdout, os.Stdin, *data)
	default:
		err = fmt.Errorf("command %q: must be rules or reference", os.Args[1])
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
		if r.Kind == geo.Requires {
			return fmt.Errorf("rule %q: kind %q: a school lacking a place has no PostGIS equivalent here", r.ID, r.Kind)
		}
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
		// An inside rule is a distance of 0 from the campus; an along rule,
		// on GeoJSON data with no road network, is measured from the campus.
		from := r.From
		if from == geo.FromRoute {
			from = geo.FromCampus
		}
		for _, c := range r.Categories {
			fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t{%s}\n", r.ID, c, d, from, strings.Join(kinds, ","))
		}
	}
	return bw.Flush()
}
