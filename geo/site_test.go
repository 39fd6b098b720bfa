package geo_test

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// hitKey names a hit by feature, rule and where it was measured from.
func hitKey(h geo.Hit) string {
	return fmt.Sprintf("%s %s gate=%v", h.Feature.ID, h.Rule.ID, h.FromGate)
}

// reportHits flattens the hits of a school report's rings.
func reportHits(rep geo.Report) map[string]float64 {
	out := map[string]float64{}
	for _, r := range rep.Rings {
		for _, h := range r.Hazards {
			for _, hit := range h.Hits {
				out[hitKey(hit)] = hit.DistanceMeters
			}
		}
	}
	return out
}

// A site drawn on an existing school's campus, with its kind and gates,
// has that school's report hazards: every school of a random map, with
// registered businesses as extra features.
func TestIndex_Site_equalsReport(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	centre := orb.Point{104.06, 30.66}
	fs := geotest.RandomFeatures(rng, centre, 800)
	idx := geotest.MustIndex(t, fs)
	pack := geotest.MustRulePack(t, "bench.yaml")
	var extra []geo.Feature
	for i := range 200 {
		extra = append(extra, geo.Feature{ID: fmt.Sprintf("reg/%d", i), Kind: geo.Business, Category: geo.Category("internet_cafe"),
			Geometry: geotest.Offset(centre, rng.Float64()*360, rng.Float64()*3000)})
	}
	schools, hits := 0, 0
	idx.Features(geo.School, func(s geo.Feature) bool {
		rep, err := idx.SchoolReport(s.ID, pack, extra)
		if err != nil {
			t.Fatal(err)
		}
		res, err := idx.Site(geo.Site{Geometry: s.Geometry, SchoolKind: s.SchoolKind, Gates: s.Gates}, pack, geo.SiteOptions{Extra: extra})
		if err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		want := reportHits(rep)
		if len(res.Hits) != len(want) {
			t.Errorf("%s: %d site hits, the report has %d", s.ID, len(res.Hits), len(want))
		}
		for i, h := range res.Hits {
			d, ok := want[hitKey(h)]
			if !ok || d != h.DistanceMeters {
				t.Errorf("%s: site hit %s at %.9f m; the report has it: %v, at %.9f m", s.ID, hitKey(h), h.DistanceMeters, ok, d)
			}
			if h.School.ID != geo.SiteID || h.Rule.DistanceMeters < h.DistanceMeters {
				t.Errorf("%s: hit %+v", s.ID, h)
			}
			if i > 0 && res.Hits[i-1].Feature.ID > h.Feature.ID {
				t.Errorf("%s: hits not sorted by feature ID", s.ID)
			}
		}
		schools++
		hits += len(res.Hits)
		return !t.Failed()
	})
	t.Logf("%d schools, %d hits", schools, hits)
	if schools < 150 || hits < 100 {
		t.Errorf("only %d schools and %d hits: the test shows little", schools, hits)
	}
}

// Sites at random points and squares, of every kind, find what a brute
// force over every feature and rule finds.
func TestIndex_Site_bruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	centre := orb.Point{104.06, 30.66}
	fs := geotest.RandomFeatures(rng, centre, 1500)
	idx := geotest.MustIndex(t, fs)
	pack := geotest.MustRulePack(t, "bench.yaml")
	for q := range 60 {
		p := geotest.Offset(centre, rng.Float64()*360, rng.Float64()*2500)
		site := geo.Site{Geometry: p, SchoolKind: geo.SchoolKinds[q%len(geo.SchoolKinds)]}
		if q%2 == 0 {
			sq := geotest.Square(p, 10+rng.Float64()*100)
			site.Geometry = sq
			site.Gates = []geo.Point{{Lat: sq[0][0][1], Lon: (sq[0][0][0] + sq[0][1][0]) / 2}}
		}
		res, err := idx.Site(site, pack, geo.SiteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{}
		gates := orb.MultiPoint{}
		for _, g := range site.Gates {
			gates = append(gates, orb.Point{g.Lon, g.Lat})
		}
		for _, f := range fs {
			for _, r := range pack.RulesFor(f.Category) {
				if f.Kind == geo.School || !r.AppliesTo(site.Feature().SchoolKind) {
					continue
				}
				from := site.Geometry
				if r.From == geo.FromGate && len(gates) > 0 {
					from = gates
				}
				if d := geo.GeometryDistanceMeters(from, f.Geometry); d <= r.DistanceMeters {
					want[fmt.Sprintf("%s %s gate=%v", f.ID, r.ID, r.From == geo.FromGate && len(gates) > 0)] = d
				}
			}
		}
		if len(res.Hits) != len(want) {
			t.Fatalf("site %d: %d hits, brute force %d", q, len(res.Hits), len(want))
		}
		for _, h := range res.Hits {
			if d, ok := want[hitKey(h)]; !ok || math.Abs(d-h.DistanceMeters) > 1e-6 {
				t.Fatalf("site %d: hit %s at %.6f m, brute force %.6f (found %v)", q, hitKey(h), h.DistanceMeters, d, ok)
			}
		}
	}
}

