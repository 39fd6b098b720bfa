package geo_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/safezone/safezone"

// allowedImports states the package graph: for each package of the module,
// the other packages of the module it may import. Imports point inward:
// cmd → api → geo/<part> → geo, and cmd → frontend. A package missing here
// fails the test, so a new package states its place.
//
// The category catalogue is data (data/catalogue.yaml), built into the
// binary by package data, which only embeds it, as frontend embeds the
// map. geo/catalogue parses it and knows nothing of geo's types; geo takes
// its lists of categories and water kinds from it, and the parts that read
// or show categories (osm's selectors, imports' words, synth's shares, the
// API's list) read it directly. So data and geo/catalogue sit below geo.
var allowedImports = map[string][]string{
	"data":                     {},
	"geo/catalogue":            {"data"},
	"geo":                      {"geo/catalogue", "geo/internal/bulk", "geo/internal/geodist"},
	"geo/internal/bulk":        {},
	"geo/internal/geodist":     {},
	"geo/internal/geotest":     {"geo", "geo/synth"},
	"geo/ledger":               {"geo", "geo/catalogue"},
	"geo/crs":                  {"geo"},
	"geo/geojson":              {"geo", "geo/internal/bulk", "geo/internal/geodist"},
	"geo/osm":                  {"geo", "geo/catalogue", "geo/internal/geodist"},
	"geo/imports":              {"geo", "geo/catalogue", "geo/crs", "geo/geojson"},
	"geo/walk":                 {"geo", "geo/geojson", "geo/internal/geodist", "geo/osm"},
	"geo/patrol":               {"geo", "geo/geojson", "geo/internal/geodist", "geo/osm", "geo/patrol/internal/mclp"},
	"geo/patrol/internal/mclp": {},
	"geo/zones":                {"geo", "geo/internal/geodist"},
	"geo/search":               {"geo", "geo/osm"},
	"geo/synth":                {"geo", "geo/catalogue"},
	"store":                    {"geo", "geo/geojson", "geo/imports", "geo/ledger"},
	"store/storetest":          {"store"},
	"frontend":                 {},
	"api":                      {"geo", "geo/catalogue", "geo/crs", "geo/geojson", "geo/imports", "geo/ledger", "geo/osm", "geo/patrol", "geo/search", "geo/walk", "geo/zones", "store"},
	"cmd/safezone":             {"*"},
	"scripts/patrolcbc":        {"geo", "geo/patrol", "geo/geojson", "geo/synth"},
	"scripts/postgis":          {"geo", "geo/geojson", "geo/synth"},
}

// forbidden are imports no package under geo may have: the domain knows
// nothing of HTTP or of the server.
var forbidden = []string{"net/http", "github.com/labstack/echo/v4"}

// TestLayout checks every package's imports, tests excluded, against
// allowedImports and forbidden, from the output of go list.
func TestLayout(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err) // no toolchain beside the test binary
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		allowed, ok := allowedImports[name]
		if !ok {
			t.Errorf("package %s: not in allowedImports: say what it may import", name)
			continue
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(name, "geo") && slices.Contains(forbidden, imp) {
				t.Errorf("package %s imports %s: the domain knows nothing of HTTP", name, imp)
			}
			if name == "frontend" && imp != "embed" && imp != "io/fs" {
				t.Errorf("package frontend imports %s: it only embeds files", imp)
			}
			if name == "data" && imp != "embed" && imp != "bytes" {
				t.Errorf("package data imports %s: it only embeds files", imp)
			}
			dep, internal := strings.CutPrefix(imp, module+"/")
			if !internal || slices.Contains(allowed, "*") {
				continue
			}
			if !slices.Contains(allowed, dep) {
				t.Errorf("package %s imports %s: allowed are %v", name, dep, allowed)
			}
		}
	}
}
