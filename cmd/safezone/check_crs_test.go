package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// mustSchoolGeoJSON writes one primary school with a campus 0.002° square
// whose south edge is at latitude 30.659, in Chengdu, and returns its path.
func mustSchoolGeoJSON(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "school.geojson")
	const doc = `{"type":"Feature","properties":{"id":"s1","kind":"school","name":"测试小学","school_kind":"primary"},` +
		`"geometry":{"type":"Polygon","coordinates":[[[104.059,30.659],[104.061,30.659],[104.061,30.661],[104.059,30.661],[104.059,30.659]]]}}`
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestCheck_crs(t *testing.T) {
	data := mustSchoolGeoJSON(t)
	// 100 m south of the campus, inside the 200 m zone of the default pack.
	p := geo.Point{Lat: 30.659 - 100/111195.0, Lon: 104.06}
	for _, c := range []crs.System{crs.WGS84, crs.GCJ02, crs.BD09} {
		t.Run(string(c), func(t *testing.T) {
			in, _ := c.FromWGS84(p)
			code, out, errOut := MustRun(t, "check", "--data", data, "--rules-dir", rulesDir, "--crs", string(c),
				"--lat", fmt.Sprint(in.Lat), "--lon", fmt.Sprint(in.Lon), "--category", "internet_cafe")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.HasPrefix(out, "verdict: prohibited") && !strings.Contains(out, "\nverdict: prohibited") {
				t.Fatalf("not prohibited:\n%s", out)
			}
			if c != crs.WGS84 && !strings.Contains(out, "WGS84 (lat,lon), from") {
				t.Errorf("the WGS84 point used is not shown:\n%s", out)
			}
		})
	}
	// Read as WGS84, the GCJ-02 numbers are about 350 m south-east: allowed.
	in, _ := crs.GCJ02.FromWGS84(p)
	_, out, _ := MustRun(t, "check", "--data", data, "--rules-dir", rulesDir,
		"--lat", fmt.Sprint(in.Lat), "--lon", fmt.Sprint(in.Lon), "--category", "internet_cafe")
	if strings.Contains(out, "verdict: prohibited") {
		t.Errorf("GCJ-02 numbers read as WGS84 were prohibited too:\n%s", out)
	}
}

func TestCheck_crsError(t *testing.T) {
	code, _, errOut := MustRun(t, "check", "--data", mustSchoolGeoJSON(t), "--rules-dir", rulesDir, "--crs", "mars",
		"--lat", "30", "--lon", "104", "--category", "bar")
	want := "safezone check: crs \"mars\": must be one of wgs84, cgcs2000, gcj02, bd09\n"
	if code != 2 || errOut != want {
		t.Fatalf("exit %d, stderr %q; want 2, %q", code, errOut, want)
	}
}
