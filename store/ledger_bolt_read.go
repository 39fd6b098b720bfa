package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

// Hazard returns hazard id, with its history when withHistory. It returns
// an error wrapping geo.ErrNotFound if there is none. See Ledger.
func (s *Store) Hazard(ctx context.Context, id uint64, withHistory bool) (ledger.Hazard, error) {
	var h ledger.Hazard
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		if h, _, err = newTxLedger(tx, nil).get(id); err != nil {
			return err
		}
		citeHazard(tx, &h)
		if !withHistory {
			return nil
		}
		c := tx.Bucket([]byte(bucketHzHistory)).Cursor()
		prefix := seqKey(id)
		for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
			e, err := decodeEntry(v)
			if err != nil {
				return err
			}
			h.History = append(h.History, e)
		}
		return nil
	})
	return h, wrap("get hazard", err)
}

// Hazards returns a page of the hazards f selects, by ID. Next is the last
// ID of a full page (the page after may be empty) and 0 otherwise. The
// index used is the first of: school, state and unit, unit, vanished,
// state, overdue, bound; with none of these, every hazard is read.
func (s *Store) Hazards(ctx context.Context, f HazardFilter) (HazardPage, error) {
	f, err := checkPage(f)
	if err != nil {
		return HazardPage{}, err
	}
	page := HazardPage{Hazards: make([]ledger.Hazard, 0, min(f.Limit, 64))}
	err = s.view(ctx, func(tx *bolt.Tx) error {
		return scanHazards(tx, &f, func(h *ledger.Hazard) bool {
			page.Hazards = append(page.Hazards, *h)
			return len(page.Hazards) < f.Limit
		})
	})
	if err != nil {
		return HazardPage{}, wrap("list hazards", err)
	}
	if n := len(page.Hazards); n == f.Limit {
		page.Next = page.Hazards[n-1].ID
	}
	return page, nil
}

// EachHazard calls fn for every hazard f selects, by ID, from one
// snapshot, and stops at fn's first error. See Ledger.
func (s *Store) EachHazard(ctx context.Context, f HazardFilter, fn func(*ledger.Hazard) error) error {
	f.After = 0
	var fnErr error
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return scanHazards(tx, &f, func(h *ledger.Hazard) bool {
			fnErr = fn(h)
			return fnErr == nil && ctx.Err() == nil
		})
	})
	if fnErr != nil {
		return fnErr
	}
	if err == nil {
		err = ctx.Err()
	}
	return wrap("list hazards", err)
}

// scanHazards calls fn for the hazards f selects with IDs above f.After,
// in ID order, until fn returns false.
func scanHazards(tx *bolt.Tx, f *HazardFilter, fn func(*ledger.Hazard) bool) error {
	ids := candidates(tx, f)
	hazards := tx.Bucket([]byte(bucketHazards))
	cites := newCiter(tx)
	for id, ok := ids.next(); ok; id, ok = ids.next() {
		v := hazards.Get(seqKey(id))
		if v == nil {
			continue
		}
		h, err := decodeHazard(id, v)
		if err != nil {
			return err
		}
		if !f.match(&h) {
			continue
		}
		cites.cite(&h)
		if !fn(&h) {
			return nil
		}
	}
	return nil
}

// HazardAttachments lists the files attached to hazard id, oldest first.
// It returns an error wrapping geo.ErrNotFound if there is no such hazard.
func (s *Store) HazardAttachments(ctx context.Context, id uint64) ([]ledger.Attachment, error) {
	as := make([]ledger.Attachment, 0)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(bucketHazards)).Get(seqKey(id)) == nil {
			return ledger.NotFoundf("hazard %d: not found", id)
		}
		c := tx.Bucket([]byte(bucketHzFiles)).Cursor()
		prefix := seqKey(id)
		for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r attachmentRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			as = append(as, r.attachment(hex.EncodeToString(k[8:])))
		}
		return nil
	})
	sortAttachments(as)
	return as, wrap("list attachments", err)
}

// HazardAttachment returns the file with the given SHA-256 attached to
// hazard id, and its bytes. It returns an error wrapping geo.ErrNotFound if
// the hazard has no such file.
func (s *Store) HazardAttachment(ctx context.Context, id uint64, sha string) (ledger.Attachment, []byte, error) {
	var a ledger.Attachment
	var data []byte
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if !ledger.ValidSHA256(sha) {
			return ledger.NotFoundf("attachment %q of hazard %d: not found", sha, id)
		}
		v := tx.Bucket([]byte(bucketHzFiles)).Get(fileKey(id, sha))
		if v == nil {
			return ledger.NotFoundf("attachment %q of hazard %d: not found", sha, id)
		}
		var r attachmentRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		a = r.attachment(sha)
		sum, _ := hex.DecodeString(sha)
		data = bytes.Clone(tx.Bucket([]byte(bucketBlobs)).Get(sum))
		return nil
	})
	return a, data, wrap("get attachment", err)
}

