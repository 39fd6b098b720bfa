package store

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/ledger"
)

// SeedHazards stores hazards already in the states a benchmark wants, each
// with one history entry (its last), through the same put as every write,
// in transactions of syncBatch: a ledger of a million hazards in mixed
// states without a million transitions. IDs are given in order.
func (s *Store) SeedHazards(ctx context.Context, cfg *ledger.Config, hs []ledger.Hazard) error {
	return chunks(hs, syncBatch, func(part []ledger.Hazard) error {
		return s.update(ctx, func(tx *bolt.Tx) error {
			l := newTxLedger(tx, cfg)
			l.bulk = make([][]byte, 0, 5*len(part))
			for i := range part {
				h := &part[i]
				var err error
				if h.ID, err = l.hazards.NextSequence(); err != nil {
					return err
				}
				if err := l.put(nil, nil, h); err != nil {
					return err
				}
				if err := l.appendEntry(h.ID, h.Last); err != nil {
					return err
				}
			}
			return l.flush()
		})
	})
}

// SeedHazards is Store.SeedHazards in PostgreSQL, by COPY.
func (p *Postgres) SeedHazards(ctx context.Context, cfg *ledger.Config, hs []ledger.Hazard) error {
	return chunks(hs, syncBatch, func(part []ledger.Hazard) error {
		return p.update(ctx, func(tx pgx.Tx) error {
			l := newPgLedger(ctx, tx, cfg)
			ids, err := newHazardIDs(l, len(part))
			if err != nil {
				return err
			}
			var rows, entries [][]any
			for i := range part {
				h := &part[i]
				h.ID = ids[i]
				row, err := l.row(h, nil)
				if err != nil {
					return err
				}
				if d, ok := row[9].(*string); ok && d != nil {
					row[9] = h.Deadline.Start() // COPY encodes a date from a time
				}
				doc, err := json.Marshal(newEntryRecord(h.Last))
				if err != nil {
					return err
				}
				rows, entries = append(rows, row), append(entries, []any{int64(h.ID), h.Last.Seq, string(doc)})
				ledger.AddDelta(l.counts, nil, h)
			}
			if err := copyHazards(l, rows, entries); err != nil {
				return err
			}
			return l.flush()
		})
	})
}

// UnmigratePlaces turns the store's place index back into the ixCell
// keys of stores written before ixPlace, as such a store holds it.
func (s *Store) UnmigratePlaces() error {
	return s.update(context.Background(), func(tx *bolt.Tx) error {
		ix := tx.Bucket([]byte(bucketHzIndex))
		type entry struct{ k, v []byte }
		var es []entry
		c := ix.Cursor()
		for k, v := c.Seek([]byte{ixPlace}); len(k) > 0 && k[0] == ixPlace; k, v = c.Next() {
			es = append(es, entry{bytes.Clone(k), bytes.Clone(v)})
		}
		for _, e := range es {
			if err := ix.Delete(e.k); err != nil {
				return err
			}
			if err := ix.Put(append(append([]byte{ixCell}, e.v...), e.k[5:]...), nil); err != nil {
				return err
			}
		}
		return nil
	})
}
