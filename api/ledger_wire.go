package api

import (
	"slices"
	"strconv"
	"time"

	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// The JSON shapes of the hazard ledger, /api/v1/ledger/. Enumerations go
// out as their codes (state "rectifying") with the Chinese label beside
// them (state_label "整改中"), so the map shows Chinese without a
// dictionary of its own.

type ledgerHazardJSON struct {
	ID              uint64        `json:"id"`
	Version         int           `json:"version"`
	State           string        `json:"state"`
	StateLabel      string        `json:"state_label"`
	Grade           string        `json:"grade"`
	GradeLabel      string        `json:"grade_label"`
	Source          string        `json:"source"`
	SourceLabel     string        `json:"source_label"`
	Category        string        `json:"category"`
	CategoryLabel   string        `json:"category_label"`
	SchoolID        string        `json:"school_id"`
	SchoolName      string        `json:"school_name"`
	Lon             float64       `json:"lon"`
	Lat             float64       `json:"lat"`
	Unit            string        `json:"unit"`
	Person          string        `json:"person"`
	Deadline        string        `json:"deadline"`
	Overdue         bool          `json:"overdue"`
	DaysOverdue     int           `json:"days_overdue"`
	Escalation      int           `json:"escalation_level"`
	EscalationLabel string        `json:"escalation_label"`
	Vanished        bool          `json:"vanished"`
	Description     string        `json:"description,omitempty"`
	ObservedAt      string        `json:"observed_at,omitempty"`
	PhonedAt        string        `json:"phoned_at,omitempty"`
	FeatureID       string        `json:"feature_id,omitempty"`
	FeatureName     string        `json:"feature_name,omitempty"`
	RulePack        string        `json:"rule_pack,omitempty"`
	RuleID          string        `json:"rule_id,omitempty"`
	RuleTitle       string        `json:"rule_title,omitempty"`
	Severity        string        `json:"severity,omitempty"`
	DistanceM       *float64      `json:"distance_m,omitempty"`
	Citation        *citationJSON `json:"citation,omitempty"`
	Clocks          []clockJSON   `json:"clocks"`
	CreatedAt       string        `json:"created_at"`
	UpdatedAt       string        `json:"updated_at"`
	ClosedAt        string        `json:"closed_at,omitempty"`
	DaysOpen        int           `json:"days_open"`
	LastAction      entryJSON     `json:"last_action"`
	Allowed         []moveJSON    `json:"allowed"`
	History         []entryJSON   `json:"history,omitempty"`
}

type clockJSON struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Due   string `json:"due"`
	Done  string `json:"done"`
	Met   bool   `json:"met"`
}

type entryJSON struct {
	Seq         int      `json:"seq"`
	Time        string   `json:"time"`
	Actor       string   `json:"actor"`
	Role        string   `json:"role"`
	Action      string   `json:"action"`
	ActionLabel string   `json:"action_label"`
	From        string   `json:"from"`
	To          string   `json:"to"`
	Comment     string   `json:"comment"`
	Attachments []string `json:"attachments"`
	Unit        string   `json:"unit,omitempty"`
	Person      string   `json:"person,omitempty"`
	Deadline    string   `json:"deadline,omitempty"`
	Grade       string   `json:"grade,omitempty"`
	Level       int      `json:"level,omitempty"`
}

// moveJSON is a transition the caller may make from the hazard's state.
type moveJSON struct {
	To            string   `json:"to"`
	ToLabel       string   `json:"to_label"`
	Label         string   `json:"label"`
	Roles         []string `json:"roles"`
	NeedsAssign   bool     `json:"needs_assignment"`
	NeedsEvidence bool     `json:"needs_evidence"`
	NeedsComment  bool     `json:"needs_comment"`
}

type attachmentJSON struct {
	SHA256  string `json:"sha256"`
	Type    string `json:"type"`
	Size    int64  `json:"size"`
	Name    string `json:"name"`
	AddedAt string `json:"added_at"`
	AddedBy string `json:"added_by"`
	URL     string `json:"url"`
}

type ledgerPageJSON struct {
	Hazards []ledgerHazardJSON `json:"hazards"`
	Next    *uint64            `json:"next,omitempty"`
}

// rfc3339 formats t in China Standard Time, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ledger.China).Format(time.RFC3339)
}

// HazardJSON returns h, read with cfg at now, as the API sends it, for
// encoding/json: the shape of LedgerHazard in openapi.json, with its
// history if h has it loaded.
func HazardJSON(cfg *ledger.Config, h *ledger.Hazard, now time.Time) any {
	return newLedgerHazardJSON(cfg, h, now, ledger.Actor{})
}

// newHazardJSON is h as the API sends it at now, with the moves by may
// make from its state: none where by may not act on it (ledger.CheckAct).
func (s *Server) newHazardJSON(h *ledger.Hazard, now time.Time, by ledger.Actor) ledgerHazardJSON {
	return newLedgerHazardJSON(s.cfg.Ledger, h, now, by)
}

