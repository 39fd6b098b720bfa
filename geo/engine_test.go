package geo_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

func TestIndex_Within_bruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	for _, centre := range []orb.Point{{104.06, 30.66}, {0.5, 0.2}, {25.7, 69.9}} {
		t.Run(fmt.Sprintf("lat=%g", centre.Lat()), func(t *testing.T) {
			fs := geotest.RandomFeatures(rng, centre, 500)
			idx := geotest.MustIndex(t, fs)
			for q := range 100 {
				g := orb.Geometry(geotest.Offset(centre, rng.Float64()*360, rng.Float64()*3000))
				if q%3 == 0 {
					g = geotest.Square(g.(orb.Point), 30)
				}
				r := geo.Radii[q%len(geo.Radii)]
				for _, k := range []geo.Kind{geo.School, geo.Business, geo.WaterBody} {
					got := idx.Within(g, r, k)
					want := map[string]float64{}
					for _, f := range fs {
						if d := geo.GeometryDistanceMeters(g, f.Geometry); f.Kind == k && d <= r {
							want[f.ID] = d
						}
					}
					if len(got) != len(want) {
						t.Fatalf("query %d kind %s r=%g: got %d hits, brute force %d", q, k, r, len(got), len(want))
					}
					for i, n := range got {
						if d, ok := want[n.Feature.ID]; !ok || math.Abs(d-n.DistanceMeters) > 1e-6 {
							t.Fatalf("query %d: hit %s at %.6f m, brute force %.6f (found %v)", q, n.Feature.ID, n.DistanceMeters, d, ok)
						}
						if i > 0 && got[i-1].DistanceMeters > n.DistanceMeters {
							t.Fatalf("query %d: hits not sorted by distance", q)
						}
					}
				}
			}
		})
	}
}

func TestIndex_Nearest_bruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	for _, centre := range []orb.Point{{104.06, 30.66}, {0.5, 0.2}, {25.7, 69.9}} {
		t.Run(fmt.Sprintf("lat=%g", centre.Lat()), func(t *testing.T) {
			fs := geotest.RandomFeatures(rng, centre, 500)
			// A twin of the first school at the same place: ties go to the smaller ID.
			twin := fs[0]
			twin.ID = "f/0a"
			fs = append(fs, twin)
			idx := geotest.MustIndex(t, fs)
			for q := range 200 {
				// Up to 6 km out, so that some queries need the wider circles.
				g := orb.Geometry(geotest.Offset(centre, rng.Float64()*360, rng.Float64()*6000))
				switch q % 5 {
				case 0:
					g = geotest.Square(g.(orb.Point), 30)
				case 1:
					g = fs[0].Geometry.Bound().Center()
				}
				for _, k := range []geo.Kind{geo.School, geo.Business, geo.WaterBody} {
					want, wantD := "", math.Inf(1)
					for _, f := range fs {
						if d := geo.GeometryDistanceMeters(g, f.Geometry); f.Kind == k && (d < wantD || d == wantD && f.ID < want) {
							want, wantD = f.ID, d
						}
					}
					got, ok := idx.Nearest(g, k)
					if !ok || got.Feature.ID != want || math.Abs(got.DistanceMeters-wantD) > 1e-6 {
						t.Fatalf("query %d kind %s: got %s at %.6f m (ok %v), brute force %s at %.6f m",
							q, k, got.Feature.ID, got.DistanceMeters, ok, want, wantD)
					}
				}
			}
		})
	}
}

// bruteAudit applies the rules the slow, obvious way.
func bruteAudit(fs []geo.Feature, pack *geo.RulePack) map[string]float64 {
	out := map[string]float64{}
	for _, b := range fs {
		if b.Kind == geo.School {
			continue
		}
		for _, s := range fs {
			if s.Kind != geo.School {
				continue
			}
			for _, r := range pack.RulesFor(b.Category) {
				if !r.AppliesTo(s.SchoolKind) {
					continue
				}
				from := s.Geometry
				if r.From == geo.FromGate && len(s.Gates) > 0 {
					var mp orb.MultiPoint
					for _, g := range s.Gates {
						mp = append(mp, orb.Point{g.Lon, g.Lat})
					}
					from = mp
				}
				if d := geo.GeometryDistanceMeters(from, b.Geometry); d <= r.DistanceMeters {
					out[b.ID+" "+s.ID+" "+r.ID] = d
				}
			}
		}
	}
	return out
}

func TestIndex_Audit_bruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	pack := geotest.MustRulePack(t, "engine.yaml")
	fs := geotest.RandomFeatures(rng, orb.Point{104.06, 30.66}, 1200)
	idx := geotest.MustIndex(t, fs)
	want := bruteAudit(fs, pack)
	if len(want) < 50 {
		t.Fatalf("brute force finds only %d hits: the test data is too sparse to test anything", len(want))
	}
	for _, workers := range []int{1, 3} {
		hits := idx.Audit(pack, geo.AuditOptions{Workers: workers})
		if len(hits) != len(want) {
			t.Fatalf("workers=%d: %d hits, brute force %d", workers, len(hits), len(want))
		}
		for i, h := range hits {
			key := h.Feature.ID + " " + h.School.ID + " " + h.Rule.ID
			if d, ok := want[key]; !ok || math.Abs(d-h.DistanceMeters) > 1e-6 {
				t.Fatalf("hit %s at %.6f m; brute force %.6f (found %v)", key, h.DistanceMeters, d, ok)
			}
			if i > 0 {
				p := hits[i-1]
				if p.Feature.ID > h.Feature.ID || (p.Feature.ID == h.Feature.ID && p.School.ID > h.School.ID) {
					t.Fatalf("hits not sorted at %d", i)
				}
			}
		}
	}
}

func TestNewIndex_errors(t *testing.T) {
	p := orb.Point{104, 30}
	tests := []struct {
		name string
		f    geo.Feature
		want string
	}{
		{"EmptyID", geo.Feature{Kind: geo.School, Geometry: p}, `feature id "": must not be empty`},
		{"UnknownKind", geo.Feature{ID: "a", Kind: "shop", Geometry: p}, `feature "a": kind "shop": must be school, business or water`},
		{"BusinessWithoutCategory", geo.Feature{ID: "a", Kind: geo.Business, Geometry: p}, `feature "a": category "": must be a business category`},
		{"BadSchoolKind", geo.Feature{ID: "a", Kind: geo.School, SchoolKind: "college", Geometry: p}, `school_kind "college"`},
		{"NoGeometry", geo.Feature{ID: "a", Kind: geo.School}, `feature "a": geometry: missing`},
		{"EmptyGeometry", geo.Feature{ID: "a", Kind: geo.School, Geometry: orb.Polygon{}}, `feature "a": geometry: empty`},
		{"LatOutOfRange", geo.Feature{ID: "a", Kind: geo.School, Geometry: orb.Point{104, 91}}, `lat "91": must be between -90 and 90`},
		{"BadGate", geo.Feature{ID: "a", Kind: geo.School, Geometry: p, Gates: []geo.Point{{Lat: 30, Lon: 190}}}, `gate: lon "190"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geo.NewIndex([]geo.Feature{tc.f})
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrInvalidInput containing %q", err, tc.want)
			}
		})
	}
	dup := []geo.Feature{{ID: "x", Kind: geo.School, Geometry: p}, {ID: "x", Kind: geo.School, Geometry: p}}
	if _, err := geo.NewIndex(dup); err == nil || !strings.Contains(err.Error(), `id "x": used by more than one feature`) {
		t.Fatalf("duplicate ids: %v", err)
	}
}
