package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// hazard is a hazard as the API sends it, the fields the tests read.
type hazard struct {
	ID         uint64 `json:"id"`
	Version    int    `json:"version"`
	State      string `json:"state"`
	StateLabel string `json:"state_label"`
	Grade      string `json:"grade"`
	GradeLabel string `json:"grade_label"`
	Source     string `json:"source"`
	SchoolID   string `json:"school_id"`
	SchoolName string `json:"school_name"`
	Unit       string `json:"unit"`
	Person     string `json:"person"`
	Deadline   string `json:"deadline"`
	Overdue    bool   `json:"overdue"`
	Escalation int    `json:"escalation_level"`
	Allowed    []struct {
		To string `json:"to"`
	} `json:"allowed"`
	History []struct {
		Seq         int      `json:"seq"`
		Action      string   `json:"action"`
		From        string   `json:"from"`
		To          string   `json:"to"`
		Actor       string   `json:"actor"`
		Role        string   `json:"role"`
		Attachments []string `json:"attachments"`
	} `json:"history"`
}

type attachment struct {
	SHA256 string `json:"sha256"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	URL    string `json:"url"`
}

// pngFile is the start of a PNG: what the ledger checks.
var pngFile = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01")

// MustReport reports a pond at school/1 as role and returns it.
func (ts *TestServer) MustReport(tb testing.TB, role store.Role, body string) hazard {
	tb.Helper()
	if body == "" {
		body = `{"school_id":"school/1","lon":104.0012,"lat":30.0003,"description":"校门外池塘无护栏","category":"water"}`
	}
	var h hazard
	MustJSON(tb, ts.Do(tb, http.MethodPost, "/api/v1/ledger/hazards", role, body), http.StatusCreated, &h)
	return h
}

// Upload posts data as an attachment of hazard id with the content type.
func (ts *TestServer) Upload(id uint64, role store.Role, ctype string, data []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, fmt.Sprintf("/api/v1/ledger/hazards/%d/attachments?name=photo.png", id), bytes.NewReader(data))
	r.Header.Set("Content-Type", ctype)
	r.Header.Set("Authorization", "Bearer "+ts.Tokens[role])
	return ts.Serve(r)
}

// Move posts a transition of hazard id.
func (ts *TestServer) Move(tb testing.TB, id uint64, role store.Role, body string) *httptest.ResponseRecorder {
	tb.Helper()
	return ts.Do(tb, http.MethodPost, fmt.Sprintf("/api/v1/ledger/hazards/%d/transitions", id), role, body)
}

// A school reports a pond with a photo; the regulator assigns it, the unit
// rectifies it and attaches evidence, the admin closes it; the summary and
// the exports show it.
func TestLedger_lifecycle(t *testing.T) {
	ts := MustServer(t)
	h := ts.MustReport(t, store.RoleSchool, "")
	if h.State != "found" || h.StateLabel != "发现登记" || h.GradeLabel != "较大" || h.Unit != "水利、应急管理部门" || h.SchoolName != "第1小学" {
		t.Fatalf("reported: %+v", h)
	}
	var photo attachment
	MustJSON(t, ts.Upload(h.ID, store.RoleSchool, "image/png", pngFile), http.StatusCreated, &photo)
	steps := []struct {
		role store.Role
		body string
	}{
		{store.RoleRegulator, `{"to":"assigned","unit":"镇水利站","person":"李四","deadline":"2025-06-20","comment":"限期加装护栏"}`},
		{store.RoleRegulator, `{"to":"rectifying"}`},
	}
	for _, st := range steps {
		MustJSON(t, ts.Move(t, h.ID, st.role, st.body), http.StatusOK, &h)
	}
	var evidence attachment
	MustJSON(t, ts.Upload(h.ID, store.RoleRegulator, "image/jpeg", []byte("\xff\xd8\xff\xe0evidence")), http.StatusCreated, &evidence)
	MustJSON(t, ts.Move(t, h.ID, store.RoleRegulator, `{"to":"verifying","attachments":["`+evidence.SHA256+`"]}`), http.StatusOK, &h)
	MustJSON(t, ts.Move(t, h.ID, store.RoleAdmin, fmt.Sprintf(`{"to":"closed","version":%d}`, h.Version)), http.StatusOK, &h)
	MustJSON(t, ts.Do(t, http.MethodGet, fmt.Sprintf("/api/v1/ledger/hazards/%d", h.ID), store.RoleSchool, ""), http.StatusOK, &h)
	var acts []string
	for _, e := range h.History {
		acts = append(acts, e.Action+":"+e.To+":"+e.Role)
	}
	want := "report:found:school attach:found:school transition:assigned:regulator transition:rectifying:regulator attach:rectifying:regulator transition:verifying:regulator transition:closed:admin"
	if got := strings.Join(acts, " "); got != want || h.State != "closed" || len(h.Allowed) != 1 || h.Allowed[0].To != "found" {
		t.Errorf("history %s\nwant    %s\nstate %s, allowed %+v", got, want, h.State, h.Allowed)
	}
	w := ts.Do(t, http.MethodGet, evidence.URL, store.RoleSchool, "")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/jpeg" || w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Body.String() != "\xff\xd8\xff\xe0evidence" {
		t.Errorf("GET %s: %d %q %q", evidence.URL, w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	var sum struct {
		Total   int64 `json:"total"`
		ByState []struct {
			Key   string `json:"key"`
			Label string `json:"label"`
			Count int64  `json:"count"`
		} `json:"by_state"`
		MedianDays *float64 `json:"median_days_to_close"`
		Clocks     []struct {
			ID  string `json:"id"`
			Met int64  `json:"met"`
		} `json:"clocks"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/summary", store.RoleAdmin, ""), http.StatusOK, &sum)
	if sum.Total != 1 || sum.ByState[4].Key != "closed" || sum.ByState[4].Label != "已销号" || sum.ByState[4].Count != 1 || sum.MedianDays == nil || *sum.MedianDays != 0 {
		t.Errorf("summary: %+v", sum)
	}
	rows := mustXLSXRows(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?format=xlsx", store.RoleAdmin, ""))
	if len(rows) != 2 || rows[0][1] != "状态" || rows[1][1] != "已销号" || rows[1][2] != "较大" || rows[1][10] != "镇水利站" || rows[1][11] != "李四" || rows[1][12] != "2025-06-20" {
		t.Errorf("xlsx rows: %q", rows)
	}
}

func mustXLSXRows(t *testing.T, w *httptest.ResponseRecorder) [][]string {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("xlsx: %d %s", w.Code, w.Body)
	}
	f, err := excelize.OpenReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("隐患台账")
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Bad input gets a 4xx naming the field and the value, and changes
// nothing.
func TestLedger_errors(t *testing.T) {
	ts := MustServer(t)
	h := ts.MustReport(t, store.RoleAdmin, "")
	long := strings.Repeat("长", ledger.MaxCommentLen+1)
	tests := []struct {
		name string
		id   string
		role store.Role
		body string
		code int
		msg  string
	}{
		{"UnknownState", "1", store.RoleAdmin, `{"to":"done"}`, 400, `to "done": must be one of found, assigned`},
		{"NoUnit", "1", store.RoleAdmin, `{"to":"assigned","person":"p","deadline":"2025-06-20"}`, 400, `unit "": required to assign`},
		{"NoPerson", "1", store.RoleAdmin, `{"to":"assigned","unit":"u","deadline":"2025-06-20"}`, 400, `person "": required to assign`},
		{"NoDeadline", "1", store.RoleAdmin, `{"to":"assigned","unit":"u","person":"p"}`, 400, `deadline "": required to assign`},
		{"PastDeadline", "1", store.RoleAdmin, `{"to":"assigned","unit":"u","person":"p","deadline":"2025-06-09"}`, 400, `deadline "2025-06-09": must be today (2025-06-10) or later`},
		{"NotADate", "1", store.RoleAdmin, `{"to":"assigned","unit":"u","person":"p","deadline":"next week"}`, 400, `deadline "next week": must be a date YYYY-MM-DD`},
		{"LongComment", "1", store.RoleAdmin, `{"to":"assigned","unit":"u","person":"p","deadline":"2025-06-20","comment":"` + long + `"}`, 400, "comment: 1001 characters, must be at most 1000"},
		{"UnknownField", "1", store.RoleAdmin, `{"to":"assigned","owner":"x"}`, 400, `unknown field "owner"`},
		{"Illegal", "1", store.RoleAdmin, `{"to":"verifying"}`, 409, `state "found": hazard 1 cannot go to "verifying"; from found it may go to assigned`},
		{"Stale", "1", store.RoleAdmin, `{"to":"assigned","unit":"u","person":"p","deadline":"2025-06-20","version":5}`, 409, "version 5: hazard 1 is at version 1"},
		{"Role", "1", store.RolePolice, `{"to":"assigned","unit":"u","person":"p","deadline":"2025-06-20"}`, 403, `role "police" may not move`},
		{"UnknownID", "99", store.RoleAdmin, `{"to":"assigned"}`, 404, "hazard 99: not found"},
		{"BadID", "x1", store.RoleAdmin, `{"to":"assigned"}`, 404, `hazard "x1": not found`},
		{"NoToken", "1", "", `{"to":"assigned"}`, 401, "bearer token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := ts.Do(t, http.MethodPost, "/api/v1/ledger/hazards/"+tc.id+"/transitions", tc.role, tc.body)
			MustError(t, w, tc.code, tc.msg)
		})
	}
	var after hazard
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards/1", store.RoleAdmin, ""), http.StatusOK, &after)
	if after.Version != h.Version || after.State != "found" || len(after.History) != 1 {
		t.Errorf("refused requests changed the hazard: %+v", after)
	}
}

