package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrUnauthorized is wrapped by the errors Authenticate returns for an empty,
// malformed, unknown or revoked token. Match it with errors.Is.
var ErrUnauthorized = errors.New("store: unauthorized")

// ErrLocked is wrapped by the error Open returns when another process holds
// the store open.
var ErrLocked = errors.New("store: locked by another process")

// FileName is the name of the database file inside the store directory.
const FileName = "safezone.db"

const (
	// lockTimeout bounds how long Open waits for the file lock, so a second
	// process fails with ErrLocked instead of hanging.
	lockTimeout = time.Second

	schemaVersion = "1"

	bucketMeta       = "meta"
	bucketBusinesses = "businesses"
	bucketTokens     = "tokens"
	bucketLog        = "log"
	bucketChecks     = "checks"
	keySchema        = "schema"
)

// Store is the durable store of businesses, tokens and the audit log. It is
// safe for concurrent use by multiple goroutines.
type Store struct {
	db      *bolt.DB
	commits *committer
	checks  *checkLog // recorded checks, ahead of bbolt
	version atomic.Uint64
	syncMu  sync.Mutex // held by SyncHazards: one sync at a time
}

// Open opens the store in dir, creating the directory and the database file
// (FileName) if they do not exist. It returns an error wrapping ErrLocked if
// another process has the store open and does not release it within a
// second, and an error if the file is not a store or has a newer schema.
// The caller must Close the store.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, invalidf("store dir %q: must not be empty", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create store dir: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// NoSync stays false: every commit is fsynced before Update returns,
	// which is what makes a 2xx answer durable.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w (gave up waiting for the file lock after %v)", path, ErrLocked, lockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Update(initSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	logPath := filepath.Join(dir, CheckLogName)
	seq, hash, err := replayCheckLog(db, logPath)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, commits: newCommitter(db)}
	if s.checks, err = openCheckLog(s, logPath, seq, hash); err != nil {
		s.commits.close()
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// initSchema creates the buckets of a new store and checks the schema
// version of an existing one.
func initSchema(tx *bolt.Tx) error {
	for _, name := range append([]string{bucketMeta, bucketBusinesses, bucketTokens, bucketLog, bucketChecks}, ledgerBuckets...) {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	if err := migratePlaces(tx); err != nil {
		return err
	}
	meta := tx.Bucket([]byte(bucketMeta))
	switch v := meta.Get([]byte(keySchema)); {
	case v == nil:
		return meta.Put([]byte(keySchema), []byte(schemaVersion))
	case string(v) != schemaVersion:
		return fmt.Errorf("schema version %q: this program reads version %s", v, schemaVersion)
	}
	return nil
}

// Close waits for running transactions to finish and closes the store,
// releasing the file lock. Closing a closed store does nothing; other calls
// on a closed store return an error.
func (s *Store) Close() error {
	logErr := s.checks.close() // before the committer, which it copies through
	s.commits.close()
	if err := errors.Join(logErr, s.db.Close()); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Version returns a counter that increases after every committed business
// create, update or delete. It starts at 0 when the store is opened. An
// in-memory index can read Version, then Businesses, and rebuild when Version
// later differs: a write missing from that snapshot always moves the counter
// after the snapshot was taken. Safe for concurrent use.
func (s *Store) Version() uint64 { return s.version.Load() }

// update runs fn in a read-write transaction, committed with fsync, which
// it may share with concurrent writes (group commit, see committer): fn
// may run more than once and must set, not accumulate, what it returns.
// It returns once the transaction has committed or failed.
func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.commits.update(ctx, fn)
}

// updateAlone runs fn in a read-write transaction of its own, committed
// with fsync: for large writes such as imports, which would hold up the
// small writes batched with them.
func (s *Store) updateAlone(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

// view runs fn in a read-only snapshot transaction.
func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

// checkActor rejects an empty actor: every write must say who made it.
func checkActor(actor string) error {
	if actor == "" {
		return geo.Invalid("actor", actor, geo.Required())
	}
	return nil
}

// invalidf returns an error wrapping geo.ErrInvalidInput. The message names
// the field, quotes the value and says what is allowed.
func invalidf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: geo.ErrInvalidInput}
}

// notFoundf returns an error wrapping geo.ErrNotFound.
func notFoundf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: geo.ErrNotFound}
}

// kindError keeps the sentinel out of the message, so API clients read
// `lat "123.4": must be between -90 and 90` and not a "geo:" prefix.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// wrap adds the operation to an unexpected error. Errors about the caller's
// input are returned as they are, since API clients read their messages.
func wrap(op string, err error) error {
	var ke *kindError
	if err == nil || errors.As(err, &ke) || isInputError(err) {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// seqKey is the key for sequence number seq: big-endian, so key order is
// numeric order.
func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// checkText checks s, the trimmed form of raw, a text field of at most
// maxLen runes, and its characters (checkChars).
func checkText(field, raw, s string, maxLen int, required bool) error {
	if err := checkChars(field, raw, s); err != nil {
		return err
	}
	switch {
	case required && s == "":
		return geo.Invalid(field, raw, geo.Required())
	case utf8.RuneCountInString(s) > maxLen:
		return invalidf("%s %q: must be at most %d characters", field, raw, maxLen)
	}
	return nil
}

// checkChars checks that s, the form of raw to be stored, is valid UTF-8
// without U+FFFD (which stands for bytes that were not, once decoded) and
// without control characters (TextControl).
func checkChars(field, raw, s string) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return invalidf("%s %q: must be valid UTF-8 (U+FFFD stands for bytes that were not)", field, raw)
	}
	if i := strings.IndexFunc(s, TextControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return invalidf("%s %q: must not contain control characters (%U)", field, raw, r)
	}
	return nil
}

// TextControl reports whether r may not appear in a stored text field or
// in a file name a message repeats: the C0 and C1 controls (tab and
// newline included: the fields are one line), the line and paragraph
// separators, and the bidirectional
// embeddings, overrides and isolates, which can make a name read
// differently from what it is (CVE-2021-42574, "Trojan Source").
func TextControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		(r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// isInputError reports whether err is about the caller's input, as the
// ledger's errors are: bad input, not found, a conflict, forbidden.
func isInputError(err error) bool {
	for _, k := range []error{geo.ErrInvalidInput, geo.ErrNotFound, ledger.ErrConflict, ledger.ErrForbidden} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}
