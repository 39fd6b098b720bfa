package api

import (
	"cmp"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// sheetGroup is the hits of one sheet of a split XLSX export.
type sheetGroup struct {
	key, title string // school or rule ID; the school's name or the rule's title
	hits       []geo.Hit
}

// writeAuditXLSXBy writes the hits as an Excel workbook. by is "" for one
// sheet, 违规清单, or "school" or "rule" for a 汇总 (summary) sheet and then
// one sheet per school or rule, in order of ID, named after it. With c, each
// row also has the feature's 经度 and 纬度 in c. Split workbooks hold every
// hit in memory while they group them.
func writeAuditXLSXBy(w io.Writer, hits iter.Seq[geo.Hit], by string, c crs.System) error {
	f := excelize.NewFile()
	defer f.Close()
	headers := auditHeadersZH[:len(auditHeadersZH):len(auditHeadersZH)]
	if c != "" {
		headers = append(headers, "经度 ("+string(c)+")", "纬度 ("+string(c)+")")
	}
	if by == "" {
		if err := f.SetSheetName("Sheet1", "违规清单"); err != nil {
			return err
		}
		if err := writeSheet(f, "违规清单", headers, hits, c); err != nil {
			return err
		}
		return f.Write(w)
	}
	groups := groupHits(hits, by)
	if err := f.SetSheetName("Sheet1", "汇总"); err != nil {
		return err
	}
	used := map[string]bool{"汇总": true} // lowercased: Excel ignores case
	summary := [][]any{{map[string]string{"school": "学校编号", "rule": "规则编号"}[by], map[string]string{"school": "学校名称", "rule": "规则"}[by], "违规数", "工作表"}}
	for _, g := range groups {
		name := sheetName(g.title, g.key, used)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeSheet(f, name, headers, slices.Values(g.hits), c); err != nil {
			return err
		}
		summary = append(summary, []any{g.key, g.title, len(g.hits), name})
	}
	for i, row := range summary {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("汇总", cell, &row); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// writeSheet streams the header and one row per hit into sheet.
func writeSheet(f *excelize.File, sheet string, headers []any, hits iter.Seq[geo.Hit], c crs.System) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", headers); err != nil {
		return err
	}
	row := 2
	for h := range hits {
		values := auditValues(h)
		if c != "" {
			p := pointIn(h.Feature.Geometry, c)
			values = append(values, roundDeg(p.Lon()), roundDeg(p.Lat()))
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// groupHits groups hits by school or rule, in order of ID; hits keep their
// order within a group.
func groupHits(hits iter.Seq[geo.Hit], by string) []*sheetGroup {
	index := map[string]*sheetGroup{}
	var groups []*sheetGroup
	for h := range hits {
		key, title := h.School.ID, h.School.Name
		if by == "rule" {
			key, title = h.Rule.ID, h.Rule.Title
		}
		g := index[key]
		if g == nil {
			g = &sheetGroup{key: key, title: title}
			index[key] = g
			groups = append(groups, g)
		}
		g.hits = append(g.hits, h)
	}
	slices.SortFunc(groups, func(a, b *sheetGroup) int { return cmp.Compare(a.key, b.key) })
	return groups
}

// sheetName makes a unique Excel sheet name from title (or key if title is
// empty): at most 31 characters, without : \ / ? * [ ], not starting or
// ending with an apostrophe, as Excel requires.
func sheetName(title, key string, used map[string]bool) string {
	base := title
	if strings.TrimSpace(base) == "" {
		base = key
	}
	base = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, base)
	base = strings.Trim(base, "' ")
	if base == "" {
		base = "sheet"
	}
	name := truncateRunes(base, 31)
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = truncateRunes(base, 31-len([]rune(suffix))) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
