package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mustRecord records n checks in s and returns them.
func mustRecord(t *testing.T, s *Store, n int) []CheckRecord {
	t.Helper()
	var recs []CheckRecord
	for i := range n {
		r, err := s.RecordCheck(context.Background(), "regulator:t1", []byte(fmt.Sprintf(`{"kind":"check","i":%d}`, i)))
		if err != nil {
			t.Fatalf("RecordCheck: %v", err)
		}
		recs = append(recs, r)
	}
	return recs
}

// closedWithRecords returns the directory of a closed store holding n
// recorded checks, and the checks.
func closedWithRecords(t *testing.T, n int) (string, []CheckRecord) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	recs := mustRecord(t, s, n)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, recs
}

// logLines is the check log holding recs, as appendLogLine writes it.
func logLines(recs ...CheckRecord) []byte {
	var b []byte
	for _, r := range recs {
		b = appendLogLine(b, r)
	}
	return b
}

// What a crash leaves in the check log is copied into the store when it is
// opened again: records it already holds are skipped, an unfinished last
// line is kept aside, and the log is emptied.
func TestCheckLog_replay(t *testing.T) {
	dir, recs := closedWithRecords(t, 3)
	logPath := filepath.Join(dir, CheckLogName)
	if fi, err := os.Stat(logPath); err != nil || fi.Size() != 0 {
		t.Fatalf("after Close the check log is %v, %v; want empty", fi, err)
	}
	now := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC)
	r4 := sealCheckRecord("admin:a1", []byte(`{"kind":"check","i":4}`), 3, recs[2].SHA256, now)
	r5 := sealCheckRecord("admin:a1", []byte(`{"kind":"check","i":5}`), 4, r4.SHA256, now)
	wal := append(logLines(recs[1], r4, r5), `0123abc {"id":"chk-6"`...)
	if err := os.WriteFile(logPath, wal, 0o600); err != nil {
		t.Fatal(err)
	}

	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after a crash: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	chain, err := s.VerifyChecks(ctx)
	if err != nil || chain.Records != 5 || chain.Break != nil || chain.Head != r5.SHA256 {
		t.Fatalf("VerifyChecks = %+v, %v; want 5 records ending in %s", chain, err, r5.SHA256)
	}
	got, err := s.CheckRecord(ctx, "chk-5")
	if err != nil || string(got.Body) != string(r5.Body) || got.Actor != "admin:a1" {
		t.Fatalf("CheckRecord(chk-5) = %+v, %v", got, err)
	}
	es, err := s.LogEntries(ctx, 0, 100)
	if err != nil || len(es) != 5 || es[4].Target != "chk-5" || es[4].Action != ActionCheckRecord {
		t.Fatalf("log %+v, %v; want five check.record entries", es, err)
	}
	if fi, err := os.Stat(logPath); err != nil || fi.Size() != 0 {
		t.Errorf("after the replay the check log is %v, %v; want empty", fi, err)
	}
	if torn, err := os.ReadFile(logPath + ".torn"); err != nil || !strings.Contains(string(torn), `{"id":"chk-6"`) {
		t.Errorf("torn end kept as %q, %v", torn, err)
	}
	if r6 := mustRecord(t, s, 1)[0]; r6.ID != "chk-6" || r6.PrevSHA256 != r5.SHA256 {
		t.Errorf("the next record is %s after %s; want chk-6 after %s", r6.ID, r6.PrevSHA256, r5.SHA256)
	}
}

// A check log that does not continue the store's chain stops Open, naming
// the line, and changes nothing.
func TestCheckLog_replayRefuses(t *testing.T) {
	dir, recs := closedWithRecords(t, 3)
	now := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC)
	r4 := sealCheckRecord("admin:a1", []byte(`{"i":4}`), 3, recs[2].SHA256, now)
	other4 := sealCheckRecord("admin:a1", []byte(`{"i":4}`), 3, strings.Repeat("1", 64), now)
	r5 := sealCheckRecord("admin:a1", []byte(`{"i":5}`), 4, r4.SHA256, now)
	changed := logLines(r4)
	changed[len(changed)-3] = '5' // {"i":5} under {"i":4}'s hash
	otherTwo := sealCheckRecord("admin:a1", []byte(`{"i":2}`), 1, recs[0].SHA256, now)
	for _, tc := range []struct {
		name, want string
		wal        []byte
	}{
		{"changed", "line 1: its record hashes to", changed},
		{"gap", "line 1: record chk-5 names", logLines(r5)},
		{"other chain", "line 2: record chk-4 names", logLines(recs[2], other4)},
		{"other record under a held number", "line 1: record chk-2 is not the one the store holds", logLines(otherTwo)},
		{"not a record", "line 2: \"hello\" is not a SHA-256", append(logLines(r4), "hello\n"...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logPath := filepath.Join(dir, CheckLogName)
			if err := os.WriteFile(logPath, tc.wal, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(dir)
			if err == nil {
				s.Close()
				t.Fatalf("Open accepted the log %q", tc.wal)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open: %v; want %q", err, tc.want)
			}
			if b, _ := os.ReadFile(logPath); string(b) != string(tc.wal) {
				t.Errorf("the refused log was changed to %q", b)
			}
			os.Remove(logPath)
			s, err = Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if chain, err := s.VerifyChecks(context.Background()); err != nil || chain.Records != 3 || chain.Break != nil {
				t.Errorf("after the refusal: %+v, %v; want the 3 records as they were", chain, err)
			}
		})
	}
}

// Restoring a backup over a store whose check log holds records keeps the
// log beside the replaced store: its records continue that store's chain,
// not the backup's.
func TestRestore_keepsCheckLog(t *testing.T) {
	dir, backup := t.TempDir(), filepath.Join(t.TempDir(), "b.db")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	recs := mustRecord(t, s, 2)
	f, _ := os.Create(backup)
	if err := s.Backup(context.Background(), func(snap Snapshot) error { _, err := snap.WriteTo(f); return err }); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s.Close()
	r3 := sealCheckRecord("admin:a1", []byte(`{"i":3}`), 2, recs[1].SHA256, time.Now().UTC())
	if err := os.WriteFile(filepath.Join(dir, CheckLogName), logLines(r3), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Restore(dir, backup)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(r.PreviousCheckLog); err != nil || string(b) != string(logLines(r3)) {
		t.Fatalf("PreviousCheckLog %q holds %q, %v", r.PreviousCheckLog, b, err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if chain, err := s.VerifyChecks(context.Background()); err != nil || chain.Records != 2 || chain.Break != nil {
		t.Errorf("restored chain %+v, %v; want the backup's 2 records", chain, err)
	}
}
