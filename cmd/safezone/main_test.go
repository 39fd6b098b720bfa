package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update .golden files")

const rulesDir = "../../data/rules"

// MustRun runs the command line and returns its status, stdout and stderr.
func MustRun(tb testing.TB, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestAudit_golden is the one smoke test that reads data/: the shipped demo
// and rule packs. Monaco (© OpenStreetMap contributors, ODbL) is a fixture.
func TestAudit_golden(t *testing.T) {
	tests := []struct{ name, data string }{
		{"chengdu", "../../data/chengdu-2018.osm.pbf"},
		{"monaco", "testdata/monaco-2023.osm.pbf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := MustRun(t, "audit", "--data", tc.data, "--rules-dir", rulesDir, "--format", "csv")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden := filepath.Join("testdata", tc.name+".golden.csv")
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Fatalf("audit differs from %s (run go test ./cmd/safezone -update and review the diff)", golden)
			}
			if n := strings.Count(out, "\n"); n < 10 {
				t.Fatalf("only %d lines: the audit found almost nothing", n)
			}
		})
	}
}

func TestRun_shippedRulePacks(t *testing.T) {
	packs, err := filepath.Glob(filepath.Join(rulesDir, "*.yaml"))
	if err != nil || len(packs) < 6 {
		t.Fatalf("rule packs: %v %v", packs, err)
	}
	for _, p := range packs {
		id := strings.TrimSuffix(filepath.Base(p), ".yaml")
		t.Run(id, func(t *testing.T) {
			code, _, errOut := MustRun(t, "check", "--data", "testdata/monaco-2023.osm.pbf", "--rules-dir", rulesDir,
				"--rules", id, "--lat", "43.7384", "--lon", "7.4246", "--category", "internet_cafe")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
		})
	}
}

func TestCheck_json(t *testing.T) {
	// 150 m north of 泡桐树小学's campus, way/576684164, in the demo data.
	code, out, errOut := MustRun(t, "check", "--data", "../../data/chengdu-2018.osm.pbf", "--rules-dir", rulesDir,
		"--lat", "30.6695", "--lon", "104.0573", "--category", "internet_cafe", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Verdict string `json:"verdict"`
		Hits    []struct {
			SchoolID  string  `json:"school_id"`
			RuleID    string  `json:"rule_id"`
			DistanceM float64 `json:"distance_m"`
			Citation  struct {
				Clause string `json:"clause"`
			} `json:"citation"`
		} `json:"hits"`
		Nearest *struct {
			SchoolID string `json:"school_id"`
		} `json:"nearest_school"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if res.Verdict != "prohibited" || len(res.Hits) == 0 || res.Hits[0].Citation.Clause == "" || res.Nearest == nil {
		t.Fatalf("check: %s", out)
	}
	for _, h := range res.Hits {
		if h.DistanceM > 200 {
			t.Fatalf("hit beyond its rule: %+v", h)
		}
	}
}

func TestRun_errors(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.osm.pbf")
	os.WriteFile(corrupt, []byte("\x00\x00\x00\x0dnot a pbf at all, sorry"), 0o644)
	badRules := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badRules, []byte("id: bad\ntitle: x\nrules:\n  - id: a\n    distance_m: -5\n"), 0o644)
	demo := "testdata/monaco-2023.osm.pbf"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"LatOutOfRange", []string{"check", "--data", demo, "--rules-dir", rulesDir, "--lat", "200", "--lon", "7.4", "--category", "bar"}, `lat "200": must be between -90 and 90`},
		{"LonNotANumber", []string{"check", "--data", demo, "--rules-dir", rulesDir, "--lat", "43", "--lon", "east", "--category", "bar"}, `lon "east": must be a number`},
		{"UnknownCategory", []string{"check", "--data", demo, "--rules-dir", rulesDir, "--lat", "43", "--lon", "7", "--category", "ktv"}, `category "ktv": must be one of`},
		{"MissingFlags", []string{"check", "--data", demo}, "--lon, --lat and --category are required"},
		{"MissingFile", []string{"audit", "--data", filepath.Join(dir, "nope.osm.pbf"), "--rules-dir", rulesDir}, "nope.osm.pbf"},
		{"CorruptPBF", []string{"audit", "--data", corrupt, "--rules-dir", rulesDir}, "corrupt.osm.pbf"},
		{"BadRuleFile", []string{"audit", "--data", demo, "--rules", badRules}, "bad.yaml:"},
		{"UnknownPack", []string{"audit", "--data", demo, "--rules-dir", rulesDir, "--rules", "atlantis"}, `"atlantis"`},
		{"BadFormat", []string{"audit", "--data", demo, "--rules-dir", rulesDir, "--format", "pdf"}, `format "pdf": must be csv, json, geojson or xlsx`},
		{"UnknownSchool", []string{"school", "--data", demo, "--rules-dir", rulesDir, "--id", "way/1"}, `school "way/1": not found`},
		{"UnknownCommand", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"StrayArgument", []string{"audit", "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := MustRun(t, tc.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", code, errOut)
			}
			// One line, except a bad rule file: it lists every problem, a
			// line each, and the usage that follows an unknown command.
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 && tc.name != "UnknownCommand" && tc.name != "BadRuleFile" {
				t.Errorf("more than one line on stderr: %q", errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Fatalf("stderr %q, want it to contain %q", errOut, tc.want)
			}
		})
	}
}

// TestCategories_readme holds the tables of data/README.md to the
// catalogue: they are what `safezone categories --format markdown` prints.
func TestCategories_readme(t *testing.T) {
	readme, err := os.ReadFile("../../data/README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok1 := strings.Cut(string(readme), "<!-- catalogue tables: begin -->\n")
	tables, _, ok2 := strings.Cut(rest, "<!-- catalogue tables: end -->")
	if !ok1 || !ok2 {
		t.Fatal("data/README.md: no catalogue tables between their markers")
	}
	code, out, errOut := MustRun(t, "categories", "--format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if tables != out {
		t.Errorf("data/README.md's catalogue tables differ from the catalogue: paste in the output of `safezone categories --format markdown`")
	}
	if code, _, _ := MustRun(t, "categories", "--format", "yaml"); code != 2 {
		t.Errorf("format yaml: exit %d, want 2", code)
	}
}
