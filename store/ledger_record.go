package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

// The stored forms of hazards and history entries, the same JSON in both
// backends: short keys and times in microseconds since 1970 (0 for none),
// since a ledger of a million hazards stores a million of each. A rule's
// title, severity and citation are stored once per rule (ruleKey), not in
// every hazard, and an audit hazard's key is made again from its pack,
// school, feature and rule.

type hazardRecord struct {
	Src        sourceRecord  `json:"src"`
	School     string        `json:"sc"`
	SchoolName string        `json:"sn,omitempty"`
	Lat        float64       `json:"lat"`
	Lon        float64       `json:"lon"`
	Category   string        `json:"cat,omitempty"`
	Grade      string        `json:"g"`
	Unit       string        `json:"u,omitempty"`
	Person     string        `json:"p,omitempty"`
	Deadline   string        `json:"d,omitempty"`
	State      string        `json:"st"`
	Vanished   bool          `json:"v,omitempty"`
	AlertLevel int           `json:"al,omitempty"`
	NextAlert  int64         `json:"na,omitempty"` // when it is due for an alert, in seconds; the key in hz_alert
	Clocks     []clockRecord `json:"ck,omitempty"`
	Version    int           `json:"ver"`
	Created    int64         `json:"ct"`
	Updated    int64         `json:"ut"`
	Closed     int64         `json:"cl,omitempty"`
	Last       entryRecord   `json:"last"`
}

type sourceRecord struct {
	Kind        string  `json:"k"`
	Pack        string  `json:"pk,omitempty"`
	Rule        string  `json:"r,omitempty"`
	Feature     string  `json:"f,omitempty"`
	FeatureName string  `json:"fn,omitempty"`
	Distance    float64 `json:"m,omitempty"`
	Description string  `json:"desc,omitempty"`
	Observed    int64   `json:"ot,omitempty"`
	Phoned      int64   `json:"pt,omitempty"`
}

type clockRecord struct {
	ID   string `json:"id"`
	Due  int64  `json:"due"`
	Done int64  `json:"done"`
	Met  bool   `json:"met"`
}

