package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Snapshot is a consistent copy of a store's database file as of one
// moment: what every transaction committed before it, and nothing after.
type Snapshot interface {
	// Size is the length in bytes of what WriteTo writes.
	Size() int64
	// WriteTo writes the database file to w, a file that Open and Restore
	// read.
	WriteTo(w io.Writer) (int64, error)
}

// Backup calls fn with a snapshot of the store, taken in a read-only
// transaction that stays open until fn returns: writes go on meanwhile
// and are not in it. Every check recorded before the call is in it (see
// checkLog). A long backup holds on to the pages it reads, so the file may
// grow while it runs. Safe for concurrent use.
func (s *Store) Backup(ctx context.Context, fn func(Snapshot) error) error {
	if err := s.checks.wait(ctx); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return s.view(ctx, func(tx *bolt.Tx) error { return fn(tx) })
}

// BackupInfo is what a backup file holds.
type BackupInfo struct {
	Schema       string // the schema version, as Open reads it
	Businesses   int
	Tokens       int
	LogEntries   int
	Features     int // imported schools and water bodies
	RulePacks    int // uploaded rule packs
	DefaultRules string
}

// Verify opens the file at path read-only as a store's database and checks
// it: the schema version this program reads, the buckets every store has,
// and every record of them decoding. It returns what the file holds, or
// an error wrapping geo.ErrInvalidInput that names the file and the
// problem; a file that cannot be opened is an error wrapping its cause
// (fs.ErrNotExist for a missing file).
func Verify(path string) (BackupInfo, error) {
	db, err := openBackup(path)
	if err != nil {
		return BackupInfo{}, err
	}
	defer db.Close()
	return inspectFile(db, path)
}

// openBackup opens a backup file read-only.
func openBackup(path string) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	var pe *os.PathError
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	case errors.As(err, &pe):
		return nil, err
	case err != nil:
		return nil, invalidf("%s: not a safezone store: %v", path, err)
	}
	return db, nil
}

// inspectFile runs inspect in a read-only transaction of db. A file whose
// pages lie about their contents can make bbolt panic, or fault on its
// memory map, while reading them; either is a bad file, not a crash.
func inspectFile(db *bolt.DB, path string) (BackupInfo, error) {
	var info BackupInfo
	err := guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			var err error
			info, err = inspect(tx)
			return err
		})
	})
	if err != nil {
		return BackupInfo{}, invalidf("%s: not a safezone store: %v", path, err)
	}
	return info, nil
}

// guard runs fn, turning a panic or a memory fault in it into an error.
// bbolt reads pages through a memory map and asserts their headers; for a
// hostile file, both can fail on this goroutine.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("corrupt: %v", r)
		}
	}()
	return fn()
}

// inspect checks the schema and decodes every record, counting them.
func inspect(tx *bolt.Tx) (BackupInfo, error) {
	var info BackupInfo
	meta := tx.Bucket([]byte(bucketMeta))
	if meta == nil {
		return info, fmt.Errorf("no %s bucket", bucketMeta)
	}
	info.Schema = string(meta.Get([]byte(keySchema)))
	if info.Schema != schemaVersion {
		return info, fmt.Errorf("schema version %q: this program reads version %s", info.Schema, schemaVersion)
	}
	info.DefaultRules = string(meta.Get([]byte(keyDefaultRules)))
	counts := []struct {
		bucket   string
		n        *int
		decode   func(k, v []byte) error
		optional bool
	}{
		{bucketBusinesses, &info.Businesses, func(k, v []byte) error { _, err := decodeBusiness(k, v); return err }, false},
		{bucketTokens, &info.Tokens, func(k, v []byte) error { _, err := decodeToken(k, v); return err }, false},
		{bucketLog, &info.LogEntries, func(k, v []byte) error { _, err := decodeLogEntry(k, v); return err }, false},
		{bucketFeatures, &info.Features, decodeFeatureLine, true},
		{bucketRules, &info.RulePacks, decodeStoredPack, true},
	}
	for _, c := range counts {
		bk := tx.Bucket([]byte(c.bucket))
		if bk == nil {
			if c.optional {
				continue
			}
			return info, fmt.Errorf("no %s bucket", c.bucket)
		}
		err := bk.ForEach(func(k, v []byte) error {
			*c.n++
			return c.decode(k, v)
		})
		if err != nil {
			return info, fmt.Errorf("bucket %s: %w", c.bucket, err)
		}
	}
	return info, nil
}

