package api

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo/ledger"
)

// ledgerHeaders are the columns of the ledger's exports (台账), in Chinese.
var ledgerHeaders = []string{
	"编号", "状态", "等级", "来源", "类别", "学校编号", "学校名称", "隐患", "依据规则", "距离(米)",
	"责任单位", "责任人", "整改期限", "是否逾期", "逾期天数", "督办级别", "审计未再发现", "登记时间", "已开天数", "最后操作", "经度", "纬度",
}

// roleLabels are the roles' Chinese names.
var roleLabels = map[ledger.Role]string{
	ledger.RoleRegulator: "监管部门", ledger.RolePolice: "公安", ledger.RoleSchool: "学校", ledger.RoleAdmin: "管理员",
}

// LedgerExport writes hazards as the ledger's table, one row per hazard,
// with Chinese headers and values (状态 整改中, 等级 较大), judged overdue
// at Now.
type LedgerExport struct {
	Config *ledger.Config
	Now    time.Time
}

// NewLedgerExport returns the export of the ledger with cfg at now.
func NewLedgerExport(cfg *ledger.Config, now time.Time) *LedgerExport {
	return &LedgerExport{Config: cfg, Now: now}
}

// cells is h's row: numbers as numbers, the rest as text.
func (x *LedgerExport) cells(h *ledger.Hazard) []any {
	what, rule := h.Source.Description, ""
	var dist any = ""
	if h.Source.Kind == ledger.FromAudit {
		what, rule, dist = h.Source.FeatureName+" ("+h.Source.FeatureID+")", h.Source.RuleTitle, meters(h.Source.DistanceMeters)
	}
	cat := h.Category
	if c, ok := x.Config.Category(h.Category); ok {
		cat = c.Label
	}
	level, levelName := x.Config.Level(h, x.Now), ""
	if level > 0 {
		levelName = x.Config.Escalation.Levels.Value[level-1]
	}
	return []any{
		h.ID, h.State.Label(), h.Grade.Label(), h.Source.Kind.Label(), cat, h.SchoolID, h.SchoolName, what, rule, dist,
		h.Unit, h.Person, h.Deadline.String(), yesNo(ledger.Overdue(h, x.Now)), ledger.DaysOverdue(h, x.Now), levelName,
		yesNo(h.Vanished), chinaTime(h.CreatedAt), daysOpen(h, x.Now), lastAction(h.Last), h.Point.Lon, h.Point.Lat,
	}
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// chinaTime is t in China Standard Time, to the minute.
func chinaTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ledger.China).Format("2006-01-02 15:04")
}

// lastAction describes an entry in one line: when, what, who, and why.
func lastAction(e ledger.Entry) string {
	what := e.Action.Label()
	if e.Action == ledger.ActTransition {
		what = moveLabel(e.From, e.To)
	}
	s := chinaTime(e.Time) + " " + what + " " + roleLabels[e.Role] + " " + e.Actor
	if e.Comment != "" {
		s += "：" + e.Comment
	}
	return s
}

// CSV writes the hazards each yields as CSV, UTF-8 with a byte order mark
// for Excel. Text cells that start with =, +, -, @, a tab or a carriage
// return get a leading ' (OWASP, CSV injection), so that a spreadsheet
// never runs a name or a comment as a formula.
func (x *LedgerExport) CSV(w io.Writer, each func(func(*ledger.Hazard) error) error) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	if err := cw.Write(ledgerHeaders); err != nil {
		return err
	}
	row := make([]string, len(ledgerHeaders))
	err := each(func(h *ledger.Hazard) error {
		for i, v := range x.cells(h) {
			row[i] = csvCell(v)
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvCell formats v, neutralising text that a spreadsheet would read as a
// formula.
func csvCell(v any) string {
	switch v := v.(type) {
	case string:
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			return "'" + v
		}
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case uint64:
		return strconv.FormatUint(v, 10)
	}
	return ""
}

// XLSX writes the hazards each yields as a workbook with one sheet, 隐患台账.
// Excel stores text cells as text, never as formulas.
func (x *LedgerExport) XLSX(w io.Writer, each func(func(*ledger.Hazard) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "隐患台账"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	headers := make([]any, len(ledgerHeaders))
	for i, h := range ledgerHeaders {
		headers[i] = h
	}
	if err := sw.SetRow("A1", headers); err != nil {
		return err
	}
	row := 2
	err = each(func(h *ledger.Hazard) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, x.cells(h))
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
