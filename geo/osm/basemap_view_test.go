package osm

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// basemapMinZoom is the zoom from which each fixture feature is drawn,
// worked out by hand from minZoomFor: the larger of the class's minimum and
// the zoom at which the box's larger side spans 4 pixels, ceil(log2(4·360 /
// (256·side))), with side in degrees of longitude and heights divided by
// cos(30.66°) ≈ 0.86.
var basemapMinZoom = map[string]int{
	"way/14":     9,  // a park 0.01° across: log2(484) = 8.9
	"relation/1": 9,  // the same size
	"way/9":      9,  // a river 0.02° long: log2(281) = 8.1
	"way/6":      11, // tertiary (11), 0.0035° tall: log2(1611) = 10.7
	"way/1":      12, // primary (8), 0.002° long: log2(2812) = 11.5
	"way/15":     13, // 0.001° (0.00116° tall): log2(4841) = 12.2
	"way/11":     13,
	"relation/2": 13,
	"way/13":     13,
	"way/21":     13, // residential (13), 0.001°
	"way/3":      13,
	"way/4":      14, // service (14)
	"way/8":      15, // 0.0002° (0.00023° tall): log2(24206) = 14.6
	"way/10":     15,
	"way/2":      15, // footway (15)
	"way/5":      15, // path (15)
	"way/12":     16, // a building (14) 0.0001° across: log2(48412) = 15.6
}

