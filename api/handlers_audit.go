package api

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/store"
)

type auditRequest struct {
	BBox     string          `json:"bbox"`
	District json.RawMessage `json:"district"`
	// DistrictName names the district in the ledgers and the log.
	DistrictName string `json:"district_name"`
	Rules        string `json:"rules"`
	Format       string `json:"format"`
	OutCRS       string `json:"out_crs"`
	Sheets       string `json:"sheets"`
	Lang         string `json:"lang"`
}

// handleAudit audits every feature (registered businesses included), or
// those in a bbox and/or a district (a GeoJSON Polygon or MultiPolygon,
// or a Feature with one; a feature in or on it counts, and district_name
// names it in the ledger), and answers in the requested format: json (default), csv
// (UTF-8 with a BOM, for Excel), xlsx or geojson; csv and xlsx with lang
// (zh or en) are a ledger for people (ledger.go). The audit is logged.
func (s *Server) handleAudit(c echo.Context) error {
	var req auditRequest
	if c.Request().ContentLength != 0 {
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
	}
	for _, q := range []struct {
		name string
		v    *string
	}{{"format", &req.Format}, {"out_crs", &req.OutCRS}, {"sheets", &req.Sheets}, {"lang", &req.Lang}} {
		if v := c.QueryParam(q.name); v != "" {
			*q.v = v
		}
	}
	b, district, err := auditArea(req)
	if err != nil {
		return err
	}
	d := s.data()
	pack, err := d.rules(c.Request().Context(), req.Rules)
	if err != nil {
		return err
	}
	lang, err := parseLang(req.Lang)
	if err != nil {
		return err
	}
	write, ctype, ext, err := auditExportWith(req.Format, ExportOptions{CRS: crs.System(req.OutCRS), SheetsBy: req.Sheets}, true)
	if err != nil {
		return err
	}
	extra, err := s.registered(c.Request().Context())
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	hits := d.walkAudit(pack, d.Index.Audit(pack, geo.AuditOptions{Bound: b, Area: district, Extra: extra, Routes: d.routeFinder(pack)}))
	where := "bbox=" + req.BBox + districtDetail(district, req.DistrictName)
	detail := fmt.Sprintf("rules=%s %s format=%s hits=%d", pack.ID, where, ext, len(hits))
	if lang != "" && (ext == "csv" || ext == "xlsx") {
		l := newLedger(lang, pack, hits)
		l.setScope(req.BBox, district != nil, req.DistrictName)
		l.countArea(d.Index, b, district, extra)
		return s.sendLedger(c, detail+" lang="+lang, l, req.OutCRS, ctype, ext)
	}
	return s.sendAudit(c, detail, write, ctype, ext, hits)
}

// walkAudit re-measures by walking the hits of the pack's walking rules,
// when the road network is loaded, and returns the hits that stand and
// those the walk clears (Hit.Cleared, with the walk as evidence), together
// in the audit's order: by feature, school and rule.
func (ds *dataset) walkAudit(pack *geo.RulePack, hits []geo.Hit) []geo.Hit {
	w := ds.walkOptions(pack)
	if w.Walk == nil {
		return hits
	}
	kept, cleared := geo.WalkHits(hits, w)
	out := append(kept, cleared...)
	geo.SortAudit(out)
	return out
}

// auditArea reads the bbox and district of an audit, and checks the
// district's name: one line of at most maxDistrictName characters, and
// only with a district.
func auditArea(req auditRequest) (orb.Bound, orb.Geometry, error) {
	var b orb.Bound
	if req.BBox != "" {
		var err error
		if b, err = geo.ParseBound(req.BBox); err != nil {
			return b, nil, err
		}
	}
	if len(req.District) == 0 || string(req.District) == "null" {
		if req.DistrictName != "" {
			return b, nil, geo.Invalid("district_name", req.DistrictName, geo.Reason{Text: "must come with a district"})
		}
		return b, nil, nil
	}
	if err := checkDistrictName(req.DistrictName); err != nil {
		return b, nil, err
	}
	district, err := geojson.ParseArea("district", req.District)
	return b, district, err
}

// maxDistrictName is the most characters of a district's name.
const maxDistrictName = 100

