package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"

	bolt "go.etcd.io/bbolt"
)

// replayCheckLog copies into db the records a crash left in the check log
// at path, empties the log, and returns the last record's sequence number
// and hash. A last line without its newline is a record whose append never
// finished, so never answered: it is moved to path+".torn" and left out.
// Any other line that is not the next record of the chain (changed bytes,
// a gap, another chain) stops Open with an error naming the line: the file
// and the store do not belong together, and only a person can say which
// is right.
func replayCheckLog(db *bolt.DB, path string) (seq uint64, hash string, err error) {
	if err := db.View(func(tx *bolt.Tx) error { seq, hash = lastCheck(tx); return nil }); err != nil {
		return 0, "", err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(data) == 0) {
		return seq, hash, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read check log: %w", err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i < len(data)-1 {
		if err := keepTorn(path+".torn", data[i+1:]); err != nil {
			return 0, "", err
		}
		data = data[:i+1]
	}
	var recs []CheckRecord
	err = db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketChecks))
		for n, line := range bytes.SplitAfter(data, []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			r, err := parseLogLine(line)
			if err != nil {
				return fmt.Errorf("check log %s line %d: %w", path, n+1, err)
			}
			if r.Seq <= seq {
				if v := bk.Get(seqKey(r.Seq)); len(v) < sha256.Size || hex.EncodeToString(v[:sha256.Size]) != r.SHA256 {
					return fmt.Errorf("check log %s line %d: record %s is not the one the store holds under that number", path, n+1, r.ID)
				}
				continue
			}
			if r.PrevSHA256 != hash {
				return fmt.Errorf("check log %s line %d: record %s names %s as the previous record's SHA-256, but the store's last record (%d) has %s", path, n+1, r.ID, r.PrevSHA256, seq, hash)
			}
			recs = append(recs, r)
			seq, hash = r.Seq, r.SHA256
		}
		return nil
	})
	if err != nil {
		return 0, "", err
	}
	if len(recs) > 0 {
		if err := db.Update(func(tx *bolt.Tx) error { return putCheckRecords(tx, recs) }); err != nil {
			return 0, "", fmt.Errorf("copy the check log into the store: %w", err)
		}
	}
	if err := os.Truncate(path, 0); err != nil {
		return 0, "", fmt.Errorf("empty check log: %w", err)
	}
	return seq, hash, nil
}

// parseLogLine reads a line made by appendLogLine.
func parseLogLine(line []byte) (CheckRecord, error) {
	const hexLen = 2 * sha256.Size
	line = bytes.TrimSuffix(line, []byte("\n"))
	if len(line) < hexLen+2 || line[hexLen] != ' ' {
		return CheckRecord{}, fmt.Errorf("%q is not a SHA-256 and a record", clip(string(line), 80))
	}
	hash, body := string(line[:hexLen]), line[hexLen+1:]
	if got := sealOf(body); got != hash {
		return CheckRecord{}, fmt.Errorf("its record hashes to %s, not to its SHA-256 %s: the record was changed", got, hash)
	}
	return decodeCheckRecord(bytes.Clone(body), hash)
}

// lastCheck returns the sequence number and hash of the last record in
// the checks bucket, or 0 and the genesis hash.
func lastCheck(tx *bolt.Tx) (uint64, string) {
	if k, v := tx.Bucket([]byte(bucketChecks)).Cursor().Last(); k != nil && len(v) >= sha256.Size {
		return decodeSeq(k), hex.EncodeToString(v[:sha256.Size])
	}
	return 0, genesisSHA256
}

// keepTorn appends the unfinished end of a check log to the file at path,
// synced, so that nothing read from the disk is thrown away.
func keepTorn(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("keep the torn end of the check log: %w", err)
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("keep the torn end of the check log: %w", err)
	}
	return nil
}
