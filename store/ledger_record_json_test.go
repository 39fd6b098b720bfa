package store

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// recordStrings are strings of every kind encoding/json treats apart.
var recordStrings = []string{
	"", "a", "school/12", "文化市场综合执法", "第3小学", `say "hi"`, `back\slash`, "<b>&</b>", "tab\tnew\nline\r",
	"\x00\x01\x1f", "\x7f", "bad \xff utf-8", "\xe2\x80", "line\u2028sep\u2029", "emoji 🚸", "\ufffd", "a/b",
}

// recordFloats are floats on both sides of encoding/json's switches
// between plain and exponent form.
var recordFloats = []float64{0, 1, -1, 0.1, 123.456789, 30.123456789, -179.99999999, 1e-6, 9.99e-7, 1e-7, -1e-9,
	1e20, 1e21, 1.5e300, 5e-324, math.MaxFloat64, math.Copysign(0, -1), 1234567.0}

// randomRecord returns a hazard record with fields drawn from the lists.
func randomRecord(rng *rand.Rand) hazardRecord {
	str := func() string { return recordStrings[rng.IntN(len(recordStrings))] }
	num := func() float64 { return recordFloats[rng.IntN(len(recordFloats))] }
	i64 := func() int64 { return []int64{0, 1, -1, 1796692015058054, math.MaxInt64, math.MinInt64}[rng.IntN(6)] }
	entry := entryRecord{Seq: int(i64()), Time: i64(), Actor: str(), Role: str(), Action: str(), From: str(), To: str(),
		Comment: str(), Unit: str(), Person: str(), Deadline: str(), Grade: str(), Level: int(i64() % 4)}
	for range rng.IntN(3) {
		entry.Files = append(entry.Files, str())
	}
	r := hazardRecord{
		Src: sourceRecord{Kind: str(), Pack: str(), Rule: str(), Feature: str(), FeatureName: str(), Distance: num(),
			Description: str(), Observed: i64(), Phoned: i64()},
		School: str(), SchoolName: str(), Lat: num(), Lon: num(), Category: str(), Grade: str(), Unit: str(), Person: str(),
		Deadline: str(), State: str(), Vanished: rng.IntN(2) == 0, AlertLevel: int(i64() % 5), NextAlert: i64(),
		Version: int(i64()), Created: i64(), Updated: i64(), Closed: i64(), Last: entry,
	}
	for range rng.IntN(3) {
		r.Clocks = append(r.Clocks, clockRecord{ID: str(), Due: i64(), Done: i64(), Met: rng.IntN(2) == 0})
	}
	return r
}

func TestAppendHazardRecord(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	for i := range 20000 {
		r := randomRecord(rng)
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendHazardRecord([]byte("prefix"), &r)
		if err != nil || !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("record %d: appendHazardRecord = %s, %v; json.Marshal = %s", i, got, err, want)
		}
		want, _ = json.Marshal(r.Last)
		if got := appendEntryRecord(nil, &r.Last); !bytes.Equal(got, want) {
			t.Fatalf("entry %d: appendEntryRecord = %s; json.Marshal = %s", i, got, want)
		}
	}
}

func TestAppendHazardRecord_errors(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r := hazardRecord{Lat: f}
		if _, err := appendHazardRecord(nil, &r); err == nil {
			t.Errorf("lat %v: no error", f)
		}
		r = hazardRecord{Src: sourceRecord{Distance: f}}
		if _, err := appendHazardRecord(nil, &r); err == nil {
			t.Errorf("distance %v: no error", f)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range recordStrings {
		f.Add(s, 0.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
		want, werr := json.Marshal(x)
		got, err := appendJSONFloat(nil, x)
		if (err != nil) != (werr != nil) || !bytes.Equal(got, want) {
			t.Errorf("appendJSONFloat(%v) = %s, %v; want %s, %v", x, got, err, want, werr)
		}
	})
}
