package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/ledger"
)

// SyncHazards reconciles the ledger with the findings of an audit with the
// rule pack pack: new hits are registered in found, hits already there are
// left alone (a closed hazard is reopened, a vanished one unmarked), and
// open hazards of the pack the audit no longer finds are marked vanished
// where inScope holds. It writes in transactions of syncBatch hazards and
// ends with a ledger.synced event. See Ledger and SyncResult.
func (s *Store) SyncHazards(ctx context.Context, cfg *ledger.Config, by ledger.Actor, pack string, findings []ledger.Finding, inScope func(*ledger.Hazard) bool, now time.Time) (SyncResult, error) {
	// One sync at a time: a sync's plan then knows every hit key there is
	// until it ends, since only syncs add hit keys.
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	return runSync(ctx, s, cfg, by, pack, findings, inScope, now)
}

// joinHits walks the stored hit keys of pack into plan (syncStore).
func (s *Store) joinHits(ctx context.Context, plan *syncPlan, pack string, fs []ledger.Finding) error {
	return s.view(ctx, func(tx *bolt.Tx) error {
		plan.join(fs, boltHits(tx, pack))
		return nil
	})
}

// inSyncTx runs fn in one transaction, then writes the counts (syncStore).
func (s *Store) inSyncTx(ctx context.Context, cfg *ledger.Config, fn func(syncTx) error) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		l := newTxLedger(tx, cfg)
		if err := fn(&boltSyncTx{l: l, recs: map[uint64]hazardRecord{}}); err != nil {
			return err
		}
		return l.flush()
	})
}

// enqueueSynced queues the event of a finished sync (syncStore).
func (s *Store) enqueueSynced(ctx context.Context, ev OutboxEvent) error {
	return s.update(ctx, func(tx *bolt.Tx) error { return enqueue(tx, ev) })
}

// boltSyncTx is a txLedger as a sync's reconciliation uses it: it keeps
// the records it read, whose alert keys put moves.
type boltSyncTx struct {
	l    *txLedger
	recs map[uint64]hazardRecord
}

func (t *boltSyncTx) get(id uint64) (ledger.Hazard, error) {
	h, rec, err := t.l.get(id)
	t.recs[id] = rec
	return h, err
}

func (t *boltSyncTx) put(old, h *ledger.Hazard) error {
	rec := t.recs[old.ID]
	return t.l.put(old, &rec, h)
}

func (t *boltSyncTx) appendEntry(id uint64, e ledger.Entry) error { return t.l.appendEntry(id, e) }

func (t *boltSyncTx) enqueue(ev OutboxEvent) error { return enqueue(t.l.tx, ev) }

// boltHits yields the stored hit keys of pack in key order.
func boltHits(tx *bolt.Tx, pack string) func(func(storedHit) bool) {
	return func(yield func(storedHit) bool) {
		prefix := []byte(ledger.KeyPrefix(pack))
		c := tx.Bucket([]byte(bucketHzKeys)).Cursor()
		for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(v) != 10 {
				continue
			}
			h := storedHit{key: string(k), id: binary.BigEndian.Uint64(v), vanished: v[9] == 1}
			for st, code := range stateCodes {
				if code == v[8] {
					h.state = st
				}
			}
			if !yield(h) {
				return
			}
		}
	}
}

