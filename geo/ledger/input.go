package ledger

import (
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/safezone/safezone/geo"
)

// check checks in against what m needs and fills e with the assignment,
// grade and attachments it carries.
func (m Move) check(h *Hazard, in TransitionInput, e *Entry, now time.Time, attached func(string) bool) error {
	if err := m.checkAssignment(in, e, now); err != nil {
		return err
	}
	if m.NeedsComment && e.Comment == "" {
		return invalidf("comment %q: required to move a hazard from %s to %s (%s): say why", in.Comment, m.From, m.To, m.Label)
	}
	if err := checkAttachments(h, in.Attachments, attached); err != nil {
		return err
	}
	e.Attachments = in.Attachments
	if m.NeedsEvidence && len(in.Attachments) == 0 {
		return invalidf("attachments []: moving to %s (%s) needs the unit's evidence: attach a photo or document to hazard %d first and list its sha256", m.To, m.Label, h.ID)
	}
	return nil
}

// checkAssignment checks unit, person, deadline and grade: all but grade
// required when assigning, none allowed otherwise.
func (m Move) checkAssignment(in TransitionInput, e *Entry, now time.Time) error {
	if !m.NeedsAssignment {
		for _, f := range [][2]string{{"unit", in.Unit}, {"person", in.Person}, {"deadline", in.Deadline}, {"grade", in.Grade}} {
			if f[1] != "" {
				return invalidf("%s %q: only given when assigning (to assigned)", f[0], f[1])
			}
		}
		return nil
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"unit", in.Unit, MaxUnitLen}, {"person", in.Person, MaxPersonLen}} {
		if strings.TrimSpace(f.v) == "" {
			return invalidf("%s %q: required to assign (%s), must not be empty", f.name, f.v, map[string]string{"unit": "责任单位", "person": "责任人"}[f.name])
		}
		if err := checkText(f.name, f.v, f.max, true); err != nil {
			return err
		}
	}
	if in.Deadline == "" {
		return invalidf("deadline %q: required to assign; a date YYYY-MM-DD, today or later", in.Deadline)
	}
	d, err := checkDeadline(in.Deadline, now)
	if err != nil {
		return err
	}
	e.Unit, e.Person, e.Deadline = strings.TrimSpace(in.Unit), strings.TrimSpace(in.Person), d
	if in.Grade != "" {
		if e.Grade, err = ParseGrade("grade", in.Grade); err != nil {
			return err
		}
	}
	return nil
}

// checkAttachments checks that shas are distinct SHA-256 hex of files
// attached to h.
func checkAttachments(h *Hazard, shas []string, attached func(string) bool) error {
	if len(shas) > MaxAttachments {
		return invalidf("attachments: %d listed, at most %d", len(shas), MaxAttachments)
	}
	for i, s := range shas {
		if !ValidSHA256(s) {
			return invalidf("attachments[%d] %q: must be the SHA-256 of an attached file, 64 lowercase hex digits", i, s)
		}
		for _, t := range shas[:i] {
			if t == s {
				return invalidf("attachments[%d] %q: listed twice", i, s)
			}
		}
		if attached == nil || !attached(s) {
			return invalidf("attachments[%d] %q: not a file attached to hazard %d", i, s, h.ID)
		}
	}
	return nil
}

// ValidSHA256 reports whether s is 64 lowercase hex digits.
func ValidSHA256(s string) bool {
	if len(s) != 64 || strings.ToLower(s) != s {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// apply changes h by e and records e.
func apply(h *Hazard, e *Entry) {
	h.State = e.To
	if e.Unit != "" {
		h.Unit, h.Person, h.Deadline, h.AlertLevel = e.Unit, e.Person, e.Deadline, 0
	}
	if e.Grade != "" {
		h.Grade = e.Grade
	}
	switch {
	case e.To == Closed && e.From != Closed:
		h.ClosedAt, h.Vanished = e.Time, false
	case e.To == Found && e.From != Found:
		h.ClosedAt, h.Vanished, h.AlertLevel = time.Time{}, false, 0
	}
	record(h, e)
}

// record appends e to h: e gets its number, h the version, the time of the
// last change and the last entry (without attachments).
func record(h *Hazard, e *Entry) {
	h.Version++
	e.Seq = h.Version
	h.UpdatedAt = e.Time
	h.Last = *e
	h.Last.Attachments = nil
	h.History = nil
}

// checkText checks a free-text field of at most maxLen runes.
func checkText(field, s string, maxLen int, required bool) error {
	t := strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		return invalidf("%s %q: must be valid UTF-8", field, s)
	case strings.ContainsFunc(s, isControl):
		return invalidf("%s %q: must not contain control characters other than tab and newline", field, s)
	case required && t == "":
		return geo.Invalid(field, s, geo.Required())
	case utf8.RuneCountInString(t) > maxLen:
		return invalidf("%s: %d characters, must be at most %d", field, utf8.RuneCountInString(t), maxLen)
	}
	return nil
}

// isControl reports whether r is a control character other than tab, line
// feed and carriage return.
func isControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}
