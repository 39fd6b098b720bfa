package api_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"
)

// MustWorkbook opens an XLSX answer and returns its sheets' rows by name,
// and the sheet names in order.
func MustWorkbook(tb testing.TB, w interface{ Bytes() []byte }) (map[string][][]string, []string) {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(w.Bytes()))
	if err != nil {
		tb.Fatalf("XLSX: %v", err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		if out[name], err = f.GetRows(name); err != nil {
			tb.Fatal(err)
		}
	}
	return out, f.GetSheetList()
}

// summaryValue is the value beside label in a summary sheet.
func summaryValue(rows [][]string, label string) string {
	for _, r := range rows {
		if len(r) > 1 && r[0] == label {
			return r[1]
		}
	}
	return ""
}

const ledgerList = "名称,类别,经度,纬度,许可证号,经营地址\n星空网吧,internet_cafe,104.002,30.0005,JY1,府青路二段12号\n远方网吧,internet_cafe,104.008,30.0005,JY2,\n校门小摊,street_stall,104.0005,29.9996,,\n"

func TestAuditLicences_ledger(t *testing.T) {
	ts := MustServer(t)
	w := ts.Do(t, http.MethodPost, "/api/v1/audit/licences?format=xlsx&lang=zh", store.RoleRegulator, ledgerList)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	book, names := MustWorkbook(t, w.Body)
	if want := []string{"汇总", "违规清单", "校园周边水域", "执照清单"}; !slices.Equal(names, want) {
		t.Fatalf("sheets %v, want %v", names, want)
	}
	sum := book["汇总"]
	for label, want := range map[string]string{"核查商户": "3", "违规商户": "2", "其中禁止设立": "2", "其中需现场核查": "0",
		"合规商户": "1", "违规条目": "2", "校园周边水域（不计入违规）": "0", "网吧": "2", "占道摊点": "1"} {
		if got := summaryValue(sum, label); got != want {
			t.Errorf("汇总 %s = %q, want %q\n%q", label, got, want, sum)
		}
	}
	v := book["违规清单"]
	if want := []string{"结论", "名称", "许可证号", "地址", "类别", "学校名称", "学校类型", "距离(米)", "限值(米)", "测量起点",
		"规则", "依据文件", "文号", "条款原文", "要素编号", "学校编号"}; !slices.Equal(v[0], want) {
		t.Errorf("header %q", v[0])
	}
	if len(v) != 3 || !slices.Equal(v[1][:7], []string{"禁止设立", "星空网吧", "JY1", "府青路二段12号", "网吧", "第1小学", "小学"}) || v[1][9] != "校园边界" {
		t.Errorf("violations %q", v)
	}
	list := book["执照清单"]
	if len(list) != 4 || !slices.Equal(list[1][:5], []string{"星空网吧", "JY1", "府青路二段12号", "网吧", "禁止设立"}) ||
		!slices.Equal(list[2][:5], []string{"远方网吧", "JY2", "", "网吧", "合规"}) {
		t.Errorf("licences %q", list)
	}

	w = ts.Do(t, http.MethodPost, "/api/v1/audit/licences?format=csv&lang=en", store.RoleRegulator, ledgerList)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(w.Body.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil || w.Code != http.StatusOK {
		t.Fatalf("%d %v %s", w.Code, err, w.Body)
	}
	if rows[0][0] != "Verdict" || rows[0][3] != "Address" || rows[1][0] != "prohibited" || rows[1][3] != "府青路二段12号" ||
		rows[1][4] != "internet cafe" || rows[1][6] != "primary school" {
		t.Errorf("CSV %q", rows)
	}
	if last := rows[len(rows)-1]; !slices.Equal(last[:5], []string{"compliant", "远方网吧", "JY2", "", "internet cafe"}) || last[14] != "licence/JY2" {
		t.Errorf("CSV compliant row %q", last)
	}
}

// An area audit counts every business it went through and lists the water
// apart from the violations.
func TestAudit_ledger(t *testing.T) {
	ts := MustServer(t)
	w := ts.Do(t, http.MethodPost, "/api/v1/audit?format=xlsx&lang=zh", store.RoleRegulator, "")
	book, _ := MustWorkbook(t, w.Body)
	sum := book["汇总"]
	for label, want := range map[string]string{"核查商户": "2", "违规商户": "1", "合规商户": "1", "校园周边水域（不计入违规）": "1", "核查范围": "全部数据"} {
		if got := summaryValue(sum, label); got != want {
			t.Errorf("汇总 %s = %q, want %q\n%q", label, got, want, sum)
		}
	}
	if v := book["违规清单"]; len(v) != 2 || v[1][1] != "网吧1" {
		t.Errorf("violations %q", v)
	}
	if water := book["校园周边水域"]; len(water) != 2 || !slices.Equal(water[1][:3], []string{"河1", "河流", "第1小学"}) {
		t.Errorf("water %q", water)
	}
	w = ts.Do(t, http.MethodPost, "/api/v1/audit?format=xlsx", store.RoleRegulator, `{"lang":"zh","bbox":"104.0015,30.001,104.0025,30.0018"}`)
	book, _ = MustWorkbook(t, w.Body)
	if got := summaryValue(book["汇总"], "核查范围"); got != "地图范围 104.0015,30.001,104.0025,30.0018" {
		t.Errorf("scope %q", got)
	}
	if got := summaryValue(book["汇总"], "核查商户"); got != "1" {
		t.Errorf("checked in the bbox: %q", got)
	}
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/audit?format=xlsx&lang=fr", store.RoleRegulator, ""), http.StatusBadRequest, `lang "fr": must be one of zh, en`)
}

// The ledger names categories and kinds as the map does.
func TestLedgerLabels_dictionary(t *testing.T) {
	dict, err := os.ReadFile("../frontend/i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	// The dictionary has zh first, then en; each key once per language.
	entry := regexp.MustCompile(`'((?:cat|kind|water)\.[a-z_]+)': '([^']*)'`)
	seen := map[string]int{}
	want := map[string]map[string]string{"zh": {}, "en": {}}
	for _, m := range entry.FindAllStringSubmatch(string(dict), -1) {
		lang := "zh"
		if seen[m[1]]++; seen[m[1]] > 1 {
			lang = "en"
		}
		want[lang][m[1]] = m[2]
	}
	for lang, labels := range api.LedgerLabels() {
		for key, got := range labels {
			if want[lang][key] != got {
				t.Errorf("%s %s: ledger %q, map %q", lang, key, got, want[lang][key])
			}
		}
		if len(labels) != len(want[lang]) {
			t.Errorf("%s: %d labels in the ledger, %d in the map", lang, len(labels), len(want[lang]))
		}
	}
}
