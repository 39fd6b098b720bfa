package geo_test

import (
	"errors"
	"testing"

	"github.com/safezone/safezone/geo"
)

func TestParsePoint(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon string
		want     geo.Point
	}{
		{"decimal", "30.66", "104.06", geo.Point{Lat: 30.66, Lon: 104.06}},
		{"integers", "-90", "180", geo.Point{Lat: -90, Lon: 180}},
		{"signs and spaces", " +3. ", "\t-.5", geo.Point{Lat: 3, Lon: -0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := geo.ParsePoint(tc.lat, tc.lon)
			if err != nil || p != tc.want {
				t.Fatalf("ParsePoint(%q, %q) = %v, %v, want %v", tc.lat, tc.lon, p, err, tc.want)
			}
		})
	}
}

func TestParsePoint_errors(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon string
		want     string
	}{
		{"hexadecimal", "0x1Ep0", "104", `lat "0x1Ep0": must be a number of degrees`},
		{"exponent", "3e1", "104", `lat "3e1": must be a number of degrees`},
		{"underscore", "30", "1_04", `lon "1_04": must be a number of degrees`},
		{"infinity", "Inf", "104", `lat "Inf": must be a number of degrees`},
		{"NaN", "30", "NaN", `lon "NaN": must be a number of degrees`},
		{"empty", "", "104", `lat "": must be a number of degrees`},
		{"range", "90.0000001", "0", `lat "90.0000001": must be between -90 and 90`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geo.ParsePoint(tc.lat, tc.lon)
			if !errors.Is(err, geo.ErrInvalidInput) || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
