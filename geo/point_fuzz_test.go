package geo_test

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/imports"
)

func FuzzParsePoint(f *testing.F) {
	for _, s := range [][2]string{{"30.66", "104.06"}, {"-90", "180"}, {"90.0000001", "0"}, {"NaN", "1"}, {"1e400", "0"}, {" 3 ", "\t4"}, {"", ""}, {"0x1p-2", "1_0"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, lat, lon string) {
		p, err := geo.ParsePoint(lat, lon)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %v does not wrap ErrInvalidInput", err)
			}
			return
		}
		if math.IsNaN(p.Lat) || math.IsNaN(p.Lon) || math.Abs(p.Lat) > 90 || math.Abs(p.Lon) > 180 {
			t.Fatalf("accepted %q,%q as %v", lat, lon, p)
		}
	})
}

func FuzzParseRadius(f *testing.F) {
	for _, s := range []string{"50", "100", "200", "75", "200.0", "2e2", "-50", "NaN", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := geo.ParseRadius(s)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %v does not wrap ErrInvalidInput", err)
			}
			return
		}
		if r != 50 && r != 100 && r != 200 {
			t.Fatalf("accepted radius %q as %v", s, r)
		}
	})
}

func FuzzParseBound(f *testing.F) {
	for _, s := range []string{"104,30,105,31", "105,30,104,31", "1,2,3", "-180,-90,180,90", "NaN,0,1,1", ",,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := geo.ParseBound(s)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %v does not wrap ErrInvalidInput", err)
			}
			return
		}
		if !(b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1] && b.Min[0] >= -180 && b.Max[0] <= 180 && b.Min[1] >= -90 && b.Max[1] <= 90) {
			t.Fatalf("accepted %q as %v", s, b)
		}
	})
}

func FuzzReadLicencesCSV(f *testing.F) {
	f.Add([]byte("name,category,lon,lat,licence\n网吧A,internet_cafe,104.06,30.66,L1\n"))
	f.Add([]byte("\ufeff名称,类别,经度,纬度\n酒吧,bar,104,30\n"))
	f.Add([]byte("name,category,lon,lat\nx,water,1,1\n"))
	f.Add([]byte("name,category,lon,lat\n\"unterminated,bar,1,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := imports.ReadLicencesCSV(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %v does not wrap ErrInvalidInput", err)
			}
			return
		}
		for _, f := range fs {
			p, ok := f.Geometry.(orb.Point)
			if !ok || f.Kind != geo.Business || f.Name == "" || f.ID == "" || math.Abs(p.Lat()) > 90 || math.Abs(p.Lon()) > 180 {
				t.Fatalf("accepted an invalid feature %+v", f)
			}
			if _, err := geo.ParseCategory(string(f.Category)); err != nil || f.Category == geo.Water {
				t.Fatalf("accepted category %q", f.Category)
			}
		}
		if _, err := geo.NewIndex(fs); err != nil {
			t.Fatalf("accepted licences the index refuses: %v", err)
		}
	})
}
