package osm

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"
)

// Zoom levels are those of web maps: at zoom z the world is 256·2^z pixels
// wide, so a pixel spans 360/(256·2^z) degrees of longitude.
const (
	// MaxZoom is the highest zoom ParseZoom accepts.
	MaxZoom = 24
	// maxDetailZoom is the zoom from which every feature is drawn.
	maxDetailZoom = 16
	// minSizePixels is how large a feature's box must be to be drawn.
	minSizePixels = 4
	// boundPixels is how wide BoundZoom takes a bound to be drawn.
	boundPixels = 2048
)

// ParseZoom parses a zoom level, as it arrives in a query parameter. It
// returns an error wrapping ErrInvalidInput that quotes s if s is not a
// number from 0 to MaxZoom.
func ParseZoom(s string) (float64, error) {
	z, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(z) || z < 0 || z > MaxZoom {
		return 0, geo.Invalidf("zoom %q: must be a number from 0 to %d", s, MaxZoom)
	}
	return z, nil
}

// BoundZoom returns the zoom at which bound is about 2048 pixels wide (or
// high, whichever is larger): a map about 1,000 pixels across that asks
// for its view with half a view of margin on each side, as the map UI does.
// The result is clamped to [0, MaxZoom].
func BoundZoom(bound orb.Bound) float64 {
	side := boundSide(bound)
	if side <= 0 {
		return MaxZoom
	}
	return min(MaxZoom, max(0, math.Log2(boundPixels*360/(256*side))))
}

// boundSide is the larger side of a box in degrees of longitude, its
// height stretched by 1/cos(lat) as a web map draws it.
func boundSide(b orb.Bound) float64 {
	cos := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	return max(b.Max[0]-b.Min[0], (b.Max[1]-b.Min[1])/max(cos, 0.01))
}

// minZoomFor returns the lowest zoom that draws a feature: the larger of
// its class's minimum (classMinZoom) and the zoom at which the larger side
// of its box spans minSizePixels pixels.
func minZoomFor(l Layer, class string, g orb.Geometry) int {
	z := classMinZoom(l, class, isLine(g))
	if side := boundSide(g.Bound()); side > 0 {
		z = max(z, int(math.Ceil(math.Log2(minSizePixels*360/(256*side)))))
	} else {
		z = maxDetailZoom
	}
	return min(maxDetailZoom, max(0, z))
}

// classMinZoom is the lowest zoom at which a class is drawn at all:
// buildings from 14; roads by importance (motorway and trunk always,
// primary from 8, secondary 10, tertiary 11, residential and unclassified
// 13, service and tracks 14, footways, paths, steps and the rest 15);
// waterway lines by size (rivers always, canals from 10, streams 12,
// ditches and drains 14); every other area always, if large enough.
func classMinZoom(l Layer, class string, line bool) int {
	switch l {
	case LayerBuilding:
		return 14
	case LayerRoad:
		switch strings.TrimSuffix(class, "_link") {
		case "motorway", "trunk":
			return 0
		case "primary":
			return 8
		case "secondary":
			return 10
		case "tertiary":
			return 11
		case "residential", "unclassified", "living_street", "road", "busway":
			return 13
		case "service", "track", "pedestrian", "raceway", "construction":
			return 14
		}
		return 15
	case LayerWater:
		if !line {
			return 0
		}
		switch class {
		case "river":
			return 0
		case "canal":
			return 10
		case "ditch", "drain":
			return 14
		}
		return 12
	}
	return 0
}

func isLine(g orb.Geometry) bool {
	switch g.(type) {
	case orb.LineString, orb.MultiLineString:
		return true
	}
	return false
}

// rankFor orders a feature inside its layer, lowest drawn first: areas
// largest first, by powers of two of their box's area, so that a park is
// drawn over the district around it; lines least important first, so that
// main roads are drawn over side streets. Features of one rank are then
// ordered by class, so that a client can draw runs of one class together.
func rankFor(it *mapItem) float64 {
	if isLine(it.Geometry) {
		return -float64(classMinZoom(it.Layer, it.Class, true))
	}
	b := it.Geometry.Bound()
	if area := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]); area > 0 {
		return -math.Floor(math.Log2(area))
	}
	return 0
}

// InBound returns the features drawn at zoom whose boxes intersect bound,
// simplified for that zoom, sorted by layer in drawing order (Layers), then
// as drawn inside the layer (areas largest first, lines least important
// first), then by class and ID. It is for display, so it checks boxes only.
// It is safe for concurrent use; the geometries returned are new.
//
// What is drawn depends on zoom (see ParseZoom and BoundZoom):
//   - A feature is drawn from the zoom at which the larger side of its box
//     spans 4 pixels, and not before its class's minimum: buildings from
//     zoom 14; roads by importance (motorway and trunk always, primary from
//     8, secondary 10, tertiary 11, residential 13, service 14, footways
//     and paths 15); waterway lines: rivers always, canals from 10, streams
//     12, ditches 14. From zoom 16 on, everything is drawn.
//   - Lines and rings are simplified by Douglas-Peucker with a tolerance of
//     half a pixel, and coordinates are rounded to the fewest decimals
//     finer than that tolerance (at most 7). A ring that collapses is
//     dropped, and a feature left with nothing is dropped.
//   - If more than limit features would be returned (limit > 0), those
//     drawn from the highest zoom are dropped first and truncated is true.
func (b *Basemap) InBound(bound orb.Bound, zoom float64, limit int) (features []MapFeature, truncated bool) {
	level := min(maxDetailZoom, max(0, int(math.Floor(zoom))))
	lo, hi := geodist.Box32(bound)
	var rows []uint32
	for z := 0; z <= level && !truncated; z++ {
		var bucket []uint32
		b.trees[z].Search(lo, hi, func(_, _ [2]float32, row uint32) bool {
			bucket = append(bucket, row)
			return true
		})
		if limit > 0 && len(rows)+len(bucket) > limit {
			slices.Sort(bucket)
			bucket, truncated = bucket[:limit-len(rows)], true
		}
		rows = append(rows, bucket...)
	}
	slices.SortFunc(rows, func(x, y uint32) int {
		a, c := &b.items[x], &b.items[y]
		return cmp.Or(cmp.Compare(layerOrder(a.Layer), layerOrder(c.Layer)),
			cmp.Compare(a.rank, c.rank), strings.Compare(a.Class, c.Class), strings.Compare(a.ID, c.ID))
	})
	s := newSimplifier(bound, zoom)
	features = make([]MapFeature, 0, len(rows))
	for _, row := range rows {
		f := b.items[row].MapFeature
		if f.Geometry = s.geometry(f.Geometry); f.Geometry != nil {
			features = append(features, f)
		}
	}
	return features, truncated
}
