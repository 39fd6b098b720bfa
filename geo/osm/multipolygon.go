package osm

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// osmPath is a run of node IDs: a member way, or ways joined into a ring.
type osmPath struct {
	nodes []int64
	outer bool // every way in it has role "outer"
}

type osmRing struct {
	ring  orb.Ring
	bound orb.Bound
	area  float64
	inner bool
}

// multipolygon assembles a multipolygon relation: member ways are joined
// end to end into closed rings (reversing ways where needed), separately
// for role "inner" and for the others. Rings whose ways are all "outer" are
// outer and "inner" ones inner; others (empty role) are inner when inside
// an odd number of the other rings. Each inner ring becomes a hole of the
// smallest outer ring that contains it; inner rings inside none are
// dropped. It fails if a member way or node is missing from the file or a
// ring does not close.
func (b *osmBuilder) multipolygon(members []osmMember) (orb.Geometry, bool) {
	var inner, other []osmPath
	for _, m := range members {
		w, ok := b.way(m.way)
		if !ok {
			return nil, false
		}
		p := osmPath{nodes: w.nodes, outer: m.outer}
		if m.inner {
			inner = append(inner, p)
		} else {
			other = append(other, p)
		}
	}
	innerRings, ok1 := joinOSMRings(inner)
	otherRings, ok2 := joinOSMRings(other)
	if !ok1 || !ok2 {
		return nil, false
	}
	rings := make([]osmRing, 0, len(innerRings)+len(otherRings))
	known := make([]bool, 0, cap(rings))
	for i, p := range append(innerRings, otherRings...) {
		r, ok := b.ring(p.nodes)
		if !ok {
			return nil, false
		}
		isInner := i < len(innerRings)
		rings = append(rings, osmRing{ring: r, bound: r.Bound(), area: math.Abs(planar.Area(r)), inner: isInner})
		known = append(known, isInner || p.outer)
	}
	for i := range rings {
		if known[i] {
			continue
		}
		depth := 0
		for j := range rings {
			if j != i && ringInRing(&rings[i], &rings[j]) {
				depth++
			}
		}
		rings[i].inner = depth%2 == 1
	}
	return buildOSMPolygons(rings)
}

// buildOSMPolygons puts each inner ring into the smallest outer ring that
// contains it, outer rings counterclockwise and holes clockwise (RFC 7946).
func buildOSMPolygons(rings []osmRing) (orb.Geometry, bool) {
	var outers []int
	for i := range rings {
		if !rings[i].inner {
			outers = append(outers, i)
		}
	}
	if len(outers) == 0 {
		return nil, false
	}
	polys := make(orb.MultiPolygon, len(outers))
	for k, i := range outers {
		orient(rings[i].ring, orb.CCW)
		polys[k] = orb.Polygon{rings[i].ring}
	}
	for i := range rings {
		if !rings[i].inner {
			continue
		}
		best := -1
		for k, o := range outers {
			if ringInRing(&rings[i], &rings[o]) && (best < 0 || rings[o].area < rings[outers[best]].area) {
				best = k
			}
		}
		if best >= 0 {
			orient(rings[i].ring, orb.CW)
			polys[best] = append(polys[best], rings[i].ring)
		}
	}
	if len(polys) == 1 {
		return polys[0], true
	}
	return polys, true
}

// joinOSMRings joins paths end to end into closed rings of at least four
// nodes. It fails if a path cannot be closed.
func joinOSMRings(paths []osmPath) ([]osmPath, bool) {
	var rings []osmPath
	ends := make(map[int64][]int)
	used := make([]bool, len(paths))
	for i, p := range paths {
		n := len(p.nodes)
		if n < 2 {
			return nil, false
		}
		if n >= 4 && p.nodes[0] == p.nodes[n-1] {
			rings = append(rings, p)
			used[i] = true
			continue
		}
		ends[p.nodes[0]] = append(ends[p.nodes[0]], i)
		ends[p.nodes[n-1]] = append(ends[p.nodes[n-1]], i)
	}
	for i, p := range paths {
		if used[i] {
			continue
		}
		used[i] = true
		ring := osmPath{nodes: append([]int64(nil), p.nodes...), outer: p.outer}
		for ring.nodes[0] != ring.nodes[len(ring.nodes)-1] {
			end := ring.nodes[len(ring.nodes)-1]
			next := -1
			for _, j := range ends[end] {
				if !used[j] {
					next = j
					break
				}
			}
			if next < 0 {
				return nil, false
			}
			used[next] = true
			q := paths[next].nodes
			if q[0] == end {
				ring.nodes = append(ring.nodes, q[1:]...)
			} else {
				for k := len(q) - 2; k >= 0; k-- {
					ring.nodes = append(ring.nodes, q[k])
				}
			}
			ring.outer = ring.outer && paths[next].outer
		}
		if len(ring.nodes) < 4 {
			return nil, false
		}
		rings = append(rings, ring)
	}
	return rings, true
}

// ringInRing reports whether a lies inside b, by a vote of up to ten of a's
// vertices; vertices that are also vertices of b (rings may touch) abstain.
func ringInRing(a, b *osmRing) bool {
	if !b.bound.Contains(a.bound.Min) || !b.bound.Contains(a.bound.Max) {
		return false
	}
	n := len(a.ring) - 1
	step := max(1, n/10)
	in, out := 0, 0
	for k := 0; k < n; k += step {
		switch ringSide(b.ring, a.ring[k]) {
		case 1:
			in++
		case -1:
			out++
		}
	}
	return in > out
}

// ringSide returns 1 if p is inside r, -1 if outside and 0 if p is one of
// r's vertices (crossing-number test).
func ringSide(r orb.Ring, p orb.Point) int {
	inside := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, c := r[i], r[j]
		if a == p {
			return 0
		}
		if (a[1] > p[1]) != (c[1] > p[1]) &&
			p[0] < (c[0]-a[0])*(p[1]-a[1])/(c[1]-a[1])+a[0] {
			inside = !inside
		}
	}
	if inside {
		return 1
	}
	return -1
}
