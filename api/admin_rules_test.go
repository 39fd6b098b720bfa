package api_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"
)

// cityPack is an uploaded pack that prohibits internet cafés within 2 km
// of a school, so that a check far from the fixtures' schools differs from
// the engine pack's.
const cityPack = `id: city-a
title: 甲市
document: {title: 甲市文件, issuer: 甲市政府, date: 2024}
rules:
  - id: cafe_2000
    title: 校园周边2000米内禁止网吧
    categories: [internet_cafe]
    distance_m: 2000
    from: campus
    severity: prohibited
    citation: {clause: 校园周边2000米以内禁止设立网吧}
`

// upload posts a YAML pack as an admin.
func (ts *TestServer) upload(tb testing.TB, name, yaml string) *httptest.ResponseRecorder {
	tb.Helper()
	r := ts.NewRequest("POST", "/api/v1/admin/rules?name="+name, store.RoleAdmin, yaml)
	r.Header.Set("Content-Type", "application/yaml")
	return ts.Serve(r)
}

type rulePacks struct {
	Default  string `json:"default"`
	Selected string `json:"selected"`
	Packs    []struct {
		ID, Title, Source, Error string
		Rules                    int
	} `json:"packs"`
}

func TestAdmin_rules(t *testing.T) {
	ts, _ := MustReloadServer(t)
	var info struct {
		ID, Title, Source string
		Rules             int
	}
	MustJSON(t, ts.upload(t, "city-a.yaml", cityPack), 201, &info)
	if info.ID != "city-a" || info.Title != "甲市" || info.Rules != 1 || info.Source != "uploaded" {
		t.Fatalf("upload: %+v", info)
	}
	// The pack may be named in requests at once.
	check := `{"lon":104.02,"lat":30.0212,"category":"internet_cafe"%s}`
	if w := ts.Do(t, "POST", "/api/v1/check", "", fmt.Sprintf(check, `,"rules":"city-a"`)); !strings.Contains(w.Body.String(), `"verdict":"prohibited"`) {
		t.Fatalf("check with the uploaded pack: %s", w.Body)
	}
	var list rulePacks
	MustJSON(t, ts.Do(t, "GET", "/api/v1/admin/rules", store.RoleAdmin, ""), 200, &list)
	ids := []string{}
	for _, p := range list.Packs {
		ids = append(ids, p.ID+":"+p.Source)
	}
	got := " " + strings.Join(ids, " ") + " "
	if list.Default != "engine" || list.Selected != "" || !strings.Contains(got, " city-a:uploaded dates:directory default:directory ") || !strings.Contains(got, " engine:directory ") {
		t.Fatalf("list: %+v", list)
	}
	// Selecting it makes it the default, now and after a reload.
	var sel struct {
		Default, Selected string
		Generation        uint64
	}
	MustJSON(t, ts.Do(t, "PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"city-a"}`), 200, &sel)
	if sel.Default != "city-a" || sel.Selected != "city-a" || sel.Generation != 3 {
		t.Fatalf("select: %+v", sel)
	}
	if w := ts.Do(t, "POST", "/api/v1/check", "", fmt.Sprintf(check, "")); !strings.Contains(w.Body.String(), `"rules":"city-a"`) {
		t.Fatalf("check after selecting: %s", w.Body)
	}
	if id, _ := ts.Store.DefaultRules(t.Context()); id != "city-a" {
		t.Fatalf("the store's selection is %q", id)
	}
	MustError(t, ts.Do(t, "DELETE", "/api/v1/admin/rules/city-a", store.RoleAdmin, ""), 400, `rules "city-a": it is the default: select another default first`)
	MustJSON(t, ts.Do(t, "PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"default"}`), 200, &sel)
	if w := ts.Do(t, "DELETE", "/api/v1/admin/rules/city-a", store.RoleAdmin, ""); w.Code != 204 {
		t.Fatalf("delete: %d %s", w.Code, w.Body)
	}
	MustError(t, ts.Do(t, "POST", "/api/v1/check", "", fmt.Sprintf(check, `,"rules":"city-a"`)), 404, `rules "city-a": no such rule pack; available: bad-category, `)
	// Clearing the selection reloads: the loader's pack is the default again.
	MustJSON(t, ts.Do(t, "PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":""}`), 200, &sel)
	if sel.Default != "engine" || sel.Selected != "" {
		t.Fatalf("cleared: %+v", sel)
	}
}

func TestAdmin_rules_errors(t *testing.T) {
	ts := MustServer(t)
	bad := strings.Replace(cityPack, "distance_m: 2000", "distance_m: -5", 1)
	w := ts.upload(t, "city-a.yaml", bad+"  - id: x\n    title: y\n")
	MustError(t, w, 400, `city-a.yaml:8: rule "cafe_2000": distance_m "-5": must be greater than 0 and at most 5000`)
	if !strings.Contains(w.Body.String(), `city-a.yaml:12: rule \"x\"`) {
		t.Errorf("the second problem is not named: %s", w.Body)
	}
	MustError(t, ts.upload(t, "x.yaml", "id: [\n"), 400, "x.yaml:1: bad YAML")
	MustError(t, ts.upload(t, "engine.yaml", strings.Replace(cityPack, "id: city-a", "id: engine", 1)), 409,
		`engine.yaml: id "engine": the server's rules directory has a pack of that id`)
	MustError(t, ts.upload(t, "..%2Fx.yaml", cityPack), 400, `name "../x.yaml": must be a file name without a directory`)
	if b := MustError(t, ts.upload(t, "big.yaml", cityPack+"# "+strings.Repeat("x", store.MaxRulePackBytes)), 413,
		"body: a rule pack must be at most 1048576 bytes"); b.Code != "pack_too_large" || b.Params["max"] != "1048576" {
		t.Errorf("code %q params %v, want pack_too_large with max 1048576", b.Code, b.Params)
	}
	MustError(t, ts.Do(t, "PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"nope"}`), 404, `rules "nope": no such rule pack`)
	MustError(t, ts.Do(t, "PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{}`), 400, "id: required")
	MustError(t, ts.Do(t, "PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":""}`), 501, "this server cannot reload")
	MustError(t, ts.Do(t, "DELETE", "/api/v1/admin/rules/nope", store.RoleAdmin, ""), 404, `rules "nope": no such uploaded pack`)
	MustError(t, ts.Do(t, "GET", "/api/v1/admin/rules", store.RolePolice, ""), 403, `role "police"`)
	if ps, _ := ts.Store.RulePacks(t.Context()); len(ps) != 0 {
		t.Errorf("refused uploads stored %d packs", len(ps))
	}
}

// TestAdmin_rules_replaceDefault checks that uploading a new version of
// the default pack swaps it in.
func TestAdmin_rules_replaceDefault(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) {})
	MustJSON(t, ts.upload(t, "a.yaml", cityPack), 201, &struct{}{})
	MustJSON(t, ts.Do(t, "PUT", "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"city-a"}`), 200, &struct{}{})
	MustJSON(t, ts.upload(t, "a2.yaml", strings.Replace(cityPack, "title: 甲市\n", "title: 甲市（修订）\n", 1)), 201, &struct{}{})
	var rules struct{ Title string }
	MustJSON(t, ts.Do(t, "GET", "/api/v1/rules", "", ""), 200, &rules)
	if rules.Title != "甲市（修订）" {
		t.Fatalf("the default pack after its new version: %q", rules.Title)
	}
}
