package api

import (
	"io"
	"iter"

	"github.com/safezone/safezone/geo"
)

// auditExport returns the writer, content type and file extension of an
// audit export format.
func auditExport(format string) (func(io.Writer, iter.Seq[geo.Hit]) error, string, string, error) {
	switch format {
	case "", "json":
		return WriteAuditJSON, "application/json; charset=utf-8", "json", nil
	case "csv":
		return func(w io.Writer, hits iter.Seq[geo.Hit]) error { return WriteAuditCSV(w, hits, true) }, "text/csv; charset=utf-8", "csv", nil
	case "geojson":
		return WriteAuditGeoJSON, "application/geo+json", "geojson", nil
	case "xlsx":
		return WriteAuditXLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", nil
	}
	return nil, "", "", badRequest("format %q: must be json, csv, xlsx or geojson", format)
}
