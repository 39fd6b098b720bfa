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
	now = ledgerNow(now)
	// One sync at a time: a sync's plan then knows every hit key there is
	// until it ends, since only syncs add hit keys.
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	plan, err := newSyncPlan(pack, findings)
	if err != nil {
		return SyncResult{}, err
	}
	err = s.view(ctx, func(tx *bolt.Tx) error {
		plan.join(findings, boltHits(tx, pack))
		return nil
	})
	if err != nil {
		return SyncResult{}, wrap("sync hazards", err)
	}
	res := SyncResult{Total: len(plan.order), Unchanged: plan.unchanged}
	sy := &boltSync{s: s, cfg: cfg, by: by, now: now, fs: findings, res: &res}
	if err := sy.rules(ctx, plan.order); err != nil {
		return res, wrap("sync hazards", err)
	}
	err = sy.createAll(ctx, plan.create)
	if err == nil {
		err = chunks(plan.refound, syncBatch, func(ids []uint64) error { return sy.batch(ctx, func(l *txLedger) error { return sy.refound(l, ids) }) })
	}
	if err == nil {
		err = chunks(plan.vanish, syncBatch, func(ids []uint64) error {
			return sy.batch(ctx, func(l *txLedger) error { return sy.vanish(l, ids, inScope) })
		})
	}
	if err == nil {
		err = s.update(ctx, func(tx *bolt.Tx) error { return enqueue(tx, syncEvent(pack, res, now)) })
	}
	return res, wrap("sync hazards", err)
}

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

// boltSync is one sync under way. Its fields are read by prepare, on
// another goroutine, but not changed while it runs, except res, which
// only the writing goroutine touches.
type boltSync struct {
	s   *Store
	cfg *ledger.Config
	by  ledger.Actor
	now time.Time
	fs  []ledger.Finding
	res *SyncResult
}

// batch runs fn in one transaction and writes the counts it changed.
func (sy *boltSync) batch(ctx context.Context, fn func(*txLedger) error) error {
	saved := *sy.res
	err := sy.s.update(ctx, func(tx *bolt.Tx) error {
		*sy.res = saved // a failed transaction counts nothing
		l := newTxLedger(tx, sy.cfg)
		if err := fn(l); err != nil {
			return err
		}
		return l.flush()
	})
	if err != nil {
		*sy.res = saved
	}
	return err
}

// rules stores the title, severity and citation of every rule the
// findings cite.
func (sy *boltSync) rules(ctx context.Context, order []int32) error {
	cites := ruleCites(sy.fs, order)
	return sy.s.update(ctx, func(tx *bolt.Tx) error {
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

// createAll registers the findings is, syncBatch a transaction. One
// goroutine makes and encodes the hazards of the next transaction while
// this one writes: on two cores, encoding is half the work of a sync.
func (sy *boltSync) createAll(ctx context.Context, is []int32) error {
	done := make(chan struct{})
	defer close(done)
	ready := make(chan newHazards, 1)
	go func() {
		defer close(ready)
		chunks(is, syncBatch, func(part []int32) error {
			select {
			case ready <- sy.prepare(part):
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
		if err := sy.batch(ctx, func(l *txLedger) error { return sy.create(l, &nh) }); err != nil {
			return err
		}
	}
	return nil
}

// prepare makes and encodes the hazards of findings is.
func (sy *boltSync) prepare(is []int32) newHazards {
	nh := newHazards{hs: make([]newHazard, len(is)), index: make([][]byte, 0, 2*len(is)), places: make([][]byte, 0, len(is))}
	counts := map[string]int64{}
	var buf []byte
	for j, i := range is {
		n := &nh.hs[j]
		n.h, _ = sy.cfg.Register(sy.fs[i], sy.by, sy.now)
		if at, ok := sy.cfg.NextAlert(&n.h); ok {
			n.nextAlert = at.Unix()
		}
		if buf, nh.err = sy.encode(buf, n); nh.err != nil {
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

// encode writes n's hit key, record and first history entry into buf,
// which it returns, from where the transaction can Put them: one
// allocation for many hazards rather than three for each.
func (sy *boltSync) encode(buf []byte, n *newHazard) ([]byte, error) {
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

// create writes the hazards nh made. SyncHazards holds syncMu, so no hit
// of theirs was registered since the sync's plan was made.
func (sy *boltSync) create(l *txLedger, nh *newHazards) error {
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

// refound applies ledger.Refound to hazards ids, found again.
func (sy *boltSync) refound(l *txLedger, ids []uint64) error {
	for _, id := range ids {
		old, rec, err := l.get(id)
		if err != nil {
			return err
		}
		h, e, out := ledger.Refound(old, sy.by, sy.now)
		switch out {
		case ledger.Unchanged:
			sy.res.Unchanged++
			continue
		case ledger.Reappeared:
			sy.res.Unchanged++
			sy.res.Reappeared++
		case ledger.Reopened:
			sy.res.Reopened++
			if err := enqueue(l.tx, hazardEvent(h, e, sy.now)); err != nil {
				return err
			}
		}
		if err := l.put(&old, &rec, &h); err != nil {
			return err
		}
		if err := l.appendEntry(id, e); err != nil {
			return err
		}
	}
	return nil
}

// vanish marks hazards ids, not found, vanished where inScope holds.
func (sy *boltSync) vanish(l *txLedger, ids []uint64, inScope func(*ledger.Hazard) bool) error {
	for _, id := range ids {
		old, rec, err := l.get(id)
		if err != nil {
			return err
		}
		if inScope != nil && !inScope(&old) {
			continue
		}
		h, e, ok := ledger.Vanish(old, sy.by, sy.now)
		if !ok {
			continue
		}
		if err := l.put(&old, &rec, &h); err != nil {
			return err
		}
		if err := l.appendEntry(id, e); err != nil {
			return err
		}
		sy.res.Vanished++
	}
	return nil
}
