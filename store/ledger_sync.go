package store

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	keyed := make([]keyedFinding, len(fs))
	for i := range fs {
		f := &fs[i]
		if f.Source.Pack != pack || f.Source.Kind != ledger.FromAudit || !isHitKey(f.Key, pack, f.SchoolID, f.Source.FeatureID, f.Source.RuleID) {
			return nil, invalidf("findings[%d] key %q: not a hit of pack %q (see ledger.NewFinding)", i, f.Key, pack)
		}
		keyed[i] = keyedFinding{f.Key, int32(i)}
	}
	sortKeyed(keyed)
	order := make([]int32, 0, len(fs))
	for i, k := range keyed {
		if i == 0 || k.key != keyed[i-1].key {
			order = append(order, k.i)
		}
	}
	return &syncPlan{order: order}, nil
}

// keyedFinding is a finding's key beside its index, so that sorting reads
// the keys from one array rather than from findings all over the heap.
type keyedFinding struct {
	key string
	i   int32
}

// sortKeyed sorts ks by key, then index (a stable order for repeated
// keys), the two halves of a large slice on two goroutines.
func sortKeyed(ks []keyedFinding) {
	byKey := func(a, b keyedFinding) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	}
	if len(ks) < 1<<14 {
		slices.SortFunc(ks, byKey)
		return
	}
	half := len(ks) / 2
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(ks[:half], byKey) })
	slices.SortFunc(ks[half:], byKey)
	wg.Wait()
	merged := make([]keyedFinding, 0, len(ks))
	a, b := ks[:half], ks[half:]
	for len(a) > 0 && len(b) > 0 {
		if byKey(a[0], b[0]) <= 0 {
			merged, a = append(merged, a[0]), a[1:]
		} else {
			merged, b = append(merged, b[0]), b[1:]
		}
	}
	merged = append(append(merged, a...), b...)
	copy(ks, merged)
}

// isHitKey reports whether k is ledger.Key(pack, feature, school, rule),
// without building that key.
func isHitKey(k, pack, school, feature, rule string) bool {
	sep := ledger.KeyPrefix("")
	for i, part := range [...]string{pack, school, feature, rule} {
		if i > 0 {
			if !strings.HasPrefix(k, sep) {
				return false
			}
			k = k[len(sep):]
		}
		if !strings.HasPrefix(k, part) {
			return false
		}
		k = k[len(part):]
	}
	return k == ""
}

// ruleCites returns the record of every rule the findings order cite, by
// ruleKey: the last finding's, where findings of one rule differ. The
// findings are of one pack (newSyncPlan).
func ruleCites(fs []ledger.Finding, order []int32) map[string]ruleRecord {
	last := map[string]int32{}
	for _, i := range order {
		last[fs[i].Source.RuleID] = i
	}
	cites := make(map[string]ruleRecord, len(last))
	for _, i := range last {
		src := &fs[i].Source
		cites[ruleKey(src.Pack, src.RuleID)] = newRuleRecord(src)
	}
	return cites
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
