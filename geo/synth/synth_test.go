package synth_test

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/synth"
)

func TestGenerate(t *testing.T) {
	cfg := synth.Config{Schools: 3000, Businesses: 20000, Water: 1000, Seed: 7}
	features := geotest.MustGenerate(t, cfg)
	counts := map[geo.Kind]int{}
	var campuses, rule, footprints, lines int
	for _, f := range features {
		counts[f.Kind]++
		switch f.Kind {
		case geo.School:
			if _, ok := f.Geometry.(orb.Polygon); ok {
				campuses++
			}
		case geo.Business:
			if slices.Contains(synthRuleCategories, f.Category) {
				rule++
			}
			if _, ok := f.Geometry.(orb.Polygon); ok {
				footprints++
			}
		case geo.WaterBody:
			if ls, ok := f.Geometry.(orb.LineString); ok {
				lines++
				if len(ls) < 5 || len(ls) > 50 {
					t.Errorf("%s: %d vertices, want 5-50", f.ID, len(ls))
				}
			}
		}
	}
	want := map[geo.Kind]int{geo.School: cfg.Schools, geo.Business: cfg.Businesses, geo.WaterBody: cfg.Water}
	if !maps.Equal(counts, want) {
		t.Errorf("got counts %v, want %v", counts, want)
	}
	checkShare(t, "campuses", campuses, cfg.Schools, 0.5)
	checkShare(t, "rule categories", rule, cfg.Businesses, 0.4)
	checkShare(t, "footprints", footprints, cfg.Businesses, 0.05)
	checkShare(t, "water lines", lines, cfg.Water, 0.55)

	// WriteGeoJSONL and ReadGeoJSON check every feature, and that IDs are
	// unique, and the coordinates survive the 7 decimals exactly.
	var sb strings.Builder
	if err := geojson.WriteLines(&sb, features); err != nil {
		t.Fatal(err)
	}
	back, err := geojson.Read(strings.NewReader(sb.String()), "synth.geojsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(back, features, func(a, b geo.Feature) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) {
		t.Error("features read back differ from those written")
	}
	if features[0].ID != "school/1" || features[cfg.Schools].ID != "biz/1" || features[len(features)-1].ID != "water/1000" {
		t.Errorf("got IDs %q, %q, %q", features[0].ID, features[cfg.Schools].ID, features[len(features)-1].ID)
	}
}

var synthRuleCategories = []geo.Category{
	"internet_cafe", "song_dance", "game_arcade", "lottery", "gambling", "bar", "street_stall", "market", "parking",
}

func checkShare(t *testing.T, what string, n, total int, want float64) {
	t.Helper()
	if got := float64(n) / float64(total); math.Abs(got-want) > 0.03 {
		t.Errorf("%s: %d of %d (%.3f), want about %.2f", what, n, total, got, want)
	}
}

func TestGenerate_campuses(t *testing.T) {
	for _, f := range geotest.MustGenerate(t, synth.Config{Schools: 2000, Seed: 3, CampusShare: 1}) {
		pg, ok := f.Geometry.(orb.Polygon)
		if !ok {
			t.Fatalf("%s: got %T, want a campus polygon", f.ID, f.Geometry)
		}
		ring := pg[0]
		if n := len(ring) - 1; n < 4 || n > 12 {
			t.Errorf("%s: %d vertices, want 4-12", f.ID, n)
		}
		if ring.Orientation() != orb.CCW {
			t.Errorf("%s: ring is not counter-clockwise", f.ID)
		}
		if across := maxSpanMeters(ring); across < 90 || across > 400 {
			t.Errorf("%s: %.0f m across, want 100-400", f.ID, across)
		}
		if len(f.Gates) < 1 || len(f.Gates) > 3 {
			t.Errorf("%s: %d gates, want 1-3", f.ID, len(f.Gates))
		}
		for _, g := range f.Gates {
			if d := metersToRing(g, ring); d > 0.05 {
				t.Errorf("%s: gate %v is %.3f m off the boundary", f.ID, g, d)
			}
		}
	}
}

// TestGenerate_spacing checks the density of schools: the nearest school
// is typically 300-800 m away in real cities.
func TestGenerate_spacing(t *testing.T) {
	var pts []geo.Point
	for _, f := range geotest.MustGenerate(t, synth.Config{Schools: 20000, Seed: 1, CampusShare: -1}) {
		p := f.Geometry.(orb.Point)
		pts = append(pts, geo.Point{Lat: p.Lat(), Lon: p.Lon()})
	}
	// Nearest neighbours with a grid of 0.02° cells (about 2 km).
	const cell = 0.02
	grid := map[[2]int][]geo.Point{}
	key := func(p geo.Point) [2]int { return [2]int{int(p.Lat / cell), int(p.Lon / cell)} }
	for _, p := range pts {
		grid[key(p)] = append(grid[key(p)], p)
	}
	var nearest []float64
	for _, p := range pts {
		best := math.Inf(1)
		k := key(p)
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				for _, q := range grid[[2]int{k[0] + dy, k[1] + dx}] {
					if d := approxMeters(p, q); d > 0 && d < best {
						best = d
					}
				}
			}
		}
		nearest = append(nearest, best)
	}
	slices.Sort(nearest)
	median := nearest[len(nearest)/2]
	t.Logf("nearest school: p25 %.0f m, median %.0f m, p75 %.0f m",
		nearest[len(nearest)/4], median, nearest[len(nearest)*3/4])
	if median < 250 || median > 900 {
		t.Errorf("median distance to the nearest school %.0f m, want 300-800", median)
	}
}