// HazardSummary summarizes the ledger from its counts, or one school's
// hazards from the hazards themselves. See Ledger.
func (s *Store) HazardSummary(ctx context.Context, cfg *ledger.Config, schoolID string, now time.Time, topSchools int) (ledger.Summary, map[string]string, error) {
	var sum ledger.Summary
	names := map[string]string{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if schoolID == "" {
			sum = boltSummary(tx.Bucket([]byte(bucketHzCounts)), cfg, now, topSchools)
		} else {
			counts := map[string]int64{}
			f := HazardFilter{SchoolID: schoolID}
			err := scanHazards(tx, &f, func(h *ledger.Hazard) bool { ledger.AddDelta(counts, nil, h); return true })
			if err != nil {
				return err
			}
			sum = cfg.Summarize(counts, now, topSchools)
		}
		return schoolNames(tx, sum.BySchool, names)
	})
	return sum, names, wrap("summarize hazards", err)
}

// boltSummary is the summary of the whole ledger from its counts: the
// schools' counts, one or two for each of up to hundreds of thousands of
// schools, are counted and ranked as they are read, not gathered.
func boltSummary(b *bolt.Bucket, cfg *ledger.Config, now time.Time, topSchools int) ledger.Summary {
	schools, open := []byte(ledger.SchoolKeyPrefix), []byte(ledger.SchoolOpenKeyPrefix)
	counts := map[string]int64{}
	c := b.Cursor()
	for k, v := c.First(); k != nil; {
		if bytes.HasPrefix(k, schools) || bytes.HasPrefix(k, open) {
			// Skip the schools' counts, which sort together, to the end.
			k, v = c.Seek([]byte(prefixEnd(ledger.SchoolOpenKeyPrefix)))
			continue
		}
		counts[string(k)] = int64(binary.BigEndian.Uint64(v))
		k, v = c.Next()
	}
	var nSchools int64
	if v := b.Get([]byte(ledger.SchoolsKey)); len(v) == 8 {
		nSchools = int64(binary.BigEndian.Uint64(v))
	}
	delete(counts, ledger.SchoolsKey)
	sum := cfg.Summarize(counts, now, 0)
	sum.Schools = int(nSchools)
	sum.BySchool = ledger.TopSchools(func(yield func(string, int64) bool) {
		for k, v := c.Seek(open); bytes.HasPrefix(k, open); k, v = c.Next() {
			if !yield(string(k[len(open):]), int64(binary.BigEndian.Uint64(v))) {
				return
			}
		}
	}, topSchools)
	for i := range sum.BySchool {
		if v := b.Get([]byte(ledger.SchoolKey(sum.BySchool[i].Key))); len(v) == 8 {
			sum.BySchool[i].Total = int64(binary.BigEndian.Uint64(v))
		}
	}
	return sum
}

// schoolNames looks up the name of each school from its first hazard.
func schoolNames(tx *bolt.Tx, gs []ledger.GroupCount, names map[string]string) error {
	c := tx.Bucket([]byte(bucketHzIndex)).Cursor()
	l := newTxLedger(tx, nil)
	for _, g := range gs {
		prefix := indexKey(ixSchool, g.Key, nil)
		k, _ := c.Seek(prefix)
		if !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+8 {
			continue
		}
		h, _, err := l.get(binary.BigEndian.Uint64(k[len(prefix):]))
		if err != nil {
			return err
		}
		names[g.Key] = h.SchoolName
	}
	return nil
}

// citer fills in the rule's title, severity and citation of audit
// hazards from bucketHzRules, reading each rule's once.
type citer struct {
	rules *bolt.Bucket
	cache map[string]ruleRecord
}

func newCiter(tx *bolt.Tx) *citer {
	return &citer{rules: tx.Bucket([]byte(bucketHzRules)), cache: map[string]ruleRecord{}}
}

func (c *citer) cite(h *ledger.Hazard) {
	if h.Source.Kind != ledger.FromAudit {
		return
	}
	k := ruleKey(h.Source.Pack, h.Source.RuleID)
	r, ok := c.cache[k]
	if !ok {
		if v := c.rules.Get([]byte(k)); v != nil {
			json.Unmarshal(v, &r) // a rule that does not decode shows no citation
		}
		c.cache[k] = r
	}
	r.apply(&h.Source)
}

func citeHazard(tx *bolt.Tx, h *ledger.Hazard) { newCiter(tx).cite(h) }

func ledgerNotFound(err error) bool { return errors.Is(err, geo.ErrNotFound) }
