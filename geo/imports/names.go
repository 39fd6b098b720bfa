package imports

import (
	"strings"

	"golang.org/x/text/width"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/catalogue"
)

// Fields lists the fields a table of features may have, in the order
// errors list them. Each is read from the column that Options.Columns
// names for it, or else from the first column whose header is one of its
// importHeaders (ignoring case, spaces and a byte order mark).
var Fields = []string{
	"id", "kind", "name", "category", "lon", "lat", "wkt",
	"licence", "address", "school_kind", "water_kind", "opened_on",
}

// importHeaders are the headers each field is recognised by, English and
// Chinese, as regulators' licence lists and GIS exports name them.
var importHeaders = map[string][]string{
	"id":          {"id", "fid", "objectid", "编号", "学校标识码", "学校代码"},
	"kind":        {"kind", "要素类型", "要素类别", "种类"},
	"name":        {"name", "名称", "企业名称", "商户名称", "店名", "单位名称", "学校名称", "场所名称", "水体名称"},
	"category":    {"category", "类别", "类型", "行业类别", "经营类别", "场所类别"},
	"lon":         {"lon", "lng", "long", "longitude", "x", "经度", "东经"},
	"lat":         {"lat", "latitude", "y", "纬度", "北纬"},
	"wkt":         {"wkt", "geometry", "geom", "the_geom", "shape", "几何", "空间信息"},
	"licence":     {"licence", "license", "licence_no", "license_no", "许可证号", "许可证编号", "经营许可证号", "执照号", "营业执照号"},
	"address":     {"address", "addr", "addr:full", "地址", "经营地址", "经营场所", "经营场所地址", "详细地址", "住所", "注册地址", "学校地址", "门牌地址"},
	"school_kind": {"school_kind", "学段", "学校类型", "办学类型"},
	"water_kind":  {"water_kind", "水体类型", "水域类型"},
	"opened_on":   {"opened_on", "start_date", "开业日期", "发证日期", "成立日期", "开办日期", "建校日期", "建校时间", "办学日期"},
}

// kindNames are the values a kind column may hold, besides the Kind names.
var kindNames = map[string]geo.Kind{
	"学校": geo.School, "幼儿园": geo.School,
	"商户": geo.Business, "企业": geo.Business, "经营场所": geo.Business, "场所": geo.Business, "商铺": geo.Business, "个体户": geo.Business,
	"水域": geo.WaterBody, "水体": geo.WaterBody, "河流": geo.WaterBody, "湖泊": geo.WaterBody, "水库": geo.WaterBody, "池塘": geo.WaterBody,
}

// categoryWords and waterKindWords find the category or water kind a
// category (or water_kind) column names, by the catalogue's IDs and import
// values; categoryHeaders finds the category a name column's header
// implies (网吧名称: every row is an internet cafe).
var (
	categoryWords   = newWords(catalogue.Default().Categories, func(k catalogue.Category) (string, []string) { return k.ID, k.Import.Values })
	waterKindWords  = newWords(catalogue.Default().WaterKinds, func(k catalogue.WaterKind) (string, []string) { return k.ID, k.Import.Values })
	categoryHeaders = headerCategories(catalogue.Default().Categories)
)

// schoolKindNames are the Chinese names of the school kinds.
var schoolKindNames = map[string]geo.SchoolKind{
	"幼儿园": geo.Kindergarten, "小学": geo.Primary,
	"中学": geo.Secondary, "初中": geo.Secondary, "初级中学": geo.Secondary, "高中": geo.Secondary, "高级中学": geo.Secondary,
	"完全中学": geo.Secondary, "中等职业学校": geo.Secondary, "职业高中": geo.Secondary,
	"学校": geo.GeneralSchool, "九年一贯制学校": geo.GeneralSchool, "十二年一贯制学校": geo.GeneralSchool,
}

// lookupImportName returns the value named s: one of names (the English names,
// ignoring case and full width, as in ＫＴＶ) or a key of zh. ok is false
// if s is neither.
func lookupImportName[V ~string](s string, names []V, zh map[string]V) (v V, ok bool) {
	key := strings.ToLower(strings.TrimSpace(width.Narrow.String(s)))
	for _, n := range names {
		if string(n) == key {
			return n, true
		}
	}
	v, ok = zh[key]
	return v, ok
}

// normHeader is a header as it is compared with importHeaders.
func normHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	return strings.ToLower(strings.Join(strings.Fields(h), ""))
}
