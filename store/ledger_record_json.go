package store

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The records' JSON written by hand: the same bytes json.Marshal writes
// (ledger_record_json_test.go holds them to it), without reflection and
// into a buffer of the caller's, since a sync of the 2M x 200k audit
// encodes 743,509 hazards and as many history entries, and encoding/json
// was a third of the work of making them.

// appendHazardRecord appends r as json.Marshal would write it. It returns
// an error, as json.Marshal does, for a NaN or infinite number.
func appendHazardRecord(b []byte, r *hazardRecord) ([]byte, error) {
	s := &r.Src
	b = append(b, `{"src":{"k":`...)
	b = appendJSONString(b, s.Kind)
	b = appendOptString(b, `,"pk":`, s.Pack)
	b = appendOptString(b, `,"r":`, s.Rule)
	b = appendOptString(b, `,"f":`, s.Feature)
	b = appendOptString(b, `,"fn":`, s.FeatureName)
	var err error
	if s.Distance != 0 {
		if b, err = appendJSONFloat(append(b, `,"m":`...), s.Distance); err != nil {
			return nil, err
		}
	}
	b = appendOptString(b, `,"desc":`, s.Description)
	b = appendOptInt(b, `,"ot":`, s.Observed)
	b = appendOptInt(b, `,"pt":`, s.Phoned)
	b = appendJSONString(append(b, `},"sc":`...), r.School)
	b = appendOptString(b, `,"sn":`, r.SchoolName)
	if b, err = appendJSONFloat(append(b, `,"lat":`...), r.Lat); err != nil {
		return nil, err
	}
	if b, err = appendJSONFloat(append(b, `,"lon":`...), r.Lon); err != nil {
		return nil, err
	}
	b = appendOptString(b, `,"cat":`, r.Category)
	b = appendJSONString(append(b, `,"g":`...), r.Grade)
	b = appendOptString(b, `,"u":`, r.Unit)
	b = appendOptString(b, `,"p":`, r.Person)
	b = appendOptString(b, `,"d":`, r.Deadline)
	b = appendJSONString(append(b, `,"st":`...), r.State)
	if r.Vanished {
		b = append(b, `,"v":true`...)
	}
	b = appendOptInt(b, `,"al":`, int64(r.AlertLevel))
	b = appendOptInt(b, `,"na":`, r.NextAlert)
	b = appendClocks(b, r.Clocks)
	b = strconv.AppendInt(append(b, `,"ver":`...), int64(r.Version), 10)
	b = strconv.AppendInt(append(b, `,"ct":`...), r.Created, 10)
	b = strconv.AppendInt(append(b, `,"ut":`...), r.Updated, 10)
	b = appendOptInt(b, `,"cl":`, r.Closed)
	b = appendEntryRecord(append(b, `,"last":`...), &r.Last)
	return append(b, '}'), nil
}

func appendClocks(b []byte, cs []clockRecord) []byte {
	if len(cs) == 0 {
		return b
	}
	b = append(b, `,"ck":[`...)
	for i := range cs {
		c := &cs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(append(b, `{"id":`...), c.ID)
		b = strconv.AppendInt(append(b, `,"due":`...), c.Due, 10)
		b = strconv.AppendInt(append(b, `,"done":`...), c.Done, 10)
		b = strconv.AppendBool(append(b, `,"met":`...), c.Met)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendEntryRecord appends e as json.Marshal would write it.
func appendEntryRecord(b []byte, e *entryRecord) []byte {
	b = strconv.AppendInt(append(b, `{"n":`...), int64(e.Seq), 10)
	b = strconv.AppendInt(append(b, `,"t":`...), e.Time, 10)
	b = appendJSONString(append(b, `,"a":`...), e.Actor)
	b = appendJSONString(append(b, `,"r":`...), e.Role)
	b = appendJSONString(append(b, `,"act":`...), e.Action)
	b = appendOptString(b, `,"f":`, e.From)
	b = appendJSONString(append(b, `,"to":`...), e.To)
	b = appendOptString(b, `,"c":`, e.Comment)
	if len(e.Files) > 0 {
		b = append(b, `,"fs":[`...)
		for i, f := range e.Files {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, f)
		}
		b = append(b, ']')
	}
	b = appendOptString(b, `,"u":`, e.Unit)
	b = appendOptString(b, `,"p":`, e.Person)
	b = appendOptString(b, `,"d":`, e.Deadline)
	b = appendOptString(b, `,"g":`, e.Grade)
	b = appendOptInt(b, `,"lv":`, int64(e.Level))
	return append(b, '}')
}

// appendOptString appends name and s unless s is empty (omitempty).
func appendOptString(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, name...), s)
}

// appendOptInt appends name and n unless n is 0 (omitempty).
func appendOptInt(b []byte, name string, n int64) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendInt(append(b, name...), n, 10)
}

// appendJSONString appends s quoted as json.Marshal quotes it. Strings
// that need no escape, most of them, are copied; the others are left to
// encoding/json, whose escapes (HTML characters, U+2028, invalid UTF-8)
// are thereby the same.
func appendJSONString(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			ascii = false
		case c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&':
			return appendMarshaled(b, s)
		}
	}
	if !ascii && (!utf8.ValidString(s) || strings.Contains(s, "\u2028") || strings.Contains(s, "\u2029")) {
		return appendMarshaled(b, s)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshaled(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}

// appendJSONFloat appends f as json.Marshal writes a float64: the
// shortest form that reads back the same, in exponent form below 1e-6 and
// from 1e21, and an error for NaN and ±Inf.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		b = strconv.AppendFloat(b, f, 'e', -1, 64)
		// e-07 -> e-7, as encoding/json writes it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
		return b, nil
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64), nil
}
