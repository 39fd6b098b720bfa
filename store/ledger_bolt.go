package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/ledger"
)

// The ledger's buckets in the bbolt file (see doc.go).
const (
	bucketHazards   = "hazards"    // ID (8 bytes) -> hazardRecord
	bucketHzHistory = "hz_history" // ID (8) + entry number (4) -> entryRecord
	bucketHzKeys    = "hz_keys"    // ledger.Key of an audit hit -> ID (8) + state code + vanished
	bucketHzIndex   = "hz_index"   // index keys (hazardIndexKeys) -> nothing
	bucketHzAlerts  = "hz_alerts"  // alert time (8, seconds) + ID (8) -> nothing
	bucketHzCounts  = "hz_counts"  // ledger counter key -> count (8, big-endian)
	bucketHzRules   = "hz_rules"   // pack + 0x1F + rule -> citationRecord
	bucketHzFiles   = "hz_files"   // ID (8) + SHA-256 (32) -> attachmentRecord
	bucketBlobs     = "blobs"      // SHA-256 (32) -> the file's bytes
	bucketOutbox    = "outbox"     // sequence (8) -> outboxRecord
)

var ledgerBuckets = []string{bucketHazards, bucketHzHistory, bucketHzKeys, bucketHzIndex, bucketHzAlerts,
	bucketHzCounts, bucketHzRules, bucketHzFiles, bucketBlobs, bucketOutbox}

// The first byte of each kind of index key in bucketHzIndex. Every key ends
// with the hazard's ID, so a prefix lists its hazards in ID order.
const (
	ixUnit     = 'U' // state NUL unit NUL ID: every hazard
	ixSchool   = 'C' // school NUL ID: every hazard
	ixVanished = 'V' // ID: open hazards marked vanished
	ixDeadline = 'D' // YYYYMMDD ID: hazards assigned or rectifying
	ixPlace    = 'P' // area row (2) area column (2) ID -> tile row (2) tile column (2): every hazard, by its point
	// ixCell keys, tile row (2) tile column (2) ID, were the place index
	// of stores written before ixPlace; Open turns them into ixPlace keys.
	ixCell = 'G'
)

// cellZoom is the zoom of the web-map tiles that bucket hazards by place
// for bbox queries: 2.4 km at the equator. areaShift is how many zoom
// levels coarser the areas of ixPlace keys are: zoom 10, 39 km. A key
// holds the area and the value the tile, so that the hazards of a sync,
// whose IDs are new, go at the ends of a few hundred areas' ranges, not
// into every page of a range of tens of thousands of tiles, and a bbox
// query still reads only the keys of its hazards' areas.
const (
	cellZoom  = 14
	areaShift = 4
)

// txLedger is the ledger inside one bbolt read-write transaction. Counts
// changed by its writes are added up in counts and written by flush.
type txLedger struct {
	tx                                    *bolt.Tx
	hazards, history, keys, index, alerts *bolt.Bucket
	counts                                map[string]int64
	cfg                                   *ledger.Config
	// bulk, when not nil, holds the index keys of new hazards back for
	// flush to put in key order: bbolt inserts into a node by moving the
	// keys after the new one, so a transaction putting tens of thousands
	// of keys at random places spends its time in memmove.
	bulk [][]byte
}

func newTxLedger(tx *bolt.Tx, cfg *ledger.Config) *txLedger {
	l := &txLedger{
		tx: tx, hazards: tx.Bucket([]byte(bucketHazards)), history: tx.Bucket([]byte(bucketHzHistory)),
		keys: tx.Bucket([]byte(bucketHzKeys)), index: tx.Bucket([]byte(bucketHzIndex)), alerts: tx.Bucket([]byte(bucketHzAlerts)),
		counts: map[string]int64{}, cfg: cfg,
	}
	// Hazards and history entries almost only go at the end, so their
	// pages can be full; bbolt's default (half full) made the file twice
	// as big.
	// Keys and index keys mostly go at the end of their ranges.
	l.hazards.FillPercent, l.history.FillPercent = 1, 1
	l.keys.FillPercent, l.index.FillPercent = 0.8, 0.8
	return l
}

// get returns hazard id and its stored record.
func (l *txLedger) get(id uint64) (ledger.Hazard, hazardRecord, error) {
	v := l.hazards.Get(seqKey(id))
	if v == nil {
		return ledger.Hazard{}, hazardRecord{}, ledger.NotFoundf("hazard %d: not found", id)
	}
	var r hazardRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return ledger.Hazard{}, r, fmt.Errorf("decode hazard %d: %w", id, err)
	}
	h, err := r.hazard(id)
	return h, r, err
}

// put stores h, which was old (nil for a new hazard, whose ID is set), and
// moves its index keys, alert key, hit key and counts along.
func (l *txLedger) put(old *ledger.Hazard, oldRec *hazardRecord, h *ledger.Hazard) error {
	var next int64
	if at, ok := l.cfg.NextAlert(h); ok {
		next = at.Unix()
	}
	v, err := encodeHazard(h, next)
	if err != nil {
		return err
	}
	if err := l.hazards.Put(seqKey(h.ID), v); err != nil {
		return err
	}
	switch {
	case old == nil && l.bulk != nil:
		l.bulk = append(l.bulk, hazardIndexKeys(h)...)
		if err := l.putPlace(h); err != nil {
			return err
		}
	case old == nil:
		if err := moveKeys(l.index, nil, hazardIndexKeys(h)); err != nil {
			return err
		}
		if err := l.putPlace(h); err != nil {
			return err
		}
	default:
		if err := moveKeys(l.index, hazardIndexKeys(old), hazardIndexKeys(h)); err != nil {
			return err
		}
	}
	if err := l.moveAlert(oldRec, next, h.ID); err != nil {
		return err
	}
	if h.Key != "" {
		if err := l.keys.Put([]byte(h.Key), hitValue(h)); err != nil {
			return err
		}
	}
	ledger.AddDelta(l.counts, old, h)
	return nil
}

