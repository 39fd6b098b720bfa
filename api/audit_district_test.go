package api_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/safezone/safezone/store"
)

// auditDistrict is a square around 星空网吧 (104.002, 30.0005) of
// ledgerList and biz/1; the list's other rows are outside it.
const auditDistrict = `{"type":"Polygon","coordinates":[[[104.0015,30.0],[104.0025,30.0],[104.0025,30.0018],[104.0015,30.0018],[104.0015,30.0]]]}`

// bowTie is a district whose ring crosses itself.
const bowTie = `{"type":"Polygon","coordinates":[[[104.05,30.65],[104.07,30.67],[104.07,30.65],[104.05,30.67],[104.05,30.65]]]}`

// licenceForm is a multipart/form-data request of the licence list and
// the given other parts, in order (name, value pairs).
func licenceForm(tb testing.TB, ts *TestServer, target, list string, parts ...string) *http.Request {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		if err := mw.WriteField(parts[i], parts[i+1]); err != nil {
			tb.Fatal(err)
		}
	}
	if list != "" {
		fw, err := mw.CreateFormFile("file", "锦江区执照.csv")
		if err != nil {
			tb.Fatal(err)
		}
		fw.Write([]byte(list))
	}
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, target, &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("Authorization", "Bearer "+ts.Tokens[store.RoleRegulator])
	return r
}

// MustCSVLedger reads a CSV ledger answer.
func MustCSVLedger(tb testing.TB, w *httptest.ResponseRecorder) [][]string {
	tb.Helper()
	if w.Code != http.StatusOK {
		tb.Fatalf("%d %s", w.Code, w.Body)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(w.Body.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

// An audit of a district names it in the ledger: the summary's 核查范围
// and the CSV's last column.
func TestAudit_districtName(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, body, want string
	}{
		{"Named", `{"district":` + auditDistrict + `,"district_name":"府青路片区"}`, "辖区“府青路片区”边界内（含压线）"},
		{"Unnamed", `{"district":` + auditDistrict + `}`, "辖区边界内（含压线）"},
		{"WithBBox", `{"bbox":"104,30,104.01,30.01","district":` + auditDistrict + `,"district_name":"府青路片区"}`, "地图范围 104,30,104.01,30.01 与辖区“府青路片区”边界内（含压线）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			book, _ := MustWorkbook(t, ts.Do(t, http.MethodPost, "/api/v1/audit?format=xlsx&lang=zh", store.RoleRegulator, tc.body).Body)
			if got := summaryValue(book["汇总"], "核查范围"); got != tc.want {
				t.Errorf("核查范围 %q, want %q", got, tc.want)
			}
			if got := summaryValue(book["汇总"], "核查商户"); got != "1" {
				t.Errorf("核查商户 %q, want 1 (biz/1)", got)
			}
			rows := MustCSVLedger(t, ts.Do(t, http.MethodPost, "/api/v1/audit?format=csv&lang=zh", store.RoleRegulator, tc.body))
			if rows[0][len(rows[0])-1] != "核查范围" || len(rows) != 2 || rows[1][1] != "网吧1" || rows[1][len(rows[1])-1] != tc.want {
				t.Errorf("CSV %q", rows)
			}
		})
	}
	rows := MustCSVLedger(t, ts.Do(t, http.MethodPost, "/api/v1/audit?format=csv&lang=en", store.RoleRegulator, `{"district":`+auditDistrict+`,"district_name":"府青路片区"}`))
	if got := rows[1][len(rows[1])-1]; got != "within the district “府青路片区” (or on its boundary)" {
		t.Errorf("en scope %q", got)
	}
	errs := []struct {
		name, body, code, want string
	}{
		{"NameWithoutDistrict", `{"district_name":"府青路片区"}`, "invalid", `district_name "府青路片区": must come with a district`},
		{"NameControl", `{"district":` + auditDistrict + `,"district_name":"府青路\n片区"}`, "invalid", `district_name "府青路\n片区": must be one line of at most 100 characters`},
		{"NameLong", `{"district":` + auditDistrict + `,"district_name":"` + strings.Repeat("区", 101) + `"}`, "invalid", `must be one line of at most 100 characters`},
		{"NameNotText", `{"district":` + auditDistrict + `,"district_name":3}`, "", `district_name`},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			body := MustError(t, ts.Do(t, http.MethodPost, "/api/v1/audit", store.RoleRegulator, tc.body), http.StatusBadRequest, tc.want)
			if tc.code != "" && body.Code != tc.code {
				t.Errorf("code %q, want %q", body.Code, tc.code)
			}
		})
	}
	// A name of 100 characters is fine.
	if w := ts.Do(t, http.MethodPost, "/api/v1/audit", store.RoleRegulator, `{"district":`+auditDistrict+`,"district_name":"`+strings.Repeat("区", 100)+`"}`); w.Code != http.StatusOK {
		t.Errorf("100 characters: %d %s", w.Code, w.Body)
	}
}

