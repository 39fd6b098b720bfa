package api

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo"
)

// hitHeaders are the columns of a violation row, and of the CSV ledger.
func (l *auditLedger) hitHeaders() []string {
	keys := []string{"h.verdict", "h.name", "h.licence", "h.address", "h.category", "h.school", "h.school_kind", "h.distance", "h.limit",
		"h.from", "h.rule", "h.document", "h.number", "h.clause", "h.feature_id", "h.school_id"}
	return l.headers(keys)
}

// waterHeaders are the columns of a row of water near a school.
func (l *auditLedger) waterHeaders() []string {
	keys := []string{"h.water", "h.water_kind", "h.school", "h.school_kind", "h.distance", "h.limit", "h.from",
		"h.rule", "h.document", "h.number", "h.clause", "h.feature_id", "h.school_id"}
	return l.headers(keys)
}

func (l *auditLedger) headers(keys []string) []string {
	out := make([]string, 0, len(keys)+2)
	for _, k := range keys {
		out = append(out, l.word(k))
	}
	if l.crs != "" {
		out = append(out, fmt.Sprintf(l.word("h.lon"), l.crs), fmt.Sprintf(l.word("h.lat"), l.crs))
	}
	return out
}

// hitRow is a violation's row; a water hit gives the columns of waterHeaders.
func (l *auditLedger) hitRow(h geo.Hit) []any {
	j := newHitJSON(h)
	rule := []any{schoolKindNames[l.lang][h.School.SchoolKind], j.DistanceM, j.LimitM, l.word("from." + j.MeasuredFrom),
		j.RuleTitle, j.Citation.Document, j.Citation.Number, j.Citation.Clause, h.Feature.ID, j.SchoolID}
	var row []any
	if h.Feature.Kind == geo.WaterBody {
		row = append([]any{l.name(h.Feature), waterKindNames[l.lang][h.Feature.WaterKind], j.SchoolName}, rule...)
	} else {
		row = append([]any{l.word("verdict." + j.Severity), l.name(h.Feature), l.licence(h.Feature), h.Feature.Address,
			categoryNames[l.lang][h.Feature.Category], j.SchoolName}, rule...)
	}
	if l.crs != "" {
		p := pointIn(h.Feature.Geometry, l.crs)
		row = append(row, roundDeg(p.Lon()), roundDeg(p.Lat()))
	}
	return row
}

// summary is the 汇总 sheet: what was audited, under which rules, and the
// counts overall and by category.
func (l *auditLedger) summary() [][]any {
	bad := l.violating()
	bySev := map[geo.Severity]int{}
	badBy := map[geo.Category]int{}
	cats := map[string]geo.Category{}
	for _, h := range l.hits {
		cats[h.Feature.ID] = h.Feature.Category
	}
	for id, sev := range bad {
		bySev[sev]++
		badBy[cats[id]]++
	}
	checked := 0
	for _, n := range l.checked {
		checked += n
	}
	w := l.word
	rows := [][]any{
		{w("title")},
		{w("date"), l.date.Format("2006-01-02 15:04")},
		{w("pack"), l.pack.Title + " (" + l.pack.ID + ")"},
		{w("documents"), l.documents()},
		{w("scope"), l.scope},
		{},
		{w("checked"), checked},
		{w("violating"), len(bad)},
		{w("prohibited"), bySev[geo.Prohibited]},
		{w("inspect"), bySev[geo.Inspect]},
		{w("compliant"), checked - len(bad)},
		{w("rows"), len(l.hits)},
		{w("water"), len(l.water)},
		{},
		{w("by_category"), w("h.category_checked"), w("h.category_violating"), w("h.category_compliant")},
	}
	for _, c := range geo.Categories {
		if n := l.checked[c]; n > 0 || badBy[c] > 0 {
			rows = append(rows, []any{categoryNames[l.lang][c], n, badBy[c], n - badBy[c]})
		}
	}
	return rows
}

// listRows are the rows of an uploaded list: each licence and its verdict.
func (l *auditLedger) listRows() [][]any {
	bad := l.violating()
	hits := map[string]int{}
	for _, h := range l.hits {
		hits[h.Feature.ID]++
	}
	rows := [][]any{{l.word("h.name"), l.word("h.licence"), l.word("h.address"), l.word("h.category"), l.word("h.verdict"), l.word("h.hits"), l.word("h.feature_id")}}
	for _, f := range l.list {
		verdict := l.word("verdict.compliant")
		if sev, ok := bad[f.ID]; ok {
			verdict = l.word("verdict." + string(sev))
		}
		rows = append(rows, []any{l.name(f), l.licence(f), f.Address, categoryNames[l.lang][f.Category], verdict, hits[f.ID], f.ID})
	}
	return rows
}

// writeXLSX writes the ledger as a workbook: the summary, the violations,
// the water near schools and, for a licence list, every licence.
func (l *auditLedger) writeXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", l.word("sheet.summary")); err != nil {
		return err
	}
	if err := setRows(f, l.word("sheet.summary"), l.summary()); err != nil {
		return err
	}
	if err := streamSheet(f, l.word("sheet.violations"), l.hitHeaders(), l.hits, l.hitRow); err != nil {
		return err
	}
	if err := streamSheet(f, l.word("sheet.water"), l.waterHeaders(), l.water, l.hitRow); err != nil {
		return err
	}
	if l.list != nil {
		if _, err := f.NewSheet(l.word("sheet.licences")); err != nil {
			return err
		}
		if err := setRows(f, l.word("sheet.licences"), l.listRows()); err != nil {
			return err
		}
	}
	f.SetColWidth(l.word("sheet.summary"), "A", "A", 24)
	return f.Write(w)
}

// setRows writes a small sheet cell by cell.
func setRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	return nil
}

// streamSheet adds a sheet with a header and a row per hit, streamed.
func streamSheet(f *excelize.File, sheet string, headers []string, hits []geo.Hit, row func(geo.Hit) []any) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head := make([]any, len(headers))
	for i, h := range headers {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, h := range hits {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row(h)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeCSV writes the ledger as one table (UTF-8 with a byte order mark,
// for Excel): the violations, then the water near schools, then for a
// licence list its compliant licences, the first column saying which.
func (l *auditLedger) writeCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	// A CSV has no summary sheet: its last column says on every row what
	// was audited (the district by name), as the summary's 核查范围 does.
	cw := csv.NewWriter(bw)
	write := func(row []string) { cw.Write(append(row, l.scope)) }
	if err := cw.Write(append(l.hitHeaders(), l.word("scope"))); err != nil {
		return err
	}
	for _, h := range l.hits {
		write(texts(l.hitRow(h)))
	}
	for _, h := range l.water {
		// In the violations' columns: no licence or address, the water's kind as its category.
		r := l.hitRow(h)
		write(texts(append([]any{l.word("verdict.water"), r[0], "", "", r[1]}, r[2:]...)))
	}
	bad := l.violating()
	for _, f := range l.list {
		if _, ok := bad[f.ID]; !ok {
			row := make([]string, len(l.hitHeaders()))
			row[0], row[1], row[2], row[3], row[4], row[14] = l.word("verdict.compliant"), l.name(f), l.licence(f), f.Address, categoryNames[l.lang][f.Category], f.ID
			write(row)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// texts formats a row's values for CSV: distances to the millimetre.
func texts(row []any) []string {
	out := make([]string, len(row))
	for i, v := range row {
		switch v := v.(type) {
		case float64:
			out[i] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}
