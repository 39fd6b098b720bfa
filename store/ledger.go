package store

import (
	"context"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/ledger"
)

// Ledger is the hazard ledger's storage (隐患台账): hazards, their
// append-only history, their attachments (content-addressed), the counts
// the summary reads, and the outbox of webhook events. *Store and
// *Postgres implement it with the same behaviour, checked by the same
// contract tests. The rules (which transition, which role, what input) are
// package ledger's; the stores apply them inside one transaction per write,
// so a write that returned nil is committed, durably, with its history
// entry, its counts and its outbox event, and a write that failed changed
// nothing.
//
// Errors wrap geo.ErrInvalidInput for bad input, geo.ErrNotFound for an
// unknown hazard or attachment, ledger.ErrConflict for a transition the
// state does not allow or a stale version, and ledger.ErrForbidden for a
// role or school that may not act. Implementations are safe for concurrent
// use; two transitions racing on one hazard are applied one after the
// other, so the second sees the first's state.
type Ledger interface {
	// ReportHazard registers a hazard reported by hand (ledger.Config.Report).
	ReportHazard(ctx context.Context, cfg *ledger.Config, by ledger.Actor, in ledger.ReportInput, now time.Time) (ledger.Hazard, error)
	// SyncHazards reconciles the ledger with the findings of one audit with
	// the rule pack pack; see SyncResult. Hazards of the pack that the
	// audit did not find are marked vanished only when inScope (nil: all)
	// holds for them, so an audit of a district leaves the others alone.
	SyncHazards(ctx context.Context, cfg *ledger.Config, by ledger.Actor, pack string, findings []ledger.Finding, inScope func(*ledger.Hazard) bool, now time.Time) (SyncResult, error)
	// Hazard returns one hazard, with its history when withHistory.
	Hazard(ctx context.Context, id uint64, withHistory bool) (ledger.Hazard, error)
	// Hazards returns a page of the hazards f matches, by ID.
	Hazards(ctx context.Context, f HazardFilter) (HazardPage, error)
	// EachHazard calls fn for every hazard f matches (ignoring its Limit
	// and After), by ID, from one snapshot, until fn returns an error.
	EachHazard(ctx context.Context, f HazardFilter, fn func(*ledger.Hazard) error) error
	// TransitionHazard applies ledger.Transition to hazard id.
	TransitionHazard(ctx context.Context, cfg *ledger.Config, id uint64, in ledger.TransitionInput, by ledger.Actor, now time.Time) (ledger.Hazard, error)
	// AttachToHazard stores data (checked by ledger.NewAttachment into a)
	// once under its SHA-256 and records it in hazard id's history.
	AttachToHazard(ctx context.Context, id uint64, a ledger.Attachment, data []byte, comment string, by ledger.Actor, now time.Time) (ledger.Hazard, error)
	// HazardAttachments lists the files attached to hazard id, oldest first.
	HazardAttachments(ctx context.Context, id uint64) ([]ledger.Attachment, error)
	// HazardAttachment returns one file attached to hazard id and its bytes.
	HazardAttachment(ctx context.Context, id uint64, sha string) (ledger.Attachment, []byte, error)
	// HazardSummary summarizes the whole ledger, or one school's hazards
	// when schoolID is not empty, at now, with at most topSchools schools;
	// names maps the schools' IDs to their names.
	HazardSummary(ctx context.Context, cfg *ledger.Config, schoolID string, now time.Time, topSchools int) (s ledger.Summary, names map[string]string, err error)
	// AnnounceOverdue finds the hazards that reached a new escalation level
	// by now (ledger.Config.NextAlert), records the level and queues an
	// outbox event for each; it returns how many.
	AnnounceOverdue(ctx context.Context, cfg *ledger.Config, now time.Time) (int, error)

	// ClaimOutbox returns up to limit events due by now, oldest first, and
	// hides them from other claims until now+lease.
	ClaimOutbox(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]OutboxEvent, error)
	// AckOutbox removes a delivered event.
	AckOutbox(ctx context.Context, seq uint64) error
	// RetryOutbox records a failed delivery and when to try again.
	RetryOutbox(ctx context.Context, seq uint64, next time.Time, lastErr string) error
}