// putRules stores the title, severity and citation of every rule the
// findings cite, where changed (syncStore).
func (s *Store) putRules(ctx context.Context, cites map[string]ruleRecord) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketHzRules))
		for k, c := range cites {
			v, err := json.Marshal(c)
			if err != nil {
				return err
			}
			if !bytes.Equal(b.Get([]byte(k)), v) {
				if err := b.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// newHazard is a hazard of a sync, made and encoded ahead of its
// transaction: everything but its ID, which the transaction draws.
type newHazard struct {
	h                  ledger.Hazard
	key, record, entry []byte
	nextAlert          int64
}

// newHazards is one transaction's worth of newHazard, with their index
// keys and the counts they add, sorted ahead of the transaction too.
type newHazards struct {
	hs []newHazard
	// index holds the hazards' index keys in order, each ending in its
	// hazard's place in hs where the ID goes: IDs are drawn in that order,
	// so the keys stay in order with their IDs in place.
	index [][]byte
	// places holds their place entries likewise, each key followed by its
	// value.
	places [][]byte
	counts []countDelta
	err    error
}

// createHazards registers the findings is, syncBatch a transaction
// (syncStore). One goroutine makes and encodes the hazards of the next
// transaction while this one writes: on two cores, encoding is half the
// work of a sync.
func (s *Store) createHazards(ctx context.Context, sy *syncRun, is []int32) error {
	done := make(chan struct{})
	defer close(done)
	ready := make(chan newHazards, 1)
	go func() {
		defer close(ready)
		chunks(is, syncBatch, func(part []int32) error {
			select {
			case ready <- prepareHazards(sy, part):
				return nil
			case <-done:
				return ctx.Err()
			}
		})
	}()
	for nh := range ready {
		if nh.err != nil {
			return nh.err
		}
		if err := sy.batch(ctx, func(tx syncTx) error { return writeNewHazards(tx.(*boltSyncTx).l, sy, &nh) }); err != nil {
			return err
		}
	}
	return nil
}

// prepareHazards makes and encodes the hazards of findings is, for
// createHazards.
func prepareHazards(sy *syncRun, is []int32) newHazards {
	nh := newHazards{hs: make([]newHazard, len(is)), index: make([][]byte, 0, 2*len(is)), places: make([][]byte, 0, len(is))}
	counts := map[string]int64{}
	var buf []byte
	for j, i := range is {
		n := &nh.hs[j]
		n.h, _ = sy.cfg.Register(sy.fs[i], sy.by, sy.now)
		if at, ok := sy.cfg.NextAlert(&n.h); ok {
			n.nextAlert = at.Unix()
		}
		if buf, nh.err = encodeNew(buf, n); nh.err != nil {
			return nh
		}
		n.h.ID = uint64(j)
		nh.index = append(nh.index, hazardIndexKeys(&n.h)...)
		k, v := placeEntry(n.h.Point, seqKey(n.h.ID))
		nh.places = append(nh.places, append(k, v...))
		ledger.AddDelta(counts, nil, &n.h)
	}
	slices.SortFunc(nh.index, bytes.Compare)
	slices.SortFunc(nh.places, bytes.Compare)
	nh.counts = sortedCounts(counts)
	return nh
}

// encodeNew writes n's hit key, record and first history entry into buf,
// which it returns, from where the transaction can Put them: one
// allocation for many hazards rather than three for each.
func encodeNew(buf []byte, n *newHazard) ([]byte, error) {
	if cap(buf)-len(buf) < 4096 {
		buf = make([]byte, 0, 1<<20)
	}
	start := len(buf)
	buf = append(buf, n.h.Key...)
	n.key = buf[start:len(buf):len(buf)]
	start = len(buf)
	r := newHazardRecord(&n.h, n.nextAlert)
	buf, err := appendHazardRecord(buf, &r)
	if err != nil {
		return nil, err
	}
	n.record = buf[start:len(buf):len(buf)]
	start = len(buf)
	buf = appendEntryRecord(buf, &r.Last)
	n.entry = buf[start:len(buf):len(buf)]
	return buf, nil
}

// writeNewHazards writes the hazards nh made in l. SyncHazards holds
// syncMu, so no hit of theirs was registered since the sync's plan was
// made.
func writeNewHazards(l *txLedger, sy *syncRun, nh *newHazards) error {
	ids := make([]uint64, len(nh.hs))
	for j := range nh.hs {
		id, err := l.putNew(&nh.hs[j])
		if err != nil {
			return err
		}
		ids[j] = id
	}
	var k []byte
	for _, ix := range nh.index {
		// Put copies the key, and this function may run again (see
		// Store.update): the prepared key stays as it is.
		k = append(k[:0], ix...)
		binary.BigEndian.PutUint64(k[len(k)-8:], ids[binary.BigEndian.Uint64(ix[len(ix)-8:])])
		if err := l.index.Put(k, nil); err != nil {
			return err
		}
	}
	for _, e := range nh.places {
		k = append(k[:0], e[:13]...)
		binary.BigEndian.PutUint64(k[5:], ids[binary.BigEndian.Uint64(e[5:13])])
		if err := l.index.Put(k, e[13:]); err != nil {
			return err
		}
	}
	schools, err := addCounts(l.tx.Bucket([]byte(bucketHzCounts)), nh.counts)
	if err != nil {
		return err
	}
	l.counts[ledger.SchoolsKey] += schools
	sy.res.New += len(nh.hs)
	return nil
}
