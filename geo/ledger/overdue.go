package ledger

import (
	"fmt"
	"time"
)

// Overdue reports whether h is past its deadline at now: assigned or
// rectifying, with now at or after the end of the deadline day (China
// Standard Time). A hazard in verifying waits for the check, not the unit,
// so it is not overdue; a check that fails makes it rectifying again.
func Overdue(h *Hazard, now time.Time) bool {
	return overdueState(h.State) && !h.Deadline.IsZero() && !now.Before(h.Deadline.End())
}

// overdueState reports whether a hazard in s is waiting on its unit.
func overdueState(s State) bool { return s == Assigned || s == Rectifying }

// DaysOverdue returns the whole days since h's deadline ended, 0 unless
// Overdue.
func DaysOverdue(h *Hazard, now time.Time) int {
	if !Overdue(h, now) {
		return 0
	}
	return int(now.Sub(h.Deadline.End()) / (24 * time.Hour))
}

// EscalationLevel returns the escalation level (逐级督办) of a hazard due
// on deadline and overdue at now: 0 before the end of the deadline day,
// then 1, rising one level every PeriodDays, up to len(Levels.Value).
func (c *Config) EscalationLevel(deadline Date, now time.Time) int {
	if deadline.IsZero() || now.Before(deadline.End()) {
		return 0
	}
	period := time.Duration(c.Escalation.PeriodDays.Value) * 24 * time.Hour
	level := 1 + int(now.Sub(deadline.End())/period)
	return min(level, len(c.Escalation.Levels.Value))
}

// Level returns h's escalation level at now: EscalationLevel of its
// deadline while it is Overdue, else 0.
func (c *Config) Level(h *Hazard, now time.Time) int {
	if !Overdue(h, now) {
		return 0
	}
	return c.EscalationLevel(h.Deadline, now)
}

// NextAlert returns when h reaches the next escalation level it has not
// been announced at (AlertLevel+1): the end of its deadline day for level
// 1, and PeriodDays later for each level after. ok is false when h cannot
// become overdue (no deadline, or not assigned or rectifying) or has been
// announced at the top level.
func (c *Config) NextAlert(h *Hazard) (at time.Time, ok bool) {
	if !overdueState(h.State) || h.Deadline.IsZero() || h.AlertLevel >= len(c.Escalation.Levels.Value) {
		return time.Time{}, false
	}
	period := time.Duration(c.Escalation.PeriodDays.Value) * 24 * time.Hour
	return h.Deadline.End().Add(time.Duration(h.AlertLevel) * period).UTC(), true
}

// SystemActor is the actor of the entries the ledger writes by itself.
var SystemActor = Actor{ID: "system", Role: RoleSystem}

// Escalate returns h at now, when it has reached an escalation level above
// the highest announced (Level > AlertLevel): h at that level, with a
// history entry by SystemActor saying so, with the level, its name and
// the deadline missed. ok is false, and h is returned as it is, when
// there is no new level.
func (c *Config) Escalate(h Hazard, now time.Time) (Hazard, Entry, bool) {
	level := c.Level(&h, now)
	if level <= h.AlertLevel {
		return h, Entry{}, false
	}
	e := Entry{Time: now.UTC(), Actor: SystemActor.ID, Role: SystemActor.Role, Action: ActEscalate, From: h.State, To: h.State,
		Deadline: h.Deadline, Level: level,
		Comment: fmt.Sprintf("整改期限 %s 已过，逾期 %d 天，升至第 %d 级：%s", h.Deadline, DaysOverdue(&h, now), level, c.LevelName(level))}
	h.AlertLevel = level
	record(&h, &e)
	return h, e, true
}

// LevelName returns the name of escalation level (1 is the first), or ""
// for a level the configuration does not have.
func (c *Config) LevelName(level int) string {
	if level < 1 || level > len(c.Escalation.Levels.Value) {
		return ""
	}
	return c.Escalation.Levels.Value[level-1]
}
