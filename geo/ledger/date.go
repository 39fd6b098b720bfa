package ledger

import (
	"fmt"
	"time"
)

// China is China Standard Time (UTC+8, no daylight saving), the zone in
// which deadlines are calendar days.
var China = time.FixedZone("CST", 8*60*60)

// Date is a calendar day in China Standard Time, such as a deadline. The
// zero Date means none.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MaxDeadlineYears bounds how far ahead a deadline may be.
const MaxDeadlineYears = 5

// ParseDate reads s as YYYY-MM-DD. It returns an error wrapping
// geo.ErrInvalidInput that names field and quotes s if s is not such a date.
func ParseDate(field, s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, China)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, invalidf("%s %q: must be a date YYYY-MM-DD, such as 2025-09-30", field, s)
	}
	return DateOf(t), nil
}

// DateOf returns the day t falls on in China Standard Time.
func DateOf(t time.Time) Date {
	y, m, d := t.In(China).Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Start returns the first instant of d in China Standard Time.
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, China) }

// End returns the first instant after d: a deadline of d is met by anything
// done before End, and a hazard still open at End is overdue.
func (d Date) End() time.Time { return d.Start().AddDate(0, 0, 1) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Start().Before(e.Start()) }

// AddDays returns the day n days after d.
func (d Date) AddDays(n int) Date { return DateOf(d.Start().AddDate(0, 0, n)) }

// checkDeadline reads a deadline given on the day of now: a date from
// today to MaxDeadlineYears ahead.
func checkDeadline(s string, now time.Time) (Date, error) {
	d, err := ParseDate("deadline", s)
	if err != nil {
		return Date{}, err
	}
	today := DateOf(now)
	if d.Before(today) {
		return Date{}, invalidf("deadline %q: must be today (%s) or later", s, today)
	}
	if last := today.AddDays(365 * MaxDeadlineYears); last.Before(d) {
		return Date{}, invalidf("deadline %q: must be at most %d years ahead (by %s)", s, MaxDeadlineYears, last)
	}
	return d, nil
}
