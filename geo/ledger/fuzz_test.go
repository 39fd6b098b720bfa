package ledger_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

// FuzzParseConfig: nothing panics, every error is bad input, and a config
// accepted has every grade, every geo category and levels to escalate to.
func FuzzParseConfig(f *testing.F) {
	good, err := os.ReadFile("testdata/ledger.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(strings.Replace(string(good), "assumed: test", "", 1)))
	f.Add([]byte("documents: {a: b}\ngrades: []\n"))
	f.Add([]byte("- [\n"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ledger.ParseConfig("f.yaml", data)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error not wrapping ErrInvalidInput: %v", err)
			}
			return
		}
		for _, g := range ledger.Grades {
			if c.DeadlineDays(g) < 1 {
				t.Errorf("grade %s: deadline %d days", g, c.DeadlineDays(g))
			}
		}
		for _, gc := range geo.Categories {
			if _, ok := c.Category(string(gc)); !ok {
				t.Errorf("no category %s", gc)
			}
		}
		if len(c.Escalation.Levels.Value) == 0 || c.Escalation.PeriodDays.Value < 1 {
			t.Errorf("escalation %+v", c.Escalation)
		}
	})
}

// FuzzTransitionInput: a deadline, comment, unit or person from a client
// never panics, and an accepted assignment has a deadline from today on
// and text within the limits.
func FuzzTransitionInput(f *testing.F) {
	f.Add("2025-06-20", "u", "p", "c")
	f.Add("2025-02-30", "", " ", "\x00")
	f.Add("+02025-06-20", "单位", "张三", strings.Repeat("长", 1001))
	f.Add("2025-06-20T00:00:00Z", "\xff", "p", "")
	now := time.Date(2025, 6, 10, 10, 0, 0, 0, ledger.China)
	f.Fuzz(func(t *testing.T, deadline, unit, person, comment string) {
		h := ledger.Hazard{ID: 1, State: ledger.Found, Version: 1, SchoolID: "s"}
		in := ledger.TransitionInput{To: "assigned", Unit: unit, Person: person, Deadline: deadline, Comment: comment}
		h2, e, err := ledger.Transition(h, in, ledger.Actor{ID: "a", Role: ledger.RoleAdmin}, now, nil)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error not wrapping ErrInvalidInput: %v", err)
			}
			return
		}
		if h2.Deadline.Before(ledger.DateOf(now)) || h2.Unit == "" || h2.Person == "" || len([]rune(e.Comment)) > ledger.MaxCommentLen {
			t.Errorf("accepted %+v", h2)
		}
	})
}

// FuzzNewAttachment: any bytes under any claimed type never panic, and a
// file accepted starts as its type says.
func FuzzNewAttachment(f *testing.F) {
	f.Add("image/png", "a.png", []byte("\x89PNG\r\n\x1a\n"))
	f.Add("image/jpeg; q=1", "", []byte("\xff\xd8\xff"))
	f.Add("application/pdf", "x/y", []byte("%PDF-1.4"))
	f.Add(";;", "\x00", []byte{})
	f.Fuzz(func(t *testing.T, ctype, name string, data []byte) {
		a, err := ledger.NewAttachment(ctype, name, data)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error not wrapping ErrInvalidInput: %v", err)
			}
			return
		}
		if ledger.Sniff(data) != a.Type || !ledger.ValidSHA256(a.SHA256) || a.Size != int64(len(data)) {
			t.Errorf("accepted %+v for %q", a, data)
		}
	})
}
