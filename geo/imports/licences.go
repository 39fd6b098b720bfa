package imports

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// licenceColumns maps each field of a licence list to the header names it
// may have, English or Chinese.
var licenceColumns = map[string][]string{
	"name":     {"name", "名称", "企业名称", "商户名称"},
	"category": {"category", "类别", "类型"},
	"lon":      {"lon", "lng", "longitude", "经度"},
	"lat":      {"lat", "latitude", "纬度"},
	"licence":  {"licence", "license", "许可证号", "许可证编号"},
	"id":       {"id", "编号"},
}

// ReadLicencesCSV reads a regulator's list of businesses from CSV (UTF-8,
// with or without a byte order mark): a header row naming at least name,
// category, lon and lat (or 名称, 类别, 经度, 纬度), then one business per
// row, in WGS84. Each feature's ID is its licence number when given, as
// "licence/NUMBER", else "row/N" with N its line number. The whole list is
// refused with an error wrapping ErrInvalidInput that names the file, line,
// field and value of the first bad row, so nothing is half-read.
func ReadLicencesCSV(r io.Reader, name string) ([]geo.Feature, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, geo.Invalidf("%s: empty: a header row with name, category, lon, lat is required", name)
		}
		return nil, geo.Invalidf("%s: %v", name, err)
	}
	col, err := licenceHeader(header, name)
	if err != nil {
		return nil, err
	}
	var out []geo.Feature
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			// A *csv.ParseError already names its line and column.
			return nil, geo.Invalidf("%s: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		f, err := licenceRow(rec, col, line)
		if err != nil {
			return nil, geo.Invalidf("%s:%d: %v", name, line, err)
		}
		if prev, dup := seen[f.ID]; dup {
			return nil, geo.Invalidf("%s:%d: id %q: already used on line %d", name, line, f.ID, prev)
		}
		seen[f.ID] = line
		out = append(out, f)
	}
}

func licenceHeader(header []string, name string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		for field, names := range licenceColumns {
			for _, n := range names {
				if h == n {
					col[field] = i
				}
			}
		}
	}
	for _, field := range []string{"name", "category", "lon", "lat"} {
		if _, ok := col[field]; !ok {
			return nil, geo.Invalidf("%s:1: header: column %q is missing (also read as %s)", name, field, strings.Join(licenceColumns[field], ", "))
		}
	}
	return col, nil
}

func licenceRow(rec []string, col map[string]int, line int) (geo.Feature, error) {
	get := func(field string) string {
		if i, ok := col[field]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	p, err := geo.ParsePoint(get("lat"), get("lon"))
	if err != nil {
		return geo.Feature{}, err
	}
	c, ok, _ := categoryWords.lookup(get("category"))
	if !ok || c == string(geo.Water) {
		return geo.Feature{}, geo.Invalidf("category %q: must be a business category such as internet_cafe, or its Chinese name such as 网吧", get("category"))
	}
	if get("name") == "" {
		return geo.Feature{}, geo.Invalid("name", get("name"), geo.Required())
	}
	id := get("id")
	switch {
	case id != "":
	case get("licence") != "":
		id = "licence/" + get("licence")
	default:
		id = "row/" + strconv.Itoa(line)
	}
	return geo.Feature{ID: id, Kind: geo.Business, Name: get("name"), Category: geo.Category(c), Geometry: orb.Point{p.Lon, p.Lat}}, nil
}
