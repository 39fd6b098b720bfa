package zones

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"

	"github.com/safezone/safezone/geo"
)

// MaxSchools is the most schools one call of Index.Zones draws zones
// around.
const MaxSchools = 3000

// Set is where a category of business may not open, or must be
// inspected, around schools, as Index.Zones draws it: WGS84 polygons with
// [lon, lat] points, outer rings counter-clockwise. A place on a zone's
// boundary is inside it.
type Set struct {
	// Prohibited is the union of the zones of prohibiting rules.
	Prohibited orb.MultiPolygon
	// Inspect is the union of the zones of inspecting rules, less
	// Prohibited: the two do not overlap.
	Inspect orb.MultiPolygon
	// Schools is the number of schools with at least one zone drawn.
	Schools int
	// Rules are the IDs of the rules with at least one zone drawn, sorted.
	Rules []string
}

// Zones returns the zones around schools where rules limit businesses of
// category c: for each school whose box is within the category's largest
// rule distance of b, and each rule of kind near about c that applies to
// the school's kind, the campus buffered by the rule's distance (see
// BufferMeters), or the gates when the rule is measured from the gate and
// the school has any. Rules of the other kinds draw no zone: inside rules
// cover the campus itself, along rules follow the routes, and requires
// rules ask for places rather than limit them. Zones are whole, so they may reach beyond b. A category without
// rules, or a nil pack, gives an empty Set.
//
// Zones returns an error wrapping ErrInvalidInput if more than
// MaxSchools schools are within reach of b: the caller should ask for a
// smaller box. It is safe for concurrent use.
func Build(x *geo.Index, c geo.Category, rules *geo.RulePack, b orb.Bound) (Set, error) {
	rs := slices.DeleteFunc(rules.RulesFor(c), func(r geo.Rule) bool { return r.Kind != geo.Near })
	if len(rs) == 0 {
		return Set{}, nil
	}
	var reach float64
	for _, r := range rs {
		reach = max(reach, r.DistanceMeters)
	}
	var rows []geo.Row
	x.Search(geo.School, b, reach, func(row geo.Row) bool {
		rows = append(rows, row)
		return len(rows) <= MaxSchools
	})
	if len(rows) > MaxSchools {
		return Set{}, geo.Invalid("bbox", boundString(b), geo.Reason{Code: "zoom_in",
			Text:   fmt.Sprintf("more than %d schools are within %v m of it: zoom in", MaxSchools, reach),
			Params: map[string]string{"max": strconv.Itoa(MaxSchools), "meters": fmt.Sprint(reach)}})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i] < rows[j] })
	var zs Set
	var bySeverity [2][]orb.MultiPolygon // prohibited, inspect
	used := map[string]bool{}
	for _, row := range rows {
		n, err := schoolZones(x, row, rs, &bySeverity, used)
		if err != nil {
			return Set{}, err
		}
		if n > 0 {
			zs.Schools++
		}
	}
	for id := range used {
		zs.Rules = append(zs.Rules, id)
	}
	sort.Strings(zs.Rules)
	return zs, zs.union(bySeverity)
}

