package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

func postCheck(tb testing.TB, h http.Handler, body string) *httptest.ResponseRecorder {
	tb.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/api/v1/check", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(w, r)
	return w
}

// TestCheck_crs checks a café 150 m south of the campus (inside its 200 m
// zone) given in GCJ-02 and BD-09, as AMap and Baidu users would give it.
func TestCheck_crs(t *testing.T) {
	h := MustZonesServer(t)
	w84 := zonesOffset(zonesOffset(zonesCentre, 180, 100), 180, 150)
	p := geo.Point{Lon: w84[0], Lat: w84[1]}
	tests := []struct {
		crs     string
		verdict string
	}{
		{"gcj02", "prohibited"}, {"GCJ-02", "prohibited"}, {"bd09", "prohibited"}, {"wgs84", "prohibited"}, {"", "prohibited"},
	}
	for _, tc := range tests {
		t.Run("crs="+tc.crs, func(t *testing.T) {
			c, err := crs.Parse(tc.crs)
			if err != nil {
				t.Fatal(err)
			}
			in, _ := c.FromWGS84(p)
			body := fmt.Sprintf(`{"lon": %v, "lat": %v, "category": "internet_cafe", "crs": %q}`, in.Lon, in.Lat, tc.crs)
			w := postCheck(t, h, body)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			var got struct {
				Verdict, CRS string
				Lon, Lat     float64
				Input        *struct{ Lon, Lat float64 }
			}
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Verdict != tc.verdict {
				t.Errorf("verdict %q, want %q", got.Verdict, tc.verdict)
			}
			if d := geo.DistanceMeters(geo.Point{Lat: got.Lat, Lon: got.Lon}, p); d > 0.01 {
				t.Errorf("WGS84 point used is %.3f m from the true one", d)
			}
			if c == crs.WGS84 {
				if got.CRS != "" || got.Input != nil {
					t.Errorf("crs %q, input %v: want neither for WGS84", got.CRS, got.Input)
				}
				return
			}
			if got.CRS != string(c) || got.Input == nil || math.Abs(got.Input.Lon-in.Lon) > 1e-12 || math.Abs(got.Input.Lat-in.Lat) > 1e-12 {
				t.Errorf("crs %q, input %v: want %q, %v", got.CRS, got.Input, c, in)
			}
		})
	}
	// In Chengdu GCJ-02 is about 250 m south and 240 m east of WGS84, so the
	// same numbers read as WGS84 land outside the 200 m zone: the conversion
	// is what makes the verdict.
	in, _ := crs.GCJ02.FromWGS84(p)
	w := postCheck(t, h, fmt.Sprintf(`{"lon": %v, "lat": %v, "category": "internet_cafe"}`, in.Lon, in.Lat))
	if strings.Contains(w.Body.String(), `"verdict":"prohibited"`) {
		t.Errorf("GCJ-02 numbers read as WGS84 were prohibited too: %s", w.Body)
	}
}

func TestCheck_crsErrors(t *testing.T) {
	h := MustZonesServer(t)
	tests := []struct{ name, body, want string }{
		{"Unknown", `{"lon": 104.06, "lat": 30.66, "category": "bar", "crs": "bd09mc"}`, `crs \"bd09mc\": must be one of wgs84, cgcs2000, gcj02, bd09`},
		{"NotString", `{"lon": 104.06, "lat": 30.66, "category": "bar", "crs": 4326}`, `body: json: cannot unmarshal number into Go struct field checkRequest.crs of type string`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := postCheck(t, h, tc.body)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tc.want) {
				t.Fatalf("status %d body %s, want 400 with %s", w.Code, w.Body, tc.want)
			}
		})
	}
}