func decodeFeatureLine(k, v []byte) error {
	_, err := readFeatures(bytes.NewBuffer(append(bytes.Clone(v), '\n')), "feature "+string(k))
	return err
}

func decodeStoredPack(k, v []byte) error {
	rp, err := decodeRulePack(k, v)
	if err != nil {
		return err
	}
	_, err = rp.Pack()
	return err
}

// Restored is what Restore installed.
type Restored struct {
	BackupInfo
	// Previous is where the store that was replaced is kept, next to the
	// new one; empty if dir held no store.
	Previous string
	// PreviousCheckLog is where the replaced store's check log (CheckLogName)
	// is kept if it held records: they belong to the replaced store's
	// chain, not to the backup's. Empty otherwise.
	PreviousCheckLog string
}

// Restore installs the backup file at path as the store in dir. It checks
// the file as Verify does, then copies its records (bbolt's Compact, so a
// file whose free page list or unused pages are damaged is not carried
// over) into a new file in dir, checks that too, and renames it over dir's
// database file, so that the store is either the old one or the new one,
// never a mix. The old file stays next to it, named Restored.Previous. It
// returns an error wrapping ErrLocked, and changes nothing, if another
// process has the store open; an error wrapping geo.ErrInvalidInput if the
// file is not a store this program reads.
func Restore(dir, path string) (Restored, error) {
	if dir == "" {
		return Restored{}, invalidf("store dir %q: must not be empty", dir)
	}
	src, err := openBackup(path)
	if err != nil {
		return Restored{}, err
	}
	defer src.Close()
	info, err := inspectFile(src, path)
	if err != nil {
		return Restored{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Restored{}, fmt.Errorf("create store dir: %w", err)
	}
	target := filepath.Join(dir, FileName)
	unlock, err := lockExisting(target)
	if err != nil {
		return Restored{}, err
	}
	defer unlock()
	tmp, err := compactInto(dir, src, path)
	if err != nil {
		return Restored{}, err
	}
	defer os.Remove(tmp) // after the rename, there is nothing there
	if copied, err := Verify(tmp); err != nil || copied != info {
		return Restored{}, fmt.Errorf("restore: the copy of %s differs from it: %+v, %v", path, copied, err)
	}
	return install(dir, target, tmp, info)
}

// install renames tmp over target, keeping the old target under another
// name.
func install(dir, target, tmp string, info BackupInfo) (Restored, error) {
	r := Restored{BackupInfo: info}
	suffix := ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	if _, err := os.Stat(target); err == nil {
		r.Previous = target + suffix
		if err := os.Link(target, r.Previous); err != nil {
			return Restored{}, fmt.Errorf("keep the previous store: %w", err)
		}
	}
	log := filepath.Join(dir, CheckLogName)
	if fi, err := os.Stat(log); err == nil && fi.Size() > 0 {
		r.PreviousCheckLog = log + suffix
		if err := os.Rename(log, r.PreviousCheckLog); err != nil {
			return Restored{}, fmt.Errorf("keep the previous store's check log: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return Restored{}, fmt.Errorf("install %s: %w", target, err)
	}
	return r, syncDir(dir)
}

// lockExisting takes the lock of the store file at path, if there is one,
// as Open would, and returns a function that releases it. It returns an
// error wrapping ErrLocked if another process holds it.
func lockExisting(path string) (unlock func(), err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return func() {}, nil
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w (gave up waiting for the file lock after %v)", path, ErrLocked, lockTimeout)
	}
	if err != nil {
		// The old file is not a usable store, so no server has it open:
		// replacing it is what a restore is for.
		return func() {}, nil
	}
	return func() { db.Close() }, nil
}

// compactTxBytes is how much Compact writes per transaction.
const compactTxBytes = 64 << 20

// compactInto copies the records of src (read from path) into a new file
// in dir, synced to disk, and returns its name.
func compactInto(dir string, src *bolt.DB, path string) (string, error) {
	f, err := os.CreateTemp(dir, ".restore-*.db")
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	f.Close()
	name := f.Name()
	dst, err := bolt.Open(name, 0o600, &bolt.Options{NoSync: true})
	if err == nil {
		err = guard(func() error { return bolt.Compact(dst, src, compactTxBytes) })
		if err == nil {
			err = dst.Sync()
		}
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.Remove(name)
		return "", fmt.Errorf("restore: copy %s: %w", path, err)
	}
	return name, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
