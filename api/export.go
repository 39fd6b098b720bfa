package api

import (
	"bufio"
	"encoding/json"
	"io"
	"iter"
	"strconv"

	"github.com/paulmach/orb/geojson"
	"github.com/safezone/safezone/geo"
)

// auditColumns are the CSV columns of an audit, one row per (feature,
// school, rule) hit.
var auditColumns = []string{
	"feature_id", "feature_name", "category", "school_id", "school_name", "school_kind",
	"rule_id", "severity", "distance_m", "limit_m", "measured_from", "document", "clause", "rule_kind",
	"opened_on", "precedes", "method", "walking_m", "cleared_by_walking", "address", "school_address",
}

// WriteAuditCSV writes the hits as CSV with a header row, distances in meters
// with 3 decimals. With bom, it starts with a UTF-8 byte order mark so that
// Excel reads the Chinese text correctly.
func WriteAuditCSV(w io.Writer, hits iter.Seq[geo.Hit], bom bool) error {
	bw := bufio.NewWriter(w)
	if bom {
		bw.WriteString("\ufeff")
	}
	cw := NewCSVWriter(bw)
	if err := cw.Write(auditColumns); err != nil {
		return err
	}
	for h := range hits {
		if err := cw.Write(auditRecord(h)); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// hitCategory is the category a hit is listed under: the feature's, or for
// a school lacking a place with none near, the first the rule requires.
func hitCategory(h geo.Hit) string {
	if h.Feature.Category == "" && h.Lacking && len(h.Rule.Categories) > 0 {
		return string(h.Rule.Categories[0])
	}
	return string(h.Feature.Category)
}

// auditRecord is one CSV row of an audit, in the order of auditColumns.
func auditRecord(h geo.Hit) []string {
	j := newHitJSON(h)
	return []string{
		h.Feature.ID, h.Feature.Name, hitCategory(h), j.SchoolID, j.SchoolName, j.SchoolKind,
		j.RuleID, j.Severity, strconv.FormatFloat(h.DistanceMeters, 'f', 3, 64),
		strconv.FormatFloat(j.LimitM, 'f', -1, 64), j.MeasuredFrom, j.Citation.Document, j.Citation.Clause, j.RuleKind,
		h.Feature.OpenedOn.String(), string(h.Precedes), j.Method, walkingText(h), clearedText(h), h.Feature.Address, h.School.Address,
	}
}

// walkingText is a hit's walking distance for a table: meters with 3
// decimals, "> N" when no walk of N meters reaches the school, or empty.
func walkingText(h geo.Hit) string {
	switch {
	case h.WalkCapMeters > 0:
		return "> " + strconv.FormatFloat(h.WalkCapMeters, 'f', -1, 64)
	case h.Method == geo.Walking:
		return strconv.FormatFloat(h.WalkingMeters, 'f', 3, 64)
	}
	return ""
}

// clearedText is "yes" for a place the walk clears, else empty.
func clearedText(h geo.Hit) string {
	if h.Cleared {
		return "yes"
	}
	return ""
}

type auditHitJSON struct {
	FeatureID   string `json:"feature_id"`
	FeatureName string `json:"feature_name"`
	Address     string `json:"address,omitempty"` // the feature's
	Category    string `json:"category"`
	hitJSON
}

// WriteAuditJSON writes the hits as a JSON array, one object per hit.
func WriteAuditJSON(w io.Writer, hits iter.Seq[geo.Hit]) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	bw.WriteString("[")
	first := true
	for h := range hits {
		if !first {
			bw.WriteString(",")
		}
		first = false
		bw.WriteString("\n")
		if err := enc.Encode(newAuditHitJSON(h)); err != nil {
			return err
		}
		// Encode ends with a newline; keep one object per line.
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

func newAuditHitJSON(h geo.Hit) auditHitJSON {
	return auditHitJSON{FeatureID: h.Feature.ID, FeatureName: h.Feature.Name, Address: h.Feature.Address, Category: hitCategory(h), hitJSON: newHitJSON(h)}
}

// WriteAuditGeoJSON writes the hits as a GeoJSON FeatureCollection: one
// feature per hit, with the offending feature's geometry and the hit as
// properties.
func WriteAuditGeoJSON(w io.Writer, hits iter.Seq[geo.Hit]) error {
	return writeAuditGeoJSON(w, hits, `{"type":"FeatureCollection","features":[`)
}

// writeAuditGeoJSON is WriteAuditGeoJSON with the text that opens the
// collection, up to the features array.
func writeAuditGeoJSON(w io.Writer, hits iter.Seq[geo.Hit], head string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(head)
	first := true
	for h := range hits {
		if !first {
			bw.WriteString(",")
		}
		first = false
		bw.WriteString("\n")
		f := geojson.NewFeature(h.Feature.Geometry)
		f.ID = h.Feature.ID
		f.Properties = geojson.Properties{}
		b, err := json.Marshal(newAuditHitJSON(h))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &f.Properties); err != nil {
			return err
		}
		out, err := f.MarshalJSON()
		if err != nil {
			return err
		}
		bw.Write(out)
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}