// schoolZones buffers the school in row for the rules in rs that apply to
// it, appends the buffers to out by severity (prohibited, inspect), marks
// the rules used and returns how many buffers it appended. Per severity
// and starting place only the widest rule is buffered: the others' zones
// lie inside its zone. An inspect zone inside a prohibited one is skipped.
func schoolZones(x *geo.Index, row geo.Row, rs []geo.Rule, out *[2][]orb.MultiPolygon, used map[string]bool) (int, error) {
	kind := x.SchoolKindOf(row)
	gates := x.GatesOf(row)
	var widest [2][2]float64 // [from gate][inspect] → meters; 0 for none
	for _, r := range rs {
		if !r.AppliesTo(kind) {
			continue
		}
		used[r.ID] = true
		g, s := boolIndex(r.From == geo.FromGate && gates != nil), boolIndex(r.Severity == geo.Inspect)
		widest[g][s] = max(widest[g][s], r.DistanceMeters)
	}
	n := 0
	for g, from := range [2]orb.Geometry{x.GeometryOf(row), gates} {
		if w := widest[g]; w[1] <= w[0] {
			widest[g][1] = 0
		}
		for s, m := range widest[g] {
			if m == 0 {
				continue
			}
			mp, err := BufferMeters(from, m)
			if err != nil {
				// The data, not the request, is at fault: not ErrInvalidInput.
				return 0, fmt.Errorf("zones: school %q: %v", x.IDOf(row), err)
			}
			out[s] = append(out[s], mp)
			n++
		}
	}
	return n, nil
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// union sets Prohibited and Inspect from the buffers by severity.
func (zs *Set) union(bySeverity [2][]orb.MultiPolygon) error {
	pro, err := unionZones(bySeverity[0])
	if err != nil {
		return err
	}
	insp, err := unionZones(bySeverity[1])
	if err != nil {
		return err
	}
	for _, p := range pro {
		zs.Prohibited = append(zs.Prohibited, p.mp...)
	}
	zs.Inspect, err = subtractZones(insp, pro)
	return err
}

// zonePart is a group of zones whose bounds overlap, unioned. The
// polygons of different parts neither overlap nor touch.
type zonePart struct {
	mp orb.MultiPolygon
	b  orb.Bound
}

// unionZones unions the buffers, in groups whose bounds overlap, so that
// a zone that overlaps no other skips the overlay.
func unionZones(bufs []orb.MultiPolygon) ([]zonePart, error) {
	bounds := make([]orb.Bound, len(bufs))
	for i, mp := range bufs {
		bounds[i] = mp.Bound()
	}
	var parts []zonePart
	for _, group := range groupOverlapping(bounds) {
		p := zonePart{mp: bufs[group[0]], b: bounds[group[0]]}
		if len(group) > 1 {
			gs := make([]geom.Geometry, len(group))
			for i, k := range group {
				gs[i] = toSF(bufs[k])
				p.b = p.b.Union(bounds[k])
			}
			u, err := unionPieces(gs)
			if err != nil {
				return nil, fmt.Errorf("zones: union: %w", err)
			}
			p.mp = fromSF(u, nil, identityXY)
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// subtractZones returns the parts less the polygons of cut.
func subtractZones(parts, cut []zonePart) (orb.MultiPolygon, error) {
	var out orb.MultiPolygon
	for _, p := range parts {
		var near orb.MultiPolygon
		for _, c := range cut {
			if p.b.Intersects(c.b) {
				near = append(near, c.mp...)
			}
		}
		if len(near) == 0 {
			out = append(out, p.mp...)
			continue
		}
		d, err := geom.Difference(toSF(p.mp), toSF(near))
		if err != nil {
			return nil, fmt.Errorf("zones: difference: %w", err)
		}
		out = append(out, fromSF(d, nil, identityXY)...)
	}
	return out, nil
}

// groupOverlapping returns the indices of bs grouped into the connected
// components of "bounds intersect or touch", each sorted, the groups by
// their first index. It sweeps west to east.
func groupOverlapping(bs []orb.Bound) [][]int {
	parent := make([]int, len(bs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	order := make([]int, len(bs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return bs[order[a]].Min[0] < bs[order[b]].Min[0] })
	var active []int
	for _, i := range order {
		kept := active[:0]
		for _, j := range active {
			if bs[j].Max[0] < bs[i].Min[0] {
				continue // ends west of every bound still to come
			}
			kept = append(kept, j)
			if bs[i].Intersects(bs[j]) {
				parent[find(i)] = find(j)
			}
		}
		active = append(kept, i)
	}
	byRoot := map[int][]int{}
	var roots []int
	for i := range bs {
		r := find(i)
		if byRoot[r] == nil {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], i)
	}
	groups := make([][]int, len(roots))
	for k, r := range roots {
		groups[k] = byRoot[r]
	}
	return groups
}

func identityXY(p xy) orb.Point { return orb.Point{p.x, p.y} }

func boundString(b orb.Bound) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return f(b.Min[0]) + "," + f(b.Min[1]) + "," + f(b.Max[0]) + "," + f(b.Max[1])
}

// toSF and fromSF are the one place orb and simplefeatures geometries meet.

// toSF converts lon/lat polygons to a simplefeatures geometry. Rings must
// be closed, as BufferMeters returns them.
func toSF(mp orb.MultiPolygon) geom.Geometry {
	polys := make([]geom.Polygon, 0, len(mp))
	for _, p := range mp {
		rings := make([]geom.LineString, 0, len(p))
		for _, r := range p {
			flat := make([]float64, 0, 2*len(r))
			for _, q := range r {
				flat = append(flat, q[0], q[1])
			}
			rings = append(rings, geom.NewLineString(geom.NewSequence(flat, geom.DimXY)))
		}
		polys = append(polys, geom.NewPolygon(rings))
	}
	return geom.NewMultiPolygon(polys).AsGeometry()
}

// fromSF converts the polygons of g to orb, outer rings counter-clockwise
// and holes clockwise, mapping each vertex by conv. Holes whose first
// vertex keepHole rejects are dropped; a nil keepHole keeps them all.
func fromSF(g geom.Geometry, keepHole func(xy) bool, conv func(xy) orb.Point) orb.MultiPolygon {
	var polys []geom.Polygon
	for _, part := range g.Dump() {
		if p, ok := part.AsPolygon(); ok {
			polys = append(polys, p.ForceCCW())
		}
	}
	ring := func(ls geom.LineString) orb.Ring {
		seq := ls.Coordinates()
		r := make(orb.Ring, seq.Length())
		for i := range r {
			c := seq.GetXY(i)
			r[i] = conv(xy{c.X, c.Y})
		}
		return r
	}
	out := make(orb.MultiPolygon, 0, len(polys))
	for _, p := range polys {
		op := orb.Polygon{ring(p.ExteriorRing())}
		for i := range p.NumInteriorRings() {
			h := p.InteriorRingN(i)
			if c := h.Coordinates().GetXY(0); keepHole == nil || keepHole(xy{c.X, c.Y}) {
				op = append(op, ring(h))
			}
		}
		out = append(out, op)
	}
	return out
}
