package api

import (
	"bufio"
	"encoding/json"
	"io"
	"iter"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/project"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// ExportOptions say how an audit export is written, beyond its format.
type ExportOptions struct {
	// CRS, if set, adds the coordinates of each offending feature in that
	// system: lon_CRS and lat_CRS columns in CSV, 经度/纬度 (CRS) in XLSX,
	// lon, lat and crs in JSON; GeoJSON geometries are converted and the
	// collection says "crs". GCJ-02 is what AMap (高德) and Tencent maps
	// draw; BD-09 is Baidu's. Empty adds no columns and keeps GeoJSON in
	// WGS84 (RFC 7946).
	CRS crs.System
	// SheetsBy splits an XLSX export into one sheet per school ("school")
	// or per rule ("rule"), after a 汇总 (summary) sheet. Empty writes one
	// sheet, 违规清单. Other formats ignore it.
	SheetsBy string
}

// Validate returns an error wrapping geo.ErrInvalidInput that names the
// option if the CRS or SheetsBy is unknown.
func (o ExportOptions) Validate() error {
	if o.CRS != "" {
		if _, err := crs.Parse(string(o.CRS)); err != nil {
			return err
		}
	}
	switch o.SheetsBy {
	case "", "school", "rule":
		return nil
	}
	r := geo.Either("school", "rule")
	r.Text += " (or empty for one sheet)"
	return geo.Invalid("sheets", o.SheetsBy, r)
}

// AuditWriter returns the writer of an audit export in format (csv, json,
// geojson or xlsx) with opts, for the command line; CSV has no byte order
// mark. It returns an error wrapping geo.ErrInvalidInput for an unknown
// format or option.
func AuditWriter(format string, opts ExportOptions) (func(io.Writer, iter.Seq[geo.Hit]) error, error) {
	switch format {
	case "":
		format = "csv"
	case "csv", "json", "geojson", "xlsx":
	default:
		return nil, badRequest("format %q: must be csv, json, geojson or xlsx", format)
	}
	w, _, _, err := auditExportWith(format, opts, false)
	return w, err
}

// auditExportWith is auditExport with opts; bom starts CSV with a byte
// order mark, for Excel.
func auditExportWith(format string, opts ExportOptions, bom bool) (func(io.Writer, iter.Seq[geo.Hit]) error, string, string, error) {
	write, ctype, ext, err := auditExport(format)
	if err != nil {
		return nil, "", "", err
	}
	if err := opts.Validate(); err != nil {
		return nil, "", "", err
	}
	c, _ := crs.Parse(string(opts.CRS))
	if opts.CRS == "" {
		c = ""
	}
	switch format {
	case "csv":
		if c != "" {
			write = func(w io.Writer, hits iter.Seq[geo.Hit]) error { return writeAuditCSVCRS(w, hits, bom, c) }
		} else if !bom {
			write = func(w io.Writer, hits iter.Seq[geo.Hit]) error { return WriteAuditCSV(w, hits, false) }
		}
	case "", "json":
		if c != "" {
			write = func(w io.Writer, hits iter.Seq[geo.Hit]) error { return writeAuditJSONCRS(w, hits, c) }
		}
	case "geojson":
		if c != "" {
			write = func(w io.Writer, hits iter.Seq[geo.Hit]) error {
				return writeAuditGeoJSON(w, hitsIn(hits, c), `{"type":"FeatureCollection","crs":"`+string(c)+`","features":[`)
			}
		}
	case "xlsx":
		if c != "" || opts.SheetsBy != "" {
			write = func(w io.Writer, hits iter.Seq[geo.Hit]) error { return writeAuditXLSXBy(w, hits, opts.SheetsBy, c) }
		}
	}
	inner := write
	write = func(w io.Writer, hits iter.Seq[geo.Hit]) error { return inner(w, atSchools(hits)) }
	return write, ctype, ext, nil
}

// atSchools gives each Lacking hit (a school without a place a rule
// requires) the school's campus as its geometry, where exports draw and
// place it; its feature ID and name stay the nearest such place's, if any.
func atSchools(hits iter.Seq[geo.Hit]) iter.Seq[geo.Hit] {
	return func(yield func(geo.Hit) bool) {
		for h := range hits {
			if h.Lacking {
				h.Feature.Geometry = h.School.Geometry
			}
			if !yield(h) {
				return
			}
		}
	}
}

// hitsIn returns hits with each offending feature's geometry in c.
func hitsIn(hits iter.Seq[geo.Hit], c crs.System) iter.Seq[geo.Hit] {
	return func(yield func(geo.Hit) bool) {
		for h := range hits {
			h.Feature.Geometry = geometryIn(h.Feature.Geometry, c)
			if !yield(h) {
				return
			}
		}
	}
}

// geometryIn returns a copy of g, WGS84, with every point in c.
func geometryIn(g orb.Geometry, c crs.System) orb.Geometry {
	if g == nil {
		return nil
	}
	out := orb.Clone(g)
	conv := func(p orb.Point) orb.Point {
		q, err := c.FromWGS84(geo.Point{Lat: p[1], Lon: p[0]})
		if err != nil {
			return p // an indexed feature is in range; nothing to convert
		}
		return orb.Point{q.Lon, q.Lat}
	}
	return project.Geometry(out, conv)
}

// pointIn is a representative point of the offending feature, in c: the
// point itself, a polygon's centroid, or a line's middle vertex.
func pointIn(g orb.Geometry, c crs.System) orb.Point {
	var p orb.Point
	switch g := g.(type) {
	case orb.Point:
		p = g
	case orb.LineString:
		p = g[len(g)/2]
	case orb.MultiLineString:
		p = g[0][len(g[0])/2]
	default:
		p, _ = planar.CentroidArea(g)
	}
	return geometryIn(p, c).(orb.Point)
}

func formatDeg(v float64) string { return strconv.FormatFloat(v, 'f', 7, 64) }

// writeAuditCSVCRS is WriteAuditCSV with lon_CRS and lat_CRS columns.
func writeAuditCSVCRS(w io.Writer, hits iter.Seq[geo.Hit], bom bool, c crs.System) error {
	bw := bufio.NewWriter(w)
	if bom {
		bw.WriteString("\ufeff")
	}
	cw := NewCSVWriter(bw)
	if err := cw.Write(append(auditColumns[:len(auditColumns):len(auditColumns)], "lon_"+string(c), "lat_"+string(c))); err != nil {
		return err
	}
	for h := range hits {
		p := pointIn(h.Feature.Geometry, c)
		if err := cw.Write(append(auditRecord(h), formatDeg(p.Lon()), formatDeg(p.Lat()))); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

type auditHitCRSJSON struct {
	auditHitJSON
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
	CRS string  `json:"crs"`
}

// writeAuditJSONCRS is WriteAuditJSON with lon, lat and crs in each object.
func writeAuditJSONCRS(w io.Writer, hits iter.Seq[geo.Hit], c crs.System) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	bw.WriteString("[")
	sep := "\n"
	for h := range hits {
		bw.WriteString(sep)
		sep = ",\n"
		p := pointIn(h.Feature.Geometry, c)
		v := auditHitCRSJSON{auditHitJSON: newAuditHitJSON(h), Lon: roundDeg(p.Lon()), Lat: roundDeg(p.Lat()), CRS: string(c)}
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// roundDeg rounds to 7 decimals, about 1 cm.
func roundDeg(v float64) float64 {
	f, _ := strconv.ParseFloat(formatDeg(v), 64)
	return f
}