func TestLedger_attachmentErrors(t *testing.T) {
	ts := MustServer(t)
	h := ts.MustReport(t, store.RoleAdmin, "")
	big := append(bytes.Clone(pngFile), make([]byte, ledger.MaxAttachmentBytes)...)
	tests := []struct {
		name, ctype string
		data        []byte
		code        int
		msg         string
	}{
		{"TooLarge", "image/png", big, 413, "larger than the limit of 5242880 bytes (5 MiB)"},
		{"NotWhatItClaims", "image/jpeg", pngFile, 400, `content type "image/jpeg": the file is image/png by its first bytes`},
		{"NotAllowed", "text/html", []byte("<script>"), 400, `content type "text/html": must be one of image/jpeg, image/png, application/pdf`},
		{"Empty", "application/pdf", nil, 400, "file: empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Upload(h.ID, store.RoleAdmin, tc.ctype, tc.data), tc.code, tc.msg)
		})
	}
	var files []attachment
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards/1/attachments", store.RoleAdmin, ""), http.StatusOK, &files)
	if len(files) != 0 {
		t.Errorf("refused uploads stored %+v", files)
	}
	MustError(t, ts.Upload(99, store.RoleAdmin, "image/png", pngFile), 404, "hazard 99: not found")
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards/1/attachments/"+strings.Repeat("a", 64), store.RoleAdmin, ""), 404, "not found")
}

