package api

import (
	"cmp"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo/ledger"
)

// XLSXBySchool writes the hazards each yields as a workbook to print, one
// school a sheet: a first sheet, 汇总, with each school's hazards by
// state, then each school's list under a title with the date, in order of
// school ID. The hazards are held in memory to group them, so it is meant
// for a district or a filtered list rather than a whole province.
func (x *LedgerExport) XLSXBySchool(w io.Writer, each func(func(*ledger.Hazard) error) error) error {
	type school struct {
		id, name string
		rows     [][]any
		states   map[ledger.State]int
	}
	bySchool := map[string]*school{}
	err := each(func(h *ledger.Hazard) error {
		s := bySchool[h.SchoolID]
		if s == nil {
			s = &school{id: h.SchoolID, name: h.SchoolName, states: map[ledger.State]int{}}
			bySchool[h.SchoolID] = s
		}
		s.rows = append(s.rows, x.cells(h))
		s.states[h.State]++
		return nil
	})
	if err != nil {
		return err
	}
	schools := make([]*school, 0, len(bySchool))
	for _, s := range bySchool {
		schools = append(schools, s)
	}
	slices.SortFunc(schools, func(a, b *school) int { return cmp.Compare(a.id, b.id) })
	f := excelize.NewFile()
	defer f.Close()
	summary := [][]any{{"学校编号", "学校名称", "隐患数"}}
	for _, st := range ledger.States {
		summary[0] = append(summary[0], st.Label())
	}
	for _, s := range schools {
		row := []any{s.id, s.name, len(s.rows)}
		for _, st := range ledger.States {
			row = append(row, s.states[st])
		}
		summary = append(summary, row)
	}
	used := map[string]bool{}
	if err := writeRows(f, "Sheet1", sheetName("汇总", "", used), summary); err != nil {
		return err
	}
	title := "截至 " + chinaTime(x.Now)
	for _, s := range schools {
		rows := append([][]any{{s.name + " 隐患清单", title}, toAny(ledgerHeaders)}, s.rows...)
		if err := writeRows(f, "", sheetName(s.name, s.id, used), rows); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// writeRows writes rows into sheet name, renaming sheet from (the
// workbook's first) or adding a new one.
func writeRows(f *excelize.File, from, name string, rows [][]any) error {
	if from != "" {
		if err := f.SetSheetName(from, name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
