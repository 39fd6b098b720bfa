package api

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/patrol"
)

// A patrol plan for the officers who staff it (format csv or xlsx, in
// Chinese or English by lang): posts numbered in the order chosen, where
// each stands, the schools it staffs by name, and its shifts by peak.

var patrolWords = map[string]map[string]string{
	"zh": {
		"sheet.summary": "汇总", "sheet.posts": "岗位", "sheet.roster": "排班", "sheet.uncovered": "未覆盖学校",
		"title": "护学岗规划", "k": "新增岗位", "r": "覆盖半径(米)", "schools": "学校", "covered": "已覆盖学校",
		"existing": "现有警务点覆盖", "bound": "任何方案最多覆盖", "uncovered": "未覆盖学校",
		"h.no": "序号", "h.id": "编号", "h.place": "位置", "h.type": "类型", "h.lat": "纬度", "h.lon": "经度", "h.covers": "覆盖学校数",
		"h.staffs": "负责学校", "h.weight": "覆盖权重", "h.peak": "时段", "h.from": "开始", "h.to": "结束",
		"h.name": "名称", "h.kind": "学校类型", "h.address": "地址", "type.post": "新增护学岗", "type.existing": "现有警务点",
		"peak.morning": "早高峰", "peak.noon": "午间", "peak.afternoon": "晚高峰", "no_bells": "未填上下学时间的学校",
		"post": "岗位 %d", "existing_no": "现有 %d",
	},
	"en": {
		"sheet.summary": "Summary", "sheet.posts": "Posts", "sheet.roster": "Roster", "sheet.uncovered": "Uncovered schools",
		"title": "Patrol post plan", "k": "New posts", "r": "Cover radius (m)", "schools": "Schools", "covered": "Schools covered",
		"existing": "Covered by existing police points", "bound": "No plan covers more than", "uncovered": "Schools not covered",
		"h.no": "No.", "h.id": "ID", "h.place": "Where", "h.type": "Type", "h.lat": "Latitude", "h.lon": "Longitude", "h.covers": "Schools covered",
		"h.staffs": "Schools staffed", "h.weight": "Weight covered", "h.peak": "Peak", "h.from": "From", "h.to": "To",
		"h.name": "Name", "h.kind": "School kind", "h.address": "Address", "type.post": "new patrol post", "type.existing": "existing police point",
		"peak.morning": "morning", "peak.noon": "noon", "peak.afternoon": "afternoon", "no_bells": "Schools without bell times",
		"post": "Post %d", "existing_no": "Existing %d",
	},
}

// patrolSheet is a plan written for people.
type patrolSheet struct {
	lang string
	plan patrol.Result
	idx  *geo.Index
	k    int
	r    float64
	no   map[string]string // post ID → its number, "岗位 1" or "现有 1"
	// streets are the roads that meet where each post stands, by post ID
	// (patrol.Post.Streets).
	streets map[string][]string
}

func newPatrolSheet(lang string, plan patrol.Result, idx *geo.Index, k int, r float64) *patrolSheet {
	p := &patrolSheet{lang: lang, plan: plan, idx: idx, k: k, r: r, no: map[string]string{}, streets: map[string][]string{}}
	for i, post := range plan.Posts {
		p.no[post.ID] = fmt.Sprintf(p.word("post"), i+1)
		p.streets[post.ID] = post.Streets
	}
	for i, post := range plan.Existing {
		p.no[post.ID] = fmt.Sprintf(p.word("existing_no"), i+1)
		p.streets[post.ID] = post.Streets
	}
	return p
}

func (p *patrolSheet) word(key string) string { return patrolWords[p.lang][key] }

// schoolNames names schools, by their IDs, "、" or ", " between them.
func (p *patrolSheet) schoolNames(ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		name := id
		if f, err := p.idx.Feature(id); err == nil && f.Name != "" {
			name = f.Name
		}
		names = append(names, name)
	}
	if p.lang == "zh" {
		return strings.Join(names, "、")
	}
	return strings.Join(names, ", ")
}

// postRows are the header and one row per post, new posts first.
func (p *patrolSheet) postRows() [][]any {
	w := p.word
	rows := [][]any{{w("h.no"), w("h.id"), w("h.place"), w("h.type"), w("h.lat"), w("h.lon"), w("h.covers"), w("h.staffs"), w("h.weight")}}
	for _, post := range append(append([]patrol.Post(nil), p.plan.Posts...), p.plan.Existing...) {
		var staffs []string
		var weight float64
		for _, c := range post.Covers {
			weight += c.Weight
			if c.Assigned {
				staffs = append(staffs, c.School)
			}
		}
		typ := w("type.post")
		if post.Existing {
			typ = w("type.existing")
		}
		rows = append(rows, []any{p.no[post.ID], post.ID, placeName(p.streets[post.ID], p.lang), typ, roundDeg(post.Point.Lat), roundDeg(post.Point.Lon),
			len(post.Covers), p.schoolNames(staffs), weightOf(weight)})
	}
	return rows
}

