package api_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/safezone/safezone/api"
)

// The catalogue reads only messages that are still made in English, with
// no code of their own: each entry has a source that makes such a message,
// and an entry that no source makes any more is to be deleted (errors made
// with geo.Invalid, geo.Refusef or withCode carry their code instead).
func TestCatalogue_fires(t *testing.T) {
	// Each source is a file whose code makes the message (it holds
	// fragment, the message's format) and a message as it makes it.
	sources := []struct{ file, fragment, text string }{
		{"../store/token.go", `"%w: unknown token"`, "unauthorized: unknown token"},
		{"../geo/ledger/report.go", `"%s %q: must be between %s and now"`, `at "2020-01-01": must be between 2024-01-01T00:00:00+08:00 and now`},
		{"../api/audit_ledger.go", `"lang %q: must be one of zh, en (or empty for codes)"`, `lang "fr": must be one of zh, en (or empty for codes)`},
		{"../store/business.go", `notFoundf("business %q: not found", id)`, `business "b1": not found`},
	}
	fired := map[string]bool{}
	for _, s := range sources {
		code, err := os.ReadFile(s.file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(code), s.fragment) {
			t.Errorf("%s no longer makes %s", s.file, s.fragment)
		}
		e := api.CatalogueEntry(s.text)
		if e == "" {
			t.Errorf("%q: no entry of the catalogue reads it", s.text)
		}
		fired[e] = true
	}
	for _, e := range api.CatalogueEntries() {
		if !fired[e] {
			t.Errorf("%s: no source makes its message any more: delete it", e)
		}
	}
}

// sourceCode finds the codes given where errors are made.
var sourceCode = regexp.MustCompile(`(?s)(?:Code: |Refusef\(|refuse\(|tooLarge\(|answerCode\{code: |withCode\(echo\.NewHTTPError\(.*?\)\),\s*)"(\w+)"`)

// Every code given where an error is made is a code of the answers
// (documented in openapi.json and said in Chinese, TestErrorCodes_documented).
func TestErrorCodes_fromSources(t *testing.T) {
	codes := map[string]bool{}
	for _, c := range api.ErrorCodes() {
		codes[c] = true
	}
	found := 0
	for _, dir := range []string{"../geo", "../api"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range sourceCode.FindAllSubmatch(src, -1) {
				found++
				if !codes[string(m[1])] {
					t.Errorf("%s: code %q is not in api.ErrorCodes (add it to sourceCodes)", path, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if found < 40 {
		t.Errorf("found %d codes given at their sources, want the 40 and more there are", found)
	}
}
