package geo

import (
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// Radii are the ring radii, in meters, that maps and school reports use.
var Radii = []float64{50, 100, 200}

// ParseRadius parses a ring radius in meters. It returns an error wrapping
// ErrInvalidInput, quoting s, unless s is one of Radii.
func ParseRadius(s string) (float64, error) {
	v, err := ParseDecimal(s)
	if err == nil {
		for _, r := range Radii {
			if v == r {
				return r, nil
			}
		}
	}
	r := OneOf([]string{"50", "100", "200"})
	r.Text += " (meters)"
	return 0, Invalid("radius", s, r)
}

// Neighbor is a feature and its geodesic distance, in meters, from a query.
type Neighbor struct {
	Feature        Feature
	DistanceMeters float64
}

// Within returns the features of kind k within radiusMeters of g, nearest
// first, ties broken by ID. A feature at exactly radiusMeters is within.
// Distances are geodesic on WGS84, to the features' edges (0 inside). A
// negative or NaN radius returns nothing.
func (x *Index) Within(g orb.Geometry, radiusMeters float64, k Kind) []Neighbor {
	if g == nil || !(radiusMeters >= 0) {
		return nil
	}
	var out []Neighbor
	x.search(k, geodist.Bound(g), radiusMeters, func(row uint32) bool {
		if d, ok := geodist.Within(g, x.t.geometry(row), radiusMeters); ok {
			out = append(out, Neighbor{Feature: x.t.feature(row), DistanceMeters: d})
		}
		return true
	})
	sortNeighbors(out)
	return out
}

// Nearest returns the feature of kind k nearest to g and its distance; ok is
// false when the index has no feature of that kind. Ties go to the smaller ID.
func (x *Index) Nearest(g orb.Geometry, k Kind) (n Neighbor, ok bool) {
	if g == nil || x.Count(k) == 0 {
		return Neighbor{}, false
	}
	// Search growing circles: the nearest within r, if any, is the nearest
	// of all. Half the Earth's circumference ends it for any input. Only the
	// best row is kept, and the limit shrinks to its distance, so farther
	// candidates are dropped by the cheap bounds of geodist.Within.
	b := geodist.Bound(g)
	for r := 250.0; r < 4.1e7; r *= 4 {
		best, bestD, found := uint32(0), r, false
		x.search(k, b, r, func(row uint32) bool {
			d, ok := geodist.Within(g, x.t.geometry(row), bestD)
			if ok && (!found || d < bestD || x.t.ids.get(row) < x.t.ids.get(best)) {
				best, bestD, found = row, d, true
			}
			return true
		})
		if found {
			return Neighbor{Feature: x.t.feature(best), DistanceMeters: bestD}, true
		}
	}
	return Neighbor{}, false
}

func sortNeighbors(ns []Neighbor) {
	sort.Slice(ns, func(i, j int) bool {
		if ns[i].DistanceMeters != ns[j].DistanceMeters {
			return ns[i].DistanceMeters < ns[j].DistanceMeters
		}
		return ns[i].Feature.ID < ns[j].Feature.ID
	})
}

// covers reports whether the data covers p for rules reaching maxMeters: p
// lies within maxMeters of the data's extent and the data has schools.
func (x *Index) covers(p Point, maxMeters float64) bool {
	if x.Count(School) == 0 {
		return false
	}
	b := geodist.ExpandBound(x.extent, maxMeters)
	return b.Contains(orb.Point{p.Lon, p.Lat}) && !math.IsNaN(p.Lat)
}

// ParseBound parses a bbox query value "minLon,minLat,maxLon,maxLat". It
// returns an error wrapping ErrInvalidInput, quoting s, if it does not have
// four finite numbers in range with min ≤ max.
func ParseBound(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, Invalid("bbox", s, Reason{Code: "bbox", Text: "must be minLon,minLat,maxLon,maxLat"})
	}
	lo, err1 := ParsePoint(parts[1], parts[0])
	hi, err2 := ParsePoint(parts[3], parts[2])
	if err1 != nil || err2 != nil || lo.Lon > hi.Lon || lo.Lat > hi.Lat {
		return orb.Bound{}, Invalid("bbox", s, Reason{Code: "bbox", Text: "must be minLon,minLat,maxLon,maxLat in degrees, with min ≤ max"})
	}
	return orb.Bound{Min: orb.Point{lo.Lon, lo.Lat}, Max: orb.Point{hi.Lon, hi.Lat}}, nil
}

// InBound calls fn for each feature of kind k whose box intersects b, until
// fn returns false. It is for display, so it checks boxes only.
func (x *Index) InBound(b orb.Bound, k Kind, fn func(Feature) bool) {
	lo, hi := geodist.Box32(b)
	x.trees[kindCode(k)].Search(lo, hi, func(_, _ [2]float32, row uint32) bool {
		return fn(x.t.feature(row))
	})
}

// SearchSchools returns up to limit schools whose name contains q, ignoring
// case, sorted by name and ID. An empty q matches nothing.
func (x *Index) SearchSchools(q string, limit int) []Feature {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil
	}
	var out []Feature
	code := kindCode(School)
	for i := 0; i < x.t.len(); i++ {
		if x.t.kind[i] == code && strings.Contains(strings.ToLower(x.t.names.get(uint32(i))), q) {
			out = append(out, x.t.feature(uint32(i)))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
