package patrol

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/safezone/safezone/geo"
)

// bellsWire is the JSON form of Bells.
type bellsWire struct {
	MarginMinutes *int                `json:"margin_minutes"`
	Kinds         map[string][]string `json:"kinds"`
	Schools       map[string][]string `json:"schools"`
}

// ParseBells reads bell times from JSON, such as
//
//	{"margin_minutes": 20,
//	 "kinds": {"kindergarten": ["08:00", "11:30", "14:30", "16:30"],
//	           "primary": ["07:50", "11:40", "14:00", "16:10"]},
//	 "schools": {"way/123": ["07:30", "12:00", "17:40"]}}
//
// Times are "HH:MM" (or "H:MM"), 00:00 to 23:59, local time. Kinds are
// SchoolKinds; a school's own list replaces its kind's. margin_minutes is
// 0 to 120 and defaults to DefaultBellMargin. name names the input in
// errors. It returns an error wrapping ErrInvalidInput that names the field
// and quotes the value for malformed JSON, an unknown key or kind, a bad
// time, or a margin out of range.
func ParseBells(data []byte, name string) (*Bells, error) {
	var w bellsWire
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, geo.Invalidf("bells %s: %v: want {\"margin_minutes\": 20, \"kinds\": {\"primary\": [\"07:50\", ...]}, \"schools\": {\"ID\": [...]}}", name, err)
	}
	if dec.More() {
		return nil, geo.Invalidf("bells %s: more than one JSON value", name)
	}
	b := &Bells{Kinds: map[geo.SchoolKind][]Clock{}, Schools: map[string][]Clock{}, MarginMinutes: DefaultBellMargin}
	if w.MarginMinutes != nil {
		if m := *w.MarginMinutes; m < 0 || m > 120 {
			return nil, geo.Invalidf("bells %s: margin_minutes %q: must be 0 to 120", name, strconv.Itoa(m))
		}
		b.MarginMinutes = *w.MarginMinutes
	}
	for k, ts := range w.Kinds {
		if !geo.IsOneOf(geo.SchoolKinds, geo.SchoolKind(k)) {
			return nil, geo.Invalid(fmt.Sprintf("bells %s: kinds", name), k, geo.OneOf(geo.SchoolKinds))
		}
		cs, err := parseClocks(ts, fmt.Sprintf("kinds.%s", k), name)
		if err != nil {
			return nil, err
		}
		b.Kinds[geo.SchoolKind(k)] = cs
	}
	for id, ts := range w.Schools {
		if id == "" {
			return nil, geo.Invalidf("bells %s: schools %q: a school id must not be empty", name, id)
		}
		cs, err := parseClocks(ts, fmt.Sprintf("schools[%q]", id), name)
		if err != nil {
			return nil, err
		}
		b.Schools[id] = cs
	}
	return b, nil
}

func parseClocks(ts []string, field, name string) ([]Clock, error) {
	out := make([]Clock, 0, len(ts))
	for i, s := range ts {
		c, err := ParseClock(s)
		if err != nil {
			return nil, geo.Invalid(fmt.Sprintf("bells %s: %s[%d]", name, field, i), s,
				geo.Reason{Code: "clock", Text: "must be a time HH:MM from 00:00 to 23:59"})
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ParseClock parses a time of day "HH:MM" or "H:MM", 00:00 to 23:59. It
// returns an error wrapping ErrInvalidInput that quotes s otherwise.
func ParseClock(s string) (Clock, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(hh) > 2 || len(mm) != 2 || h < 0 || h > 23 || m < 0 || m > 59 ||
		strings.ContainsAny(hh, "+-") || strings.ContainsAny(mm, "+-") {
		return 0, geo.Invalid("time", s, geo.Clock())
	}
	return Clock(h*60 + m), nil
}
