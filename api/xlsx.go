package api

import (
	"io"
	"iter"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo"
)

// auditHeadersZH are the XLSX column headers, in Chinese for the ledger, in
// the order of auditColumns.
var auditHeadersZH = []any{
	"要素编号", "名称", "类别", "学校编号", "学校名称", "学校类型",
	"规则编号", "处置等级", "距离(米)", "限值(米)", "测量起点", "依据文件", "条款原文", "规则类型",
	"开业日期", "先于", "测量方法", "步行距离(米)", "步行排除", "地址", "学校地址",
}

// WriteAuditXLSX writes the hits as an Excel workbook with one sheet, 违规清单,
// Chinese headers and one row per hit. It streams rows, so large audits do
// not build the whole sheet in memory.
func WriteAuditXLSX(w io.Writer, hits iter.Seq[geo.Hit]) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "违规清单"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", auditHeadersZH); err != nil {
		return err
	}
	row := 2
	for h := range hits {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		if err := sw.SetRow(cell, auditValues(h)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// auditValues is one XLSX row of an audit, in the order of auditHeadersZH.
func auditValues(h geo.Hit) []any {
	j := newHitJSON(h)
	return []any{
		h.Feature.ID, h.Feature.Name, hitCategory(h), j.SchoolID, j.SchoolName, j.SchoolKind,
		j.RuleID, j.Severity, j.DistanceM, j.LimitM, j.MeasuredFrom, j.Citation.Document, j.Citation.Clause, j.RuleKind,
		h.Feature.OpenedOn.String(), precedesZH[h.Precedes], methodZH[h.Method], walkingText(h), map[bool]string{true: "是"}[h.Cleared],
		h.Feature.Address, h.School.Address,
	}
}

// precedesZH names what a place predates, for the ledger.
var precedesZH = map[geo.Precedence]string{geo.PrecedesSchool: "学校", geo.PrecedesRule: "规则"}

// methodZH names how a walking rule was measured, for the ledger.
var methodZH = map[geo.Method]string{geo.Walking: "步行", geo.Straight: "直线"}