// A school token sees, reports and moves only its own school's hazards.
func TestLedger_schoolToken(t *testing.T) {
	ts := MustServer(t)
	mine := ts.MustReport(t, store.RoleSchool, "")
	other := ts.MustReport(t, store.RoleAdmin, `{"school_id":"school/2","lon":104.01,"lat":30.01,"description":"护栏损坏"}`)
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/hazards", store.RoleSchool, `{"school_id":"school/2","lon":104.01,"lat":30.01,"description":"x"}`), 403, `school "school/1"`)
	MustError(t, ts.Do(t, http.MethodGet, fmt.Sprintf("/api/v1/ledger/hazards/%d", other.ID), store.RoleSchool, ""), 403, "this token may only act on hazards of school")
	MustError(t, ts.Upload(other.ID, store.RoleSchool, "image/png", pngFile), 403, "school")
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?school=school/2", store.RoleSchool, ""), 403, `school "school/2"`)
	var page struct {
		Hazards []hazard `json:"hazards"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards", store.RoleSchool, ""), http.StatusOK, &page)
	if len(page.Hazards) != 1 || page.Hazards[0].ID != mine.ID {
		t.Errorf("school sees %+v", page.Hazards)
	}
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/ledger/hazards", store.RoleAdmin, `{"school_id":"way/9","lon":104,"lat":30,"description":"x"}`), 404, `school_id "way/9": no such school`)
}

// Transitions racing on one hazard: one 200, the others 409.
func TestLedger_race(t *testing.T) {
	ts := MustServer(t)
	h := ts.MustReport(t, store.RoleAdmin, "")
	const n = 10
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body := fmt.Sprintf(`{"to":"assigned","unit":"单位%d","person":"p","deadline":"2025-06-20","version":%d}`, i, h.Version)
			codes[i] = ts.Move(t, h.ID, store.RoleAdmin, body).Code
		})
	}
	wg.Wait()
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	if count[200] != 1 || count[409] != n-1 {
		t.Errorf("codes %v, want one 200 and %d 409", count, n-1)
	}
}

func TestLedger_exportCSV(t *testing.T) {
	ts := MustServer(t)
	ts.MustReport(t, store.RoleAdmin, `{"school_id":"school/1","lon":104.0012,"lat":30.0003,"description":"=HYPERLINK(\"http://x\",\"点\")"}`)
	ts.MustReport(t, store.RoleAdmin, `{"school_id":"school/1","lon":104.0012,"lat":30.0003,"description":"@SUM(1)","grade":"serious"}`)
	w := ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?format=csv&state=found", store.RoleAdmin, "")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", w.Code, w.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "编号" || rows[1][1] != "发现登记" || rows[2][2] != "重大" || rows[1][3] != "人工上报" {
		t.Fatalf("csv rows %q", rows)
	}
	if rows[1][7] != `'=HYPERLINK("http://x","点")` || rows[2][7] != "'@SUM(1)" {
		t.Errorf("formulas not neutralised: %q, %q", rows[1][7], rows[2][7])
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?format=pdf", store.RoleAdmin, ""), 400, `format "pdf"`)
}

// The printable list: a summary sheet, then one sheet per school.
func TestLedger_exportBySchool(t *testing.T) {
	ts := MustServer(t)
	ts.MustReport(t, store.RoleAdmin, "")
	ts.MustReport(t, store.RoleAdmin, `{"school_id":"school/2","lon":104.01,"lat":30.01,"description":"护栏损坏"}`)
	w := ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?format=xlsx&sheets=school", store.RoleAdmin, "")
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	f, err := excelize.OpenReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); !slices.Equal(got, []string{"汇总", "第1小学", "第2幼儿园"}) {
		t.Errorf("sheets %q", got)
	}
	rows, _ := f.GetRows("第2幼儿园")
	if len(rows) != 3 || rows[0][0] != "第2幼儿园 隐患清单" || rows[1][1] != "状态" || rows[2][7] != "护栏损坏" {
		t.Errorf("school sheet: %q", rows)
	}
	sum, _ := f.GetRows("汇总")
	if len(sum) != 3 || sum[1][2] != "1" || sum[0][3] != "发现登记" {
		t.Errorf("summary sheet: %q", sum)
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards?format=csv&sheets=school", store.RoleAdmin, ""), 400, `sheets "school"`)
}
