package store

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/safezone/safezone/geo/ledger"
)

// match reports whether h is selected by f, whatever index found it.
func (f *HazardFilter) match(h *ledger.Hazard) bool {
	switch {
	case len(f.States) > 0 && !slices.Contains(f.States, h.State),
		len(f.Grades) > 0 && !slices.Contains(f.Grades, h.Grade),
		f.Unit != "" && h.Unit != f.Unit,
		f.SchoolID != "" && h.SchoolID != f.SchoolID,
		f.Source != "" && h.Source.Kind != f.Source,
		f.Vanished != nil && h.Vanished != *f.Vanished,
		f.Overdue != nil && ledger.Overdue(h, f.Now) != *f.Overdue,
		!f.Bound.IsZero() && !f.Bound.Contains([2]float64{h.Point.Lon, h.Point.Lat}),
		f.Where != nil && !f.Where(h):
		return false
	}
	return true
}

// attachmentRecord is the stored form of a file attached to a hazard; the
// bytes are stored once, by SHA-256, apart.
type attachmentRecord struct {
	Type    string `json:"type"`
	Size    int64  `json:"size"`
	Name    string `json:"name,omitempty"`
	AddedAt int64  `json:"at"`
	AddedBy string `json:"by"`
}

func (r attachmentRecord) attachment(sha string) ledger.Attachment {
	return ledger.Attachment{SHA256: sha, Type: r.Type, Size: r.Size, Name: r.Name, AddedAt: fromMicros(r.AddedAt), AddedBy: r.AddedBy}
}

// outboxRecord is the stored form of an OutboxEvent; Seq is its key.
type outboxRecord struct {
	Key       string        `json:"key"`
	Type      string        `json:"type"`
	HazardID  uint64        `json:"id,omitempty"`
	Hazard    *hazardRecord `json:"h,omitempty"`
	Entry     *entryRecord  `json:"e,omitempty"`
	Level     int           `json:"level,omitempty"`
	Sync      *SyncResult   `json:"sync,omitempty"`
	Pack      string        `json:"pack,omitempty"`
	Created   int64         `json:"ct"`
	Attempts  int           `json:"n,omitempty"`
	NextAt    int64         `json:"next"`
	LastError string        `json:"err,omitempty"`
}

func newOutboxRecord(ev OutboxEvent) outboxRecord {
	r := outboxRecord{Key: ev.Key, Type: ev.Type, Level: ev.Level, Pack: ev.Pack, Created: micros(ev.CreatedAt), NextAt: micros(ev.CreatedAt)}
	if ev.Type == EventSynced {
		r.Sync = &ev.Sync
		return r
	}
	h := newHazardRecord(&ev.Hazard, 0)
	r.HazardID, r.Hazard = ev.Hazard.ID, &h
	if ev.Entry.Seq != 0 {
		e := newEntryRecord(ev.Entry)
		r.Entry = &e
	}
	return r
}

func decodeOutbox(seq uint64, v []byte) (OutboxEvent, outboxRecord, error) {
	var r outboxRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return OutboxEvent{}, r, err
	}
	ev := OutboxEvent{Seq: seq, Key: r.Key, Type: r.Type, Level: r.Level, Pack: r.Pack, CreatedAt: fromMicros(r.Created), Attempts: r.Attempts, LastError: r.LastError}
	if r.Sync != nil {
		ev.Sync = *r.Sync
	}
	var err error
	if r.Hazard != nil {
		if ev.Hazard, err = r.Hazard.hazard(r.HazardID); err != nil {
			return ev, r, err
		}
	}
	if r.Entry != nil {
		ev.Entry, err = r.Entry.entry()
	}
	return ev, r, err
}

// sortAttachments sorts attachments oldest first, then by SHA-256.
func sortAttachments(as []ledger.Attachment) {
	slices.SortFunc(as, func(a, b ledger.Attachment) int {
		return cmp.Or(a.AddedAt.Compare(b.AddedAt), cmp.Compare(a.SHA256, b.SHA256))
	})
}
