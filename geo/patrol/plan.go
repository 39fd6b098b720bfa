package patrol

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/patrol/internal/mclp"
)

// Plan places up to o.Posts new patrol posts (护学岗) at candidates
// so that the posts, new and existing, cover as much school weight as they
// can: the maximal covering location problem (Church & ReVelle 1974). A
// post covers a school when the geodesic distance from the post to the
// campus is at most o.RadiusMeters; a school at exactly the radius is
// covered. Coverage comes from the school R-tree, then exact distances.
//
// The choice is lazy greedy, improved by swap local search; the plan's
// UpperBound comes from Lagrangian relaxation and bounds the best possible
// choice, so UpperBound − CoveredWeight bounds how far from the best the
// plan is. Plan is deterministic and safe for concurrent use. It
// returns an error wrapping ErrInvalidInput that names the field and
// quotes the value if o has no candidates, a K below 1, a radius that is
// not in (0, MaxPatrolRadiusMeters], or a bad point, ID or weight.
func Plan(x *geo.Index, o Options) (Result, error) {
	in, err := newInstance(x, &o)
	if err != nil {
		return Result{}, err
	}
	res := in.p.Solve()
	plan := Result{Schools: len(in.sc.rows), Candidates: len(in.setCand),
		Swaps: res.Swaps, BoundIterations: res.Iters}
	for s, c := range in.covered {
		plan.TotalWeight += in.sc.weight[s]
		if c {
			plan.ExistingWeight += in.sc.weight[s]
		}
	}
	plan.CoveredWeight = plan.ExistingWeight + res.Value
	plan.ReachableWeight = plan.ExistingWeight + in.p.Total()
	plan.UpperBound = plan.ExistingWeight + res.Bound
	plan.GreedyWeight = plan.ExistingWeight + res.Greedy
	addPosts(x, &plan, in, res.Chosen, o.RadiusMeters)
	assignPosts(&plan)
	if o.Bells != nil {
		roster := rosterOf(x, &plan, o.Bells)
		plan.Roster = &roster
	}
	return plan, nil
}

// addPosts adds the existing posts that cover a school, the chosen ones,
// and the schools none covers.
func addPosts(x *geo.Index, plan *Result, in *instance, chosen []int32, r float64) {
	for j, site := range in.existing {
		if in.exCover.Start[j] < in.exCover.Start[j+1] {
			plan.Existing = append(plan.Existing, patrolPost(x, site, true, r, in.sc))
		}
	}
	covered := slices.Clone(in.covered)
	for _, set := range chosen {
		j := in.setCand[set]
		plan.Posts = append(plan.Posts, patrolPost(x, in.candidates[j], false, r, in.sc))
		for _, s := range in.candCover.Row(j) {
			covered[s] = true
		}
	}
	for s, c := range covered {
		if c {
			plan.Covered++
		} else {
			plan.Uncovered = append(plan.Uncovered, x.IDOf(in.sc.rows[s]))
		}
	}
	slices.Sort(plan.Uncovered)
}

// instance is a plan's problem: the schools, the posts and what
// they cover.
type instance struct {
	sc         *scope
	existing   []placedSite
	exCover    mclp.CSR // by existing post
	candidates []placedSite
	candCover  mclp.CSR      // by candidate
	covered    []bool        // by school: an existing post covers it
	p          *mclp.Problem // the schools no existing post covers
	setCand    []int32
}

func newInstance(x *geo.Index, o *Options) (*instance, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	in := &instance{}
	var err error
	if in.existing, err = existingPosts(x, o.Existing); err != nil {
		return nil, err
	}
	in.sc = scopeOf(x, o)
	in.exCover = coverSets(x, siteGeometries(in.existing), o.RadiusMeters, in.sc, o.Workers)
	in.candidates = make([]placedSite, len(o.Candidates))
	for i, c := range o.Candidates {
		in.candidates[i] = placedSite{Site: c, geom: orb.Point{c.Point.Lon, c.Point.Lat}}
	}
	in.candCover = coverSets(x, siteGeometries(in.candidates), o.RadiusMeters, in.sc, o.Workers)
	in.covered = make([]bool, len(in.sc.rows))
	for _, s := range in.exCover.List {
		in.covered[s] = true
	}
	in.p, in.setCand = patrolMCLP(in.sc.weight, in.covered, &in.candCover, o.Posts)
	return in, nil
}

