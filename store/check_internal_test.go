package store

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// A sealed record's body is the JSON of its envelope, byte for byte, as
// json.Marshal writes it, and reads back as the same record.
func TestSealCheckRecord_isEnvelopeJSON(t *testing.T) {
	now := time.Date(2026, 12, 8, 1, 2, 3, 456789000, time.UTC)
	for _, tc := range []struct{ actor, record string }{
		{"regulator:tok-1", `{"kind":"check","answer":{"verdict":"prohibited"}}`},
		{`a "quoted" <actor> & 网吧`, "{ \"a\" : [1, 2,\n 3], \"s\": \"<&>\\u2028\" }"},
		{"admin:x", `{}`},
		{"admin:x", "{\"s\":\"a\u2028b\u2029c\"}"}, // raw line separators, escaped as json.Marshal does
		{"admin:x", `{"s":"公告栏 < 200 米"}`},
	} {
		compact, err := compactRecord([]byte(tc.record))
		if err != nil {
			t.Fatalf("compactRecord(%s): %v", tc.record, err)
		}
		rec := sealCheckRecord(tc.actor, compact, 41, genesisSHA256, now)
		want, err := json.Marshal(checkEnvelope{ID: "chk-42", Seq: 42, Time: now, Actor: tc.actor, Prev: genesisSHA256, Record: json.RawMessage(tc.record)})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(rec.Body, want) {
			t.Errorf("body\n%s\nwant\n%s", rec.Body, want)
		}
		back, err := decodeCheckRecord(rec.Body, rec.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if back.ID != rec.ID || back.Seq != 42 || !back.Time.Equal(now) || back.Actor != tc.actor || back.PrevSHA256 != genesisSHA256 || !bytes.Equal(back.Record, rec.Record) {
			t.Errorf("decoded %+v, sealed %+v", back, rec)
		}
	}
}

// Records that are not one JSON object within the limit are refused before
// any transaction.
func TestCompactRecord_refuses(t *testing.T) {
	for _, bad := range []string{"", "  ", "[1]", `{"a":`, `{"a":1} {"b":2}`, `"x"`, string(make([]byte, MaxCheckRecordBytes+1))} {
		if _, err := compactRecord([]byte(bad)); err == nil {
			t.Errorf("compactRecord(%.20q) accepted", bad)
		}
	}
}
