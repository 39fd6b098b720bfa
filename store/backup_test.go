package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
	bolt "go.etcd.io/bbolt"
)

// MustBackup writes a backup of s to a file and returns its path.
func MustBackup(tb testing.TB, s *store.Store) string {
	tb.Helper()
	var buf bytes.Buffer
	var size int64
	err := s.Backup(context.Background(), func(snap store.Snapshot) error {
		size = snap.Size()
		_, err := snap.WriteTo(&buf)
		return err
	})
	if err != nil {
		tb.Fatalf("Backup: %v", err)
	}
	if int64(buf.Len()) != size {
		tb.Fatalf("Backup wrote %d bytes, Size said %d", buf.Len(), size)
	}
	path := filepath.Join(tb.TempDir(), "backup.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// mustFill writes some of everything a store holds.
func mustFill(tb testing.TB, s *store.Store) {
	tb.Helper()
	ctx := context.Background()
	for i := range 5 {
		MustCreateBusiness(tb, s, store.BusinessInput{Name: fmt.Sprintf("网吧%d", i), Category: "internet_cafe", Lat: 30 + float64(i)/1000, Lon: 104})
	}
	MustCreateToken(tb, s, store.RoleAdmin, "")
	MustCreateToken(tb, s, store.RoleSchool, "way/1")
	school := geo.Feature{ID: "schools/1", Kind: geo.School, Name: "一小", SchoolKind: geo.Primary, Geometry: orb.Point{104.01, 30.01}}
	if _, err := s.Import(ctx, admin, store.ImportBatch{Source: "t", Features: []geo.Feature{school}}); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.PutRulePack(ctx, admin, "a.yaml", rulePackYAML("city-a", "甲市")); err != nil {
		tb.Fatal(err)
	}
	if err := s.SetDefaultRules(ctx, admin, "city-a"); err != nil {
		tb.Fatal(err)
	}
}

// contents is everything a store holds, to compare two stores.
type contents struct {
	Businesses []store.Business
	Tokens     []store.Token
	Log        []store.LogEntry
	Features   []geo.Feature
	RulePacks  []store.RulePack
	Default    string
}

func mustContents(tb testing.TB, s store.Backend) contents {
	tb.Helper()
	ctx := context.Background()
	var c contents
	var err error
	errs := []error{}
	c.Businesses, err = s.Businesses(ctx)
	errs = append(errs, err)
	c.Tokens, err = s.Tokens(ctx)
	errs = append(errs, err)
	c.Log, err = s.LogEntries(ctx, 0, store.MaxLogEntries)
	errs = append(errs, err)
	c.Features, err = s.Features(ctx)
	errs = append(errs, err)
	c.RulePacks, err = s.RulePacks(ctx)
	errs = append(errs, err)
	c.Default, err = s.DefaultRules(ctx)
	if err := errors.Join(append(errs, err)...); err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestStore_BackupRestore(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	mustFill(t, s)
	want := mustContents(t, s)
	backup := MustBackup(t, s)
	info, err := store.Verify(backup)
	wantInfo := store.BackupInfo{Schema: "1", Businesses: 5, Tokens: 2, LogEntries: len(want.Log), Features: 1, RulePacks: 1, DefaultRules: "city-a"}
	if err != nil || info != wantInfo {
		t.Fatalf("Verify = %+v, %v; want %+v", info, err, wantInfo)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	r, err := store.Restore(dir, backup)
	if err != nil || r.BackupInfo != wantInfo || r.Previous != "" {
		t.Fatalf("Restore = %+v, %v", r, err)
	}
	got := mustContents(t, MustOpen(t, dir))
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("restored store differs:\n%+v\nwant\n%+v", got, want)
	}
	// The restored store authenticates the same tokens.
	if _, err := store.Open(dir); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second open of the restored store: %v", err)
	}
}

// TestRestore_replaces checks that a restore over a store keeps the old
// file next to it and installs the backup whole.
func TestRestore_replaces(t *testing.T) {
	src := MustOpen(t, t.TempDir())
	mustFill(t, src)
	backup := MustBackup(t, src)
	dir := t.TempDir()
	old, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	MustCreateBusiness(t, old, validInput())
	old.Close()
	r, err := store.Restore(dir, backup)
	if err != nil || !strings.HasPrefix(filepath.Base(r.Previous), store.FileName+".before-restore-") {
		t.Fatalf("Restore = %+v, %v", r, err)
	}
	if got := mustContents(t, MustOpen(t, dir)); len(got.Businesses) != 5 || got.Default != "city-a" {
		t.Fatalf("restored: %d businesses, default %q", len(got.Businesses), got.Default)
	}
	prev, err := bolt.Open(r.Previous, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer prev.Close()
	if n := bucketLen(t, prev, "businesses"); n != 1 {
		t.Errorf("the previous store kept has %d businesses, want 1", n)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".restore-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func bucketLen(tb testing.TB, db *bolt.DB, name string) int {
	tb.Helper()
	n := 0
	if err := db.View(func(tx *bolt.Tx) error { n = tx.Bucket([]byte(name)).Stats().KeyN; return nil }); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestRestore_errors(t *testing.T) {
	src := MustOpen(t, t.TempDir())
	mustFill(t, src)
	backup := MustBackup(t, src)
	locked := t.TempDir()
	MustCreateBusiness(t, MustOpen(t, locked), validInput()) // open until the test ends
	_, err := store.Restore(locked, backup)
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("restore into an open store: %v", err)
	}
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("safezone"), 1024), 0o600); err != nil {
		t.Fatal(err)
	}
	noMeta := mustBolt(t, dir, "nometa.db", func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
	newer := mustBolt(t, dir, "newer.db", func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("schema"), []byte("2"))
	})
	tests := []struct {
		name, file, want string
		is               error
	}{
		{"Garbage", garbage, garbage + ": not a safezone store: invalid database", geo.ErrInvalidInput},
		{"NoMeta", noMeta, noMeta + ": not a safezone store: no meta bucket", geo.ErrInvalidInput},
		{"Newer", newer, newer + `: not a safezone store: schema version "2": this program reads version 1`, geo.ErrInvalidInput},
		{"Missing", filepath.Join(dir, "none.db"), "open " + filepath.Join(dir, "none.db"), fs.ErrNotExist},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := t.TempDir()
			_, err := store.Restore(target, tc.file)
			if !errors.Is(err, tc.is) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if left, _ := os.ReadDir(target); len(left) != 0 {
				t.Errorf("a refused restore left %v", left)
			}
		})
	}
	if got := mustContents(t, src); len(got.Businesses) != 5 {
		t.Errorf("the source changed: %d businesses", len(got.Businesses))
	}
}

