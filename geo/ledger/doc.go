// Package ledger is the hazard ledger (隐患台账) as a domain: what a hazard
// is, the states it passes through from found to closed, who may move it,
// when it is overdue and how it escalates, and the defaults that come from
// the policy documents (Config, read from data/ledger.yaml). It holds no
// storage: the store package keeps hazards, their history and attachments,
// calling Transition, Report, Register, Refound and Vanish inside its
// transactions, so both backends apply the same rules.
//
// # States
//
// A hazard is registered in found (发现登记), by a sync of an audit or by
// hand, graded 一般 (general), 较大 (major) or 重大 (serious), with its
// category's lead unit (牵头单位) as its unit. It is then
//
//	found       → assigned    交办         regulator, admin        unit, person and deadline required
//	assigned    → rectifying  开始整改     regulator, police, admin
//	rectifying  → verifying   提交验收     regulator, police, admin at least one attachment (the evidence)
//	verifying   → closed      验收销号     admin
//	verifying   → rectifying  验收不通过   school, admin           comment required
//	assigned, rectifying, verifying, closed
//	            → found       重新打开     school, admin           comment required
//	found, assigned, rectifying
//	            → closed      核实消失销号 admin                   only while marked vanished; comment required
//
// Any other transition is refused with ErrConflict, whose message names the
// hazard's state and the states it may go to; a role not listed is refused
// with ErrForbidden. A school token acts only on its own school's hazards.
// Every role may report a hazard by hand (a school only for its own school),
// read hazards it may see, and attach files to them. Regulators are the
// units that rectify (market regulation, culture-market enforcement...),
// police rectify what is theirs (parking, public order) and admins (the
// education department, 综治办) assign, accept and close.
//
// A sync sets and clears one more mark, vanished: an open hazard whose hit
// the audit no longer finds is marked for someone to verify, never closed;
// found again, the mark is cleared, and a closed hazard found again is
// reopened. Each of these is a history entry.
//
// # History
//
// Every change is an Entry: its time, the actor (token ID and role), the
// action, the states before and after, a comment, the attachments and, for
// an assignment, the unit, person, deadline and grade. Entries are only
// ever appended; a hazard's Version is the number of its entries, which
// clients may send back with a transition for optimistic concurrency.
//
// # Deadlines and escalation
//
// Deadlines are calendar days in China Standard Time (UTC+8). A hazard
// assigned or rectifying is overdue from the end of its deadline day, at
// escalation level 1, and rises one level every Config.Escalation.PeriodDays
// up to the last level. A hazard in verifying waits for the check and is
// not overdue.
package ledger
