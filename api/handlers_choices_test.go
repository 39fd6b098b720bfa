package api_test

import (
	"math"
	"net/http"
	"slices"
	"testing"

	"github.com/safezone/safezone/geo"
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
	want := []string{"engine", "bench", "default", "empty-rules", "valid", "walking-example"}
	if !slices.Equal(ids, want) {
		t.Fatalf("packs %v, want %v", ids, want)
	}
	if !packs[0].Default || packs[1].Default || packs[0].Rules == 0 || len(packs[0].Documents) == 0 || packs[0].Title == "" {
		t.Errorf("default pack %+v", packs[0])
	}
}

func TestConvert(t *testing.T) {
	ts := MustServer(t)
	w84 := geo.Point{Lat: 30.6735459, Lon: 104.0981641}
	g := geo.WGS84ToGCJ02(w84)
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
