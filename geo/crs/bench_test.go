package crs_test

import (
	"testing"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

func BenchmarkCRS(b *testing.B) {
	p := geo.Point{Lat: 30.6598, Lon: 104.0657}
	for _, tc := range []struct {
		name string
		fn   func(geo.Point) geo.Point
	}{
		{"WGS84ToGCJ02", crs.WGS84ToGCJ02}, {"GCJ02ToWGS84", crs.GCJ02ToWGS84},
		{"WGS84ToBD09", crs.WGS84ToBD09}, {"BD09ToWGS84", crs.BD09ToWGS84},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var q geo.Point
			for b.Loop() {
				q = tc.fn(p)
			}
			if q == p {
				b.Fatal("no offset")
			}
		})
	}
}
