package api

import (
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/catalogue"
)

// The words of an audit ledger (ledger.go), in Chinese and English. The
// names of categories and water kinds are the catalogue's, as the map shows
// them; those of school kinds are the map's dictionary's, frontend/i18n.js,
// and a test holds them equal.

// ledgerLangs are the languages a ledger is written in.
var ledgerLangs = []string{"zh", "en"}

// categoryNames and waterKindNames are the catalogue's names
// (data/catalogue.yaml), by language.
var categoryNames, waterKindNames = catalogueNames(catalogue.Default())

// catalogueNames returns the names of c's categories and water kinds in
// each of ledgerLangs.
func catalogueNames(c *catalogue.Catalogue) (map[string]map[geo.Category]string, map[string]map[geo.WaterKind]string) {
	cats := map[string]map[geo.Category]string{"zh": {}, "en": {}}
	for _, k := range c.Categories {
		cats["zh"][geo.Category(k.ID)], cats["en"][geo.Category(k.ID)] = k.Name.ZH, k.Name.EN
	}
	water := map[string]map[geo.WaterKind]string{"zh": {}, "en": {}}
	for _, k := range c.WaterKinds {
		water["zh"][geo.WaterKind(k.ID)], water["en"][geo.WaterKind(k.ID)] = k.Name.ZH, k.Name.EN
	}
	return cats, water
}

var schoolKindNames = map[string]map[geo.SchoolKind]string{
	"zh": {geo.Kindergarten: "幼儿园", geo.Primary: "小学", geo.Secondary: "中学", geo.GeneralSchool: "学校"},
	"en": {geo.Kindergarten: "kindergarten", geo.Primary: "primary school", geo.Secondary: "secondary school", geo.GeneralSchool: "school"},
}

// ledgerWords are the ledger's fixed words: sheet names, headers, verdicts
// and the lines of its summary.
var ledgerWords = map[string]map[string]string{
	"zh": {
		"sheet.summary": "汇总", "sheet.violations": "违规清单", "sheet.water": "校园周边水域", "sheet.licences": "执照清单",
		"title": "校园周边安全区域核查", "date": "核查时间", "pack": "规则包", "documents": "依据文件", "scope": "核查范围",
		"checked": "核查商户", "violating": "违规商户", "prohibited": "其中禁止设立", "inspect": "其中需现场核查",
		"compliant": "合规商户", "rows": "违规条目", "water": "校园周边水域（不计入违规）", "by_category": "按类别",
		"scope.licences": "上传的执照清单（%d 条）", "scope.bbox": "地图范围 %s", "scope.district": "%s边界内（含压线）",
		"district": "辖区", "district.named": "辖区“%s”", "scope.bbox_district": "地图范围 %s 与%s边界内（含压线）",
		"scope.licences_district": "上传的执照清单（%d 条）中位于%s边界内（含压线）的 %d 条", "scope.all": "全部数据",
		"verdict.prohibited": "禁止设立", "verdict.inspect": "需现场核查", "verdict.compliant": "合规", "verdict.water": "校园周边水域（不计入违规）",
		"from.campus": "校园边界", "from.gate": "校门",
		"h.verdict": "结论", "h.name": "名称", "h.licence": "许可证号", "h.address": "地址", "h.category": "类别", "h.school": "学校名称", "h.school_kind": "学校类型",
		"h.distance": "距离(米)", "h.limit": "限值(米)", "h.from": "测量起点", "h.rule": "规则", "h.document": "依据文件", "h.number": "文号",
		"h.clause": "条款原文", "h.feature_id": "要素编号", "h.school_id": "学校编号", "h.water": "水域名称", "h.water_kind": "水域类型",
		"h.hits": "违规条目", "h.lon": "经度 (%s)", "h.lat": "纬度 (%s)", "h.category_checked": "核查", "h.category_violating": "违规",
		"h.category_compliant": "合规", "unnamed": "（无名称）",
	},
	"en": {
		"sheet.summary": "Summary", "sheet.violations": "Violations", "sheet.water": "Water near schools", "sheet.licences": "Licences",
		"title": "School safety zone audit", "date": "Audited", "pack": "Rule pack", "documents": "Documents", "scope": "Scope",
		"checked": "Businesses checked", "violating": "Businesses in violation", "prohibited": "of which prohibited",
		"inspect": "of which to inspect", "compliant": "Compliant businesses", "rows": "Violations",
		"water": "Water near schools (not violations)", "by_category": "By category",
		"scope.licences": "the uploaded licence list (%d rows)", "scope.bbox": "the map view %s", "scope.district": "within %s (or on its boundary)",
		"scope.bbox_district": "the map view %s, within %s (or on its boundary)", "district": "the district", "district.named": "the district “%s”",
		"scope.licences_district": "the uploaded licence list (%d rows): those within %s (or on its boundary), %d", "scope.all": "all the data",
		"verdict.prohibited": "prohibited", "verdict.inspect": "inspect on site", "verdict.compliant": "compliant",
		"verdict.water": "water near a school (not a violation)", "from.campus": "campus", "from.gate": "gate",
		"h.verdict": "Verdict", "h.name": "Name", "h.licence": "Licence", "h.address": "Address", "h.category": "Category", "h.school": "School",
		"h.school_kind": "School kind", "h.distance": "Distance (m)", "h.limit": "Limit (m)", "h.from": "Measured from",
		"h.rule": "Rule", "h.document": "Document", "h.number": "Number", "h.clause": "Clause", "h.feature_id": "Feature ID",
		"h.school_id": "School ID", "h.water": "Water", "h.water_kind": "Water kind", "h.hits": "Violations", "h.lon": "Longitude (%s)",
		"h.lat": "Latitude (%s)", "h.category_checked": "Checked", "h.category_violating": "In violation",
		"h.category_compliant": "Compliant", "unnamed": "(no name)",
	},
}