func TestGenerate_deterministic(t *testing.T) {
	cfg := synth.Config{Schools: 500, Businesses: 2000, Water: 200, Seed: 42}
	a, b := synthHash(t, cfg), synthHash(t, cfg)
	if a != b {
		t.Errorf("same seed, different output: %x and %x", a, b)
	}
	cfg.Seed = 43
	if c := synthHash(t, cfg); c == a {
		t.Errorf("seeds 42 and 43 give the same output %x", a)
	}
}

func TestGenerate_errors(t *testing.T) {
	tests := []struct {
		name string
		cfg  synth.Config
		want string
	}{
		{"negative schools", synth.Config{Schools: -1}, `schools -1: must not be negative`},
		{"negative businesses", synth.Config{Businesses: -2}, `businesses -2: must not be negative`},
		{"negative water", synth.Config{Water: -3}, `water -3: must not be negative`},
		{"campus share", synth.Config{CampusShare: 1.5}, `campus share 1.5: must be at most 1`},
		{"campus share NaN", synth.Config{CampusShare: math.NaN()}, `campus share NaN: must be at most 1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := synth.Generate(tc.cfg, func(geo.Feature) error { return nil })
			geotest.CheckInvalid(t, err, tc.want)
		})
	}
	t.Run("emit", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := synth.Generate(synth.Config{Schools: 10}, func(geo.Feature) error {
			if n++; n == 3 {
				return stop
			}
			return nil
		})
		if err != stop || n != 3 {
			t.Errorf("got %v after %d features, want %v after 3", err, n, stop)
		}
	})
}

func synthHash(tb testing.TB, cfg synth.Config) [32]byte {
	tb.Helper()
	h := sha256.New()
	var buf []byte
	if err := synth.Generate(cfg, func(f geo.Feature) error {
		var err error
		buf, err = geojson.AppendFeature(buf[:0], f)
		h.Write(append(buf, '\n'))
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

// approxMeters is the equirectangular distance, good to 0.1% at a few km.
func approxMeters(p, q geo.Point) float64 {
	const r = 6371008.8
	x := (q.Lon - p.Lon) * math.Pi / 180 * math.Cos((p.Lat+q.Lat)/2*math.Pi/180)
	y := (q.Lat - p.Lat) * math.Pi / 180
	return r * math.Hypot(x, y)
}

func maxSpanMeters(ring orb.Ring) float64 {
	span := 0.0
	for _, a := range ring {
		for _, b := range ring {
			span = max(span, approxMeters(geo.Point{Lat: a[1], Lon: a[0]}, geo.Point{Lat: b[1], Lon: b[0]}))
		}
	}
	return span
}

// metersToRing is the distance from p to the nearest edge of ring, in a
// local plane in meters.
func metersToRing(p geo.Point, ring orb.Ring) float64 {
	kx := 111320 * math.Cos(p.Lat*math.Pi/180)
	const ky = 110574.0
	best := math.Inf(1)
	for i := 0; i+1 < len(ring); i++ {
		ax, ay := (ring[i][0]-p.Lon)*kx, (ring[i][1]-p.Lat)*ky
		bx, by := (ring[i+1][0]-p.Lon)*kx, (ring[i+1][1]-p.Lat)*ky
		dx, dy := bx-ax, by-ay
		t := max(0, min(1, -(ax*dx+ay*dy)/(dx*dx+dy*dy)))
		best = min(best, math.Hypot(ax+t*dx, ay+t*dy))
	}
	return best
}

func ExampleGenerate() {
	cfg := synth.Config{Schools: 2, Businesses: 1, Water: 1, Seed: 1, CampusShare: -1}
	err := synth.Generate(cfg, func(f geo.Feature) error {
		fmt.Println(f.ID, f.Kind, f.Name, f.Geometry.GeoJSONType())
		return nil
	})
	fmt.Println(err)
	// Output:
	// school/1 school 第1小学 Point
	// school/2 school 第2小学 Point
	// biz/1 business 烟草销售点1 Polygon
	// water/1 water 鱼塘1 Polygon
	// <nil>
}
