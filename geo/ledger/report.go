package ledger

import (
	"strings"
	"time"

	"github.com/safezone/safezone/geo"
)

// ReportInput is a place reported by hand: an unfenced pond, a broken
// guard rail, a stall at the gate. SchoolName is filled by the caller from
// the data, after checking the school exists. Category and Grade are
// optional; ObservedAt (when the reporter saw it) and PhonedAt (when it was
// first reported by phone) are RFC 3339 times, optional.
type ReportInput struct {
	SchoolID, SchoolName string
	Point                geo.Point
	Description          string
	Category             string
	Grade                string
	ObservedAt, PhonedAt string
}

// MaxReportAge bounds how long ago a reported hazard may have been observed.
const MaxReportAge = 366 * 24 * time.Hour

// clockSkew is how far ahead of the server's clock a reported time may be.
const clockSkew = 5 * time.Minute

// Report returns the hazard in, reported by by at now, in state Found, with
// its first history entry. The grade defaults to the category's, the unit
// is the category's lead unit, and the reporting clocks are measured. It
// returns an error wrapping geo.ErrInvalidInput naming the field for bad
// input, and ErrForbidden if a school token reports for another school.
func (c *Config) Report(in ReportInput, by Actor, now time.Time) (Hazard, Entry, error) {
	src, err := reportSource(in, now)
	if err != nil {
		return Hazard{}, Entry{}, err
	}
	h := Hazard{Source: src, SchoolID: in.SchoolID, SchoolName: in.SchoolName, Point: in.Point, Category: in.Category}
	if err := CheckAccess(&h, by); err != nil {
		return Hazard{}, Entry{}, err
	}
	if err := in.Point.Validate(); err != nil {
		return Hazard{}, Entry{}, err
	}
	if _, ok := c.Category(in.Category); in.Category != "" && !ok {
		return Hazard{}, Entry{}, invalidf("category %q: must be empty or one of %s", in.Category, c.categoryIDs())
	}
	h.Grade = c.DefaultGrade(in.Category, "")
	if in.Grade != "" {
		if h.Grade, err = ParseGrade("grade", in.Grade); err != nil {
			return Hazard{}, Entry{}, err
		}
	}
	h.Clocks = c.clocks(src, h.Grade, now.UTC())
	e := c.register(&h, by, ActReport, now)
	return h, e, nil
}

// reportSource checks the description and times of in.
func reportSource(in ReportInput, now time.Time) (Source, error) {
	if err := checkText("description", in.Description, MaxDescriptionLen, true); err != nil {
		return Source{}, err
	}
	src := Source{Kind: FromManual, Description: strings.TrimSpace(in.Description)}
	var err error
	if src.ObservedAt, err = reportTime("observed_at", in.ObservedAt, now.Add(-MaxReportAge), now); err != nil {
		return Source{}, err
	}
	from := src.ObservedAt
	if from.IsZero() {
		from = now.Add(-MaxReportAge)
	}
	if src.PhonedAt, err = reportTime("phoned_at", in.PhonedAt, from, now); err != nil {
		return Source{}, err
	}
	return src, nil
}

// reportTime reads an optional RFC 3339 time within [from, now+skew].
func reportTime(field, s string, from, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, invalidf("%s %q: must be a time such as 2025-09-01T08:30:00+08:00", field, s)
	}
	if t.Before(from) || t.After(now.Add(clockSkew)) {
		return time.Time{}, invalidf("%s %q: must be between %s and now", field, s, from.In(China).Format(time.RFC3339))
	}
	return t.UTC(), nil
}

// register fills h as a new hazard in state Found, registered by by at
// now, and returns its first entry.
func (c *Config) register(h *Hazard, by Actor, act Action, now time.Time) Entry {
	h.State, h.Unit = Found, c.LeadUnit(h.Category)
	h.CreatedAt = now.UTC()
	e := Entry{Time: h.CreatedAt, Actor: by.ID, Role: by.Role, Action: act, To: Found, Unit: h.Unit, Grade: h.Grade}
	record(h, &e)
	return e
}

func (c *Config) categoryIDs() string {
	ids := make([]string, len(c.Categories))
	for i, k := range c.Categories {
		ids[i] = k.ID
	}
	return strings.Join(ids, ", ")
}
