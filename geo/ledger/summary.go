package ledger

import (
	"cmp"
	"container/heap"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Summary is the ledger at a glance: counts by state, grade, unit and
// school, what is overdue and at which escalation level, how long closing
// takes and how reports met their clocks.
type Summary struct {
	Total, Open  int64
	ByState      map[State]int64
	ByGrade      map[Grade]int64
	ByStateGrade map[State]map[Grade]int64
	BySource     map[SourceKind]int64
	ByUnit       []GroupCount // every unit, most open hazards first
	BySchool     []GroupCount // the schools with open hazards, most first (then by ID), up to the limit asked
	Schools      int          // schools with any hazard
	Vanished     int64        // open and marked vanished
	Overdue      int64
	Escalation   []int64 // overdue hazards at level 1, 2, ... (index 0 is level 1)
	// MedianDaysToClose is over the hazards closed now, in whole days from
	// registration to closing; -1 when none is closed.
	MedianDaysToClose float64
	Clocks            []ClockCount
}

// GroupCount is the hazards of one unit or school.
type GroupCount struct {
	Key         string // the unit, or the school's ID
	Total, Open int64
}

// ClockCount is how many reports met and missed one clock.
type ClockCount struct {
	Clock       Clock
	Met, Missed int64
}

// Summarize returns the Summary of the hazards whose counter keys (see
// CountKeys) add up to counts, at now, with at most topSchools schools.
func (c *Config) Summarize(counts map[string]int64, now time.Time, topSchools int) Summary {
	s := Summary{
		ByState: map[State]int64{}, ByGrade: map[Grade]int64{}, ByStateGrade: map[State]map[Grade]int64{},
		BySource: map[SourceKind]int64{}, Escalation: make([]int64, len(c.Escalation.Levels.Value)), MedianDaysToClose: -1,
	}
	for _, st := range States {
		s.ByStateGrade[st] = map[Grade]int64{}
	}
	units, schools := map[string]*GroupCount{}, map[string]*GroupCount{}
	closeDays := map[int]int64{}
	clocks := map[string]*ClockCount{}
	for k, n := range counts {
		if n == 0 {
			continue
		}
		dim, v := splitKey(k)
		switch dim {
		case dimState:
			s.ByState[State(v[0])] += n
			s.Total += n
		case dimGrade:
			s.ByGrade[Grade(v[0])] += n
		case dimStateGrade:
			s.ByStateGrade[State(v[0])][Grade(v[1])] += n
		case dimSource:
			s.BySource[SourceKind(v[0])] += n
		case dimUnit, dimUnitOpen:
			addGroup(units, v[0], n, dim == dimUnitOpen)
		case dimSchool, dimSchoolOpen:
			addGroup(schools, v[0], n, dim == dimSchoolOpen)
		case dimVanished:
			s.Vanished += n
		case dimDeadline:
			c.addOverdue(&s, v[0], n, now)
		case dimCloseDays:
			days, _ := strconv.Atoi(v[0])
			closeDays[days] += n
		case dimClock:
			c.addClock(clocks, v, n)
		}
	}
	s.Open = s.Total - s.ByState[Closed]
	s.ByUnit = sortGroups(units, -1)
	s.Schools = len(schools)
	s.BySchool = TopSchools(func(yield func(string, int64) bool) {
		for id, g := range schools {
			if !yield(id, g.Open) {
				return
			}
		}
	}, topSchools)
	for i := range s.BySchool {
		s.BySchool[i].Total = schools[s.BySchool[i].Key].Total
	}
	s.MedianDaysToClose = median(closeDays)
	for _, k := range c.Clocks {
		if cc, ok := clocks[k.ID]; ok {
			s.Clocks = append(s.Clocks, *cc)
		} else {
			s.Clocks = append(s.Clocks, ClockCount{Clock: k})
		}
	}
	return s
}

func addGroup(m map[string]*GroupCount, k string, n int64, open bool) {
	g := m[k]
	if g == nil {
		g = &GroupCount{Key: k}
		m[k] = g
	}
	if open {
		g.Open += n
	} else {
		g.Total += n
	}
}

func (c *Config) addOverdue(s *Summary, day string, n int64, now time.Time) {
	d, err := ParseDate("deadline", day)
	if err != nil {
		return
	}
	if level := c.EscalationLevel(d, now); level > 0 {
		s.Overdue += n
		s.Escalation[level-1] += n
	}
}

func (c *Config) addClock(m map[string]*ClockCount, v []string, n int64) {
	k, ok := c.Clock(v[0])
	if !ok || len(v) < 2 {
		return
	}
	cc := m[k.ID]
	if cc == nil {
		cc = &ClockCount{Clock: k}
		m[k.ID] = cc
	}
	if v[1] == "met" {
		cc.Met += n
	} else {
		cc.Missed += n
	}
}

// sortGroups returns the groups with most open, then most in total, then
// by key; at most limit of them unless limit is negative.
func sortGroups(m map[string]*GroupCount, limit int) []GroupCount {
	gs := make([]GroupCount, 0, len(m))
	for _, g := range m {
		if g.Total > 0 {
			gs = append(gs, *g)
		}
	}
	slices.SortFunc(gs, func(a, b GroupCount) int {
		return cmp.Or(cmp.Compare(b.Open, a.Open), cmp.Compare(b.Total, a.Total), cmp.Compare(a.Key, b.Key))
	})
	if limit >= 0 && len(gs) > limit {
		gs = gs[:limit]
	}
	return gs
}

// median returns the median of a histogram of days, -1 for an empty one.
func median(hist map[int]int64) float64 {
	var n int64
	days := make([]int, 0, len(hist))
	for d, c := range hist {
		if c > 0 {
			n += c
			days = append(days, d)
		}
	}
	if n == 0 {
		return -1
	}
	slices.Sort(days)
	at := func(i int64) int { // the i-th smallest value, from 0
		for _, d := range days {
			if i < hist[d] {
				return d
			}
			i -= hist[d]
		}
		return days[len(days)-1]
	}
	return float64(at((n-1)/2)+at(n/2)) / 2
}

// TopSchools returns the limit schools with most open hazards, most first
// and then by ID, of those open yields (school ID, open count); schools
// with none open are left out. Total is not set. Stores that keep many
// schools' counts use it to read them without holding them all.
func TopSchools(open func(yield func(id string, n int64) bool), limit int) []GroupCount {
	if limit <= 0 {
		return []GroupCount{}
	}
	less := func(a, b GroupCount) bool { return a.Open < b.Open || a.Open == b.Open && a.Key > b.Key }
	h := &groupHeap{less: less}
	for id, n := range open {
		g := GroupCount{Key: id, Open: n}
		switch {
		case n <= 0:
		case h.Len() < limit:
			heap.Push(h, g)
		case less(h.gs[0], g):
			h.gs[0] = g
			heap.Fix(h, 0)
		}
	}
	out := make([]GroupCount, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(GroupCount)
	}
	return out
}

// groupHeap is a min-heap of groups by less: the weakest of the best on
// top.
type groupHeap struct {
	gs   []GroupCount
	less func(a, b GroupCount) bool
}

func (h *groupHeap) Len() int           { return len(h.gs) }
func (h *groupHeap) Less(i, j int) bool { return h.less(h.gs[i], h.gs[j]) }
func (h *groupHeap) Swap(i, j int)      { h.gs[i], h.gs[j] = h.gs[j], h.gs[i] }
func (h *groupHeap) Push(x any)         { h.gs = append(h.gs, x.(GroupCount)) }
func (h *groupHeap) Pop() any {
	g := h.gs[len(h.gs)-1]
	h.gs = h.gs[:len(h.gs)-1]
	return g
}

// School counter keys, which stores with many schools read apart: see
// TopSchools. SchoolsKey counts the schools with any hazard; CountKeys
// does not give it, since no one hazard knows, so stores keep it from the
// school counts going from 0 or to 0 (SchoolsDelta).
var (
	SchoolKeyPrefix     = key(dimSchool, "")
	SchoolOpenKeyPrefix = key(dimSchoolOpen, "")
	SchoolsKey          = key("schools")
)

// SchoolsDelta is the change to SchoolsKey when the counter k goes from
// old to new: +1 when a school gets its first hazard, -1 when it loses
// its last, 0 otherwise and for keys that are not a school's.
func SchoolsDelta(k string, old, new int64) int64 {
	switch {
	case !strings.HasPrefix(k, SchoolKeyPrefix):
		return 0
	case old <= 0 && new > 0:
		return 1
	case old > 0 && new <= 0:
		return -1
	}
	return 0
}
