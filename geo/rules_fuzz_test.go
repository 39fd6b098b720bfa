package geo_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
)

var ruleIDPattern = regexp.MustCompile(`^[a-z0-9_.-]{1,64}$`)

// FuzzParseRulePack checks that ParseRulePack never panics, refuses with
// ErrInvalidInput, and accepts only packs that keep the Rule invariants.
func FuzzParseRulePack(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(rulesDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed packs in %s: %v", rulesDir, err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"\x00",
		"\xef\xbb\xbfid: x\ntitle: t\nrules: []\n", // BOM
		"id: x\r\ntitle: t\r\nrules: []\r\n",
		"id: [",
		"&a [*a]",
		"a: &a\n  b: *a\n",
		"id: &a x\ntitle: *a\nrules: &r [*r]\n",
		"id: x\ntitle: t\ndocument: {title: d, issuer: i, date: 2020}\nrules:\n  - &r {id: r, title: t, categories: [bar], distance_m: 1, from: gate, severity: inspect, citation: {clause: c}}\n  - *r\n",
		"id: x\ntitle: t\ndocument: {title: d, issuer: i, date: 2020}\nrules: [{id: r, title: t, categories: [bar], distance_m: 1e309, from: gate, severity: inspect, citation: {clause: c}}]\n",
		"id: x\ntitle: t\ndocument: {title: d, issuer: i, date: 2020}\nrules: [{id: r, title: t, categories: [bar], distance_m: 0x10, from: gate, severity: inspect, citation: {clause: c}}]\n",
		"id: x\ntitle: t\ndocument: {title: d, issuer: i, date: 2020}\nrules: [{id: r, title: t, categories: [bar], distance_m: !!float 5e3, from: gate, severity: inspect, citation: {clause: c}}]\n",
		"id: x\ntitle: t\ndocument: {title: d, issuer: i, date: 2020}\nrules: [{id: r, title: t, categories: [bar], distance_m: -0, from: gate, severity: inspect, citation: {clause: c}}]\n",
		"id: !!binary aGVsbG8=\ntitle: t\nrules: []\n",
		"<<: {id: x, title: t, rules: []}\n",
		strings.Repeat("[", 10000),
		strings.Repeat("- ", 5000) + "x",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := geo.ParseRulePack("fuzz.yaml", data)
		if err != nil {
			if p != nil {
				t.Fatalf("got a pack and an error %v", err)
			}
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %v does not wrap ErrInvalidInput", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error %q does not start with the file name", err)
			}
			return
		}
		checkRulePack(t, p)
	})
}

// checkRulePack fails t unless p keeps the invariants ParseRulePack promises.
func checkRulePack(t *testing.T, p *geo.RulePack) {
	t.Helper()
	if !ruleIDPattern.MatchString(p.ID) || strings.TrimSpace(p.Title) == "" {
		t.Fatalf("pack id %q, title %q", p.ID, p.Title)
	}
	seen := make(map[string]bool)
	for _, r := range p.Rules {
		if !ruleIDPattern.MatchString(r.ID) || seen[r.ID] {
			t.Fatalf("rule id %q: invalid or repeated", r.ID)
		}
		seen[r.ID] = true
		switch {
		case !slices.Contains(geo.RuleKinds, r.Kind):
			t.Fatalf("rule %q: kind %q", r.ID, r.Kind)
		case r.Kind == geo.Inside && (r.DistanceMeters != 0 || r.From != geo.FromCampus):
			t.Fatalf("rule %q: inside, distance %v, from %q", r.ID, r.DistanceMeters, r.From)
		case r.Kind != geo.Inside && (math.IsNaN(r.DistanceMeters) || r.DistanceMeters <= 0 || r.DistanceMeters > geo.MaxRuleDistanceMeters):
			t.Fatalf("rule %q: distance %v", r.ID, r.DistanceMeters)
		case (r.Kind == geo.Along) != (r.From == geo.FromRoute):
			t.Fatalf("rule %q: kind %q, from %q", r.ID, r.Kind, r.From)
		case r.Kind != geo.Near && r.Method == geo.Walking:
			t.Fatalf("rule %q: kind %q walks", r.ID, r.Kind)
		}
		if len(r.Categories) == 0 {
			t.Fatalf("rule %q: no categories", r.ID)
		}
		for _, c := range r.Categories {
			if !slices.Contains(geo.Categories, c) {
				t.Fatalf("rule %q: category %q", r.ID, c)
			}
		}
		for _, k := range r.SchoolKinds {
			if !slices.Contains(geo.SchoolKinds, k) {
				t.Fatalf("rule %q: school kind %q", r.ID, k)
			}
		}
		if !slices.Contains(geo.MeasureFroms, r.From) {
			t.Fatalf("rule %q: from %q", r.ID, r.From)
		}
		if r.Method != geo.Straight && r.Method != geo.Walking {
			t.Fatalf("rule %q: method %q", r.ID, r.Method)
		}
		if r.Severity != geo.Prohibited && r.Severity != geo.Inspect {
			t.Fatalf("rule %q: severity %q", r.ID, r.Severity)
		}
		if strings.TrimSpace(r.Title) == "" || strings.TrimSpace(r.Citation.Clause) == "" || strings.TrimSpace(r.Citation.Document) == "" {
			t.Fatalf("rule %q: title %q, clause %q, document %q", r.ID, r.Title, r.Citation.Clause, r.Citation.Document)
		}
	}
	if got := p.MaxDistanceMeters(); got < 0 || got > geo.MaxRuleDistanceMeters {
		t.Fatalf("MaxDistanceMeters = %v", got)
	}
}