// A licence list sent as a form with a district is audited for the
// licences in or on the district only, and the ledger says so; a list
// sent as it is, or as a form without a district, is audited whole.
func TestAuditLicences_district(t *testing.T) {
	ts := MustServer(t)
	var hits []auditHit
	MustJSON(t, ts.Serve(licenceForm(t, ts, "/api/v1/audit/licences", ledgerList, "district", auditDistrict, "district_name", "府青路片区")), http.StatusOK, &hits)
	if len(hits) != 1 || hits[0].FeatureID != "licence/JY1" {
		t.Errorf("hits in the district %+v", hits)
	}
	MustJSON(t, ts.Serve(licenceForm(t, ts, "/api/v1/audit/licences", ledgerList)), http.StatusOK, &hits)
	if len(hits) != 2 {
		t.Errorf("hits of the whole list by form %+v", hits)
	}

	book, _ := MustWorkbook(t, ts.Serve(licenceForm(t, ts, "/api/v1/audit/licences?format=xlsx&lang=zh", ledgerList, "district_name", "府青路片区", "district", auditDistrict)).Body)
	sum := book["汇总"]
	for label, want := range map[string]string{"核查范围": "上传的执照清单（3 条）中位于辖区“府青路片区”边界内（含压线）的 1 条",
		"核查商户": "1", "违规商户": "1", "合规商户": "0"} {
		if got := summaryValue(sum, label); got != want {
			t.Errorf("汇总 %s = %q, want %q", label, got, want)
		}
	}
	if list := book["执照清单"]; len(list) != 2 || list[1][0] != "星空网吧" {
		t.Errorf("执照清单 lists the district's licences only: %q", list)
	}
	rows := MustCSVLedger(t, ts.Serve(licenceForm(t, ts, "/api/v1/audit/licences?format=csv&lang=en", ledgerList, "district", auditDistrict)))
	if got := rows[1][len(rows[1])-1]; len(rows) != 2 || got != "the uploaded licence list (3 rows): those within the district (or on its boundary), 1" {
		t.Errorf("CSV %q", rows)
	}
	rows = MustCSVLedger(t, ts.Do(t, http.MethodPost, "/api/v1/audit/licences?format=csv&lang=zh", store.RoleRegulator, ledgerList))
	if got := rows[1][len(rows[1])-1]; len(rows) != 4 || got != "上传的执照清单（3 条）" {
		t.Errorf("CSV without a district %q", rows)
	}
}

// A district refused in a licence form is refused as the audit refuses it,
// with the same message and code; a bad form is refused naming its part.
func TestAuditLicences_districtErrors(t *testing.T) {
	ts := MustServer(t)
	for _, district := range []string{bowTie, `{"type":"Point","coordinates":[104,30]}`, `锦江区`, `{"type":"Polygon","coordinates":[[[104,30],[104.01,30],[104.01,30.01]]]}`} {
		want := MustError(t, ts.Do(t, http.MethodPost, "/api/v1/audit", store.RoleRegulator, `{"district":`+strconvQuoteIfText(district)+`}`), http.StatusBadRequest, "district")
		got := MustError(t, ts.Serve(licenceForm(t, ts, "/api/v1/audit/licences", ledgerList, "district", strconvQuoteIfText(district))), http.StatusBadRequest, "district")
		if got.Error != want.Error || got.Code != want.Code {
			t.Errorf("district %s: licences %q (%s), audit %q (%s)", district, got.Error, got.Code, want.Error, want.Code)
		}
	}
	tests := []struct {
		name  string
		list  string
		parts []string
		want  string
	}{
		{"NoFile", "", []string{"district", auditDistrict}, `file "": must not be empty`},
		{"UnknownPart", ledgerList, []string{"bbox", "104,30,105,31"}, `form part "bbox": must be file, district or district_name`},
		{"TwoDistricts", ledgerList, []string{"district", auditDistrict, "district", auditDistrict}, `form part "district": given twice`},
		{"NameWithoutDistrict", ledgerList, []string{"district_name", "府青路片区"}, `district_name "府青路片区": must come with a district`},
		{"NameLong", ledgerList, []string{"district", auditDistrict, "district_name", strings.Repeat("区", 200)}, `must be one line of at most 100 characters`},
		{"BadRowNamesThePartsFile", "名称,类别,经度,纬度\n甲,bar,104,200\n", nil, `锦江区执照.csv:2: 纬度 (lat) "200"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Serve(licenceForm(t, ts, "/api/v1/audit/licences", tc.list, tc.parts...)), http.StatusBadRequest, tc.want)
		})
	}
	// A form cut short.
	r := licenceForm(t, ts, "/api/v1/audit/licences", ledgerList, "district", auditDistrict)
	body, _ := io.ReadAll(r.Body)
	for _, cut := range []int{len(body) / 3, len(body) - 50} { // in the district, in the file
		r2 := httptest.NewRequest(http.MethodPost, r.URL.String(), bytes.NewReader(body[:cut]))
		r2.Header = r.Header
		MustError(t, ts.Serve(r2), http.StatusBadRequest, "not a valid multipart/form-data form")
	}
}

// strconvQuoteIfText leaves JSON as it is and makes other text a JSON string.
func strconvQuoteIfText(s string) string {
	if strings.HasPrefix(s, "{") {
		return s
	}
	return `"` + s + `"`
}
