package api_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"
	"testing"

	"github.com/safezone/safezone/store"
)

const rosterBody = `{"posts":2,"radius":100,"candidates":` + patrolCandidates + `,
	"bells":{"margin_minutes":10,"kinds":{"primary":["07:50","16:30"]},"schools":{"school/2":["08:30","11:30"]}}}`

func TestPatrol_sheets(t *testing.T) {
	ts := MustServer(t)
	w := ts.Do(t, http.MethodPost, "/api/v1/patrol?format=xlsx", store.RolePolice, rosterBody)
	if w.Code != http.StatusOK || w.Header().Get("Content-Disposition") != `attachment; filename="safezone-patrol.xlsx"` {
		t.Fatalf("%d %v %.300s", w.Code, w.Header(), w.Body)
	}
	book, names := MustWorkbook(t, w.Body)
	if want := []string{"汇总", "岗位", "排班", "未覆盖学校"}; !slices.Equal(names, want) {
		t.Fatalf("sheets %v, want %v", names, want)
	}
	if got := summaryValue(book["汇总"], "已覆盖学校"); got != "2" {
		t.Errorf("covered %q: %q", got, book["汇总"])
	}
	posts := book["岗位"]
	if len(posts) != 3 || !slices.Equal(posts[1][:4], []string{"岗位 1", "c1", "", "新增护学岗"}) || posts[1][7] != "第1小学" {
		t.Errorf("posts %q", posts)
	}
	roster := book["排班"]
	want := [][]string{
		{"时段", "序号", "编号", "位置", "开始", "结束", "负责学校"},
		{"早高峰", "岗位 1", "c1", "", "07:40", "08:00", "第1小学"},
		{"早高峰", "岗位 2", "c2", "", "08:20", "08:40", "第2幼儿园"},
		{"午间", "岗位 2", "c2", "", "11:20", "11:40", "第2幼儿园"},
		{"晚高峰", "岗位 1", "c1", "", "16:20", "16:40", "第1小学"},
	}
	if len(roster) != len(want) {
		t.Fatalf("roster %q", roster)
	}
	for i := range want {
		if !slices.Equal(roster[i], want[i]) {
			t.Errorf("roster row %d %q, want %q", i, roster[i], want[i])
		}
	}

	w = ts.Do(t, http.MethodPost, "/api/v1/patrol?format=csv&lang=en", store.RolePolice, rosterBody)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(w.Body.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil || w.Code != http.StatusOK {
		t.Fatalf("%d %v %s", w.Code, err, w.Body)
	}
	if !slices.Equal(rows[0][len(rows[0])-3:], []string{"morning", "noon", "afternoon"}) || rows[1][0] != "Post 1" || rows[1][len(rows[1])-3] != "07:40-08:00" {
		t.Errorf("CSV %q", rows)
	}
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/patrol?format=pdf", store.RolePolice, rosterBody), http.StatusBadRequest, `format "pdf": must be json, geojson, csv or xlsx`)
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/patrol?format=csv&lang=de", store.RolePolice, rosterBody), http.StatusBadRequest, `lang "de"`)
}

// Posts at road junctions are named by the streets that meet there.
func TestPatrol_streets(t *testing.T) {
	ts := MustServer(t, withPatrolRoads(t))
	var got struct {
		Posts []struct {
			ID      string   `json:"id"`
			Streets []string `json:"streets"`
		} `json:"posts"`
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/patrol", store.RoleAdmin, `{"posts":1,"radius":100}`), http.StatusOK, &got)
	// node/1: 西胜街 (residential) and 泡桐树街 (footway) meet there.
	if len(got.Posts) != 1 || got.Posts[0].ID != "node/1" || !slices.Equal(got.Posts[0].Streets, []string{"西胜街", "泡桐树街"}) {
		t.Fatalf("posts %+v", got.Posts)
	}
	w := ts.Do(t, http.MethodPost, "/api/v1/patrol?format=geojson", store.RoleAdmin, `{"posts":1,"radius":100}`)
	if !bytes.Contains(w.Body.Bytes(), []byte(`"streets":["西胜街","泡桐树街"]`)) {
		t.Errorf("GeoJSON: %.400s", w.Body)
	}
	for _, tc := range []struct{ lang, sheet, want string }{{"zh", "岗位", "西胜街与泡桐树街交叉口"}, {"en", "Posts", "junction of 西胜街 and 泡桐树街"}} {
		book, _ := MustWorkbook(t, ts.Do(t, http.MethodPost, "/api/v1/patrol?format=xlsx&lang="+tc.lang, store.RoleAdmin, `{"posts":1,"radius":100}`).Body)
		if rows := book[tc.sheet]; len(rows) != 2 || !slices.Equal(rows[1][1:3], []string{"node/1", tc.want}) {
			t.Errorf("%s: %q, want node/1 at %q", tc.lang, rows, tc.want)
		}
	}
}
