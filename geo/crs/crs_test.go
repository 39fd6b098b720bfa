package crs_test

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want crs.System
	}{
		{"", crs.WGS84}, {"wgs84", crs.WGS84}, {"WGS-84", crs.WGS84}, {"EPSG:4326", crs.WGS84},
		{"cgcs2000", crs.CGCS2000}, {"EPSG:4490", crs.CGCS2000},
		{"gcj02", crs.GCJ02}, {"GCJ-02", crs.GCJ02}, {"amap", crs.GCJ02}, {" gcj_02 ", crs.GCJ02},
		{"bd09", crs.BD09}, {"BD-09", crs.BD09}, {"bd09ll", crs.BD09}, {"Baidu", crs.BD09},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := crs.Parse(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("Parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParse_errors(t *testing.T) {
	for _, in := range []string{"gcj", "bd09mc", "epsg:3857", "utm50n", "wgs 84 x"} {
		t.Run(in, func(t *testing.T) {
			_, err := crs.Parse(in)
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("Parse(%q): err = %v, want ErrInvalidInput", in, err)
			}
			want := `crs "` + in + `": must be one of wgs84, cgcs2000, gcj02, bd09`
			if err.Error() != want {
				t.Fatalf("message %q, want %q", err, want)
			}
		})
	}
}

// readVectors reads a CSV of geo/testdata/crs as rows of floats.
func readVectors(tb testing.TB, name string) [][]float64 {
	tb.Helper()
	f, err := os.Open("../testdata/crs/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var rows [][]float64
	for _, rec := range recs[1:] {
		row := make([]float64, len(rec))
		for i, s := range rec {
			if row[i], err = strconv.ParseFloat(s, 64); err != nil {
				tb.Fatal(err)
			}
		}
		rows = append(rows, row)
	}
	if len(rows) < 100 {
		tb.Fatalf("%s: %d rows, want at least 100", name, len(rows))
	}
	return rows
}

// TestCRS_forwardVectors checks the forward transforms against gcoord.
func TestCRS_forwardVectors(t *testing.T) {
	for _, r := range readVectors(t, "forward.csv") {
		p := geo.Point{Lon: r[0], Lat: r[1]}
		for _, tc := range []struct {
			crs  crs.System
			want geo.Point
		}{{crs.GCJ02, geo.Point{Lon: r[2], Lat: r[3]}}, {crs.BD09, geo.Point{Lon: r[4], Lat: r[5]}}} {
			got, err := tc.crs.FromWGS84(p)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.Lat-tc.want.Lat) > 1e-9 || math.Abs(got.Lon-tc.want.Lon) > 1e-9 {
				t.Errorf("%s.FromWGS84(%v) = %v, gcoord %v", tc.crs, p, got, tc.want)
			}
		}
	}
}

// TestCRS_inverseVectors checks the inverses against gcoord's, which stop
// at 1e-6 degrees (GCJ-02) or use a closed form (BD-09), so to 0.5 m.
func TestCRS_inverseVectors(t *testing.T) {
	worst := 0.0
	for _, r := range readVectors(t, "inverse.csv") {
		p := geo.Point{Lon: r[0], Lat: r[1]}
		for _, tc := range []struct {
			crs  crs.System
			want geo.Point
		}{{crs.GCJ02, geo.Point{Lon: r[2], Lat: r[3]}}, {crs.BD09, geo.Point{Lon: r[4], Lat: r[5]}}} {
			got, err := tc.crs.ToWGS84(p)
			if err != nil {
				t.Fatal(err)
			}
			d := geo.DistanceMeters(got, tc.want)
			worst = max(worst, d)
			if d > 0.5 {
				t.Errorf("%s.ToWGS84(%v) = %v, gcoord %v: %.3f m apart", tc.crs, p, got, tc.want, d)
			}
		}
	}
	t.Logf("largest difference from gcoord: %.4f m", worst)
}

// TestCRS_roundTrip checks forward∘inverse and inverse∘forward over a
// 0.25° grid of the China box.
func TestCRS_roundTrip(t *testing.T) {
	worst := 0.0
	n := 0
	for lat := 18.0; lat <= 54; lat += 0.25 {
		for lon := 73.0; lon <= 135; lon += 0.25 {
			p := geo.Point{Lat: lat, Lon: lon}
			for _, c := range []crs.System{crs.GCJ02, crs.BD09} {
				w, err := c.ToWGS84(p)
				if err != nil {
					t.Fatal(err)
				}
				back, _ := c.FromWGS84(w)
				fw, _ := c.FromWGS84(p)
				again, _ := c.ToWGS84(fw)
				d := max(geo.DistanceMeters(back, p), geo.DistanceMeters(again, p))
				worst = max(worst, d)
				if d > 0.5 || math.IsNaN(d) {
					t.Fatalf("%s at %v: round trip %.6f m off (%v, %v)", c, p, d, back, again)
				}
				if geo.DistanceMeters(w, p) < 1 {
					t.Fatalf("%s at %v: no offset", c, p)
				}
			}
			n++
		}
	}
	t.Logf("%d points, worst round trip %.2e m", n, worst)
}

func TestCRS_outsideChina(t *testing.T) {
	for _, p := range []geo.Point{
		{Lat: 48.8566, Lon: 2.3522},   // Paris
		{Lat: 35.6762, Lon: 139.6503}, // Tokyo, east of the box
		{Lat: 55.9, Lon: 100},         // north of the box
		{Lat: -33.87, Lon: 151.21},    // Sydney
		{Lat: 0.8292, Lon: 110},       // just south of the box
		{Lat: 30, Lon: 72.0039},       // just west of the box
		{Lat: -90, Lon: -180},         // corner of the world
		{Lat: 90, Lon: 180},           // and the other
		{Lat: 40.7128, Lon: -74.006},  // New York
		{Lat: 51.4769, Lon: -0.0005},  // Greenwich
		{Lat: 1.3521, Lon: 103.8198},  // Singapore is inside the box:
	} {
		for _, c := range crs.Systems {
			to, err1 := c.ToWGS84(p)
			from, err2 := c.FromWGS84(p)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if crs.InChina(p) {
				if c == crs.GCJ02 && from == p {
					t.Errorf("%s: %v is in the box but was not offset", c, p)
				}
				continue
			}
			if to != p || from != p {
				t.Errorf("%s: %v outside China moved: to %v, from %v", c, p, to, from)
			}
		}
	}
}

func TestCRS_errors(t *testing.T) {
	tests := []struct {
		name string
		crs  crs.System
		p    geo.Point
		want string
	}{
		{"NaN", crs.GCJ02, geo.Point{Lat: math.NaN(), Lon: 100}, `lat "NaN": must be between -90 and 90`},
		{"Inf", crs.BD09, geo.Point{Lat: 30, Lon: math.Inf(1)}, `lon "+Inf": must be between -180 and 180`},
		{"LatRange", crs.WGS84, geo.Point{Lat: 91, Lon: 0}, `lat "91": must be between -90 and 90`},
		{"UnknownCRS", crs.System("utm"), geo.Point{Lat: 30, Lon: 100}, `crs "utm": must be one of wgs84, cgcs2000, gcj02, bd09`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, conv := range []func(geo.Point) (geo.Point, error){tc.crs.ToWGS84, tc.crs.FromWGS84} {
				_, err := conv(tc.p)
				if !errors.Is(err, geo.ErrInvalidInput) || err.Error() != tc.want {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
			}
		})
	}
}