func TestBasemap_minZoom(t *testing.T) {
	b := mustBasemap(t)
	for _, it := range b.items {
		if want, ok := basemapMinZoom[it.ID]; !ok || it.minZoom != want {
			t.Errorf("%s (%s/%s) drawn from zoom %d, want %d", it.ID, it.Layer, it.Class, it.minZoom, want)
		}
	}
	ext, _ := b.Extent()
	for z := 0; z <= maxDetailZoom+1; z++ {
		var want []string
		for id, mz := range basemapMinZoom {
			if mz <= z {
				want = append(want, id)
			}
		}
		fs, _ := b.InBound(ext, float64(z)+0.5, 0)
		var got []string
		for _, f := range fs {
			got = append(got, f.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("zoom %d.5: %v, want %v", z, got, want)
		}
	}
}

// TestBasemap_InBound_bruteForce checks random boxes against a scan of every
// feature, at a zoom that draws them all.
func TestBasemap_InBound_bruteForce(t *testing.T) {
	b := mustBasemap(t)
	ext, _ := b.Extent()
	rng := rand.New(rand.NewSource(42))
	for i := range 500 {
		w, h := rng.Float64()*0.03, rng.Float64()*0.03
		x := ext.Min[0] - 0.01 + rng.Float64()*(ext.Max[0]-ext.Min[0]+0.02)
		y := ext.Min[1] - 0.01 + rng.Float64()*(ext.Max[1]-ext.Min[1]+0.02)
		q := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
		var want []string
		for _, it := range b.items {
			if it.Geometry.Bound().Intersects(q) {
				want = append(want, it.ID)
			}
		}
		fs, _ := b.InBound(q, maxDetailZoom, 0)
		var got []string
		for _, f := range fs {
			got = append(got, f.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("query %d %v: %v, want %v", i, q, got, want)
		}
	}
}

func TestBasemap_InBound_limit(t *testing.T) {
	b := mustBasemap(t)
	ext, _ := b.Extent()
	tests := []struct {
		limit     int
		want      []string // in drawing order
		truncated bool
	}{
		// Zoom 9 holds three features, the fewest details: they come first.
		{3, []string{"way/14", "relation/1", "way/9"}, true},
		{4, []string{"way/14", "relation/1", "way/9", "way/6"}, true},
		{1, []string{"way/9"}, true}, // a cut bucket keeps the features read first
		{17, nil, false},
		{0, nil, false},
	}
	for _, tc := range tests {
		fs, truncated := b.InBound(ext, maxDetailZoom, tc.limit)
		if truncated != tc.truncated {
			t.Errorf("limit %d: truncated %v, want %v", tc.limit, truncated, tc.truncated)
		}
		if tc.want == nil {
			if len(fs) != b.Len() {
				t.Errorf("limit %d: %d features, want all %d", tc.limit, len(fs), b.Len())
			}
			continue
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("limit %d: %v, want %v", tc.limit, got, tc.want)
		}
	}
}

// TestBasemap_InBound_simplify follows the river way/9: 11 nodes 0.002°
// apart that zig-zag 0.00002° (2 m) off their axis.
func TestBasemap_InBound_simplify(t *testing.T) {
	b := mustBasemap(t)
	river := func(zoom float64) orb.LineString {
		t.Helper()
		fs, _ := b.InBound(orb.Bound{Min: orb.Point{104.05, 30.65}, Max: orb.Point{104.07, 30.65}}, zoom, 0)
		for _, f := range fs {
			if f.ID == "way/9" {
				return f.Geometry.(orb.LineString)
			}
		}
		t.Fatalf("zoom %v: no way/9 in %v", zoom, summarizeMap(fs))
		return nil
	}
	tests := []struct {
		zoom     float64
		points   int
		decimals int
	}{
		// Half a pixel at zoom 16 is 0.5·360/(256·2^16)·cos(30.65°) =
		// 0.0000092°, less than the zig-zag: every node stays.
		{16, 11, 6},
		{20, 11, 7},
		// At zoom 14, 0.000037°: the zig-zag is gone, and so is the rest.
		{14, 2, 5},
		{10, 2, 4},
	}
	var orig orb.LineString
	for _, it := range b.items {
		if it.ID == "way/9" {
			orig = it.Geometry.(orb.LineString)
		}
	}
	for _, tc := range tests {
		got := river(tc.zoom)
		if len(got) != tc.points {
			t.Errorf("zoom %v: %d points, want %d: %v", tc.zoom, len(got), tc.points, got)
		}
		s := newSimplifier(orb.Bound{Min: orb.Point{104.05, 30.65}, Max: orb.Point{104.07, 30.65}}, tc.zoom)
		tol := math.Sqrt(s.tol2) + 0.5/s.scale*math.Sqrt2 // rounding moves a point too
		for _, p := range orig {
			if d := math.Sqrt(lineDist2(p, got)); d > tol {
				t.Errorf("zoom %v: node %v is %g° from the simplified line, more than %g°", tc.zoom, p, d, tol)
			}
		}
		scale := math.Pow(10, float64(tc.decimals))
		for _, p := range got {
			for _, v := range p {
				if math.Abs(v*scale-math.Round(v*scale)) > 1e-6 {
					t.Errorf("zoom %v: coordinate %v not rounded to %d decimals", tc.zoom, v, tc.decimals)
				}
			}
		}
	}
	if again := river(16); len(again) != 11 || len(orig) != 11 {
		t.Errorf("a query at a low zoom changed the stored line: %d points, stored %d", len(again), len(orig))
	}
}

func lineDist2(p orb.Point, l orb.LineString) float64 {
	best := math.Inf(1)
	for i := 1; i < len(l); i++ {
		best = min(best, segmentDist2(p, l[i-1], l[i]))
	}
	return best
}

func TestSimplifier_collapse(t *testing.T) {
	square := func(x, y, side float64) orb.Ring {
		return orb.Ring{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}
	}
	// At zoom 10 near the equator the tolerance is 0.00018°, rounded to 4
	// decimals: a square of 0.01° stays, one of 0.0001° collapses.
	s := newSimplifier(orb.Bound{}, 10)
	big, small := square(0, 0, 0.01), square(0.004, 0.004, 0.0001)
	tests := []struct {
		name string
		in   orb.Geometry
		want string
	}{
		{"small polygon", orb.Polygon{small}, "<nil>"},
		{"hole dropped", orb.Polygon{big, small}, "orb.Polygon 1 ring"},
		{"multipolygon keeps the big one", orb.MultiPolygon{{small}, {big}}, "orb.MultiPolygon 1 polygon"},
		{"short line", orb.LineString{{0, 0}, {0.00001, 0}}, "<nil>"},
		{"multiline keeps the long one", orb.MultiLineString{{{0, 0}, {0.00001, 0}}, {{0, 0}, {0.01, 0}}}, "orb.MultiLineString 1 line"},
		{"point is not drawn", orb.Point{0, 0}, "<nil>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			switch g := s.geometry(tc.in).(type) {
			case nil:
				got = "<nil>"
			case orb.Polygon:
				got = "orb.Polygon " + plural(len(g), "ring")
			case orb.MultiPolygon:
				got = "orb.MultiPolygon " + plural(len(g), "polygon")
			case orb.MultiLineString:
				got = "orb.MultiLineString " + plural(len(g), "line")
			default:
				got = reflect.TypeOf(g).String()
			}
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func TestBasemap_InBound_concurrent(t *testing.T) {
	b := mustBasemap(t)
	ext, _ := b.Extent()
	want, _ := b.InBound(ext, 14, 0)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 20 {
				got, _ := b.InBound(ext, float64(10+i%2*4), 0)
				if i%2 == 1 && !reflect.DeepEqual(got, want) {
					t.Error("concurrent queries differ")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestParseZoom(t *testing.T) {
	ok := map[string]float64{"0": 0, "13": 13, " 13.5 ": 13.5, "24": 24}
	for s, want := range ok {
		if got, err := ParseZoom(s); err != nil || got != want {
			t.Errorf("ParseZoom(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "abc", "-1", "24.5", "NaN", "Inf", "1e3", "13,5"} {
		_, err := ParseZoom(s)
		if !errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("ParseZoom(%q): error %v, want ErrInvalidInput", s, err)
			continue
		}
		if want := `zoom "` + s + `": must be a number from 0 to 24`; err.Error() != want {
			t.Errorf("ParseZoom(%q): %q, want %q", s, err, want)
		}
	}
}

func TestBoundZoom(t *testing.T) {
	tests := []struct {
		name  string
		bound orb.Bound
		want  float64
	}{
		// 2048 pixels at zoom 13 are 2048·360/(256·2^13) = 0.3515625°.
		{"equator, wide", orb.Bound{Max: orb.Point{0.3515625, 0.1}}, 13},
		{"equator, tall", orb.Bound{Max: orb.Point{0.1, 0.3515625}}, 13},
		// At 60° a degree of latitude is drawn twice as tall.
		{"60°, tall", orb.Bound{Min: orb.Point{0, 59.9560546875}, Max: orb.Point{0.1, 60.0439453125}}, 14},
		{"world", orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, 3},
		{"a point", orb.Bound{Min: orb.Point{104, 30}, Max: orb.Point{104, 30}}, MaxZoom},
	}
	for _, tc := range tests {
		if got := BoundZoom(tc.bound); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("%s: BoundZoom = %v, want %v", tc.name, got, tc.want)
		}
	}
}
