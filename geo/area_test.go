package geo_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// jaggedRing is a closed ring of n vertices around c, its radius varying
// from r/2 to r at random, so the area is concave.
func jaggedRing(rng *rand.Rand, c orb.Point, n int, r float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		ring = append(ring, geotest.Offset(c, 360*float64(i)/float64(n), r*(0.5+0.5*rng.Float64())))
	}
	return append(ring, ring[0])
}

// Narrowing by an area of many vertices, which answers most points from a
// grid of cells, keeps exactly the features a test of each against the
// whole area keeps: points anywhere, on vertices, within centimetres of
// edges, and small campuses across the boundary; at several latitudes, for
// a concave area, one with a hole and a multipolygon.
func TestAuditOptions_Keep_gridMatchesWithin(t *testing.T) {
	for _, lat := range []float64{0.5, 30.66, -45, 69.5} {
		rng := rand.New(rand.NewSource(int64(lat * 100)))
		c := orb.Point{104.06, lat}
		outer := jaggedRing(rng, c, 500, 4000)
		hole := jaggedRing(rng, c, 100, 1200)
		other := jaggedRing(rng, geotest.Offset(c, 90, 9000), 200, 2000)
		for name, area := range map[string]orb.Geometry{
			"concave": orb.Polygon{outer},
			"hole":    orb.Polygon{outer, reverse(hole)},
			"multi":   orb.MultiPolygon{{outer}, {other}},
		} {
			t.Run(fmt.Sprintf("lat=%v/%s", lat, name), func(t *testing.T) {
				fs := nearBoundary(rng, area, 2000)
				got := geo.AuditOptions{Area: area}.Keep(fs)
				var want []geo.Feature
				for _, f := range fs {
					if geo.GeometryDistanceMeters(f.Geometry, area) == 0 {
						want = append(want, f)
					}
				}
				if len(got) != len(want) {
					t.Fatalf("kept %d, want %d", len(got), len(want))
				}
				for i := range got {
					if got[i].ID != want[i].ID {
						t.Fatalf("kept %s at %d, want %s", got[i].ID, i, want[i].ID)
					}
				}
				if len(want) == 0 || len(want) == len(fs) {
					t.Fatalf("kept %d of %d: the test needs both kinds", len(want), len(fs))
				}
			})
		}
	}
}

// nearBoundary returns n features around c: points spread over the area's
// box, points on its vertices and a few centimetres off them, and small
// squares, some of them across the boundary.
func nearBoundary(rng *rand.Rand, area orb.Geometry, n int) []geo.Feature {
	verts := boundaryPoints(area)
	b := area.Bound().Pad(0.01)
	fs := make([]geo.Feature, 0, n)
	for i := range n {
		var g orb.Geometry
		switch i % 4 {
		case 0, 1:
			g = orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
		case 2:
			v := verts[rng.Intn(len(verts))]
			if rng.Intn(2) == 0 {
				g = v
			} else {
				g = geotest.Offset(v, rng.Float64()*360, rng.Float64()*0.05)
			}
		default: // campuses: anywhere, or across the boundary
			at := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
			if rng.Intn(2) == 0 {
				at = geotest.Offset(verts[rng.Intn(len(verts))], rng.Float64()*360, rng.Float64()*40)
			}
			g = geotest.Square(at, 5+rng.Float64()*20)
		}
		fs = append(fs, geo.Feature{ID: fmt.Sprintf("f/%d", i), Kind: geo.Business, Category: "bar", Geometry: g})
	}
	return fs
}

func boundaryPoints(area orb.Geometry) []orb.Point {
	var out []orb.Point
	polys := []orb.Polygon{}
	switch a := area.(type) {
	case orb.Polygon:
		polys = append(polys, a)
	case orb.MultiPolygon:
		polys = append(polys, a...)
	}
	for _, p := range polys {
		for _, r := range p {
			out = append(out, r...)
		}
	}
	return out
}

func reverse(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}