type entryRecord struct {
	Seq      int      `json:"n"`
	Time     int64    `json:"t"`
	Actor    string   `json:"a"`
	Role     string   `json:"r"`
	Action   string   `json:"act"`
	From     string   `json:"f,omitempty"`
	To       string   `json:"to"`
	Comment  string   `json:"c,omitempty"`
	Files    []string `json:"fs,omitempty"`
	Unit     string   `json:"u,omitempty"`
	Person   string   `json:"p,omitempty"`
	Deadline string   `json:"d,omitempty"`
	Grade    string   `json:"g,omitempty"`
	Level    int      `json:"lv,omitempty"`
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

func newHazardRecord(h *ledger.Hazard, nextAlert int64) hazardRecord {
	s := h.Source
	r := hazardRecord{
		School: h.SchoolID, SchoolName: h.SchoolName, Lat: h.Point.Lat, Lon: h.Point.Lon,
		Category: h.Category, Grade: string(h.Grade), Unit: h.Unit, Person: h.Person, Deadline: h.Deadline.String(),
		State: string(h.State), Vanished: h.Vanished, AlertLevel: h.AlertLevel, NextAlert: nextAlert, Version: h.Version,
		Created: micros(h.CreatedAt), Updated: micros(h.UpdatedAt), Closed: micros(h.ClosedAt), Last: newEntryRecord(h.Last),
		Src: sourceRecord{
			Kind: string(s.Kind), Pack: s.Pack, Rule: s.RuleID,
			Feature: s.FeatureID, FeatureName: s.FeatureName, Distance: s.DistanceMeters,
			Description: s.Description, Observed: micros(s.ObservedAt), Phoned: micros(s.PhonedAt),
		},
	}
	for _, c := range h.Clocks {
		r.Clocks = append(r.Clocks, clockRecord{ID: c.ID, Due: micros(c.Due), Done: micros(c.Done), Met: c.Met})
	}
	return r
}

// encodeHazard returns h's stored form, next due for an alert at
// nextAlert (seconds; 0 for never), as JSON.
func encodeHazard(h *ledger.Hazard, nextAlert int64) ([]byte, error) {
	r := newHazardRecord(h, nextAlert)
	return appendHazardRecord(make([]byte, 0, 512), &r)
}

// encodeEntry returns e's stored form as JSON.
func encodeEntry(e ledger.Entry) []byte {
	r := newEntryRecord(e)
	return appendEntryRecord(make([]byte, 0, 160), &r)
}

func (r *hazardRecord) hazard(id uint64) (ledger.Hazard, error) {
	d, err := parseStoredDate(r.Deadline)
	if err != nil {
		return ledger.Hazard{}, fmt.Errorf("hazard %d: %w", id, err)
	}
	s := r.Src
	h := ledger.Hazard{
		ID: id, SchoolID: r.School, SchoolName: r.SchoolName, Point: geo.Point{Lat: r.Lat, Lon: r.Lon},
		Category: r.Category, Grade: ledger.Grade(r.Grade), Unit: r.Unit, Person: r.Person, Deadline: d,
		State: ledger.State(r.State), Vanished: r.Vanished, AlertLevel: r.AlertLevel, Version: r.Version,
		CreatedAt: fromMicros(r.Created), UpdatedAt: fromMicros(r.Updated), ClosedAt: fromMicros(r.Closed),
		Source: ledger.Source{
			Kind: ledger.SourceKind(s.Kind), Pack: s.Pack, RuleID: s.Rule,
			FeatureID: s.Feature, FeatureName: s.FeatureName, DistanceMeters: s.Distance,
			Description: s.Description, ObservedAt: fromMicros(s.Observed), PhonedAt: fromMicros(s.Phoned),
		},
	}
	if h.Source.Kind == ledger.FromAudit {
		h.Key = ledger.Key(s.Pack, s.Feature, r.School, s.Rule)
	}
	if h.Last, err = r.Last.entry(); err != nil {
		return ledger.Hazard{}, fmt.Errorf("hazard %d: %w", id, err)
	}
	for _, c := range r.Clocks {
		h.Clocks = append(h.Clocks, ledger.ClockResult{ID: c.ID, Due: fromMicros(c.Due), Done: fromMicros(c.Done), Met: c.Met})
	}
	return h, nil
}

func newEntryRecord(e ledger.Entry) entryRecord {
	return entryRecord{
		Seq: e.Seq, Time: micros(e.Time), Actor: e.Actor, Role: string(e.Role), Action: string(e.Action),
		From: string(e.From), To: string(e.To), Comment: e.Comment, Files: e.Attachments,
		Unit: e.Unit, Person: e.Person, Deadline: e.Deadline.String(), Grade: string(e.Grade), Level: e.Level,
	}
}

func (r *entryRecord) entry() (ledger.Entry, error) {
	d, err := parseStoredDate(r.Deadline)
	return ledger.Entry{
		Seq: r.Seq, Time: fromMicros(r.Time), Actor: r.Actor, Role: ledger.Role(r.Role), Action: ledger.Action(r.Action),
		From: ledger.State(r.From), To: ledger.State(r.To), Comment: r.Comment, Attachments: r.Files,
		Unit: r.Unit, Person: r.Person, Deadline: d, Grade: ledger.Grade(r.Grade), Level: r.Level,
	}, err
}

func parseStoredDate(s string) (ledger.Date, error) {
	if s == "" {
		return ledger.Date{}, nil
	}
	return ledger.ParseDate("deadline", s)
}

func decodeHazard(id uint64, v []byte) (ledger.Hazard, error) {
	var r hazardRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return ledger.Hazard{}, fmt.Errorf("decode hazard %d: %w", id, err)
	}
	return r.hazard(id)
}

func decodeEntry(v []byte) (ledger.Entry, error) {
	var r entryRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return ledger.Entry{}, fmt.Errorf("decode history entry: %w", err)
	}
	return r.entry()
}

// ruleKey is the key of a rule's record: the pack and rule IDs.
func ruleKey(pack, rule string) string { return pack + "\x1f" + rule }

// ruleRecord is what the hazards of one rule share.
type ruleRecord struct {
	Title    string `json:"title"`
	Severity string `json:"sv"`
	Document string `json:"doc"`
	Issuer   string `json:"iss,omitempty"`
	Number   string `json:"no,omitempty"`
	Date     string `json:"date,omitempty"`
	URL      string `json:"url,omitempty"`
	Clause   string `json:"clause"`
}

func newRuleRecord(s *ledger.Source) ruleRecord {
	c := s.Citation
	return ruleRecord{Title: s.RuleTitle, Severity: string(s.Severity),
		Document: c.Document, Issuer: c.Issuer, Number: c.Number, Date: c.Date, URL: c.URL, Clause: c.Clause}
}

// apply fills in the rule's part of an audit hazard's source.
func (r ruleRecord) apply(s *ledger.Source) {
	s.RuleTitle, s.Severity = r.Title, geo.Severity(r.Severity)
	s.Citation = geo.Citation{Document: r.Document, Issuer: r.Issuer, Number: r.Number, Date: r.Date, URL: r.URL, Clause: r.Clause}
}
