// Package geotest holds the helpers that the tests of geo and of the
// packages under it share: points at a geodesic offset, square campuses,
// random features and an index that fails the test when it cannot be
// built.
package geotest

import (
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/tidwall/geodesic"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/synth"
)

// Offset returns the point at distance meters and azimuth az (degrees
// clockwise from north) from p, on the WGS84 ellipsoid.
func Offset(p orb.Point, az, meters float64) orb.Point {
	var lat, lon float64
	geodesic.WGS84.Direct(p.Lat(), p.Lon(), az, meters, &lat, &lon, nil)
	return orb.Point{lon, lat}
}

// Square returns a closed square campus of the given half-side around c.
func Square(c orb.Point, half float64) orb.Polygon {
	n, e, s, w := Offset(c, 0, half), Offset(c, 90, half), Offset(c, 180, half), Offset(c, 270, half)
	ring := orb.Ring{{w[0], s[1]}, {e[0], s[1]}, {e[0], n[1]}, {w[0], n[1]}, {w[0], s[1]}}
	return orb.Polygon{ring}
}

// MustIndex builds an index or fails the test.
func MustIndex(tb testing.TB, fs []geo.Feature) *geo.Index {
	tb.Helper()
	idx, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatalf("NewIndex: %v", err)
	}
	return idx
}

// RandomFeatures scatters points, small campuses and short lines within
// about 3 km of centre, with a fixed seed.
func RandomFeatures(rng *rand.Rand, centre orb.Point, n int) []geo.Feature {
	cats := []geo.Category{"internet_cafe", "bar", "street_stall", "parking", "hotel"}
	var fs []geo.Feature
	for i := range n {
		p := Offset(centre, rng.Float64()*360, rng.Float64()*3000)
		f := geo.Feature{ID: fmt.Sprintf("f/%d", i), Geometry: p}
		switch i % 4 {
		case 0:
			f.Kind, f.SchoolKind = geo.School, []geo.SchoolKind{geo.Primary, geo.Kindergarten, geo.Secondary}[i%3]
			if i%8 == 0 {
				f.Geometry = Square(p, 20+rng.Float64()*150)
				sq := f.Geometry.(orb.Polygon)[0]
				if i%16 == 0 {
					f.Gates = []geo.Point{{Lat: sq[0][1], Lon: (sq[0][0] + sq[1][0]) / 2}}
				}
			}
		case 1, 2:
			f.Kind, f.Category = geo.Business, cats[rng.Intn(len(cats))]
			if i%10 == 1 {
				f.Geometry = Square(p, 5+rng.Float64()*20)
			}
		case 3:
			f.Kind, f.Category = geo.WaterBody, geo.Water
			f.Geometry = orb.LineString{p, Offset(p, rng.Float64()*360, 50+rng.Float64()*400)}
		}
		fs = append(fs, f)
	}
	return fs
}

// Testdata returns the path of a file or directory under geo/testdata,
// the fixtures every package under geo shares, wherever the test runs.
func Testdata(elem ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", "..", "testdata"}, elem...)...)
}

// MustRulePack loads geo/testdata/rules/<file> or fails the test.
func MustRulePack(tb testing.TB, file string) *geo.RulePack {
	tb.Helper()
	path := Testdata("rules", file)
	p, err := geo.LoadRulePack(path)
	if err != nil {
		tb.Fatalf("LoadRulePack(%q): %v", path, err)
	}
	return p
}

// IndexDiff describes the first difference between two indexes, or returns
// "": their size, extent, every row's feature in row order, and for each
// kind the rows an R-tree search of the whole extent meets, in the order it
// meets them, which the order of inserts fixes.
func IndexDiff(got, want *geo.Index) string {
	if got.Len() != want.Len() {
		return fmt.Sprintf("Len: %d, want %d", got.Len(), want.Len())
	}
	ge, _ := got.Extent()
	we, _ := want.Extent()
	if ge != we {
		return fmt.Sprintf("Extent: %v, want %v", ge, we)
	}
	for r := range geo.Row(got.Len()) {
		if g, w := got.FeatureOf(r), want.FeatureOf(r); !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("row %d:\n%.300v\nwant\n%.300v", r, g, w)
		}
	}
	for _, k := range []geo.Kind{geo.School, geo.Business, geo.WaterBody} {
		if g, w := searchOrder(got, k, ge), searchOrder(want, k, we); !slices.Equal(g, w) {
			return fmt.Sprintf("%s tree order:\n%.300v\nwant\n%.300v", k, g, w)
		}
	}
	return ""
}

func searchOrder(x *geo.Index, k geo.Kind, b orb.Bound) []geo.Row {
	var rows []geo.Row
	x.Search(k, b, 0, func(r geo.Row) bool { rows = append(rows, r); return true })
	return rows
}

// CheckInvalid fails the test unless err wraps geo.ErrInvalidInput and its
// message contains want.
func CheckInvalid(tb testing.TB, err error, want string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want %q", want)
	}
	if !errors.Is(err, geo.ErrInvalidInput) {
		tb.Errorf("error %q does not wrap ErrInvalidInput", err)
	}
	if !strings.Contains(err.Error(), want) {
		tb.Errorf("got error\n%s\nwant it to contain\n%s", err, want)
	}
}

// MustGenerate returns the synthetic features cfg describes or fails the
// test.
func MustGenerate(tb testing.TB, cfg synth.Config) []geo.Feature {
	tb.Helper()
	var features []geo.Feature
	if err := synth.Generate(cfg, func(f geo.Feature) error {
		features = append(features, f)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return features
}
