package geo

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// SiteID is the ID of the proposed school in the hits of a site check.
const SiteID = "site"

// Site is a proposed school: where planning means to open one (安庆 2018,
// item 8: 选址), and the reverse of a check, which asks about a business
// near the schools already there.
type Site struct {
	Name string
	// Geometry is the campus in WGS84: a Point, or a Polygon or
	// MultiPolygon whose rings are closed and simple (see Validate).
	Geometry   orb.Geometry
	SchoolKind SchoolKind // empty means GeneralSchool
	// Gates are the planned entrances; rules measured from the gate fall
	// back to the campus without them, as for a mapped school.
	Gates []Point
	// OpenedOn is when the school will open (or opened). Places opened
	// before it predate the school (Rule.Decide); zero means no place can
	// be shown to, the strict reading.
	OpenedOn Date
}

// Validate returns an error wrapping ErrInvalidInput that names the field
// if the site's kind is unknown, a gate is out of range, or its geometry is
// not a Point, Polygon or MultiPolygon, has a ring that is unclosed, shorter
// than 4 positions or crosses or touches itself or another ring, or has
// more than MaxSiteVertices positions.
func (s Site) Validate() error {
	if s.SchoolKind != "" && !slices.Contains(SchoolKinds, s.SchoolKind) {
		return Invalid("school_kind", string(s.SchoolKind), OneOf(SchoolKinds))
	}
	for i, g := range s.Gates {
		if err := g.Validate(); err != nil {
			return Invalidf("gates[%d]: %v", i, err)
		}
	}
	return checkPolygonal("site", s.Geometry, MaxSiteVertices)
}

// Feature returns the site as the school feature its hits name, with ID
// SiteID.
func (s Site) Feature() Feature {
	k := s.SchoolKind
	if k == "" {
		k = GeneralSchool
	}
	return Feature{ID: SiteID, Kind: School, Name: s.Name, SchoolKind: k, Geometry: s.Geometry, Gates: s.Gates, OpenedOn: s.OpenedOn}
}

// SiteOptions are the optional parts of a site check.
type SiteOptions struct {
	// Extra features (registered businesses) are considered along with
	// the index's own businesses and water bodies.
	Extra []Feature
	// Walk measures the rules that ask for walking by walking to the
	// site's gates (or the vertices of its campus), as AuditWalk does.
	Walk WalkOptions
}

// SiteResult is what a school opened at a site would have around it.
type SiteResult struct {
	School Feature // the site, as Site.Feature gives it
	// Hits are every (feature, rule) that would break a rule near the
	// site, as an audit gives them for a school already there: sorted by
	// feature ID, then rule ID.
	Hits []Hit
	// Cleared are the hits of walking rules that the walk clears, with
	// their evidence (see Hit.Cleared), sorted like Hits.
	Cleared []Hit
}

// Site answers the planner's question: if a school of the site's kind
// opened there, which businesses and water bodies, of the index's and the
// extra features, would be within each rule's zone, measured from the
// campus or the gates as the rule says. A feature at exactly a rule's
// distance is within. For a site equal to a school's campus, kind and gates
// the hits are that school's, as SchoolReport gives them. It returns an
// error wrapping ErrInvalidInput for a site Validate refuses. It is safe for
// concurrent use.
func (x *Index) Site(s Site, rules *RulePack, opts SiteOptions) (SiteResult, error) {
	if err := s.Validate(); err != nil {
		return SiteResult{}, err
	}
	school := s.Feature()
	res := SiteResult{School: school}
	sc := newSiteScan(x, rules, school)
	if sc.reach == 0 {
		return res, nil
	}
	lo, hi := geodist.Box32(sc.box)
	for _, k := range []Kind{Business, WaterBody} {
		x.trees[kindCode(k)].Search(lo, hi, func(_, _ [2]float32, row uint32) bool {
			if cat := x.t.cat[row]; len(sc.ev.rules[cat]) > 0 {
				res.Hits = sc.appendHits(res.Hits, cat, x.t.geometry(row), func() Feature { return x.t.feature(row) })
			}
			return true
		})
	}
	for _, f := range opts.Extra {
		if f.Geometry != nil && sc.box.Intersects(geodist.Bound(f.Geometry)) {
			res.Hits = sc.appendHits(res.Hits, categoryCode(f.Category), f.Geometry, func() Feature { return f })
		}
	}
	slices.SortFunc(res.Hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Feature.ID, b.Feature.ID), cmp.Compare(a.Rule.ID, b.Rule.ID))
	})
	res.Hits, res.Cleared = walkHits(opts.Walk.Walk, opts.Walk.Method, res.Hits, opts.Walk.Workers)
	return res, nil
}

// siteScan measures features from one site.
type siteScan struct {
	ev     *evaluator
	school Feature
	kind   uint16       // the site's school kind, as evaluator.applies has it
	gates  orb.Geometry // nil without gates
	reach  float64      // the largest distance of a rule that applies
	box    orb.Bound    // every point within reach of the campus or a gate
}

func newSiteScan(x *Index, rules *RulePack, school Feature) *siteScan {
	sc := &siteScan{ev: newEvaluator(x, rules, true), school: school, kind: 1 << subCode(&school), gates: x.gateGeometryOf(school)}
	for cat, rs := range sc.ev.rules {
		for i := range rs {
			if sc.ev.applies[cat][i]&sc.kind != 0 {
				sc.reach = max(sc.reach, rs[i].DistanceMeters)
			}
		}
	}
	b := geodist.Bound(school.Geometry)
	for _, g := range school.Gates {
		b = b.Extend(orb.Point{g.Lon, g.Lat})
	}
	sc.box = geodist.ExpandBound(b, sc.reach)
	return sc
}

// appendHits appends the hits of a feature of category code cat with
// geometry g; feature builds the feature only for a hit. The distances from
// the campus and from the gates are each computed at most once, against the
// category's largest rule distance, as the evaluator does for a school.
func (sc *siteScan) appendHits(hits []Hit, cat uint8, g orb.Geometry, feature func() Feature) []Hit {
	limit := sc.ev.reach[cat]
	var campus, gate distCache
	var f *Feature
	for i, applies := range sc.ev.applies[cat] {
		r := &sc.ev.rules[cat][i]
		if applies&sc.kind == 0 {
			continue
		}
		fromGate := r.From == FromGate && sc.gates != nil
		var d float64
		var ok bool
		if fromGate {
			d, ok = gate.get(sc.gates, g, limit)
		} else {
			d, ok = campus.get(sc.school.Geometry, g, limit)
		}
		if !ok || d > r.DistanceMeters {
			continue
		}
		if f == nil {
			v := feature()
			f = &v
		}
		hits = append(hits, newHit(*f, sc.school, r, d, fromGate))
	}
	return hits
}