// HazardFilter selects hazards. Zero fields select everything; every field
// given must match. Now is the time Overdue is judged at.
type HazardFilter struct {
	States   []ledger.State
	Grades   []ledger.Grade
	Unit     string
	SchoolID string
	Source   ledger.SourceKind
	Bound    orb.Bound // zero: anywhere; else the hazard's point is in or on it
	Overdue  *bool
	Vanished *bool
	// Where, when not nil, must hold too, such as a point-in-district test.
	Where func(*ledger.Hazard) bool
	Now   time.Time
	After uint64 // only IDs above it: the Next of the page before
	Limit int    // 1 to MaxHazardPage; 0 means DefaultHazardPage
}

// Page sizes of Hazards.
const (
	DefaultHazardPage = 50
	MaxHazardPage     = 1000
)

// HazardPage is one page of Hazards. Next is the After of the next page,
// 0 when this is the last.
type HazardPage struct {
	Hazards []ledger.Hazard
	Next    uint64
}

// SyncResult is what SyncHazards did: New hits registered in found,
// Unchanged hits already in the ledger (Reappeared of them had been marked
// vanished), Reopened closed hazards found again, Vanished hazards of the
// pack the audit no longer finds, now marked; Total hits reconciled.
// A second sync with nothing changed answers New 0, Reopened 0, Vanished 0.
type SyncResult struct {
	New, Unchanged, Reappeared, Vanished, Reopened, Total int
}

// OutboxEvent is a webhook event waiting for delivery: a transition or a
// report (Hazard after it and its Entry), a new escalation level (Hazard
// and Level), or a sync (Sync). Key is the idempotency key: the same for
// every delivery of one event, different between events.
type OutboxEvent struct {
	Seq       uint64
	Key       string
	Type      string // one of the Event* constants
	Hazard    ledger.Hazard
	Entry     ledger.Entry
	Level     int
	Sync      SyncResult
	Pack      string
	CreatedAt time.Time
	Attempts  int
	LastError string
}

// The outbox event types.
const (
	EventReported   = "hazard.reported"
	EventTransition = "hazard.transition"
	EventOverdue    = "hazard.overdue"   // level 1
	EventEscalated  = "hazard.escalated" // level 2 and up
	EventSynced     = "ledger.synced"
)

// hazardEvent returns the event of entry e of h.
func hazardEvent(h ledger.Hazard, e ledger.Entry, now time.Time) OutboxEvent {
	typ := EventTransition
	if e.Action == ledger.ActReport {
		typ = EventReported
	}
	key := "hazard-" + strconv.FormatUint(h.ID, 10) + "-entry-" + strconv.Itoa(e.Seq)
	return OutboxEvent{Key: key, Type: typ, Hazard: h, Entry: e, CreatedAt: now}
}

// alertEvent returns the event of h reaching level.
func alertEvent(h ledger.Hazard, level int, now time.Time) OutboxEvent {
	typ := EventOverdue
	if level > 1 {
		typ = EventEscalated
	}
	key := "hazard-" + strconv.FormatUint(h.ID, 10) + "-deadline-" + h.Deadline.String() + "-level-" + strconv.Itoa(level)
	return OutboxEvent{Key: key, Type: typ, Hazard: h, Level: level, CreatedAt: now}
}

// ledgerNow is the time of a ledger write in UTC, to the microsecond as
// PostgreSQL keeps it, so both backends return what they store.
func ledgerNow(now time.Time) time.Time { return now.UTC().Truncate(time.Microsecond) }

// checkPage checks the page size of f and returns it with the default.
func checkPage(f HazardFilter) (HazardFilter, error) {
	switch {
	case f.Limit == 0:
		f.Limit = DefaultHazardPage
	case f.Limit < 0 || f.Limit > MaxHazardPage:
		return f, invalidf("limit %q: must be between 1 and %d", strconv.Itoa(f.Limit), MaxHazardPage)
	}
	return f, nil
}
