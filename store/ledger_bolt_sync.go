package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
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
		l.bulk = make([][]byte, 0, 4*syncBatch)
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
	cites := map[string]ruleRecord{}
	for _, i := range order {
		src := &sy.fs[i].Source
		cites[ruleKey(src.Pack, src.RuleID)] = newRuleRecord(src)
	}
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
	h             ledger.Hazard
	record, entry []byte
	index         [][]byte // index keys, ending in ID 0
	nextAlert     int64
}

// newHazards is one transaction's worth of newHazard and the counts they
// add.
type newHazards struct {
	hs     []newHazard
	counts map[string]int64
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
		if err := sy.batch(ctx, func(l *txLedger) error { return sy.create(l, nh) }); err != nil {
			return err
		}
	}
	return nil
}

// prepare makes and encodes the hazards of findings is.
func (sy *boltSync) prepare(is []int32) newHazards {
	nh := newHazards{hs: make([]newHazard, len(is)), counts: map[string]int64{}}
	for j, i := range is {
		n := &nh.hs[j]
		n.h, _ = sy.cfg.Register(sy.fs[i], sy.by, sy.now)
		if at, ok := sy.cfg.NextAlert(&n.h); ok {
			n.nextAlert = at.Unix()
		}
		if n.record, nh.err = json.Marshal(newHazardRecord(&n.h, n.nextAlert)); nh.err != nil {
			return nh
		}
		if n.entry, nh.err = json.Marshal(newEntryRecord(n.h.Last)); nh.err != nil {
			return nh
		}
		n.index = hazardIndexKeys(&n.h)
		ledger.AddDelta(nh.counts, nil, &n.h)
	}
	return nh
}

// create writes the hazards nh made, but for those another sync
// registered meanwhile, which are found again instead.
func (sy *boltSync) create(l *txLedger, nh newHazards) error {
	for k, d := range nh.counts {
		l.counts[k] += d
	}
	for i := range nh.hs {
		n := &nh.hs[i]
		if v := l.keys.Get([]byte(n.h.Key)); len(v) == 10 {
			for _, k := range ledger.CountKeys(&n.h) {
				l.counts[k]--
			}
			if err := sy.refound(l, []uint64{binary.BigEndian.Uint64(v)}); err != nil {
				return err
			}
			continue
		}
		if err := l.putNew(n); err != nil {
			return err
		}
		sy.res.New++
	}
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
