package imports

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"golang.org/x/text/width"

	"github.com/safezone/safezone/geo"
)

// attributes reads a row's kind, name, category, school kind and water
// kind. English and Chinese names are accepted (see import_names.go).
func (t *importTable) attributes(rec []string, row int) (geo.Feature, *RowError) {
	f := geo.Feature{Kind: t.opts.Kind, Name: t.get(rec, "name")}
	if f.Kind == "" {
		f.Kind = geo.Business
	}
	if v := t.get(rec, "kind"); v != "" {
		k, ok := lookupImportName(v, []geo.Kind{geo.School, geo.Business, geo.WaterBody}, kindNames)
		if !ok {
			return f, t.rowErr(row, "kind", v, geo.OneOfAlso([]geo.Kind{geo.School, geo.Business, geo.WaterBody}, "学校, 商户, 水域"))
		}
		f.Kind = k
	}
	cat, sk, wk := t.get(rec, "category"), t.get(rec, "school_kind"), t.get(rec, "water_kind")
	if f.Name == "" && f.Kind != geo.WaterBody {
		return f, t.rowErr(row, "name", f.Name, geo.RequiredFor(string(f.Kind)))
	}
	switch f.Kind {
	case geo.Business:
		if cat == "" {
			cat = t.headerCat
		}
		c, rerr := t.category(cat, row)
		if rerr != nil {
			return f, rerr
		}
		f.Category = c
	case geo.School:
		if cat != "" {
			k, ok := lookupImportName(cat, geo.SchoolKinds, schoolKindNames)
			if !ok {
				return f, t.rowErr(row, "category", cat, schoolCategory)
			}
			if sk == "" {
				f.SchoolKind = k
			}
		}
		if sk != "" {
			k, ok := lookupImportName(sk, geo.SchoolKinds, schoolKindNames)
			if !ok {
				return f, t.rowErr(row, "school_kind", sk, geo.OneOfAlso(geo.SchoolKinds, "幼儿园, 小学, 中学"))
			}
			f.SchoolKind = k
		}
	case geo.WaterBody:
		f.Category = geo.Water
		if cat != "" {
			if k, ok, _ := waterKindWords.lookup(cat); ok && wk == "" {
				wk = k
			} else if c, ok, _ := categoryWords.lookup(cat); !ok || c != string(geo.Water) {
				return f, t.rowErr(row, "category", cat, geo.Because("must be water or empty for a water body"))
			}
		}
		if wk != "" {
			k, ok, tied := waterKindWords.lookup(wk)
			if !ok {
				return f, t.rowErr(row, "water_kind", wk, geo.Hint(geo.OneOfAlso(geo.WaterKinds, "河流, 湖泊, 水库, 池塘, 鱼塘 ..."), tiedHint(tied)))
			}
			f.WaterKind = geo.WaterKind(k)
		}
	}
	return f, nil
}

// category reads a business's category: an ID, a Chinese name of the
// catalogue (网吧, 网咖, 上网服务) or a word containing one.
func (t *importTable) category(cat string, row int) (geo.Category, *RowError) {
	c, ok, tied := categoryWords.lookup(cat)
	if ok && c != string(geo.Water) {
		return geo.Category(c), nil
	}
	hint := tiedHint(tied)
	if _, hasKind := t.col["kind"]; !hasKind && t.opts.Kind == "" && len(tied) == 0 {
		hint = "; rows are businesses unless a kind column or the kind option says otherwise"
	}
	business := slices.DeleteFunc(slices.Clone(geo.Categories), func(c geo.Category) bool { return c == geo.Water })
	return "", t.rowErr(row, "category", cat, geo.Hint(geo.BusinessCategory(business), hint))
}

// tiedHint explains a word that names several entries.
func tiedHint(tied []string) string {
	if len(tied) < 2 {
		return ""
	}
	return "; it names " + strings.Join(tied, " and ") + " alike: give one"
}

// geometry reads a row's geometry from its wkt column or, when that is
// missing or empty, its lon and lat columns. Coordinates are not yet
// converted to WGS84.
func (t *importTable) geometry(rec []string, row int) (orb.Geometry, *RowError) {
	if w := t.get(rec, "wkt"); w != "" {
		g, err := parseWKT(w)
		if err != nil {
			return nil, t.rowErr(row, "wkt", geo.Clip(w, 80), geo.Because(err.Error()))
		}
		return g, nil
	}
	if _, ok := t.col["lon"]; !ok {
		return nil, t.rowErr(row, "wkt", "", geo.Reason{Code: "wkt", Text: "must be a WKT geometry such as POINT (104.06 30.66)"})
	}
	lonS, latS := t.get(rec, "lon"), t.get(rec, "lat")
	lon, lonErr := parseDegrees(lonS, 180)
	lat, latErr := parseDegrees(latS, 90)
	switch {
	case lonErr != nil:
		return nil, t.rowErr(row, "lon", lonS, *lonErr)
	case latErr != nil:
		if math.Abs(lat) <= 180 && math.Abs(lon) <= 90 && latErr.Code == "between" {
			*latErr = geo.Swapped(*latErr)
		}
		return nil, t.rowErr(row, "lat", latS, *latErr)
	}
	return orb.Point{lon, lat}, nil
}

// number is a decimal number, with an exponent as spreadsheets store small
// ones (1.5E-3), but not hexadecimal, Inf, NaN or with underscores, which
// strconv.ParseFloat would take.
var number = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// parseDegrees parses decimal degrees within ±limit, in ASCII or
// full-width digits. It returns the value,
// and the reason it is bad, or nil.
func parseDegrees(s string, limit float64) (float64, *geo.Reason) {
	// Chinese input methods type full-width digits: １０４．０６.
	s = width.Narrow.String(s)
	v, err := strconv.ParseFloat(s, 64)
	var r geo.Reason
	switch {
	case !number.MatchString(s) || err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		r = geo.Degrees()
	case v < -limit || v > limit:
		r = geo.Between(-limit, limit)
	default:
		return v, nil
	}
	return v, &r
}

// schoolCategory is the reason a school's category is refused.
var schoolCategory = geo.Reason{Code: "school_category",
	Text: "a school has no category; give its level (小学, 中学 ...) as school_kind"}

// parseWKT parses a WKT or EWKT geometry: POINT, LINESTRING, POLYGON or
// their MULTI forms, optionally after SRID=4326; or SRID=4490;. Other SRIDs,
// Z and M coordinates and empty geometries are refused.
func parseWKT(s string) (orb.Geometry, error) {
	s = strings.TrimSpace(s)
	if head, rest, ok := strings.Cut(s, ";"); ok && strings.HasPrefix(strings.ToUpper(head), "SRID=") {
		srid := strings.TrimSpace(head[len("SRID="):])
		if srid != "4326" && srid != "4490" {
			return nil, geo.Invalidf("SRID %s: must be 4326 (WGS84) or 4490 (CGCS2000); reproject to longitude and latitude first", srid)
		}
		s = rest
	}
	g, err := wkt.Unmarshal(s)
	if err != nil {
		return nil, geo.Invalidf("not WKT (%v); must be a geometry such as POINT (104.06 30.66) or POLYGON ((...))", err)
	}
	if g == nil || isEmptyGeometry(g) {
		return nil, geo.Invalidf("empty geometry")
	}
	return g, nil
}

func isEmptyGeometry(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Point:
		return false
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.MultiLineString:
		return len(g) == 0
	case orb.Polygon:
		return len(g) == 0
	case orb.MultiPolygon:
		return len(g) == 0
	case orb.Collection:
		return len(g) == 0
	}
	return true
}
