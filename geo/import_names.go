package geo

import (
	"strings"

	"golang.org/x/text/width"
)

// ImportFields lists the fields a table of features may have, in the order
// errors list them. Each is read from the column that ImportOptions.Columns
// names for it, or else from the first column whose header is one of its
// importHeaders (ignoring case, spaces and a byte order mark).
var ImportFields = []string{
	"id", "kind", "name", "category", "lon", "lat", "wkt",
	"licence", "address", "school_kind", "water_kind",
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
	"licence":     {"licence", "license", "licence_no", "license_no", "许可证号", "许可证编号", "经营许可证号"},
	"address":     {"address", "addr", "地址", "经营地址", "经营场所", "详细地址", "住所"},
	"school_kind": {"school_kind", "学段", "学校类型", "办学类型"},
	"water_kind":  {"water_kind", "水体类型", "水域类型"},
}

// kindNames are the values a kind column may hold, besides the Kind names.
var kindNames = map[string]Kind{
	"学校": School, "幼儿园": School,
	"商户": Business, "企业": Business, "经营场所": Business, "场所": Business, "商铺": Business, "个体户": Business,
	"水域": WaterBody, "水体": WaterBody, "河流": WaterBody, "湖泊": WaterBody, "水库": WaterBody, "池塘": WaterBody,
}

// categoryNames are the Chinese names of the categories a category column
// may hold, besides the Category names. They are the terms of the licence
// types (网吧 is an 互联网上网服务营业场所, and so on).
var categoryNames = map[string]Category{
	"网吧": InternetCafe, "互联网上网服务营业场所": InternetCafe, "上网服务营业场所": InternetCafe,
	"歌舞娱乐": SongDance, "歌舞娱乐场所": SongDance, "歌舞厅": SongDance, "歌厅": SongDance, "舞厅": SongDance, "ktv": SongDance,
	"电子游戏": GameArcade, "电子游戏场所": GameArcade, "游戏厅": GameArcade, "游艺厅": GameArcade, "游艺娱乐场所": GameArcade,
	"彩票": Lottery, "彩票专营": Lottery, "彩票专营场所": Lottery, "彩票店": Lottery, "彩票销售点": Lottery,
	"赌博": Gambling, "赌场": Gambling,
	"酒吧": Bar, "酒馆": Bar,
	"烟草": Tobacco, "烟草专卖": Tobacco, "烟草零售": Tobacco, "烟草专卖零售": Tobacco, "烟酒店": Tobacco,
	"摊贩": StreetStall, "流动摊贩": StreetStall, "摊点": StreetStall,
	"市场": Market, "集贸市场": Market, "农贸市场": Market,
	"停车场":  Parking,
	"烟花爆竹": Fireworks, "烟花": Fireworks,
	"宾馆": Hotel, "旅馆": Hotel, "酒店": Hotel, "旅店": Hotel, "招待所": Hotel,
	"诊所": Clinic, "门诊部": Clinic, "卫生室": Clinic,
	"派出所": Police, "警务室": Police,
	"水域": Water, "水体": Water,
}

// schoolKindNames are the Chinese names of the school kinds.
var schoolKindNames = map[string]SchoolKind{
	"幼儿园": Kindergarten, "小学": Primary,
	"中学": Secondary, "初中": Secondary, "初级中学": Secondary, "高中": Secondary, "高级中学": Secondary,
	"完全中学": Secondary, "中等职业学校": Secondary, "职业高中": Secondary,
	"学校": GeneralSchool, "九年一贯制学校": GeneralSchool, "十二年一贯制学校": GeneralSchool,
}

// waterKindNames are the Chinese names of the water kinds.
var waterKindNames = map[string]WaterKind{
	"河": River, "河流": River, "江": River, "溪": Stream, "溪流": Stream, "运河": Canal,
	"沟": Ditch, "沟渠": Ditch, "渠": Drain, "排水渠": Drain, "湖": Lake, "湖泊": Lake,
	"池塘": Pond, "塘": Pond, "水库": Reservoir, "蓄水池": Basin, "水域": OtherWater, "水体": OtherWater,
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
