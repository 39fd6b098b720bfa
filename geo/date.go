package geo

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date as opening dates and rules' dates are written:
// a day, or only a month or a year (OpenStreetMap's start_date is often
// "2005"). It is stored as YYYYMMDD with 0 for the parts not given; the
// zero Date means no date.
type Date int32

// dateRE reads YYYY, YYYY-MM or YYYY-MM-DD, with '-', '/', '.' or 年月日
// between the parts, and one-digit months and days.
var dateRE = regexp.MustCompile(`^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$`)

// ParseDate parses s as a Date: "2018", "2018-07", "2018-07-01", also
// written 2018/7/1, 2018.7.1 or 2018年7月1日. An empty s gives the zero
// Date. Anything else, or a month or day that does not exist, returns an
// error wrapping ErrInvalidInput that names field and quotes s.
func ParseDate(field, s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return 0, Invalidf("%s %q: must be a date, YYYY-MM-DD, YYYY-MM or YYYY", field, s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	switch {
	case y < 1800:
		return 0, Invalidf("%s %q: year %d is before 1800", field, s, y)
	case m[2] != "" && (mo < 1 || mo > 12):
		return 0, Invalidf("%s %q: month %d does not exist", field, s, mo)
	case m[3] != "" && (d < 1 || d > daysIn(y, mo)):
		return 0, Invalidf("%s %q: %d-%02d has no day %d", field, s, y, mo, d)
	}
	return Date(y*10000 + mo*100 + d), nil
}

// ParseOpenedOn parses when a place or school opened: a Date that is not
// after today (in China's time zone, UTC+8). Errors name the field
// opened_on.
func ParseOpenedOn(s string) (Date, error) {
	d, err := ParseDate("opened_on", s)
	if err != nil {
		return 0, err
	}
	return d, d.CheckOpened()
}

// CheckOpened returns an error wrapping ErrInvalidInput if d, as an
// opening date, begins after today: a place cannot have opened in the
// future.
func (d Date) CheckOpened() error {
	if d != 0 && d.first() > Today().first() {
		return Invalidf("opened_on %q: is in the future; today is %s", d, Today())
	}
	return nil
}

// Today is the date now in China (UTC+8), the day the documents count in.
func Today() Date {
	t := time.Now().In(time.FixedZone("CST", 8*3600))
	return Date(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == 0 }

// String formats d as it was given: YYYY-MM-DD, YYYY-MM or YYYY; "" for
// no date.
func (d Date) String() string {
	y, m, day := int(d)/10000, int(d)/100%100, int(d)%100
	switch {
	case d == 0:
		return ""
	case m == 0:
		return strconv.Itoa(y)
	case day == 0:
		return strconv.Itoa(y) + "-" + twoDigits(m)
	}
	return strconv.Itoa(y) + "-" + twoDigits(m) + "-" + twoDigits(day)
}

func twoDigits(v int) string { return string([]byte{byte('0' + v/10), byte('0' + v%10)}) }

// first is the first day d may mean, as YYYYMMDD: 2018 is 20180101.
func (d Date) first() int {
	y, m, day := int(d)/10000, int(d)/100%100, int(d)%100
	return y*10000 + max(m, 1)*100 + max(day, 1)
}

// last is the last day d may mean, as YYYYMMDD: 2018 is 20181231.
func (d Date) last() int {
	y, m, day := int(d)/10000, int(d)/100%100, int(d)%100
	if m == 0 {
		m = 12
	}
	if day == 0 {
		day = daysIn(y, m)
	}
	return y*10000 + m*100 + day
}

// Before reports whether d certainly ends before e begins: a place opened
// in 2018 is before a school opened on 2019-01-01, but not before one
// opened in 2018-09. Zero dates are before nothing.
func (d Date) Before(e Date) bool { return d != 0 && e != 0 && d.last() < e.first() }

func daysIn(y, m int) int { return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() }
