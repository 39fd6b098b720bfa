package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ActionCheckRecord is the log action of a recorded check.
const ActionCheckRecord = "check.record"

// MaxCheckRecordBytes is the largest record RecordCheck stores: a check,
// its answer and its rule pack take tens of kilobytes.
const MaxCheckRecordBytes = 4 << 20

// checkIDPrefix starts every record ID: "chk-" and the sequence number.
const checkIDPrefix = "chk-"

// genesisSHA256 is what the first record names as its previous record's
// hash.
var genesisSHA256 = strings.Repeat("0", 64)

// CheckRecord is a recorded check (测距核查单): what was asked and answered,
// as the caller gave it in Record, sealed with who recorded it, when, and
// the SHA-256 of the record before it, so that the records form a hash
// chain: changing, removing or reordering one breaks the chain at the next
// (see VerifyChecks). Records are only ever appended.
type CheckRecord struct {
	ID         string    // "chk-N"
	Seq        uint64    // 1, 2, 3, ... in commit order
	Time       time.Time // UTC, to the microsecond
	Actor      string
	PrevSHA256 string          // hex; 64 zeros for the first record
	SHA256     string          // hex SHA-256 of Body
	Record     json.RawMessage // the content, compacted
	// Body is the stored bytes SHA256 is taken over: a JSON object of id,
	// seq, time, actor, prev_sha256 and record.
	Body []byte
}

// checkEnvelope is the JSON of CheckRecord.Body.
type checkEnvelope struct {
	ID     string          `json:"id"`
	Seq    uint64          `json:"seq"`
	Time   time.Time       `json:"time"`
	Actor  string          `json:"actor"`
	Prev   string          `json:"prev_sha256"`
	Record json.RawMessage `json:"record"`
}

// ChainCheck is what VerifyChecks found.
type ChainCheck struct {
	Records uint64 // records walked, up to the first break
	// Head is the SHA-256 of the last record walked: published elsewhere,
	// it anchors the chain, since the last record has no successor to
	// betray a change to it.
	Head  string
	Break *ChainBreak // the first break; nil if the chain is whole
}

// ChainBreak is where a chain of records stops holding.
type ChainBreak struct {
	Seq    uint64
	ID     string
	Reason string
}

// compactRecord validates record, a JSON object of at most
// MaxCheckRecordBytes, and returns it compacted. It returns an error
// wrapping geo.ErrInvalidInput otherwise. It is done before the write
// transaction, so that the writer only seals.
func compactRecord(record []byte) ([]byte, error) {
	if len(record) > MaxCheckRecordBytes {
		return nil, invalidf("record: %d bytes: must be at most %d", len(record), MaxCheckRecordBytes)
	}
	notObject := func() error {
		return invalidf("record %q: must be a JSON object", clip(string(record[:min(len(record), 160)]), 40))
	}
	if t := bytes.TrimSpace(record); len(t) == 0 || t[0] != '{' {
		return nil, notObject()
	}
	var compact bytes.Buffer
	compact.Grow(len(record))
	if err := json.Compact(&compact, record); err != nil {
		return nil, notObject()
	}
	if !needsEscape(compact.Bytes()) {
		return compact.Bytes(), nil
	}
	// As json.Marshal writes a json.RawMessage: <, > and & in strings
	// escaped, so that a record is stored as it always was.
	var escaped bytes.Buffer
	escaped.Grow(compact.Len() + 64)
	json.HTMLEscape(&escaped, compact.Bytes())
	return escaped.Bytes(), nil
}

// needsEscape reports whether b holds a character json.HTMLEscape escapes.
// (bytes.ContainsAny with the line separators in its set decodes every
// rune: slower than the checks here together.)
func needsEscape(b []byte) bool {
	return bytes.ContainsAny(b, "<>&") || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
}

// sealCheckRecord seals compact, a record from compactRecord, as the
// record after one with sequence prev and hash prevHash. The body is the
// JSON of checkEnvelope, written out field by field: the record is already
// compact, and marshalling would check and compact its bytes again inside
// the write transaction.
func sealCheckRecord(actor string, compact []byte, prev uint64, prevHash string, now time.Time) CheckRecord {
	seq := prev + 1
	id := checkIDPrefix + strconv.FormatUint(seq, 10)
	actorJSON, _ := json.Marshal(actor) // a string always marshals
	body := make([]byte, 0, len(compact)+len(actorJSON)+192)
	body = append(body, `{"id":"`...)
	body = append(body, id...)
	body = append(body, `","seq":`...)
	body = strconv.AppendUint(body, seq, 10)
	body = append(body, `,"time":"`...)
	body = now.AppendFormat(body, time.RFC3339Nano)
	body = append(body, `","actor":`...)
	body = append(body, actorJSON...)
	body = append(body, `,"prev_sha256":"`...)
	body = append(body, prevHash...)
	body = append(body, `","record":`...)
	body = append(body, compact...)
	body = append(body, '}')
	return CheckRecord{ID: id, Seq: seq, Time: now, Actor: actor, PrevSHA256: prevHash, SHA256: sealOf(body),
		Record: json.RawMessage(compact), Body: body}
}

// sealOf is the hex SHA-256 of body.
func sealOf(body []byte) string {
	h := sha256.Sum256(body)
	return hex.EncodeToString(h[:])
}

