package api

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClipMessage checks that clipMessage never panics, keeps short
// messages as they are, keeps valid UTF-8 valid, and bounds what it
// returns, whatever quotes and escapes the message holds.
func FuzzClipMessage(f *testing.F) {
	f.Add(`lat "x": must be a number`)
	f.Add(`name "` + strings.Repeat("网", 40) + `": bad`)
	f.Add(`a "\"\\` + strings.Repeat("x", 80) + `" b "`)
	f.Add(`unterminated "` + strings.Repeat("y", 2000))
	f.Add(`"\xff\xfe` + strings.Repeat("z", 70) + `"`)
	f.Fuzz(func(t *testing.T, msg string) {
		out := clipMessage(msg)
		if len(msg) <= maxQuoted && out != msg {
			t.Fatalf("short message %q changed to %q", msg, out)
		}
		if utf8.ValidString(msg) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 %q became %q", msg, out)
		}
		if limit := maxMessage + len("…()") + len(" bytes") + len(strconv.Itoa(len(msg))); len(out) > limit && len(out) > len(msg) {
			t.Fatalf("%d bytes out of %d in, limit %d", len(out), len(msg), limit)
		}
	})
}

// FuzzCSVCell checks that a cell CSVCell returns starts with a formula
// character only if it is a number, and that it is the cell itself or the
// cell after a single quote.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"=1+1", "-12.5", "+3", "@SUM(1)", "\t=1", "\r=1", "＝1", "网吧", "", "-", "'=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := CSVCell(s)
		if out != s && out != "'"+s {
			t.Fatalf("CSVCell(%q) = %q: neither the cell nor the cell quoted", s, out)
		}
		if out != "" && formulaStart(out) {
			if _, err := strconv.ParseFloat(out, 64); err != nil {
				t.Fatalf("CSVCell(%q) = %q starts a formula", s, out)
			}
		}
	})
}