// rosterRows are the header and one row per shift, by peak.
func (p *patrolSheet) rosterRows() [][]any {
	w := p.word
	rows := [][]any{{w("h.peak"), w("h.no"), w("h.id"), w("h.place"), w("h.from"), w("h.to"), w("h.staffs")}}
	if p.plan.Roster == nil {
		return rows
	}
	for _, peak := range p.plan.Roster.Peaks {
		for _, d := range peak.Duties {
			for _, s := range d.Shifts {
				rows = append(rows, []any{w("peak." + string(peak.Peak)), p.no[d.Post], d.Post, placeName(p.streets[d.Post], p.lang),
					s.From.String(), s.To.String(), p.schoolNames(s.Schools)})
			}
		}
	}
	return rows
}

func (p *patrolSheet) summaryRows() [][]any {
	w := p.word
	rows := [][]any{{w("title")}, {w("k"), p.k}, {w("r"), p.r}, {w("schools"), p.plan.Schools},
		{w("covered"), p.plan.Covered}, {w("existing"), weightOf(p.plan.ExistingWeight)},
		{w("bound"), weightOf(p.plan.UpperBound)}, {w("uncovered"), len(p.plan.Uncovered)}}
	if r := p.plan.Roster; r != nil && len(r.NoBells) > 0 {
		rows = append(rows, []any{w("no_bells"), p.schoolNames(r.NoBells)})
	}
	return rows
}

func (p *patrolSheet) uncoveredRows() [][]any {
	rows := [][]any{{p.word("h.id"), p.word("h.name"), p.word("h.kind"), p.word("h.address")}}
	for _, id := range p.plan.Uncovered {
		f, _ := p.idx.Feature(id)
		rows = append(rows, []any{id, f.Name, schoolKindNames[p.lang][f.SchoolKind], f.Address})
	}
	return rows
}

// writeXLSX writes the summary, the posts, the roster and the schools left uncovered.
func (p *patrolSheet) writeXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheets := []struct {
		name string
		rows [][]any
	}{
		{p.word("sheet.summary"), p.summaryRows()}, {p.word("sheet.posts"), p.postRows()},
		{p.word("sheet.roster"), p.rosterRows()}, {p.word("sheet.uncovered"), p.uncoveredRows()},
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		if err := setRows(f, s.name, s.rows); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// writeCSV writes the posts, each with its shifts in a column per peak
// (UTF-8 with a byte order mark, for Excel).
func (p *patrolSheet) writeCSV(w io.Writer) error {
	shifts := map[string]map[patrol.Peak][]string{}
	if p.plan.Roster != nil {
		for _, peak := range p.plan.Roster.Peaks {
			for _, d := range peak.Duties {
				if shifts[d.Post] == nil {
					shifts[d.Post] = map[patrol.Peak][]string{}
				}
				for _, s := range d.Shifts {
					shifts[d.Post][peak.Peak] = append(shifts[d.Post][peak.Peak], s.From.String()+"-"+s.To.String())
				}
			}
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	for i, row := range p.postRows() {
		rec := texts(row)
		for _, peak := range patrol.Peaks {
			if i == 0 {
				rec = append(rec, p.word("peak."+string(peak)))
			} else {
				rec = append(rec, strings.Join(shifts[rec[1]][peak], " "))
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// weightOf is a weight for a sheet: a whole number as an integer.
func weightOf(v float64) any {
	v = weight(v)
	if v == float64(int64(v)) {
		return int64(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// placeName says where a post stands in words: "A、B与C交叉口" or
// "A上的路口", "junction of A, B and C" or "on A"; "" when no named road
// passes there.
func placeName(streets []string, lang string) string {
	switch {
	case len(streets) == 0:
		return ""
	case lang == "en" && len(streets) == 1:
		return "on " + streets[0]
	case lang == "en":
		return "junction of " + strings.Join(streets[:len(streets)-1], ", ") + " and " + streets[len(streets)-1]
	case len(streets) == 1:
		return streets[0] + "上的路口"
	}
	return strings.Join(streets[:len(streets)-1], "、") + "与" + streets[len(streets)-1] + "交叉口"
}
