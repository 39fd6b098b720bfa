package ledger

import (
	"strconv"
	"strings"
	"time"
)

// Counter keys are a dimension and its values joined by sep. Stores
// keep one count per key, changed with every write by CountDelta, so the
// summary of a million hazards is a read of a few thousand counts.
const (
	dimState      = "state"
	dimGrade      = "grade"
	dimStateGrade = "state_grade"
	dimSource     = "source"
	dimUnit       = "unit"
	dimUnitOpen   = "unit_open"
	dimSchool     = "school"
	dimSchoolOpen = "school_open"
	dimVanished   = "vanished"
	dimDeadline   = "deadline"   // open hazards that can be overdue, by deadline day
	dimCloseDays  = "close_days" // closed hazards, by whole days from registered to closed
	dimClock      = "clock"
)

func key(parts ...string) string { return strings.Join(parts, sep) }

// CountKeys returns the counter keys h adds one to.
func CountKeys(h *Hazard) []string {
	ks := []string{
		key(dimState, string(h.State)), key(dimGrade, string(h.Grade)), key(dimStateGrade, string(h.State), string(h.Grade)),
		key(dimSource, string(h.Source.Kind)), key(dimUnit, h.Unit), key(dimSchool, h.SchoolID),
	}
	if h.Open() {
		ks = append(ks, key(dimUnitOpen, h.Unit), key(dimSchoolOpen, h.SchoolID))
		if h.Vanished {
			ks = append(ks, key(dimVanished))
		}
	}
	if overdueState(h.State) && !h.Deadline.IsZero() {
		ks = append(ks, key(dimDeadline, h.Deadline.String()))
	}
	if h.State == Closed {
		days := int(h.ClosedAt.Sub(h.CreatedAt) / (24 * time.Hour))
		ks = append(ks, key(dimCloseDays, strconv.Itoa(max(days, 0))))
	}
	for _, c := range h.Clocks {
		ks = append(ks, key(dimClock, c.ID, metWord(c.Met)))
	}
	return ks
}

func metWord(met bool) string {
	if met {
		return "met"
	}
	return "missed"
}

// CountDelta returns the changes to the counts when old becomes new: old
// is nil for a new hazard. Keys whose count does not change are left out.
func CountDelta(old, new *Hazard) map[string]int64 {
	d := map[string]int64{}
	if old != nil {
		for _, k := range CountKeys(old) {
			d[k]--
		}
	}
	for _, k := range CountKeys(new) {
		d[k]++
	}
	for k, v := range d {
		if v == 0 {
			delete(d, k)
		}
	}
	return d
}

// AddDelta adds the changes to the counts when old (nil for a new hazard)
// becomes new to d. Keys that cancel out may be left in d with 0.
func AddDelta(d map[string]int64, old, new *Hazard) {
	if old != nil {
		for _, k := range CountKeys(old) {
			d[k]--
		}
	}
	for _, k := range CountKeys(new) {
		d[k]++
	}
}

// splitKey returns a counter key's dimension and values.
func splitKey(k string) (string, []string) {
	parts := strings.Split(k, sep)
	return parts[0], parts[1:]
}

// SchoolKey is the counter key of the hazards of school id, for stores
// that look up one school's count.
func SchoolKey(id string) string { return key(dimSchool, id) }