func TestSite_Validate(t *testing.T) {
	sq := geotest.Square(orb.Point{104.06, 30.66}, 50)
	hole := geotest.Square(orb.Point{104.06, 30.66}, 20)[0]
	tests := []struct {
		name string
		site geo.Site
	}{
		{"Point", geo.Site{Geometry: orb.Point{104, 30}}},
		{"Square", geo.Site{Geometry: sq, SchoolKind: geo.Primary}},
		{"WithHole", geo.Site{Geometry: orb.Polygon{sq[0], hole}}},
		{"MultiPolygon", geo.Site{Geometry: orb.MultiPolygon{sq, geotest.Square(orb.Point{104.07, 30.66}, 50)}}},
		{"RepeatedVertex", geo.Site{Geometry: orb.Polygon{{sq[0][0], sq[0][1], sq[0][1], sq[0][2], sq[0][3], sq[0][0]}}}},
		{"Gates", geo.Site{Geometry: sq, Gates: []geo.Point{{Lat: 30.66, Lon: 104.06}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.site.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSite_Validate_errors(t *testing.T) {
	sq := geotest.Square(orb.Point{104.06, 30.66}, 50)[0]
	big := make(orb.Ring, 0, geo.MaxSiteVertices+1)
	for i := range geo.MaxSiteVertices {
		a := 2 * math.Pi * float64(i) / geo.MaxSiteVertices
		big = append(big, orb.Point{104 + 0.01*math.Cos(a), 30 + 0.01*math.Sin(a)})
	}
	big = append(big, big[0])
	tests := []struct {
		name string
		site geo.Site
		want string
	}{
		{"Unclosed", geo.Site{Geometry: orb.Polygon{sq[:4]}}, "site: unclosed ring: its first position [104.059"},
		{"Short", geo.Site{Geometry: orb.Polygon{{sq[0], sq[1], sq[0]}}}, "site: a ring of 3 positions: a ring must have at least 4"},
		{"Bowtie", geo.Site{Geometry: orb.Polygon{{sq[0], sq[2], sq[1], sq[3], sq[0]}}}, "site: self-intersecting: the edge from"},
		{"Spike", geo.Site{Geometry: orb.Polygon{{sq[0], sq[1], {2*sq[1][0] - sq[0][0], sq[1][1]}, sq[1], sq[2], sq[3], sq[0]}}}, "site: self-intersecting"},
		{"HoleTouches", geo.Site{Geometry: orb.Polygon{sq, {sq[0], {sq[0][0] + 1e-4, sq[0][1] + 1e-4}, {sq[0][0], sq[0][1] + 1e-4}, sq[0]}}}, "site: self-intersecting"},
		{"PolygonsOverlap", geo.Site{Geometry: orb.MultiPolygon{{sq}, geotest.Square(orb.Point{104.0605, 30.66}, 50)}}, "site: self-intersecting"},
		{"TooManyVertices", geo.Site{Geometry: orb.Polygon{big}}, "site: 10001 positions: must have at most 10000"},
		{"Line", geo.Site{Geometry: orb.LineString{{104, 30}, {104.1, 30}}}, `site.type "LineString": must be Point, Polygon or MultiPolygon`},
		{"Missing", geo.Site{}, "site: missing"},
		{"NoRings", geo.Site{Geometry: orb.MultiPolygon{{}}}, "site: polygon 0 has no rings"},
		{"OutOfRange", geo.Site{Geometry: orb.Point{104, 95}}, `lat "95": must be between -90 and 90`},
		{"Kind", geo.Site{Geometry: orb.Point{104, 30}, SchoolKind: "college"}, `school_kind "college": must be one of kindergarten, primary, secondary, school`},
		{"Gate", geo.Site{Geometry: orb.Point{104, 30}, Gates: []geo.Point{{Lat: 30, Lon: 200}}}, `gates[0]: lon "200"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			geotest.CheckInvalid(t, tc.site.Validate(), tc.want)
			_, err := geotest.MustIndex(t, nil).Site(tc.site, nil, geo.SiteOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Index.Site: %v, want the same error", err)
			}
		})
	}
}
