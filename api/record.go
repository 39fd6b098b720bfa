package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/store"
)

// DataInfo describes the data the server measures on, as a recorded check
// cites it.
type DataInfo struct {
	Source string // where the data comes from, e.g. "OpenStreetMap"
	Date   string // how recent it is, e.g. "2018-07"
	Files  []FileFingerprint
}

// FileFingerprint is one data file as it was read from disk.
type FileFingerprint struct {
	Path   string
	Bytes  int64
	SHA256 string // hex
}

type fileJSON struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes,omitempty"`
	SHA256 string `json:"sha256"`
}

type dataJSON struct {
	Source  string     `json:"source"`
	Date    string     `json:"date"`
	Licence string     `json:"licence"`
	Files   []fileJSON `json:"files"`
}

type coordinatesJSON struct {
	WGS84 [2]float64 `json:"wgs84"` // [lon, lat]
	GCJ02 [2]float64 `json:"gcj02"` // [lon, lat], as AMap shows the point
}

// checkRecordJSON is what a recorded check holds: everything needed to
// show, years later, what was asked, what was answered, under which rules
// and on which data.
type checkRecordJSON struct {
	Kind          string          `json:"kind"` // "check"
	EngineVersion string          `json:"engine_version"`
	Input         json.RawMessage `json:"input"`  // the request body as received
	Answer        any             `json:"answer"` // as POST /check answers it
	// "rules", the whole pack, every rule and clause, comes last: see
	// withRules.
	RulesFile   fileJSON        `json:"rules_file"`
	Data        dataJSON        `json:"data"`
	Coordinates coordinatesJSON `json:"coordinates"`
}

type recordedCheckJSON struct {
	checkJSON
	RecordID     string `json:"record_id"`
	RecordSHA256 string `json:"record_sha256"`
}

// recorder returns who may record a check: the actor of a regulator or
// admin token. Without a token the answer is 403, as recording is a
// matter of role; a bad token is 401.
func (s *Server) recorder(c echo.Context) (string, error) {
	h := c.Request().Header.Get("Authorization")
	if h == "" || s.cfg.Store == nil {
		return "", fmt.Errorf("%w: record: recording a check needs a regulator or admin token", errForbidden)
	}
	raw, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return "", errTokenRequired()
	}
	tok, err := s.cfg.Store.Authenticate(c.Request().Context(), strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	if tok.Role != store.RoleRegulator && tok.Role != store.RoleAdmin {
		return "", fmt.Errorf("%w: record: role %q may not record a check; regulator or admin may", errForbidden, tok.Role)
	}
	return string(tok.Role) + ":" + tok.ID, nil
}

// recordCheck stores a check and its answer, and answers with the record's
// ID and hash beside the check's own answer.
func (s *Server) recordCheck(c echo.Context, d *dataset, actor string, input []byte, answer checkJSON, pack *geo.RulePack, p geo.Point) error {
	rules, err := d.packJSON(pack)
	if err != nil {
		return err
	}
	rec := checkRecordJSON{
		Kind: "check", EngineVersion: s.cfg.Version, Input: json.RawMessage(input), Answer: answer,
		RulesFile: fileJSON{Path: pack.Source, SHA256: pack.SHA256},
		Data:      dataJSON{Source: d.Info.Source, Date: d.Info.Date, Licence: s.cfg.Attribution, Files: make([]fileJSON, 0, len(d.Info.Files))},
	}
	for _, f := range d.Info.Files {
		rec.Data.Files = append(rec.Data.Files, fileJSON{Path: f.Path, Bytes: f.Bytes, SHA256: f.SHA256})
	}
	g := crs.WGS84ToGCJ02(p)
	rec.Coordinates = coordinatesJSON{WGS84: [2]float64{p.Lon, p.Lat}, GCJ02: [2]float64{g.Lon, g.Lat}}
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	r, err := s.cfg.Store.RecordCheck(c.Request().Context(), actor, withRules(body, rules))
	if err != nil {
		return err
	}
	return s.writeJSON(c, http.StatusOK, recordedCheckJSON{checkJSON: answer, RecordID: r.ID, RecordSHA256: r.SHA256})
}

// withRules adds "rules": rules as the last member of record, a JSON
// object. The pack's JSON, made once (packJSON), is spliced in rather than
// marshalled with the record: json.Marshal checks and compacts a
// json.RawMessage again each time, a third of the record's CPU.
func withRules(record, rules json.RawMessage) []byte {
	out := make([]byte, 0, len(record)+len(rules)+10)
	out = append(out, record[:len(record)-1]...) // without the closing }
	out = append(out, `,"rules":`...)
	out = append(out, rules...)
	return append(out, '}')
}

// packJSON returns RulesResponse(pack) as JSON, made once per pack: a
// pack is tens of kilobytes of clauses, the same in every record.
func (ds *dataset) packJSON(pack *geo.RulePack) (json.RawMessage, error) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if b, ok := ds.packJSONs[pack]; ok {
		return b, nil
	}
	b, err := json.Marshal(RulesResponse(pack))
	if err == nil {
		ds.packJSONs[pack] = b
	}
	return b, err
}

type storedCheckJSON struct {
	ID         string          `json:"id"`
	Seq        uint64          `json:"seq"`
	Time       string          `json:"time"`
	Actor      string          `json:"actor"`
	PrevSHA256 string          `json:"prev_sha256"`
	SHA256     string          `json:"sha256"`
	Record     json.RawMessage `json:"record"`
}

// handleGetCheck returns a recorded check as it was stored, with the
// hashes that chain it.
func (s *Server) handleGetCheck(c echo.Context) error {
	r, err := s.cfg.Store.CheckRecord(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, storedCheckJSON{ID: r.ID, Seq: r.Seq, Time: r.Time.Format("2006-01-02T15:04:05.000000Z07:00"),
		Actor: r.Actor, PrevSHA256: r.PrevSHA256, SHA256: r.SHA256, Record: r.Record})
}

type chainBreakJSON struct {
	Seq    uint64 `json:"seq"`
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

type chainJSON struct {
	OK      bool            `json:"ok"`
	Records uint64          `json:"records"`
	Head    string          `json:"head"`
	Break   *chainBreakJSON `json:"break"`
}

// handleVerifyChecks walks the chain of recorded checks and reports the
// first break.
func (s *Server) handleVerifyChecks(c echo.Context) error {
	r, err := s.cfg.Store.VerifyChecks(c.Request().Context())
	if err != nil {
		return err
	}
	out := chainJSON{OK: r.Break == nil, Records: r.Records, Head: r.Head}
	if b := r.Break; b != nil {
		out.Break = &chainBreakJSON{Seq: b.Seq, ID: b.ID, Reason: b.Reason}
	}
	return c.JSON(http.StatusOK, out)
}
