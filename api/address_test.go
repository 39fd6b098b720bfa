package api_test

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/store"
)

// withAddresses serves the fixtures with addresses: school/1 on 府青路二段
// at 30, biz/1 at 12, and biz/9, an internet cafe at 112.
func withAddresses(tb testing.TB) func(*api.Config) {
	f, err := os.Open(fixturePath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	fs, err := geojson.Read(f, fixturePath)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range fs {
		switch fs[i].ID {
		case "school/1":
			fs[i].Address = "成华区府青路二段30号"
		case "biz/1":
			fs[i].Address = "府青路二段12号"
		}
	}
	fs = append(fs, geo.Feature{ID: "biz/9", Kind: geo.Business, Category: "internet_cafe", Name: "月亮网吧",
		Address: "府青路二段112号", Geometry: orb.Point{104.0025, 30.0015}})
	idx, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatal(err)
	}
	return func(c *api.Config) { c.Index = idx }
}

type addressHit struct {
	ID, Name, Address, Match string
}

// Places are found by address over HTTP, and the address is shown where a
// person reads the place: search hits, verdicts, the school report,
// registered businesses and audit exports.
func TestAddress(t *testing.T) {
	ts := MustServer(t, withAddresses(t))
	search := func(q string, role store.Role) []string {
		var hits []addressHit
		MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/search?q="+q, role, ""), http.StatusOK, &hits)
		var out []string
		for _, h := range hits {
			out = append(out, h.ID+" "+h.Match+" "+h.Address)
		}
		return out
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"府青路", []string{"school/1 address 成华区府青路二段30号", "biz/1 address 府青路二段12号", "biz/9 address 府青路二段112号"}},
		{"fuqinglu", []string{"school/1 address 成华区府青路二段30号", "biz/1 address 府青路二段12号", "biz/9 address 府青路二段112号"}},
		{"府青路12号", []string{"biz/1 address 府青路二段12号"}},
		{"fuqinglu%20112", []string{"biz/9 address 府青路二段112号"}},
	} {
		if got := search(tc.q, ""); !slices.Equal(got, tc.want) {
			t.Errorf("search %s: %q, want %q", tc.q, got, tc.want)
		}
	}

	// A registered business with an address, found by it by regulators.
	b := MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":"星空网吧","category":"internet_cafe","lon":104.002,"lat":30.0016,"address":" 府青路二段14号 "}`)
	var got struct{ Address string }
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/businesses/"+b.ID, store.RoleRegulator, ""), http.StatusOK, &got)
	if got.Address != "府青路二段14号" {
		t.Errorf("business address %q", got.Address)
	}
	if h := search("府青路14", store.RoleRegulator); !slices.Equal(h, []string{b.ID + " address 府青路二段14号"}) {
		t.Errorf("registered by address: %q", h)
	}
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator,
		`{"name":"x","category":"internet_cafe","lon":104,"lat":30,"address":"府青路\u0007"}`), http.StatusBadRequest, `address "府青路\a"`)
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator,
		`{"name":"x","category":"internet_cafe","lon":104,"lat":30,"address":"`+strings.Repeat("路", 301)+`"}`), http.StatusBadRequest, `must be at most 300 characters`)
	MustError(t, ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator,
		`{"name":"x","category":"internet_cafe","lon":104,"lat":30,"address":12}`), http.StatusBadRequest, `address`)

	// A verdict names the school's address.
	var check struct {
		Nearest struct {
			SchoolAddress string `json:"school_address"`
		} `json:"nearest_school"`
		Hits []struct {
			SchoolID      string `json:"school_id"`
			SchoolAddress string `json:"school_address"`
		} `json:"hits"`
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"internet_cafe"}`), http.StatusOK, &check)
	if check.Nearest.SchoolAddress != "成华区府青路二段30号" || len(check.Hits) == 0 || check.Hits[0].SchoolAddress != "成华区府青路二段30号" {
		t.Errorf("check: %+v", check)
	}

	// The school report: the school's address and each hazard's.
	var rep struct {
		School struct{ Address string } `json:"school"`
		Rings  []struct {
			Hazards []struct {
				FeatureID string `json:"feature_id"`
				Address   string `json:"address"`
			} `json:"hazards"`
		} `json:"rings"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=school/1", store.RolePolice, ""), http.StatusOK, &rep)
	addrs := map[string]string{}
	for _, r := range rep.Rings {
		for _, h := range r.Hazards {
			addrs[h.FeatureID] = h.Address
		}
	}
	if rep.School.Address != "成华区府青路二段30号" || addrs["biz/1"] != "府青路二段12号" || addrs["biz/9"] != "府青路二段112号" {
		t.Errorf("report: school %q, hazards %v", rep.School.Address, addrs)
	}

	// Audit exports: the CSV's address columns, and the ledger's 地址.
	rows := MustExport(t, ts, "/api/v1/audit?format=csv", "", "text/csv; charset=utf-8")
	col := slices.Index(rows[0], "address")
	scol := slices.Index(rows[0], "school_address")
	found := map[string]string{}
	for _, r := range rows[1:] {
		found[r[0]] = r[col] + "|" + r[scol]
	}
	if found["biz/1"] != "府青路二段12号|成华区府青路二段30号" || found[b.ID] != "府青路二段14号|成华区府青路二段30号" {
		t.Errorf("audit CSV addresses: %v", found)
	}
	w := ts.Do(t, http.MethodPost, "/api/v1/audit?format=xlsx&lang=zh", store.RoleRegulator, "")
	book, _ := MustWorkbook(t, w.Body)
	v := book["违规清单"]
	if len(v) < 2 || v[0][3] != "地址" {
		t.Fatalf("ledger %q", v)
	}
	ledger := map[string]string{}
	for _, r := range v[1:] {
		ledger[r[1]] = r[3]
	}
	if ledger["网吧1"] != "府青路二段12号" || ledger["星空网吧"] != "府青路二段14号" {
		t.Errorf("ledger addresses %v", ledger)
	}
}