// putNew stores a new hazard made ahead of the transaction, with the next
// ID, which it returns. Its index keys and counts are the caller's.
func (l *txLedger) putNew(n *newHazard) (uint64, error) {
	id, err := l.hazards.NextSequence()
	if err != nil {
		return 0, err
	}
	if err := l.hazards.Put(seqKey(id), n.record); err != nil {
		return 0, err
	}
	if err := l.history.Put(historyKey(id, n.h.Last.Seq), n.entry); err != nil {
		return 0, err
	}
	h := n.h
	h.ID = id
	if err := l.keys.Put(n.key, hitValue(&h)); err != nil {
		return 0, err
	}
	if n.nextAlert != 0 {
		return id, l.alerts.Put(alertKey(n.nextAlert, id), nil)
	}
	return id, nil
}

// moveAlert moves h's key in bucketHzAlerts from where oldRec put it to
// next (seconds; 0 for none).
func (l *txLedger) moveAlert(oldRec *hazardRecord, next int64, id uint64) error {
	var prev int64
	if oldRec != nil {
		prev = oldRec.NextAlert
	}
	if prev == next {
		return nil
	}
	if prev != 0 {
		if err := l.alerts.Delete(alertKey(prev, id)); err != nil {
			return err
		}
	}
	if next == 0 {
		return nil
	}
	return l.alerts.Put(alertKey(next, id), nil)
}

// appendEntry adds e to hazard id's history.
func (l *txLedger) appendEntry(id uint64, e ledger.Entry) error {
	return l.history.Put(historyKey(id, e.Seq), encodeEntry(e))
}

// flush puts the index keys held back, in order, and adds the counts
// changed by this transaction's writes to the stored ones.
func (l *txLedger) flush() error {
	slices.SortFunc(l.bulk, bytes.Compare)
	for _, k := range l.bulk {
		if err := l.index.Put(k, nil); err != nil {
			return err
		}
	}
	l.bulk = l.bulk[:0]
	schools, err := addCounts(l.tx.Bucket([]byte(bucketHzCounts)), sortedCounts(l.counts))
	clear(l.counts)
	if err == nil && schools != 0 {
		_, err = addCount(l.tx.Bucket([]byte(bucketHzCounts)), ledger.SchoolsKey, schools)
	}
	return err
}

// moveKeys deletes the keys of old not in new and puts those of new not in
// old.
func moveKeys(b *bolt.Bucket, old, new [][]byte) error {
	for _, k := range old {
		if !containsKey(new, k) {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	for _, k := range new {
		if !containsKey(old, k) {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsKey(ks [][]byte, k []byte) bool {
	for _, x := range ks {
		if bytes.Equal(x, k) {
			return true
		}
	}
	return false
}

// hazardIndexKeys returns h's keys in bucketHzIndex.
func hazardIndexKeys(h *ledger.Hazard) [][]byte {
	id := seqKey(h.ID)
	ks := [][]byte{
		indexKey(ixUnit, string(h.State)+"\x00"+h.Unit, id),
		indexKey(ixSchool, h.SchoolID, id),
	}
	if h.Open() && h.Vanished {
		ks = append(ks, append([]byte{ixVanished}, id...))
	}
	if (h.State == ledger.Assigned || h.State == ledger.Rectifying) && !h.Deadline.IsZero() {
		ks = append(ks, append(append([]byte{ixDeadline}, deadlineKey(h.Deadline)...), id...))
	}
	return ks
}

// indexKey is kind, s, NUL, then the ID.
func indexKey(kind byte, s string, id []byte) []byte {
	k := make([]byte, 0, 2+len(s)+len(id))
	k = append(append(append(k, kind), s...), 0)
	return append(k, id...)
}

func deadlineKey(d ledger.Date) []byte {
	return fmt.Appendf(nil, "%04d%02d%02d", d.Year, d.Month, d.Day)
}

func alertKey(at int64, id uint64) []byte {
	return binary.BigEndian.AppendUint64(seqKey(uint64(at)), id)
}

func historyKey(id uint64, seq int) []byte {
	return binary.BigEndian.AppendUint32(seqKey(id), uint32(seq))
}

// The state codes of hitValue.
var stateCodes = map[ledger.State]byte{ledger.Found: 'f', ledger.Assigned: 'a', ledger.Rectifying: 'r', ledger.Verifying: 'v', ledger.Closed: 'c'}

// hitValue is h's value in bucketHzKeys: its ID, its state's code and
// whether it is vanished, so that a sync reads no hazard it leaves alone.
func hitValue(h *ledger.Hazard) []byte {
	v := append(seqKey(h.ID), stateCodes[h.State], 0)
	if h.Vanished {
		v[9] = 1
	}
	return v
}
