package crs

import (
	"regexp"
	"strings"

	"github.com/safezone/safezone/geo"
)

// prjName is the first quoted name in a WKT coordinate system.
var prjName = regexp.MustCompile(`^[A-Za-z_]+\s*\[\s*"([^"]*)"`)

// prjCRS returns the coordinate system a Shapefile's .prj (WKT 1 or WKT 2)
// declares, if it is one we read: geographic longitude and latitude on
// WGS84 or CGCS2000. It returns an error wrapping ErrInvalidInput that
// names the system for a projected one, another datum, or text that is not
// a WKT coordinate system.
func FromPRJ(wkt string) (System, error) {
	s := strings.TrimSpace(strings.TrimPrefix(wkt, "\ufeff"))
	u := strings.ToUpper(s)
	name := ""
	if m := prjName.FindStringSubmatch(s); m != nil {
		name = m[1]
	}
	switch {
	case strings.HasPrefix(u, "PROJCS") || strings.HasPrefix(u, "PROJCRS") || strings.HasPrefix(u, "PROJECTEDCRS"):
		return "", geo.Invalidf("%q is a projected coordinate system (metres, not degrees): reproject it to longitude and latitude on CGCS2000 (EPSG:4490) or WGS84 (EPSG:4326) first, e.g. ogr2ogr -t_srs EPSG:4490", name)
	case !(strings.HasPrefix(u, "GEOGCS") || strings.HasPrefix(u, "GEOGCRS") || strings.HasPrefix(u, "GEODCRS") || strings.HasPrefix(u, "GEOGRAPHICCRS")):
		return "", geo.Invalidf("%q: not a WKT coordinate system (GEOGCS[...])", geo.Clip(s, 60))
	}
	flat := strings.NewReplacer("_", "", " ", "", "-", "").Replace(u)
	switch {
	case strings.Contains(flat, "WGS1984") || strings.Contains(flat, "WGS84"):
		return WGS84, nil
	case strings.Contains(flat, "CGCS2000") || strings.Contains(flat, "CHINA2000") || strings.Contains(flat, "CHINAGEODETICCOORDINATESYSTEM2000"):
		return CGCS2000, nil
	case strings.Contains(flat, "BEIJING1954") || strings.Contains(flat, "XIAN1980") || strings.Contains(flat, "NEWBEIJING"):
		return "", geo.Invalidf("%q: Beijing 1954 and Xi'an 1980 lie up to about 100 m from WGS84: reproject to CGCS2000 (EPSG:4490) or WGS84 (EPSG:4326) first", name)
	}
	return "", geo.Invalidf("%q: an unknown datum: must be WGS84 (EPSG:4326) or CGCS2000 (EPSG:4490)", name)
}