func newLedgerHazardJSON(cfg *ledger.Config, h *ledger.Hazard, now time.Time, by ledger.Actor) ledgerHazardJSON {
	level := cfg.Level(h, now)
	j := ledgerHazardJSON{
		ID: h.ID, Version: h.Version, State: string(h.State), StateLabel: h.State.Label(),
		Grade: string(h.Grade), GradeLabel: h.Grade.Label(), Source: string(h.Source.Kind), SourceLabel: h.Source.Kind.Label(),
		Category: h.Category, SchoolID: h.SchoolID, SchoolName: h.SchoolName, Lon: h.Point.Lon, Lat: h.Point.Lat,
		Unit: h.Unit, Person: h.Person, Deadline: h.Deadline.String(), Overdue: ledger.Overdue(h, now),
		DaysOverdue: ledger.DaysOverdue(h, now), Escalation: level, Vanished: h.Vanished,
		CreatedAt: rfc3339(h.CreatedAt), UpdatedAt: rfc3339(h.UpdatedAt), ClosedAt: rfc3339(h.ClosedAt),
		DaysOpen: daysOpen(h, now), LastAction: newEntryJSON(h.Last), Clocks: []clockJSON{}, Allowed: []moveJSON{},
	}
	if c, ok := cfg.Category(h.Category); ok {
		j.CategoryLabel = c.Label
	}
	if level > 0 {
		j.EscalationLabel = cfg.Escalation.Levels.Value[level-1]
	}
	fillSource(&j, h)
	for _, c := range h.Clocks {
		k, _ := cfg.Clock(c.ID)
		j.Clocks = append(j.Clocks, clockJSON{ID: c.ID, Label: k.Label, Due: rfc3339(c.Due), Done: rfc3339(c.Done), Met: c.Met})
	}
	for _, m := range ledger.Allowed(h) {
		if slices.Contains(m.Roles, by.Role) && ledger.CheckAct(h, by) == nil {
			j.Allowed = append(j.Allowed, newMoveJSON(m))
		}
	}
	for _, e := range h.History {
		j.History = append(j.History, newEntryJSON(e))
	}
	return j
}

// fillSource adds what h came from: the audit hit, or the report.
func fillSource(j *ledgerHazardJSON, h *ledger.Hazard) {
	src := &h.Source
	if src.Kind == ledger.FromManual {
		j.Description, j.ObservedAt, j.PhonedAt = src.Description, rfc3339(src.ObservedAt), rfc3339(src.PhonedAt)
		return
	}
	d := meters(src.DistanceMeters)
	j.FeatureID, j.FeatureName, j.RulePack, j.RuleID, j.RuleTitle = src.FeatureID, src.FeatureName, src.Pack, src.RuleID, src.RuleTitle
	j.Severity, j.DistanceM = string(src.Severity), &d
	c := newCitationJSON(src.Citation)
	j.Citation = &c
}

// daysOpen is the whole days from registration to closing, or to now.
func daysOpen(h *ledger.Hazard, now time.Time) int {
	end := now
	if h.State == ledger.Closed {
		end = h.ClosedAt
	}
	return max(0, int(end.Sub(h.CreatedAt)/(24*time.Hour)))
}

func newEntryJSON(e ledger.Entry) entryJSON {
	j := entryJSON{
		Seq: e.Seq, Time: rfc3339(e.Time), Actor: e.Actor, Role: string(e.Role), Action: string(e.Action), ActionLabel: e.Action.Label(),
		From: string(e.From), To: string(e.To), Comment: e.Comment, Attachments: e.Attachments,
		Unit: e.Unit, Person: e.Person, Deadline: e.Deadline.String(), Grade: string(e.Grade), Level: e.Level,
	}
	if e.Action == ledger.ActTransition {
		j.ActionLabel = moveLabel(e.From, e.To)
	}
	if j.Attachments == nil {
		j.Attachments = []string{}
	}
	return j
}

// moveLabel is the Chinese name of the move from one state to another.
func moveLabel(from, to ledger.State) string {
	for _, m := range ledger.Moves {
		if m.From == from && m.To == to {
			return m.Label
		}
	}
	return ledger.ActTransition.Label()
}

func newMoveJSON(m ledger.Move) moveJSON {
	roles := make([]string, len(m.Roles))
	for i, r := range m.Roles {
		roles[i] = string(r)
	}
	return moveJSON{To: string(m.To), ToLabel: m.To.Label(), Label: m.Label, Roles: roles,
		NeedsAssign: m.NeedsAssignment, NeedsEvidence: m.NeedsEvidence, NeedsComment: m.NeedsComment}
}

func newAttachmentJSON(id uint64, a ledger.Attachment) attachmentJSON {
	return attachmentJSON{SHA256: a.SHA256, Type: a.Type, Size: a.Size, Name: a.Name, AddedAt: rfc3339(a.AddedAt), AddedBy: a.AddedBy,
		URL: hazardURL(id) + "/attachments/" + a.SHA256}
}

func hazardURL(id uint64) string { return "/api/v1/ledger/hazards/" + strconv.FormatUint(id, 10) }

type syncJSON struct {
	Pack       string `json:"rules"`
	New        int    `json:"new"`
	Unchanged  int    `json:"unchanged"`
	Reappeared int    `json:"reappeared"`
	Vanished   int    `json:"vanished"`
	Reopened   int    `json:"reopened"`
	Total      int    `json:"total"`
}

func newSyncJSON(pack string, r store.SyncResult) syncJSON {
	return syncJSON{Pack: pack, New: r.New, Unchanged: r.Unchanged, Reappeared: r.Reappeared, Vanished: r.Vanished, Reopened: r.Reopened, Total: r.Total}
}