// checkDistrictName checks a district's name, which the ledgers print:
// valid UTF-8 of at most maxDistrictName characters, without control
// characters, line separators or bidi overrides (store.TextControl).
func checkDistrictName(name string) error {
	if utf8.ValidString(name) && !strings.ContainsFunc(name, func(r rune) bool { return store.TextControl(r) || r == utf8.RuneError }) &&
		utf8.RuneCountInString(name) <= maxDistrictName {
		return nil
	}
	// No code of its own: the map sends a name it has cut and cleaned
	// (frontend/district.js), so only other clients meet this.
	return geo.Invalid("district_name", name, geo.Reason{
		Text: "must be one line of at most " + strconv.Itoa(maxDistrictName) + " characters, without control characters"})
}

// districtDetail says in the log which district an audit was for.
func districtDetail(district orb.Geometry, name string) string {
	if district == nil {
		return ""
	}
	return fmt.Sprintf(" district=%s name=%q", district.GeoJSONType(), name)
}

// sendLedger logs an audit and writes it as a ledger, with the licence
// numbers of registered businesses and coordinates in outCRS, if given.
func (s *Server) sendLedger(c echo.Context, detail string, l *auditLedger, outCRS, ctype, ext string) error {
	if outCRS != "" {
		l.crs, _ = crs.Parse(outCRS) // validated with the format
	}
	if s.cfg.Store != nil {
		bs, err := s.cfg.Store.Businesses(c.Request().Context())
		if err != nil {
			return err
		}
		l.licences = map[string]string{}
		for _, b := range bs {
			l.licences[b.ID] = b.Licence
		}
	}
	write := func(w io.Writer, _ iter.Seq[geo.Hit]) error { return l.writeXLSX(w) }
	if ext == "csv" {
		write = func(w io.Writer, _ iter.Seq[geo.Hit]) error { return l.writeCSV(w) }
	}
	return s.sendAudit(c, detail, write, ctype, ext, nil)
}

// sendAudit logs an audit, who asked for it and what it found, then writes
// it, unless the request's deadline has passed. If it passes while the
// answer is written, the writing stops and the connection is cut.
func (s *Server) sendAudit(c echo.Context, detail string, write func(io.Writer, iter.Seq[geo.Hit]) error, ctype, ext string, hits []geo.Hit) error {
	if err := stopped(c); err != nil {
		return err
	}
	if s.cfg.Store != nil {
		if err := s.cfg.Store.Log(c.Request().Context(), actor(c), "audit", "", detail); err != nil {
			return err
		}
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, ctype)
	if ext != "json" {
		h.Set(echo.HeaderContentDisposition, `attachment; filename="safezone-audit.`+ext+`"`)
	}
	c.Response().WriteHeader(http.StatusOK)
	err := write(c.Response(), untilDone(c.Request().Context(), slices.Values(hits)))
	abortIfStopped(c)
	return err
}

// handleAuditLicences audits an uploaded list of licences (CSV or XLSX, see
// readLicenceUpload) against the schools, without storing it, and answers
// like handleAudit; a form may also give a district (readLicenceRequest),
// and then only the licences in or on it are audited, as handleAudit
// selects registered businesses. The rules pack and format come from the
// query.
func (s *Server) handleAuditLicences(c echo.Context) error {
	body := &bodyReader{r: ctxReader{c.Request().Context(), c.Request().Body}}
	features, area, err := readLicenceRequest(c, body)
	if err := stopped(c); err != nil {
		return err // the reader failed at the deadline
	}
	if err != nil {
		if err := body.tooLarge(); err != nil {
			return err
		}
		return err
	}
	_, district, err := auditArea(area)
	if err != nil {
		return err
	}
	total := len(features)
	features = geo.AuditOptions{Area: district}.Keep(features)
	d := s.data()
	pack, err := d.rules(c.Request().Context(), c.QueryParam("rules"))
	if err != nil {
		return err
	}
	lang, err := parseLang(c.QueryParam("lang"))
	if err != nil {
		return err
	}
	opts := ExportOptions{CRS: crs.System(c.QueryParam("out_crs")), SheetsBy: c.QueryParam("sheets")}
	write, ctype, ext, err := auditExportWith(c.QueryParam("format"), opts, true)
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	hits := d.walkAudit(pack, d.Index.AuditFeatures(pack, features))
	detail := fmt.Sprintf("licences=%d rules=%s%s format=%s hits=%d", len(features), pack.ID, districtDetail(district, area.DistrictName), ext, len(hits))
	if lang != "" && (ext == "csv" || ext == "xlsx") {
		l := newLedger(lang, pack, hits)
		l.setList(features, total, district != nil, area.DistrictName)
		return s.sendLedger(c, detail+" lang="+lang, l, c.QueryParam("out_crs"), ctype, ext)
	}
	return s.sendAudit(c, detail, write, ctype, ext, hits)
}