// decodeCheckRecord reads a stored body and its stored hash.
func decodeCheckRecord(body []byte, hash string) (CheckRecord, error) {
	var e checkEnvelope
	if err := json.Unmarshal(body, &e); err != nil {
		return CheckRecord{}, fmt.Errorf("decode check record: %w", err)
	}
	return CheckRecord{ID: e.ID, Seq: e.Seq, Time: e.Time, Actor: e.Actor, PrevSHA256: e.Prev, SHA256: hash, Record: e.Record, Body: body}, nil
}

// checkSeq parses a record ID, "chk-N"; ok is false for anything else.
func checkSeq(id string) (uint64, bool) {
	n, ok := strings.CutPrefix(id, checkIDPrefix)
	if !ok || n == "" || n[0] == '0' || len(n) > 19 {
		return 0, false
	}
	seq, err := strconv.ParseUint(n, 10, 64)
	return seq, err == nil
}

// chainWalker checks records one at a time, in sequence order.
type chainWalker struct {
	res  ChainCheck
	prev string
	seq  uint64
}

func newChainWalker() *chainWalker { return &chainWalker{prev: genesisSHA256} }

// next checks the record stored under seq, with its stored hash and body.
// It returns false once the chain is broken.
func (w *chainWalker) next(seq uint64, hash string, body []byte) bool {
	fail := func(format string, args ...any) bool {
		w.res.Break = &ChainBreak{Seq: seq, ID: checkIDPrefix + strconv.FormatUint(seq, 10), Reason: fmt.Sprintf(format, args...)}
		return false
	}
	if seq != w.seq+1 {
		return fail("record %d is missing: the records jump from %d to %d", w.seq+1, w.seq, seq)
	}
	if got := sealOf(body); got != hash {
		return fail("its bytes hash to %s, but its stored SHA-256 is %s: the record was changed", got, hash)
	}
	r, err := decodeCheckRecord(body, hash)
	if err != nil {
		return fail("its bytes are not a record: %v", err)
	}
	if r.Seq != seq || r.ID != checkIDPrefix+strconv.FormatUint(seq, 10) {
		return fail("it is stored as record %d but says it is %q (%d)", seq, r.ID, r.Seq)
	}
	if r.PrevSHA256 != w.prev {
		return fail("it names %s as the previous record's SHA-256, but the previous record's is %s", r.PrevSHA256, w.prev)
	}
	w.seq, w.prev = seq, hash
	w.res.Records++
	w.res.Head = hash
	return true
}

// decodeSeq reads a key made by seqKey.
func decodeSeq(k []byte) uint64 { return binary.BigEndian.Uint64(k) }

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// RecordCheck appends record, a JSON object describing a check and its
// answer, as the next record in the chain, by actor, with a log entry, and
// makes it durable (synced to the disk, see checkLog) before it returns. It returns an error
// wrapping geo.ErrInvalidInput if actor is empty or record is not a JSON
// object of at most MaxCheckRecordBytes. Safe for concurrent use.
func (s *Store) RecordCheck(ctx context.Context, actor string, record []byte) (CheckRecord, error) {
	if err := checkActor(actor); err != nil {
		return CheckRecord{}, err
	}
	compact, err := compactRecord(record)
	if err != nil {
		return CheckRecord{}, err
	}
	rec, err := s.checks.record(ctx, actor, compact)
	if err != nil {
		return CheckRecord{}, wrap("record check", err)
	}
	return rec, nil
}

// CheckRecord returns the record with the given ID. It returns an error
// wrapping geo.ErrNotFound if there is none, including for IDs that are
// not of the form "chk-N". Safe for concurrent use.
func (s *Store) CheckRecord(ctx context.Context, id string) (CheckRecord, error) {
	seq, ok := checkSeq(id)
	if !ok {
		return CheckRecord{}, notFoundf("check record %q: not found", id)
	}
	if err := s.checks.wait(ctx); err != nil {
		return CheckRecord{}, wrap("get check record", err)
	}
	var rec CheckRecord
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte(bucketChecks)).Get(seqKey(seq))
		if len(v) < sha256.Size {
			return notFoundf("check record %q: not found", id)
		}
		var err error
		rec, err = decodeCheckRecord(bytes.Clone(v[sha256.Size:]), hex.EncodeToString(v[:sha256.Size]))
		return err
	})
	return rec, wrap("get check record", err)
}

// VerifyChecks walks every record in sequence order, from one consistent
// snapshot, and reports the first break: a record whose bytes no longer
// hash to its stored SHA-256, one that does not name the previous record's
// hash, or a missing sequence number. Safe for concurrent use.
func (s *Store) VerifyChecks(ctx context.Context) (ChainCheck, error) {
	if err := s.checks.wait(ctx); err != nil {
		return ChainCheck{}, wrap("verify checks", err)
	}
	w := newChainWalker()
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte(bucketChecks)).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 8 || len(v) < sha256.Size {
				w.res.Break = &ChainBreak{Seq: w.seq + 1, Reason: fmt.Sprintf("key %x holds %d bytes: not a record", k, len(v))}
				return nil
			}
			if !w.next(decodeSeq(k), hex.EncodeToString(v[:sha256.Size]), v[sha256.Size:]) {
				return nil
			}
		}
		return nil
	})
	return w.res, wrap("verify checks", err)
}
