package patrol

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

// JunctionCandidates returns the road junctions (Basemap.Intersections)
// within maxMeters of a school, measured to its campus or any of its gates
// (a junction at exactly maxMeters is kept), as candidate patrol posts with
// IDs "node/N", in the order given: posts stand where pupils cross roads on
// their way to school. It is safe for concurrent use. It returns an error
// wrapping ErrInvalidInput, quoting the value, unless maxMeters is above 0
// and at most MaxPatrolRadiusMeters.
func JunctionCandidates(x *geo.Index, js []osm.Junction, maxMeters float64) ([]Site, error) {
	if !(maxMeters > 0 && maxMeters <= MaxPatrolRadiusMeters) {
		return nil, geo.Invalid("candidate distance", strconv.FormatFloat(maxMeters, 'f', -1, 64), geo.MetersMax(MaxPatrolRadiusMeters))
	}
	keep := make([]bool, len(js))
	const chunk = 1024
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for lo := int(next.Add(chunk) - chunk); lo < len(js); lo = int(next.Add(chunk) - chunk) {
				for i := lo; i < min(lo+chunk, len(js)); i++ {
					keep[i] = nearSchool(x, js[i].Point, maxMeters)
				}
			}
		})
	}
	wg.Wait()
	var out []Site
	for i, j := range js {
		if keep[i] {
			out = append(out, Site{ID: "node/" + strconv.FormatInt(j.NodeID, 10), Point: j.Point, Streets: j.Streets})
		}
	}
	return out, nil
}

// gateSlackMeters widens the search for junctions near gates: the R-tree
// holds campuses, and a gate may lie a little outside its campus's box
// (the OSM reader takes gates up to 5 m off the boundary).
const gateSlackMeters = 50

// nearSchool reports whether p is within maxMeters of a school's campus or
// gates.
func nearSchool(x *geo.Index, p geo.Point, maxMeters float64) bool {
	g := orb.Point{p.Lon, p.Lat}
	found := false
	x.Search(geo.School, orb.Bound{Min: g, Max: g}, maxMeters+gateSlackMeters, func(row geo.Row) bool {
		if _, ok := geodist.Within(g, x.GeometryOf(row), maxMeters); ok {
			found = true
		} else if gates := x.GatesOf(row); gates != nil {
			_, found = geodist.Within(g, gates, maxMeters)
		}
		return !found
	})
	return found
}
