package store

import (
	"context"
	"time"

	"github.com/safezone/safezone/geo/ledger"
)

// The reconciliation of a sync, written once for both backends: the plan,
// the hazards found again, those no longer found, the counts of the result
// and the closing event. A backend supplies syncStore, and registers the
// new hazards its own way (bbolt from a pipeline that encodes the next
// transaction while one commits, PostgreSQL by COPY), since that is where
// a sync of a whole audit spends its time.

// syncStore is a backend as a sync uses it.
type syncStore interface {
	// joinHits walks the stored hit keys of pack, in key order, into plan.
	joinHits(ctx context.Context, plan *syncPlan, pack string, fs []ledger.Finding) error
	// putRules stores the rule records cites, by ruleKey, in one transaction.
	putRules(ctx context.Context, cites map[string]ruleRecord) error
	// createHazards registers the findings is as new hazards, syncBatch a
	// transaction, each through sy.batch, adding them to sy.res.New.
	createHazards(ctx context.Context, sy *syncRun, is []int32) error
	// inSyncTx runs fn in one transaction with the changed counts written
	// after it; fn may run more than once (see Store.update).
	inSyncTx(ctx context.Context, cfg *ledger.Config, fn func(syncTx) error) error
	// enqueueSynced queues the event of a finished sync.
	enqueueSynced(ctx context.Context, ev OutboxEvent) error
}

// syncTx is a transaction as the reconciliation uses it: read a hazard,
// store it changed (its index keys, alert key, hit key and counts moving
// along), append a history entry, queue an event.
type syncTx interface {
	get(id uint64) (ledger.Hazard, error)
	put(old, h *ledger.Hazard) error
	appendEntry(id uint64, e ledger.Entry) error
	enqueue(ev OutboxEvent) error
}

// syncRun is one sync under way. Its fields are not changed while it runs
// but res, which only the goroutine running transactions touches.
type syncRun struct {
	st  syncStore
	cfg *ledger.Config
	by  ledger.Actor
	now time.Time
	fs  []ledger.Finding
	res *SyncResult
}

// runSync is SyncHazards on st; see Ledger.SyncHazards.
func runSync(ctx context.Context, st syncStore, cfg *ledger.Config, by ledger.Actor, pack string, fs []ledger.Finding, inScope func(*ledger.Hazard) bool, now time.Time) (SyncResult, error) {
	now = ledgerNow(now)
	plan, err := newSyncPlan(pack, fs)
	if err != nil {
		return SyncResult{}, err
	}
	if err := st.joinHits(ctx, plan, pack, fs); err != nil {
		return SyncResult{}, wrap("sync hazards", err)
	}
	res := SyncResult{Total: len(plan.order), Unchanged: plan.unchanged}
	sy := &syncRun{st: st, cfg: cfg, by: by, now: now, fs: fs, res: &res}
	err = st.putRules(ctx, ruleCites(fs, plan.order))
	if err == nil {
		err = st.createHazards(ctx, sy, plan.create)
	}
	if err == nil {
		err = chunks(plan.refound, syncBatch, func(ids []uint64) error {
			return sy.batch(ctx, func(tx syncTx) error { return sy.refound(tx, ids) })
		})
	}
	if err == nil {
		err = chunks(plan.vanish, syncBatch, func(ids []uint64) error {
			return sy.batch(ctx, func(tx syncTx) error { return sy.vanish(tx, ids, inScope) })
		})
	}
	if err == nil {
		err = st.enqueueSynced(ctx, syncEvent(pack, res, now))
	}
	return res, wrap("sync hazards", err)
}

// batch runs fn in one transaction of the backend; res counts only what a
// committed run of fn did.
func (sy *syncRun) batch(ctx context.Context, fn func(syncTx) error) error {
	saved := *sy.res
	err := sy.st.inSyncTx(ctx, sy.cfg, func(tx syncTx) error {
		*sy.res = saved // a failed or repeated run counts nothing
		return fn(tx)
	})
	if err != nil {
		*sy.res = saved
	}
	return err
}

// refound applies ledger.Refound to hazards ids, found again.
func (sy *syncRun) refound(tx syncTx, ids []uint64) error {
	for _, id := range ids {
		old, err := tx.get(id)
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
			if err := tx.enqueue(hazardEvent(h, e, sy.now)); err != nil {
				return err
			}
		}
		if err := tx.put(&old, &h); err != nil {
			return err
		}
		if err := tx.appendEntry(id, e); err != nil {
			return err
		}
	}
	return nil
}

// vanish marks hazards ids, not found, vanished where inScope holds.
func (sy *syncRun) vanish(tx syncTx, ids []uint64, inScope func(*ledger.Hazard) bool) error {
	for _, id := range ids {
		old, err := tx.get(id)
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
		if err := tx.put(&old, &h); err != nil {
			return err
		}
		if err := tx.appendEntry(id, e); err != nil {
			return err
		}
		sy.res.Vanished++
	}
	return nil
}
