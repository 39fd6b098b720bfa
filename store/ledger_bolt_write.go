package store

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/ledger"
)

// ReportHazard registers a hazard reported by hand, with its first history
// entry and a hazard.reported event, in one transaction. See Ledger.
func (s *Store) ReportHazard(ctx context.Context, cfg *ledger.Config, by ledger.Actor, in ledger.ReportInput, now time.Time) (ledger.Hazard, error) {
	now = ledgerNow(now)
	h, e, err := cfg.Report(in, by, now)
	if err != nil {
		return ledger.Hazard{}, err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		l := newTxLedger(tx, cfg)
		if h.ID, err = l.hazards.NextSequence(); err != nil {
			return err
		}
		if err := l.put(nil, nil, &h); err != nil {
			return err
		}
		if err := l.appendEntry(h.ID, e); err != nil {
			return err
		}
		if err := enqueue(tx, hazardEvent(h, e, now)); err != nil {
			return err
		}
		return l.flush()
	})
	return h, wrap("report hazard", err)
}

// TransitionHazard applies ledger.Transition to hazard id, storing the
// hazard, its history entry, its counts and a hazard.transition event in
// one transaction. See Ledger.
func (s *Store) TransitionHazard(ctx context.Context, cfg *ledger.Config, id uint64, in ledger.TransitionInput, by ledger.Actor, now time.Time) (ledger.Hazard, error) {
	now = ledgerNow(now)
	var h ledger.Hazard
	err := s.update(ctx, func(tx *bolt.Tx) error {
		l := newTxLedger(tx, cfg)
		old, rec, err := l.get(id)
		if err != nil {
			return err
		}
		files := tx.Bucket([]byte(bucketHzFiles))
		attached := func(sha string) bool { return files.Get(fileKey(id, sha)) != nil }
		var e ledger.Entry
		if h, e, err = ledger.Transition(old, in, by, now, attached); err != nil {
			return err
		}
		if err := l.put(&old, &rec, &h); err != nil {
			return err
		}
		if err := l.appendEntry(id, e); err != nil {
			return err
		}
		if err := enqueue(tx, hazardEvent(h, e, now)); err != nil {
			return err
		}
		citeHazard(tx, &h)
		return l.flush()
	})
	return h, wrap("transition hazard", err)
}

// AttachToHazard stores data under its SHA-256, unless stored already,
// and records it in hazard id's history. See Ledger.
func (s *Store) AttachToHazard(ctx context.Context, id uint64, a ledger.Attachment, data []byte, comment string, by ledger.Actor, now time.Time) (ledger.Hazard, error) {
	now = ledgerNow(now)
	a.AddedAt, a.AddedBy = now, by.ID
	var h ledger.Hazard
	err := s.update(ctx, func(tx *bolt.Tx) error {
		l := newTxLedger(tx, nil)
		old, rec, err := l.get(id)
		if err != nil {
			return err
		}
		var e ledger.Entry
		if h, e, err = ledger.Attach(old, a, comment, by, now); err != nil {
			return err
		}
		if err := putFile(tx, id, a, data); err != nil {
			return err
		}
		// An attachment changes neither the state nor the deadline: the
		// alert key stays as it is.
		if err := l.putSameAlert(&old, &rec, &h); err != nil {
			return err
		}
		citeHazard(tx, &h)
		return l.appendEntry(id, e)
	})
	return h, wrap("attach to hazard", err)
}

// putSameAlert is put for a write that cannot change when the hazard is
// next due for an alert, so it needs no Config.
func (l *txLedger) putSameAlert(old *ledger.Hazard, rec *hazardRecord, h *ledger.Hazard) error {
	r := newHazardRecord(h, rec.NextAlert)
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := l.hazards.Put(seqKey(h.ID), v); err != nil {
		return err
	}
	return moveKeys(l.index, hazardIndexKeys(old), hazardIndexKeys(h))
}

// putFile stores the bytes once and the attachment's record for hazard
// id, keeping the first record if the file was attached before.
func putFile(tx *bolt.Tx, id uint64, a ledger.Attachment, data []byte) error {
	sum, _ := hex.DecodeString(a.SHA256)
	blobs := tx.Bucket([]byte(bucketBlobs))
	if blobs.Get(sum) == nil {
		if err := blobs.Put(sum, data); err != nil {
			return err
		}
	}
	files := tx.Bucket([]byte(bucketHzFiles))
	k := fileKey(id, a.SHA256)
	if files.Get(k) != nil {
		return nil
	}
	v, err := json.Marshal(attachmentRecord{Type: a.Type, Size: a.Size, Name: a.Name, AddedAt: micros(a.AddedAt), AddedBy: a.AddedBy})
	if err != nil {
		return err
	}
	return files.Put(k, v)
}

func fileKey(id uint64, sha string) []byte {
	sum, _ := hex.DecodeString(sha)
	return append(seqKey(id), sum...)
}

// AnnounceOverdue records each hazard that reached a new escalation level
// by now and queues its event. See Ledger.
func (s *Store) AnnounceOverdue(ctx context.Context, cfg *ledger.Config, now time.Time) (int, error) {
	now = ledgerNow(now)
	n := 0
	var pending bool
	err := s.view(ctx, func(tx *bolt.Tx) error {
		k, _ := tx.Bucket([]byte(bucketHzAlerts)).Cursor().First()
		pending = k != nil && int64(binary.BigEndian.Uint64(k)) <= now.Unix()
		return nil
	})
	if err != nil || !pending {
		return 0, wrap("announce overdue", err)
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		l := newTxLedger(tx, cfg)
		var due [][]byte
		c := l.alerts.Cursor()
		for k, _ := c.First(); k != nil && int64(binary.BigEndian.Uint64(k)) <= now.Unix() && len(due) < 10000; k, _ = c.Next() {
			due = append(due, append([]byte(nil), k...))
		}
		for _, k := range due {
			if err := l.alerts.Delete(k); err != nil {
				return err
			}
			announced, err := l.announce(binary.BigEndian.Uint64(k[8:]), now)
			if err != nil {
				return err
			}
			if announced {
				n++
			}
		}
		return l.flush()
	})
	return n, wrap("announce overdue", err)
}

// announce records hazard id's escalation level at now, if new, with its
// history entry, and queues its event; either way its alert key is put
// back where its record says.
func (l *txLedger) announce(id uint64, now time.Time) (bool, error) {
	h, rec, err := l.get(id)
	if ledgerNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	next, e, escalated := l.cfg.Escalate(h, now)
	rec.NextAlert = 0 // its key is deleted: put it back
	if err := l.put(&h, &rec, &next); err != nil {
		return false, err
	}
	if !escalated {
		return false, nil
	}
	if err := l.appendEntry(id, e); err != nil {
		return false, err
	}
	return true, enqueue(l.tx, alertEvent(next, e.Level, now))
}

// enqueue adds ev to the outbox in tx.
func enqueue(tx *bolt.Tx, ev OutboxEvent) error {
	b := tx.Bucket([]byte(bucketOutbox))
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(newOutboxRecord(ev))
	if err != nil {
		return err
	}
	return b.Put(seqKey(seq), v)
}
