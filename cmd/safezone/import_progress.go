package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// progress draws a progress bar on a terminal, and nothing otherwise, so
// that logs and pipes get only the summary.
type progress struct {
	f    *os.File
	tty  bool
	last time.Time
}

// newProgress returns a progress bar on f if f is a terminal (a character
// device; TERM=dumb counts as none).
func newProgress(f *os.File) *progress {
	st, err := f.Stat()
	tty := err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
	return &progress{f: f, tty: tty}
}

// reader returns a geo.ImportOptions.Progress function that draws label and
// a bar, at most ten times a second; nil when there is no terminal.
func (p *progress) reader(label string) func(done, total int64) {
	if !p.tty {
		return nil
	}
	return func(done, total int64) {
		if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || done == total {
			p.last = now
			p.status(label + " " + bar(done, total))
		}
	}
}

// bar is [=====>    ] 52%, or a count when total is unknown.
func bar(done, total int64) string {
	if total <= 0 {
		return fmt.Sprintf("%d rows", done)
	}
	const width = 30
	n := int(min(done, total) * width / total)
	return fmt.Sprintf("[%s>%s] %3d%%", strings.Repeat("=", n), strings.Repeat(" ", width-n), min(done, total)*100/total)
}

// status replaces the line with msg, on a terminal.
func (p *progress) status(msg string) {
	if p.tty {
		fmt.Fprintf(p.f, "\r\033[K%s", msg)
	}
}

// done clears the line, on a terminal.
func (p *progress) done() {
	if p.tty {
		fmt.Fprint(p.f, "\r\033[K")
	}
}