// patrolMCLP makes the covering problem of the schools no existing post
// covers, by the candidates that cover any. It returns the problem and, by
// its set, the candidate's index.
func patrolMCLP(weight []float64, covered []bool, cand *mclp.CSR, k int) (*mclp.Problem, []int32) {
	item := make([]int32, len(weight))
	for s := range item {
		item[s] = -1
	}
	for _, s := range cand.List {
		if !covered[s] {
			item[s] = 0
		}
	}
	var w []float64
	for s := range item {
		if item[s] == 0 {
			item[s] = int32(len(w))
			w = append(w, weight[s])
		}
	}
	sets := mclp.CSR{Start: []int32{0}}
	var setCand []int32
	for j := range int32(cand.Rows()) {
		from := len(sets.List)
		for _, s := range cand.Row(j) {
			if item[s] >= 0 {
				sets.List = append(sets.List, item[s])
			}
		}
		if len(sets.List) > from {
			sets.Start = append(sets.Start, int32(len(sets.List)))
			setCand = append(setCand, j)
		}
	}
	return mclp.New(w, sets, k), setCand
}

// placedSite is a post or candidate with its geometry.
type placedSite struct {
	Site
	geom orb.Geometry
}

func siteGeometries(sites []placedSite) []orb.Geometry {
	gs := make([]orb.Geometry, len(sites))
	for i, s := range sites {
		gs[i] = s.geom
	}
	return gs
}

// existingPosts returns the index's police features, then extra.
func existingPosts(x *geo.Index, extra []Site) ([]placedSite, error) {
	var out []placedSite
	for row := range geo.Row(x.Len()) {
		if x.KindOf(row) != geo.Business || x.CategoryOf(row) != geo.Police {
			continue
		}
		g := x.GeometryOf(row)
		c := geodist.Bound(g).Center()
		out = append(out, placedSite{Site{ID: x.IDOf(row), Point: geo.Point{Lat: c.Lat(), Lon: c.Lon()}}, g})
	}
	for _, e := range extra {
		if row, ok := x.RowOf(e.ID); ok && x.CategoryOf(row) == geo.Police {
			return nil, geo.Invalidf("existing post id %q: already a police feature in the data", e.ID)
		}
		out = append(out, placedSite{e, orb.Point{e.Point.Lon, e.Point.Lat}})
	}
	return out, nil
}

func patrolPost(x *geo.Index, site placedSite, existing bool, r float64, sc *scope) Post {
	return Post{ID: site.ID, Point: site.Point, Streets: site.Streets, Existing: existing, Covers: postCovers(x, site.geom, r, sc)}
}

// assignPosts marks, for each covered school, the nearest post that covers
// it; ties go to an existing post, then to the smaller ID.
func assignPosts(plan *Result) {
	type at struct{ post, cover int }
	best := map[string]at{}
	posts := slices.Concat(plan.Existing, plan.Posts)
	better := func(a, b at) bool {
		pa, pb := &posts[a.post], &posts[b.post]
		return cmp.Or(
			cmp.Compare(pa.Covers[a.cover].DistanceMeters, pb.Covers[b.cover].DistanceMeters),
			trueFirst(pa.Existing, pb.Existing),
			cmp.Compare(pa.ID, pb.ID)) < 0
	}
	for i := range posts {
		for k, c := range posts[i].Covers {
			if cur, ok := best[c.School]; !ok || better(at{i, k}, cur) {
				best[c.School] = at{i, k}
			}
		}
	}
	for _, a := range best {
		posts[a.post].Covers[a.cover].Assigned = true
	}
}

// trueFirst orders true before false, for sorting existing posts first.
func trueFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
