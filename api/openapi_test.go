package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// MustOpenAPI loads and validates the OpenAPI document ts serves.
func MustOpenAPI(tb testing.TB, ts *TestServer) *openapi3.T {
	tb.Helper()
	w := ts.Do(tb, http.MethodGet, "/api/openapi.json", "", "")
	if w.Code != http.StatusOK {
		tb.Fatalf("GET /api/openapi.json: status %d", w.Code)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(w.Body.Bytes())
	if err != nil {
		tb.Fatalf("load: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		tb.Fatalf("validate: %v", err)
	}
	return doc
}

func TestOpenAPI(t *testing.T) {
	ts := MustServer(t)
	doc := MustOpenAPI(t, ts)
	file, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if served := ts.Do(t, http.MethodGet, "/api/openapi.json", "", ""); !bytes.Equal(served.Body.Bytes(), file) {
		t.Errorf("the server does not serve openapi.json as it is")
	}
	if doc.OpenAPI != "3.0.3" || doc.Info.Title != "safezone" {
		t.Errorf("openapi %s, title %q", doc.OpenAPI, doc.Info.Title)
	}
}

var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// The operations the server routes are the ones the document describes:
// everything under /api and /metrics but catch-alls and static files.
func TestOpenAPI_routes(t *testing.T) {
	ts := MustServer(t)
	doc := MustOpenAPI(t, ts)
	var served, documented []string
	for _, r := range api.EchoOf(ts.Server).Routes() {
		if strings.Contains(r.Path, "*") || !strings.HasPrefix(r.Path, "/api/") && r.Path != "/metrics" {
			continue
		}
		served = append(served, r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}"))
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	for _, op := range served {
		if !slices.Contains(documented, op) {
			t.Errorf("%s is served but not documented", op)
		}
	}
	for _, op := range documented {
		if !slices.Contains(served, op) {
			t.Errorf("%s is documented but not served", op)
		}
	}
	if len(served) < 19 {
		t.Errorf("only %d routes: %v", len(served), served)
	}
}

// openAPICase is a request and the status it must get; the request and
// the answer must both match the document.
type openAPICase struct {
	method, url string
	role        store.Role
	body        string
	code        int
}

// openAPICases are the requests TestOpenAPI_responses makes, in order: at
// least one for each operation, and the documented errors.
var openAPICases = []openAPICase{
	{"GET", "/api/openapi.json", "", "", 200},
	{"GET", "/metrics", "", "", 200},
	{"GET", "/api/v1/health", "", "", 200},
	{"GET", "/api/v1/config", "", "", 200},
	{"GET", "/api/v1/categories", "", "", 200},
	{"GET", "/api/v1/rules?pack=kinds", "", "", 200},
	{"POST", "/api/v1/check", "", `{"lon":104.002,"lat":30.0005,"category":"internet_cafe"}`, 200},
	{"POST", "/api/v1/check", "", `{"lon":104.0005,"lat":"29.9996","category":"street_stall","rules":"engine"}`, 200},
	{"POST", "/api/v1/check", "", `{"lon":110,"lat":40,"category":"water"}`, 200},
	{"POST", "/api/v1/check", "", `{"lon":104.0075,"lat":29.998,"category":"bar","crs":"gcj02"}`, 200},
	{"POST", "/api/v1/check", "", `{"lon":104,"lat":200,"category":"bar"}`, 400},
	{"POST", "/api/v1/check", "", `{"lon":104,"lat":30,"category":"bar","rules":"nope"}`, 404},
	{"POST", "/api/v1/check", "", `{"lon":104,"lat":30,"category":"bar","method":"walking"}`, 200},
	{"POST", "/api/v1/routes/water", "", `{"route":{"type":"LineString","coordinates":[[104,30],[104.002,30.001]]},"within_m":100}`, 200},
	{"POST", "/api/v1/routes/water", "", `{"route":{"type":"Point","coordinates":[104,30]},"within_m":"50"}`, 400},
	{"POST", "/api/v1/check", "", `{"lon":104,"lat":30,"category":"bar","method":"fly"}`, 400},
	{"GET", "/api/v1/schools", "", "", 200},
	{"GET", "/api/v1/schools?bbox=104,30,104.001,30.001", "", "", 200},
	{"GET", "/api/v1/schools?bbox=1,2,3,x", "", "", 400},
	{"GET", "/api/v1/schools/search?q=%E7%AC%AC&limit=5", "", "", 200},
	{"GET", "/api/v1/schools/search?q=a&limit=0", "", "", 400},
	{"GET", "/api/v1/features?kind=business", "", "", 200},
	{"GET", "/api/v1/features?kind=water&bbox=104,30,104.01,30.01", "", "", 200},
	{"GET", "/api/v1/features?kind=school", "", "", 400},
	{"GET", "/api/v1/basemap?bbox=104.02,30.62,104.09,30.69&zoom=16", "", "", 200},
	{"GET", "/api/v1/basemap?bbox=104.02,30.62,104.09,30.69", "", "", 200},
	{"GET", "/api/v1/basemap?zoom=deep", "", "", 400},
	{"POST", "/api/v1/site", "", `{"site":{"type":"Polygon","coordinates":[[[104.0,30.0],[104.001,30.0],[104.001,30.001],[104.0,30.001],[104.0,30.0]]]},"school_kind":"primary","gates":[[104.0005,30.0]]}`, 200},
	{"POST", "/api/v1/site", store.RoleRegulator, `{"site":{"type":"Feature","properties":{"school_kind":"kindergarten"},"geometry":{"type":"Point","coordinates":[104.0015,30.0015]}}}`, 200},
	{"POST", "/api/v1/site", "", `{"site":{"type":"Polygon","coordinates":[[[104,30],[104.001,30.001],[104.001,30],[104,30.001],[104,30]]]}}`, 400},
	{"POST", "/api/v1/site", "", `{"site":{"type":"Point","coordinates":[104,30]},"rules":"nope"}`, 404},
	{"GET", "/api/v1/whatif?category=internet_cafe&distances=50,100,150,200,300", "", "", 200},
	{"GET", "/api/v1/whatif?category=internet_cafe&distances=100,200&from=gate&school_kinds=primary&limit=1", store.RoleRegulator, "", 200},
	{"GET", "/api/v1/whatif?category=bar&distances=200,100", "", "", 400},
	{"POST", "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"internet_cafe","rules":"dates","opened_on":"2018-06"}`, 200},
	{"POST", "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"internet_cafe","rules":"dates"}`, 200},
	{"POST", "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"bar","opened_on":"2999"}`, 400},
	{"GET", "/api/v1/rules?pack=dates", "", "", 200},
	{"GET", "/api/v1/schools/report?id=school/1&rules=dates", "", "", 200},
	{"GET", "/api/v1/rules", "", "", 200},
	{"GET", "/api/v1/rules?pack=default", "", "", 200},
	{"GET", "/api/v1/rules?pack=nope", "", "", 404},
	{"GET", "/api/v1/rules/packs", "", "", 200},
	{"GET", "/api/v1/search?q=di1xiao", "", "", 200},
	{"GET", "/api/v1/search?q=%E7%BD%91%E5%90%A7&limit=5", store.RoleRegulator, "", 200},
	{"GET", "/api/v1/search?q=a&limit=99", "", "", 400},
	{"GET", "/api/v1/crs/convert?lat=30.67&lon=104.09&from=gcj02&to=bd09", "", "", 200},
	{"GET", "/api/v1/crs/convert?lat=30.67&lon=104.09&from=mars", "", "", 400},
	{"GET", "/api/v1/zones?category=internet_cafe", "", "", 200},
	{"GET", "/api/v1/zones?category=bar&rules=nope", "", "", 404},
	{"GET", "/api/v1/zones?category=casino", "", "", 400},
	{"POST", "/api/v1/businesses", store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104.002,"lat":30.0015,"licence":"JY1"}`, 201},
	{"POST", "/api/v1/businesses", store.RoleAdmin, `{"name":"酒吧","category":"bar","lon":"104.0015","lat":"30.0005","status":"licensed"}`, 201},
	{"POST", "/api/v1/businesses", store.RoleRegulator, `{"name":"星空网吧","category":"internet_cafe","lon":104.002,"lat":30.0016,"address":"府青路二段12号"}`, 201},
	{"GET", "/api/v1/search?q=%E5%BA%9C%E9%9D%92%E8%B7%AF12", store.RoleRegulator, "", 200},
	{"POST", "/api/v1/businesses", store.RoleRegulator, `{"name":"x","category":"bar","lon":104,"lat":30,"address":"府青路\u0000"}`, 400},
	{"POST", "/api/v1/businesses", store.RoleRegulator, `{"name":"x","category":"water","lon":104,"lat":30}`, 400},
	{"POST", "/api/v1/businesses", "", `{"name":"x","category":"bar","lon":104,"lat":30}`, 401},
	{"POST", "/api/v1/businesses", store.RolePolice, `{"name":"x","category":"bar","lon":104,"lat":30}`, 403},
	{"GET", "/api/v1/businesses", store.RoleRegulator, "", 200},
	{"GET", "/api/v1/businesses", store.RoleSchool, "", 403},
	{"GET", "/api/v1/businesses/1", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/businesses/99", store.RoleAdmin, "", 404},
	{"PUT", "/api/v1/businesses/2", store.RoleRegulator, `{"name":"酒吧","category":"bar","lon":104.0015,"lat":30.0005,"status":"proposed"}`, 200},
	{"PUT", "/api/v1/businesses/2", store.RoleRegulator, `{"name":"","category":"bar","lon":104,"lat":30}`, 400},
	{"PUT", "/api/v1/businesses/99", store.RoleRegulator, `{"name":"x","category":"bar","lon":104,"lat":30}`, 404},
	{"GET", "/api/v1/schools/report?id=school/1", "", "", 200},
	{"GET", "/api/v1/schools/report?id=school/1&rules=engine", store.RoleSchool, "", 200},
	{"GET", "/api/v1/schools/report?id=school/2", store.RolePolice, "", 200},
	{"GET", "/api/v1/schools/report?id=school/1&rules=kinds", store.RolePolice, "", 200},
	{"GET", "/api/v1/schools/report?id=school/2", store.RoleSchool, "", 403},
	{"GET", "/api/v1/schools/report?id=way/9", "", "", 404},
	{"GET", "/api/v1/schools/report", "", "", 400},
	{"POST", "/api/v1/audit", store.RoleRegulator, "", 200},
	{"POST", "/api/v1/audit", store.RoleAdmin, `{"bbox":"104,30,104.01,30.01","rules":"engine","format":"json"}`, 200},
	{"POST", "/api/v1/audit?format=csv", store.RoleRegulator, "", 200},
	{"POST", "/api/v1/audit?format=xlsx", store.RoleRegulator, "", 200},
	{"POST", "/api/v1/audit?format=xlsx&lang=zh", store.RoleRegulator, "", 200},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"format":"csv","lang":"en"}`, 200},
	{"POST", "/api/v1/audit?lang=fr", store.RoleRegulator, "", 400},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"format":"geojson"}`, 200},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"format":"geojson","rules":"kinds"}`, 200},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"rules":"kinds"}`, 200},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"format":"pdf"}`, 400},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"rules":"nope"}`, 404},
	{"POST", "/api/v1/audit", store.RolePolice, "", 403},
	{"POST", "/api/v1/audit/licences", store.RoleRegulator, "name,category,lon,lat,licence\n网吧,internet_cafe,104.002,30.0005,JY9\n", 200},
	{"POST", "/api/v1/audit/licences?format=xlsx&lang=zh", store.RoleRegulator, "name,category,lon,lat,licence\n网吧,internet_cafe,104.002,30.0005,JY9\n", 200},
	{"POST", "/api/v1/audit/licences?format=geojson&rules=engine", store.RoleAdmin, "名称,类别,经度,纬度\n网吧,internet_cafe,104.002,30.0005\n", 200},
	{"POST", "/api/v1/audit/licences?format=csv", store.RoleRegulator, "name,category,lon,lat\n网吧,internet_cafe,104.002,30.0005\n", 200},
	{"POST", "/api/v1/audit/licences", store.RoleRegulator, "name,category,lon,lat\n网吧,internet_cafe,104.002,91\n", 400},
	{"POST", "/api/v1/audit/licences?rules=nope", store.RoleRegulator, "name,category,lon,lat\n", 404},
	{"POST", "/api/v1/audit/licences?format=geojson", store.RoleRegulator, openAPIForm(`{"type":"Polygon","coordinates":[[[104.0015,30.0],[104.0025,30.0],[104.0025,30.001],[104.0015,30.001],[104.0015,30.0]]]}`, "府青路片区"), 200},
	{"POST", "/api/v1/audit/licences?format=xlsx&lang=zh", store.RoleRegulator, openAPIForm(`{"type":"Polygon","coordinates":[[[104.0015,30.0],[104.0025,30.0],[104.0025,30.001],[104.0015,30.001],[104.0015,30.0]]]}`, ""), 200},
	{"POST", "/api/v1/audit/licences", store.RoleRegulator, openAPIForm(`{"type":"Point","coordinates":[104,30]}`, ""), 400},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"district":{"type":"Polygon","coordinates":[[[104.0015,30.0],[104.0025,30.0],[104.0025,30.0018],[104.0015,30.0018],[104.0015,30.0]]]},"district_name":"府青路片区","format":"csv","lang":"zh"}`, 200},
	{"POST", "/api/v1/audit", store.RoleRegulator, `{"district_name":"府青路片区"}`, 400},
	{"POST", "/api/v1/patrol", store.RolePolice, `{"posts":1,"radius":100,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[104.0005,29.9999]}}]}}`, 200},
	{"POST", "/api/v1/patrol?format=xlsx&lang=zh", store.RolePolice, `{"posts":1,"radius":100,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[104.0005,29.9999]}}]}}`, 200},
	{"POST", "/api/v1/patrol", store.RolePolice, `{"posts":1,"radius":100,"format":"csv","candidates":{"type":"FeatureCollection","features":[{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[104.0005,29.9999]}}]}}`, 200},
	{"POST", "/api/v1/patrol?format=geojson", store.RoleAdmin, `{"posts":2,"radius":100,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[104.0005,29.9999]}}]},"bells":{"kinds":{"primary":["07:50"]}}}`, 200},
	{"POST", "/api/v1/patrol", store.RolePolice, `{"posts":2,"radius":100,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[104.0005,29.9999]}}]},"bells":{"kinds":{"primary":["07:50"]}}}`, 200},
	{"POST", "/api/v1/patrol", store.RolePolice, `{"posts":0,"radius":100}`, 400},
	{"POST", "/api/v1/patrol", store.RolePolice, `{"posts":1,"radius":100,"district":{"type":"Polygon","coordinates":[[[103.99,29.99],[104.01,29.99],[104.01,30.01],[103.99,30.01],[103.99,29.99]]]},"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[104.0005,29.9999]}}]}}`, 200},
	{"POST", "/api/v1/patrol", store.RolePolice, `{"posts":1,"radius":100,"district":{"type":"Point","coordinates":[104,30]}}`, 400},
	{"POST", "/api/v1/patrol", store.RoleRegulator, `{"posts":1,"radius":100}`, 403},
	{"POST", "/api/v1/check", store.RoleRegulator, `{"lon":104.002,"lat":30.0015,"category":"internet_cafe","record":true}`, 200},
	{"POST", "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"internet_cafe","record":true}`, 403},
	{"GET", "/api/v1/checks/chk-1", store.RoleRegulator, "", 200},
	{"GET", "/api/v1/checks/chk-99", store.RoleAdmin, "", 404},
	{"GET", "/api/v1/checks/chk-1", store.RolePolice, "", 403},
	{"GET", "/api/v1/checks/verify", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/checks/verify", "", "", 401},
	{"GET", "/api/v1/log", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/log?after=2&limit=3", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/log?limit=0", store.RoleAdmin, "", 400},
	{"GET", "/api/v1/log", store.RoleRegulator, "", 403},
	{"DELETE", "/api/v1/businesses/2", store.RoleRegulator, "", 204},
	{"DELETE", "/api/v1/businesses/2", store.RoleRegulator, "", 404},
	{"DELETE", "/api/v1/businesses/1", "", "", 401},
	{"GET", "/api/v1/admin/tokens", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/admin/tokens", store.RolePolice, "", 403},
	{"POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"school","school_id":"school/1"}`, 201},
	{"POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"school"}`, 400},
	{"DELETE", "/api/v1/admin/tokens/00000000", store.RoleAdmin, "", 404},
	{"POST", "/api/v1/admin/imports", store.RoleAdmin, "name,category,lon,lat,licence\n网吧,internet_cafe,104.002,30.0005,JY9\n", 202},
	{"POST", "/api/v1/admin/imports?kind=shop", store.RoleAdmin, "name,category,lon,lat\n", 400},
	{"GET", "/api/v1/admin/imports", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/admin/imports/1", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/admin/imports/99", store.RoleAdmin, "", 404},
	{"POST", "/api/v1/admin/rules?name=city.yaml", store.RoleAdmin, strings.Replace(cityPack, "id: city-a", "id: city", 1), 201},
	{"POST", "/api/v1/admin/rules?name=city.yaml", store.RoleAdmin, strings.Replace(cityPack, "distance_m: 2000", "distance_m: -5", 1), 400},
	{"GET", "/api/v1/admin/rules", store.RoleAdmin, "", 200},
	{"PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"city"}`, 200},
	{"DELETE", "/api/v1/admin/rules/city", store.RoleAdmin, "", 400},
	{"PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"default"}`, 200},
	{"PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"nope"}`, 404},
	{"DELETE", "/api/v1/admin/rules/city", store.RoleAdmin, "", 204},
	{"GET", "/api/v1/admin/reload", store.RoleAdmin, "", 200},
	{"POST", "/api/v1/admin/reload", store.RoleAdmin, "", 501},
	{"GET", "/api/v1/admin/backup", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/ledger/config", store.RoleSchool, "", 200},
	{"GET", "/api/v1/ledger/config", "", "", 401},
	{"GET", "/api/v1/ledger/me", store.RoleSchool, "", 200},
	{"GET", "/api/v1/ledger/me", store.RoleRegulator, "", 200},
	{"GET", "/api/v1/ledger/me", "", "", 401},
	{"POST", "/api/v1/ledger/hazards", store.RoleSchool, `{"school_id":"school/1","lon":104.0012,"lat":30.0003,"description":"池塘无护栏","category":"water"}`, 201},
	{"POST", "/api/v1/ledger/hazards", store.RoleAdmin, `{"school_id":"school/1","lon":104,"lat":91,"description":"x"}`, 400},
	{"POST", "/api/v1/ledger/hazards", store.RoleSchool, `{"school_id":"school/2","lon":104.01,"lat":30.01,"description":"x"}`, 403},
	{"POST", "/api/v1/ledger/hazards", store.RoleAdmin, `{"school_id":"way/9","lon":104,"lat":30,"description":"x"}`, 404},
	{"GET", "/api/v1/ledger/hazards/1", store.RoleSchool, "", 200},
	{"GET", "/api/v1/ledger/hazards/99", store.RoleAdmin, "", 404},
	{"POST", "/api/v1/ledger/hazards/1/attachments?name=p.png&comment=%E7%85%A7%E7%89%87", store.RoleSchool, string(openAPIPNG), 201},
	{"POST", "/api/v1/ledger/hazards/1/attachments", store.RoleSchool, "x,y\n", 400},
	{"POST", "/api/v1/ledger/hazards/99/attachments", store.RoleAdmin, string(openAPIPNG), 404},
	{"GET", "/api/v1/ledger/hazards/1/attachments", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/ledger/hazards/1/attachments/" + sha256Hex(openAPIPNG), store.RoleRegulator, "", 200},
	{"GET", "/api/v1/ledger/hazards/1/attachments/" + strings.Repeat("0", 64), store.RoleAdmin, "", 404},
	{"POST", "/api/v1/ledger/hazards/1/transitions", store.RoleRegulator, `{"to":"assigned","unit":"镇水利站","person":"李四","deadline":"2025-06-20","version":2}`, 200},
	{"POST", "/api/v1/ledger/hazards/1/transitions", store.RoleAdmin, `{"to":"closed"}`, 409},
	{"POST", "/api/v1/ledger/hazards/1/transitions", store.RoleAdmin, `{"to":"done"}`, 400},
	{"POST", "/api/v1/ledger/hazards/1/transitions", store.RoleSchool, `{"to":"rectifying"}`, 403},
	{"POST", "/api/v1/ledger/hazards/99/transitions", store.RoleAdmin, `{"to":"assigned"}`, 404},
	{"POST", "/api/v1/ledger/sync", store.RoleRegulator, "", 200},
	{"POST", "/api/v1/ledger/sync", store.RoleAdmin, `{"bbox":"104,30,104.01,30.01","rules":"engine"}`, 200},
	{"POST", "/api/v1/ledger/sync", store.RoleAdmin, `{"rules":"nope"}`, 404},
	{"POST", "/api/v1/ledger/sync", store.RoleSchool, "", 403},
	{"GET", "/api/v1/ledger/hazards?state=assigned,found&limit=2", store.RoleRegulator, "", 200},
	{"GET", "/api/v1/ledger/hazards?format=csv", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/ledger/hazards?format=xlsx&overdue=false&vanished=false&source=audit", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/ledger/hazards?format=xlsx&sheets=school", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/ledger/hazards?state=open", store.RoleAdmin, "", 400},
	{"GET", "/api/v1/ledger/hazards?school=school/2", store.RoleSchool, "", 403},
	{"GET", "/api/v1/ledger/summary", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/ledger/summary?top=5", store.RoleSchool, "", 200},
	{"GET", "/api/v1/ledger/summary?top=-1", store.RoleAdmin, "", 400},
	{"GET", "/api/v1/ledger/summary?bbox=104,30,104.01,30.01&district=%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B103.99%2C29.99%5D%2C%5B104.005%2C29.99%5D%2C%5B104.005%2C30.005%5D%2C%5B103.99%2C30.005%5D%2C%5B103.99%2C29.99%5D%5D%5D%7D", store.RoleAdmin, "", 200},
	{"GET", "/api/v1/ledger/hazards?district=%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B103.99%2C29.99%5D%2C%5B104.005%2C29.99%5D%2C%5B104.005%2C30.005%5D%2C%5B103.99%2C30.005%5D%2C%5B103.99%2C29.99%5D%5D%5D%7D&state=found", store.RoleAdmin, "", 200},
}

// openAPIForm is a licence list with a district (and its name, if not
// empty), as the map sends them: a multipart/form-data form.
func openAPIForm(district, name string) string {
	part := func(head, body string) string {
		return "--" + formBoundary + "\r\nContent-Disposition: form-data; " + head + "\r\n\r\n" + body + "\r\n"
	}
	form := part(`name="district"`, district)
	if name != "" {
		form += part(`name="district_name"`, name)
	}
	form += part("name=\"file\"; filename=\"licences.csv\"\r\nContent-Type: text/csv", "name,category,lon,lat,licence\n网吧,internet_cafe,104.002,30.0005,JY9\n")
	return form + "--" + formBoundary + "--\r\n"
}

// openAPIPNG is the start of a PNG file, enough for an attachment.
var openAPIPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Every answer matches the document: its status is documented for the
// operation, and its content type and body match the schema.
func TestOpenAPI_responses(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.Basemap = MustBasemap(t) })
	doc := MustOpenAPI(t, ts)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, tc := range openAPICases {
		covered[tc.method+" "+validateOpenAPI(t, ts, router, tc)] = true
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !covered[method+" "+path] {
				t.Errorf("%s %s: no request in openAPICases", method, path)
			}
		}
	}
}

// The limits' errors, and the basemap's absence, match the document too.
func TestOpenAPI_limits(t *testing.T) {
	// A burst of one request, then one every 100 s.
	ts := MustServer(t, func(c *api.Config) { c.BodyLimit, c.RatePerSec = "1K", 0.01 })
	router, err := gorillamux.NewRouter(MustOpenAPI(t, MustServer(t)))
	if err != nil {
		t.Fatal(err)
	}
	big := `{"lon":104,"lat":30,"category":"` + strings.Repeat("x", 2000) + `"}`
	validateOpenAPI(t, ts, router, openAPICase{"POST", "/api/v1/check", "", big, 413})
	validateOpenAPI(t, ts, router, openAPICase{"GET", "/api/v1/config", "", "", 200})
	validateOpenAPI(t, MustServer(t), router, openAPICase{"GET", "/api/v1/basemap", "", "", 404})
	validateOpenAPI(t, ts, router, openAPICase{"GET", "/api/v1/config", "", "", 429})
}

// validateOpenAPI makes tc's request, checks its status and validates the
// request (unless it is meant to be refused as bad input) and the answer
// against the document. It returns the operation's documented path.
func validateOpenAPI(t *testing.T, ts *TestServer, router routers.Router, tc openAPICase) string {
	t.Helper()
	req := ts.NewRequest(tc.method, "http://localhost"+tc.url, tc.role, tc.body)
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s: no route in the document: %v", tc.method, tc.url, err)
		return ""
	}
	ctx := context.Background()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if tc.code < 400 || tc.code == 401 || tc.code == 403 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("%s %s: the request does not match the document: %v", tc.method, tc.url, err)
		}
	}
	w := ts.Serve(ts.NewRequest(tc.method, tc.url, tc.role, tc.body))
	if w.Code != tc.code {
		t.Errorf("%s %s: status %d, want %d: %.300s", tc.method, tc.url, w.Code, tc.code, w.Body)
	}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: w.Code, Header: w.Header(), Body: io.NopCloser(bytes.NewReader(w.Body.Bytes())), Options: opts,
	})
	if err != nil {
		t.Errorf("%s %s: the %d answer does not match the document: %v", tc.method, tc.url, w.Code, err)
	}
	return route.Path
}

// The document's ledger enums are the code's: states, grades, roles
// (ledger's and the store's) and history actions.
func TestOpenAPI_ledgerEnums(t *testing.T) {
	doc := MustOpenAPI(t, MustServer(t))
	enum := func(name string) []string {
		var out []string
		for _, v := range doc.Components.Schemas[name].Value.Enum {
			out = append(out, v.(string))
		}
		return out
	}
	tests := []struct {
		schema string
		code   []string
	}{
		{"LedgerState", stringsOf(ledger.States)},
		{"LedgerGrade", stringsOf(ledger.Grades)},
		{"LedgerRole", stringsOf(ledger.Roles)},
		{"LedgerRole", stringsOf(store.Roles)},
		{"LedgerAction", stringsOf(ledger.Actions)},
	}
	for _, tc := range tests {
		if got := enum(tc.schema); !slices.Equal(got, tc.code) {
			t.Errorf("%s: the document has %q, the code %q", tc.schema, got, tc.code)
		}
	}
}

func stringsOf[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
