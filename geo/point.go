package geo

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

var sprintf = fmt.Sprintf

// Point is a WGS84 location in degrees. Lat is north positive, Lon east
// positive. The zero value is a valid point (0, 0).
type Point struct {
	Lat, Lon float64
}

// Validate returns an error wrapping ErrInvalidInput if the latitude is not
// within [-90, 90], the longitude not within [-180, 180], or either is NaN or
// infinite.
func (p Point) Validate() error {
	if err := checkCoord("lat", p.Lat, 90); err != nil {
		return err
	}
	return checkCoord("lon", p.Lon, 180)
}

func checkCoord(field string, v, limit float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < -limit || v > limit {
		return Invalid(field, strconv.FormatFloat(v, 'f', -1, 64), Between(-limit, limit))
	}
	return nil
}

// ParsePoint parses decimal degrees given as text, as they arrive in query
// parameters and flags. It returns an error wrapping ErrInvalidInput that
// names the field and quotes the value if either is not a finite number in
// range.
func ParsePoint(lat, lon string) (Point, error) {
	la, err := parseCoord("lat", lat, 90)
	if err != nil {
		return Point{}, err
	}
	lo, err := parseCoord("lon", lon, 180)
	if err != nil {
		return Point{}, err
	}
	return Point{Lat: la, Lon: lo}, nil
}

func parseCoord(field, s string, limit float64) (float64, error) {
	v, err := ParseDecimal(strings.TrimSpace(s))
	if err != nil {
		return 0, Invalid(field, s, Degrees())
	}
	if v < -limit || v > limit {
		return 0, Invalid(field, s, Between(-limit, limit))
	}
	return v, nil
}

// decimal is a number in plain decimal notation: digits, an optional
// fraction, an optional sign.
var decimal = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$`)

// ParseDecimal parses s as a number in plain decimal notation, such as
// "30.66", "-0.5" or "104": no exponent, no hexadecimal ("0x1Ep0" is not
// 30), no underscores, no Inf or NaN, which strconv.ParseFloat would all
// take. The error says what is allowed; callers name the field.
func ParseDecimal(s string) (float64, error) {
	if !decimal.MatchString(s) {
		return 0, errors.New("must be a decimal number")
	}
	return strconv.ParseFloat(s, 64)
}

// String formats p as "lat,lon".
func (p Point) String() string {
	return strconv.FormatFloat(p.Lat, 'f', -1, 64) + "," + strconv.FormatFloat(p.Lon, 'f', -1, 64)
}
