package geojson

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/safezone/safezone/geo"
)

// ParseSite reads a proposed school site from GeoJSON: a Point, Polygon or
// MultiPolygon geometry in WGS84 ([lon, lat]), or a Feature with one whose
// properties may hold name, school_kind, gates ([lon, lat] pairs) and
// opened_on (when the school will open), as a
// school's do in Read. The site is validated as geo.Site.Validate does, so
// an unclosed or self-intersecting ring, or more than
// geo.MaxSiteVertices positions, is refused. Errors wrap ErrInvalidInput
// and name the field.
func ParseSite(data []byte) (geo.Site, error) {
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return geo.Site{}, geo.Invalid("site", geo.Clip(string(data), 60),
			geo.Reason{Code: "site_type", Text: "must be a GeoJSON Point, Polygon or MultiPolygon, or a Feature with one"})
	}
	var s geo.Site
	var g *wireGeometry
	if probe.Type == "Feature" {
		var w struct {
			Geometry   *wireGeometry `json:"geometry"`
			Properties *wireProps    `json:"properties"`
		}
		if err := json.Unmarshal(data, &w); err != nil {
			return geo.Site{}, fmt.Errorf("site.%w", wireJSONError("", err))
		}
		if p := w.Properties; p != nil {
			s.Name, s.SchoolKind = p.Name, geo.SchoolKind(p.SchoolKind)
			var err error
			if s.OpenedOn, err = geo.ParseDate("site.properties.opened_on", p.OpenedOn); err != nil {
				return geo.Site{}, err
			}
			for i, c := range p.Gates {
				if len(c) < 2 {
					return geo.Site{}, geo.Refusef("site_gate", map[string]string{"gate": strconv.Itoa(i)}, "site.properties.gates[%d] %s: must be [lon, lat]", i, formatNums(c))
				}
				s.Gates = append(s.Gates, geo.Point{Lat: c[1], Lon: c[0]})
			}
		}
		g = w.Geometry
	} else {
		g = &wireGeometry{}
		if err := json.Unmarshal(data, g); err != nil {
			return geo.Site{}, fmt.Errorf("site.%w", wireJSONError("", err))
		}
	}
	if g != nil && g.Type != "Point" && g.Type != "Polygon" && g.Type != "MultiPolygon" {
		return geo.Site{}, geo.Invalid("site.type", g.Type, geo.Reason{Code: "site_type", Text: "must be Point, Polygon or MultiPolygon"})
	}
	var err error
	if s.Geometry, err = decodeGeometry(g); err != nil {
		return geo.Site{}, fmt.Errorf("site.%w", err)
	}
	return s, s.Validate()
}
