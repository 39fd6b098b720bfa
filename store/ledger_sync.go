package store

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/safezone/safezone/geo/ledger"
)

// syncBatch is how many hazards one transaction of a sync writes: a sync
// of a whole province is many transactions, each consistent, so that no
// transaction holds hundreds of megabytes. A sync cut short (by a crash) is
// completed by running it again, since a sync is idempotent.
const syncBatch = 20000

// syncPlan is what a sync has to do, found by walking the findings and the
// stored hit keys of the pack side by side, both in key order.
type syncPlan struct {
	order     []int32  // the findings by key, without repeats
	create    []int32  // findings with no hazard
	refound   []uint64 // hazards closed or vanished, found again
	vanish    []uint64 // open hazards not marked vanished, not found
	unchanged int      // found again and open, not vanished: nothing to do
}

// newSyncPlan sorts findings by key and checks that each is of pack. It
// returns an error wrapping geo.ErrInvalidInput if pack is not a rule pack
// ID or a finding's key is not of the pack.
func newSyncPlan(pack string, fs []ledger.Finding) (*syncPlan, error) {
	if !packID(pack) {
		return nil, invalidf("pack %q: must be a rule pack ID", pack)
	}
	order := make([]int32, 0, len(fs))
	for i := range fs {
		f := &fs[i]
		if f.Source.Pack != pack || f.Source.Kind != ledger.FromAudit || f.Key != ledger.Key(pack, f.Source.FeatureID, f.SchoolID, f.Source.RuleID) {
			return nil, invalidf("findings[%d] key %q: not a hit of pack %q (see ledger.NewFinding)", i, f.Key, pack)
		}
		order = append(order, int32(i))
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(fs[a].Key, fs[b].Key) })
	order = slices.CompactFunc(order, func(a, b int32) bool { return fs[a].Key == fs[b].Key })
	return &syncPlan{order: order}, nil
}

// storedHit is a hit key as a store holds it.
type storedHit struct {
	key      string
	id       uint64
	state    ledger.State
	vanished bool
}

// join walks the stored hits of the pack, in key order, beside the sorted
// findings, and fills the plan.
func (p *syncPlan) join(fs []ledger.Finding, stored func(yield func(storedHit) bool)) {
	i := 0
	for h := range stored {
		for i < len(p.order) && fs[p.order[i]].Key < h.key {
			p.create = append(p.create, p.order[i])
			i++
		}
		found := i < len(p.order) && fs[p.order[i]].Key == h.key
		if found {
			i++
		}
		switch {
		case found && (h.state == ledger.Closed || h.vanished):
			p.refound = append(p.refound, h.id)
		case found:
			p.unchanged++
		case h.state != ledger.Closed && !h.vanished:
			p.vanish = append(p.vanish, h.id)
		}
	}
	p.create = append(p.create, p.order[i:]...)
}

// packID reports whether s can be a rule pack's ID.
func packID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// chunks calls fn with successive pieces of at most n of xs.
func chunks[T any](xs []T, n int, fn func([]T) error) error {
	for len(xs) > 0 {
		k := min(n, len(xs))
		if err := fn(xs[:k]); err != nil {
			return err
		}
		xs = xs[k:]
	}
	return nil
}

// syncEvent is the event of a finished sync.
func syncEvent(pack string, r SyncResult, now time.Time) OutboxEvent {
	return OutboxEvent{Key: "sync-" + pack + "-" + strconv.FormatInt(now.UnixMicro(), 10), Type: EventSynced, Sync: r, Pack: pack, CreatedAt: now}
}