// mustBolt makes a bbolt file in dir with fn's contents.
func mustBolt(tb testing.TB, dir, name string, fn func(*bolt.Tx) error) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestStore_Backup_consistent backs up while writers write: each backup
// holds a prefix of the businesses, IDs 1 to n with none missing, and a
// log entry for each.
func TestStore_Backup_consistent(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				in := store.BusinessInput{Name: fmt.Sprintf("店%d-%d", w, i), Category: "bar", Lat: 30, Lon: 104}
				if _, err := s.CreateBusiness(context.Background(), regulator, in); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 5 {
		c := mustContentsOf(t, MustBackup(t, s))
		for i, b := range c.Businesses {
			if b.ID != fmt.Sprintf("reg/%d", i+1) {
				t.Fatalf("backup: business %d has ID %s: a gap", i, b.ID)
			}
		}
		if len(c.Log) != len(c.Businesses) && len(c.Businesses) < store.MaxLogEntries {
			t.Fatalf("backup: %d businesses, %d log entries", len(c.Businesses), len(c.Log))
		}
	}
	close(stop)
	wg.Wait()
}

// mustContentsOf restores the backup at path into a new directory and
// reads it back.
func mustContentsOf(tb testing.TB, path string) contents {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "store")
	if _, err := store.Restore(dir, path); err != nil {
		tb.Fatal(err)
	}
	return mustContents(tb, MustOpen(tb, dir))
}

// TestRestore_corrupt damages a backup page by page: each restore either
// refuses the file as bad input or, when the page was unused, installs
// the same records. Nothing panics or crashes on the memory map.
func TestRestore_corrupt(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	mustFill(t, s)
	want := mustContents(t, s)
	good, err := os.ReadFile(MustBackup(t, s))
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	refused := 0
	for pg := 2; pg < len(good)/page; pg++ {
		for _, mask := range []byte{0x5a, 0xff} {
			bad := bytes.Clone(good)
			for i := pg * page; i < (pg+1)*page; i++ {
				bad[i] ^= mask
			}
			path := filepath.Join(t.TempDir(), "bad.db")
			if err := os.WriteFile(path, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			_, err := store.Restore(dir, path)
			if err != nil {
				if !errors.Is(err, geo.ErrInvalidInput) {
					t.Errorf("page %d ^ %#x: %v, want bad input", pg, mask, err)
				}
				refused++
				continue
			}
			if got := mustContents(t, MustOpen(t, dir)); !reflect.DeepEqual(got, want) {
				t.Errorf("page %d ^ %#x: restored different records", pg, mask)
			}
		}
	}
	if refused == 0 {
		t.Error("no damaged backup was refused")
	}
}
