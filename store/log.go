package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/safezone/safezone/geo"
	bolt "go.etcd.io/bbolt"
)

// The actions the store logs for its own writes. Callers of Log choose their
// own, such as "audit.run" or "export".
const (
	ActionBusinessCreate = "business.create"
	ActionBusinessUpdate = "business.update"
	ActionBusinessDelete = "business.delete"
	ActionTokenCreate    = "token.create"
	ActionTokenRevoke    = "token.revoke"
)

// MaxLogEntries is the largest limit LogEntries accepts.
const MaxLogEntries = 1000

// LogEntry is one line of the audit log: who did what, to what, and when.
type LogEntry struct {
	Seq    uint64    // 1, 2, 3, ... in commit order; never reused
	Time   time.Time // UTC
	Actor  string    // who, such as a token ID
	Action string    // what, such as ActionBusinessCreate
	Target string    // to what, such as a business or token ID; may be empty
	Detail string    // free text, such as the fields that changed
}

// Log appends an entry for something a user did that is not a store write,
// such as running an audit or exporting data, and commits it durably before
// it returns. It returns an error wrapping geo.ErrInvalidInput if actor or
// action is empty. Safe for concurrent use.
func (s *Store) Log(ctx context.Context, actor, action, target, detail string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if action == "" {
		return geo.Invalid("action", action, geo.Required())
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		return appendLog(tx, LogEntry{Time: time.Now().UTC(), Actor: actor, Action: action, Target: target, Detail: detail})
	})
	return wrap("log", err)
}

// LogEntries returns up to limit entries with Seq greater than after, oldest
// first; pass the last Seq seen to read the next page, and 0 to start. It
// returns an error wrapping geo.ErrInvalidInput if limit is not within
// [1, MaxLogEntries]. Safe for concurrent use.
func (s *Store) LogEntries(ctx context.Context, after uint64, limit int) ([]LogEntry, error) {
	if limit < 1 || limit > MaxLogEntries {
		return nil, invalidf("limit %q: must be between 1 and %d", strconv.Itoa(limit), MaxLogEntries)
	}
	es := make([]LogEntry, 0)
	if after == ^uint64(0) {
		return es, nil
	}
	if err := s.checks.wait(ctx); err != nil { // recorded checks' entries
		return nil, fmt.Errorf("read log: %w", err)
	}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte(bucketLog)).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil && len(es) < limit; k, v = c.Next() {
			e, err := decodeLogEntry(k, v)
			if err != nil {
				return err
			}
			es = append(es, e)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("read log", err)
	}
	return es, nil
}

// logRecord is the stored form of a LogEntry; Seq is the key.
type logRecord struct {
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Target string    `json:"target,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// appendLog adds e to the log in tx, with the next sequence number, so it
// commits or rolls back with the change it describes.
func appendLog(tx *bolt.Tx, e LogEntry) error {
	bk := tx.Bucket([]byte(bucketLog))
	seq, err := bk.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(logRecord{Time: e.Time, Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail})
	if err != nil {
		return err
	}
	return bk.Put(seqKey(seq), v)
}

func decodeLogEntry(k, v []byte) (LogEntry, error) {
	if len(k) != 8 {
		return LogEntry{}, fmt.Errorf("log key %x: not a sequence number", k)
	}
	seq := binary.BigEndian.Uint64(k)
	var r logRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return LogEntry{}, fmt.Errorf("decode log entry %d: %w", seq, err)
	}
	return LogEntry{Seq: seq, Time: r.Time, Actor: r.Actor, Action: r.Action, Target: r.Target, Detail: r.Detail}, nil
}

// describe is the audit detail for a created or deleted business.
func describe(b Business) string {
	s := fmt.Sprintf("name=%q category=%s lat=%s lon=%s status=%s licence=%q",
		b.Name, b.Category, formatDeg(b.Point.Lat), formatDeg(b.Point.Lon), b.Status, b.Licence)
	if b.OpenedOn != 0 {
		s += " opened_on=" + b.OpenedOn.String()
	}
	if b.Address != "" {
		s += fmt.Sprintf(" address=%q", b.Address)
	}
	return s
}

// diff is the audit detail for an update: each changed field, old -> new.
func diff(old, b Business) string {
	var parts []string
	add := func(field, from, to string) {
		if from != to {
			parts = append(parts, fmt.Sprintf("%s %q -> %q", field, from, to))
		}
	}
	add("name", old.Name, b.Name)
	add("category", string(old.Category), string(b.Category))
	add("lat", formatDeg(old.Point.Lat), formatDeg(b.Point.Lat))
	add("lon", formatDeg(old.Point.Lon), formatDeg(b.Point.Lon))
	add("status", string(old.Status), string(b.Status))
	add("licence", old.Licence, b.Licence)
	add("opened_on", old.OpenedOn.String(), b.OpenedOn.String())
	add("address", old.Address, b.Address)
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, "; ")
}

func formatDeg(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// describeToken is the audit detail for a created or revoked token.
func describeToken(t Token) string {
	switch {
	case t.SchoolID != "":
		return fmt.Sprintf("role=%s school=%q", t.Role, t.SchoolID)
	case t.Unit != "":
		return fmt.Sprintf("role=%s unit=%q", t.Role, t.Unit)
	}
	return "role=" + string(t.Role)
}