// The patrol plan's sheet of schools left uncovered gives their addresses.
func TestAddress_patrolUncovered(t *testing.T) {
	ts := MustServer(t, withAddresses(t))
	far := `{"type":"FeatureCollection","features":[{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[104.01,30.01]}}]}`
	w := ts.Do(t, http.MethodPost, "/api/v1/patrol?format=xlsx&lang=zh", store.RolePolice, `{"posts":1,"radius":50,"candidates":`+far+`}`)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	book, _ := MustWorkbook(t, w.Body)
	rows := book["未覆盖学校"]
	if len(rows) < 2 || !slices.Equal(rows[0], []string{"编号", "名称", "学校类型", "地址"}) {
		t.Fatalf("未覆盖学校 %q", rows)
	}
	if !slices.ContainsFunc(rows[1:], func(r []string) bool {
		return slices.Equal(r, []string{"school/1", "第1小学", "小学", "成华区府青路二段30号"})
	}) {
		t.Errorf("未覆盖学校 %q: want school/1 with its address", rows)
	}
}

// The school lists the map draws and picks from give each school's
// address, and leave it out for a school without one.
func TestAddress_schools(t *testing.T) {
	ts := MustServer(t, withAddresses(t))
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools", "", ""), http.StatusOK, &fc)
	got := map[string]any{}
	for _, f := range fc.Features {
		got[f.Properties["id"].(string)] = f.Properties["address"]
	}
	if got["school/1"] != "成华区府青路二段30号" || got["school/2"] != nil {
		t.Errorf("schools: addresses %v", got)
	}
	var hits []map[string]any
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools/search?q=%E7%AC%AC", "", ""), http.StatusOK, &hits)
	found := map[string]any{}
	for _, h := range hits {
		found[h["id"].(string)] = h["address"]
	}
	if len(found) != 2 || found["school/1"] != "成华区府青路二段30号" || found["school/2"] != nil {
		t.Errorf("search: addresses %v", found)
	}
}
