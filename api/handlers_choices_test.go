package api_test

import (
	"math"
	"net/http"
	"slices"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/store"
)

func TestRulePacks(t *testing.T) {
	ts := MustServer(t)
	var packs []struct {
		ID        string   `json:"id"`
		Title     string   `json:"title"`
		Default   bool     `json:"default"`
		Documents []string `json:"documents"`
		Rules     int      `json:"rules"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/rules/packs", "", ""), http.StatusOK, &packs)
	var ids []string
	for _, p := range packs {
		ids = append(ids, p.ID)
	}
	// The default first, then the loadable packs of the directory by ID;
	// its bad-*.yaml fixtures do not load and are left out.
	want := []string{"engine", "bench", "dates", "default", "empty-rules", "kinds", "valid", "walking-example"}
	if !slices.Equal(ids, want) {
		t.Fatalf("packs %v, want %v", ids, want)
	}
	if !packs[0].Default || packs[1].Default || packs[0].Rules == 0 || len(packs[0].Documents) == 0 || packs[0].Title == "" {
		t.Errorf("default pack %+v", packs[0])
	}
}

// The packs uploaded by an admin are offered too, and the default is the
// one serving now: after an admin selects another, it comes first.
func TestRulePacks_uploaded(t *testing.T) {
	ts, _ := MustReloadServer(t)
	type pack struct {
		ID        string   `json:"id"`
		Default   bool     `json:"default"`
		Documents []string `json:"documents"`
	}
	list := func() []pack {
		var packs []pack
		MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/rules/packs", "", ""), http.StatusOK, &packs)
		return packs
	}
	if w := ts.upload(t, "city-a.yaml", cityPack); w.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	i := slices.IndexFunc(list(), func(p pack) bool { return p.ID == "city-a" })
	if packs := list(); i < 1 || packs[i].Default || !slices.Equal(packs[i].Documents, []string{"甲市文件"}) {
		t.Fatalf("uploaded pack not offered: %+v", packs)
	}
	if w := ts.Do(t, http.MethodPut, "/api/v1/admin/default-rules", store.RoleAdmin, `{"id":"city-a"}`); w.Code != http.StatusOK {
		t.Fatalf("select: %d %s", w.Code, w.Body)
	}
	packs := list()
	if packs[0].ID != "city-a" || !packs[0].Default || slices.ContainsFunc(packs[1:], func(p pack) bool { return p.ID == "city-a" || p.Default }) {
		t.Errorf("after selecting city-a: %+v", packs)
	}
}

func TestConvert(t *testing.T) {
	ts := MustServer(t)
	w84 := geo.Point{Lat: 30.6735459, Lon: 104.0981641}
	g := crs.WGS84ToGCJ02(w84)
	var got struct {
		CRS      string
		Lat, Lon float64
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/crs/convert?lat=30.6735459&lon=104.0981641&from=wgs84&to=gcj02", "", ""), http.StatusOK, &got)
	if got.CRS != "gcj02" || math.Abs(got.Lat-g.Lat) > 1e-6 || math.Abs(got.Lon-g.Lon) > 1e-6 {
		t.Errorf("to gcj02: %+v, want %v", got, g)
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/crs/convert?lat="+ftoa(g.Lat)+"&lon="+ftoa(g.Lon)+"&from=amap&to=wgs84", "", ""), http.StatusOK, &got)
	if got.CRS != "wgs84" || math.Abs(got.Lat-w84.Lat) > 1e-6 || math.Abs(got.Lon-w84.Lon) > 1e-6 {
		t.Errorf("back to wgs84: %+v, want %v", got, w84)
	}
	for _, tc := range []struct{ query, want string }{
		{"lat=91&lon=104&from=wgs84&to=gcj02", `lat "91": must be between -90 and 90`},
		{"lat=30&lon=104&from=mars&to=gcj02", `crs "mars": must be one of`},
		{"lat=30&lon=104&from=wgs84&to=utm", `crs "utm": must be one of`},
	} {
		MustError(t, ts.Do(t, http.MethodGet, "/api/v1/crs/convert?"+tc.query, "", ""), http.StatusBadRequest, tc.want)
	}
}
