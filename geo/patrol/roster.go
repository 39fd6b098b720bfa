package patrol

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/safezone/safezone/geo"
)

// Clock is a time of day in minutes after midnight, 0 to 1439.
type Clock int

// String formats c as "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Peak is a period of the school day when patrol posts are staffed.
type Peak string

// The peaks, by the bell times in them: Morning before 10:00 (arrival),
// Noon from 10:00 to 14:59 (the midday dismissal and return), Afternoon
// from 15:00 (dismissal).
const (
	Morning   Peak = "morning"
	Noon      Peak = "noon"
	Afternoon Peak = "afternoon"
)

// Peaks lists the peaks in the order of the day.
var Peaks = []Peak{Morning, Noon, Afternoon}

// PeakOf returns the peak a bell time falls in.
func PeakOf(c Clock) Peak {
	switch {
	case c < 10*60:
		return Morning
	case c < 15*60:
		return Noon
	}
	return Afternoon
}

// Bells are schools' bell times: when pupils arrive and leave, which is
// when their gates need a post. A school's own times replace its kind's.
// ParseBells reads them from JSON.
type Bells struct {
	Kinds   map[geo.SchoolKind][]Clock
	Schools map[string][]Clock
	// MarginMinutes is how long before and after each bell a post is
	// staffed: a bell at 07:50 with a margin of 20 gives 07:30-08:10.
	MarginMinutes int
}

// DefaultBellMargin is the margin of bells that do not give one, in minutes.
const DefaultBellMargin = 20

// times returns the bell times of a school, sorted.
func (b *Bells) times(id string, k geo.SchoolKind) []Clock {
	if t, ok := b.Schools[id]; ok {
		return t
	}
	return b.Kinds[k]
}

// Roster is who stands where and when: for each peak, the posts to staff.
// A post is staffed for the schools assigned to it (Cover.Assigned),
// from MarginMinutes before their first bell in the peak to MarginMinutes
// after their last; bells whose windows do not overlap make separate
// shifts.
type Roster struct {
	Peaks []RosterPeak // Morning, Noon, Afternoon
	// NoBells lists the covered schools with no bell times, sorted: they
	// are in no shift.
	NoBells []string
}

// RosterPeak is one peak's duties.
type RosterPeak struct {
	Peak     Peak
	From, To Clock  // the earliest and latest shift times; zero without duties
	Duties   []Duty // by post: existing posts first, then new, each by ID
}

// Duty is one post's shifts in a peak.
type Duty struct {
	Post     string
	Point    geo.Point
	Existing bool
	Shifts   []Shift // in time order
}

// Shift is a time a post is staffed and the schools it is staffed for.
type Shift struct {
	From, To Clock
	Schools  []string // sorted
}

// patrolRoster builds the roster of a plan.
func rosterOf(x *geo.Index, plan *Result, bells *Bells) Roster {
	var r Roster
	posts := slices.Concat(plan.Existing, plan.Posts)
	slices.SortStableFunc(posts, func(a, b Post) int {
		return cmp.Or(trueFirst(a.Existing, b.Existing), cmp.Compare(a.ID, b.ID))
	})
	for _, peak := range Peaks {
		rp := RosterPeak{Peak: peak}
		for _, p := range posts {
			var ws []Shift
			for _, c := range p.Covers {
				if !c.Assigned {
					continue
				}
				row, _ := x.RowOf(c.School)
				for _, t := range bells.times(c.School, x.SchoolKindOf(row)) {
					if PeakOf(t) == peak {
						m := Clock(bells.MarginMinutes)
						ws = append(ws, Shift{From: max(t-m, 0), To: min(t+m, 24*60-1), Schools: []string{c.School}})
					}
				}
			}
			if len(ws) > 0 {
				rp.Duties = append(rp.Duties, Duty{Post: p.ID, Point: p.Point, Existing: p.Existing, Shifts: mergeShifts(ws)})
			}
		}
		for i, d := range rp.Duties {
			if i == 0 || d.Shifts[0].From < rp.From {
				rp.From = d.Shifts[0].From
			}
			rp.To = max(rp.To, d.Shifts[len(d.Shifts)-1].To)
		}
		r.Peaks = append(r.Peaks, rp)
	}
	for _, p := range posts {
		for _, c := range p.Covers {
			if row, _ := x.RowOf(c.School); c.Assigned && len(bells.times(c.School, x.SchoolKindOf(row))) == 0 {
				r.NoBells = append(r.NoBells, c.School)
			}
		}
	}
	slices.Sort(r.NoBells)
	return r
}

// mergeShifts joins overlapping or touching shifts.
func mergeShifts(ws []Shift) []Shift {
	slices.SortFunc(ws, func(a, b Shift) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) })
	out := ws[:1]
	for _, w := range ws[1:] {
		last := &out[len(out)-1]
		if w.From > last.To {
			out = append(out, w)
			continue
		}
		last.To = max(last.To, w.To)
		last.Schools = append(last.Schools, w.Schools...)
	}
	for i := range out {
		slices.Sort(out[i].Schools)
		out[i].Schools = slices.Compact(out[i].Schools)
	}
	return out
}
