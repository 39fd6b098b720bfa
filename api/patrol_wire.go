package api

import (
	"maps"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/patrol"
)

// The JSON shapes of a patrol plan, shared by POST /api/v1/patrol and
// `safezone patrol`.

type patrolPostJSON struct {
	ID       string   `json:"id"`
	Lon      float64  `json:"lon"`
	Lat      float64  `json:"lat"`
	Streets  []string `json:"streets,omitempty"` // a junction's street names, to name it by
	Existing bool     `json:"existing"`
	Covers   []string `json:"covers"`   // school IDs within the radius, nearest first
	Assigned []string `json:"assigned"` // those this post staffs: it is the nearest post to them
	Weight   float64  `json:"weight"`   // of the schools it covers
}

type patrolJSON struct {
	Posts    []patrolPostJSON `json:"posts"`
	Existing []patrolPostJSON `json:"existing"`
	patrolSummaryJSON
}

// patrolSummaryJSON is a plan without its posts.
type patrolSummaryJSON struct {
	K               int         `json:"k"`
	RadiusM         float64     `json:"radius_m"`
	Schools         int         `json:"schools"`
	Covered         int         `json:"covered"`
	Uncovered       []string    `json:"uncovered"`
	TotalWeight     float64     `json:"total_weight"`
	CoveredWeight   float64     `json:"covered_weight"`
	ExistingWeight  float64     `json:"existing_weight"`
	ReachableWeight float64     `json:"reachable_weight"`
	UpperBound      float64     `json:"upper_bound"`
	Gap             float64     `json:"gap"`
	GreedyWeight    float64     `json:"greedy_weight"`
	Swaps           int         `json:"swaps"`
	BoundIterations int         `json:"bound_iterations"`
	Candidates      int         `json:"candidates"`
	Roster          *rosterJSON `json:"roster,omitempty"`
}

type shiftJSON struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Schools []string `json:"schools"`
}

type dutyJSON struct {
	Post     string      `json:"post"`
	Lon      float64     `json:"lon"`
	Lat      float64     `json:"lat"`
	Existing bool        `json:"existing"`
	Shifts   []shiftJSON `json:"shifts"`
}

type peakJSON struct {
	Peak   string     `json:"peak"`
	From   string     `json:"from,omitempty"`
	To     string     `json:"to,omitempty"`
	Posts  int        `json:"posts"`
	Duties []dutyJSON `json:"duties"`
}

type rosterJSON struct {
	Peaks   []peakJSON `json:"peaks"`
	NoBells []string   `json:"no_bells"`
}

// PatrolResponse is the JSON body of a patrol plan for k posts of radius
// radiusMeters: what POST /api/v1/patrol and `safezone patrol --format
// json` print.
func PatrolResponse(plan patrol.Result, k int, radiusMeters float64) any {
	return patrolJSON{Posts: newPatrolPostsJSON(plan.Posts), Existing: newPatrolPostsJSON(plan.Existing),
		patrolSummaryJSON: patrolSummary(plan, k, radiusMeters)}
}

func patrolSummary(plan patrol.Result, k int, radiusMeters float64) patrolSummaryJSON {
	out := patrolSummaryJSON{
		K: k, RadiusM: radiusMeters, Schools: plan.Schools, Covered: plan.Covered,
		Uncovered: nonNil(plan.Uncovered), TotalWeight: weight(plan.TotalWeight),
		CoveredWeight: weight(plan.CoveredWeight), ExistingWeight: weight(plan.ExistingWeight),
		ReachableWeight: weight(plan.ReachableWeight), UpperBound: weight(plan.UpperBound),
		Gap: weight(plan.Gap()), GreedyWeight: weight(plan.GreedyWeight), Swaps: plan.Swaps,
		BoundIterations: plan.BoundIterations, Candidates: plan.Candidates,
	}
	if r := plan.Roster; r != nil {
		out.Roster = &rosterJSON{NoBells: nonNil(r.NoBells)}
		for _, p := range r.Peaks {
			pj := peakJSON{Peak: string(p.Peak), Posts: len(p.Duties), Duties: []dutyJSON{}}
			if len(p.Duties) > 0 {
				pj.From, pj.To = p.From.String(), p.To.String()
			}
			for _, d := range p.Duties {
				dj := dutyJSON{Post: d.Post, Lon: d.Point.Lon, Lat: d.Point.Lat, Existing: d.Existing}
				for _, s := range d.Shifts {
					dj.Shifts = append(dj.Shifts, shiftJSON{From: s.From.String(), To: s.To.String(), Schools: s.Schools})
				}
				pj.Duties = append(pj.Duties, dj)
			}
			out.Roster.Peaks = append(out.Roster.Peaks, pj)
		}
	}
	return out
}

func newPatrolPostsJSON(posts []patrol.Post) []patrolPostJSON {
	out := []patrolPostJSON{}
	for _, p := range posts {
		pj := patrolPostJSON{ID: p.ID, Lon: p.Point.Lon, Lat: p.Point.Lat, Streets: p.Streets, Existing: p.Existing,
			Covers: []string{}, Assigned: []string{}}
		for _, c := range p.Covers {
			pj.Covers = append(pj.Covers, c.School)
			if c.Assigned {
				pj.Assigned = append(pj.Assigned, c.School)
			}
			pj.Weight += c.Weight
		}
		pj.Weight = weight(pj.Weight)
		out = append(out, pj)
	}
	return out
}

// weight rounds a weight for output; weights are counts of pupils and
// hazards, and sums of them pick up float noise.
func weight(w float64) float64 { return math.Round(w*1e6) / 1e6 }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// PatrolGeoJSON is a patrol plan as a GeoJSON FeatureCollection for maps:
// a Point per post (properties kind "post" or "existing_post", id, covers,
// weight), a LineString from each post to each school it staffs (kind
// "cover", post, school), ending at the school's point or the centre of its
// campus's box, and each school in the plan with its campus (kind "school",
// id, name, covered, post). The plan's summary, as PatrolResponse gives it
// without the posts, is the foreign member "plan". Schools are looked up in
// idx, which must be the index the plan was made from.
func PatrolGeoJSON(plan patrol.Result, idx *geo.Index, k int, radiusMeters float64) any {
	fc := geojson.NewFeatureCollection()
	post := map[string]string{} // school → the post that staffs it
	for _, p := range append(append([]patrol.Post(nil), plan.Existing...), plan.Posts...) {
		at := orb.Point{p.Point.Lon, p.Point.Lat}
		f := geojson.NewFeature(at)
		kind := "post"
		if p.Existing {
			kind = "existing_post"
		}
		var w float64
		for _, c := range p.Covers {
			w += c.Weight
		}
		f.Properties = geojson.Properties{"kind": kind, "id": p.ID, "covers": len(p.Covers), "weight": weight(w)}
		if len(p.Streets) > 0 {
			f.Properties["streets"] = p.Streets
		}
		fc.Append(f)
		for _, c := range p.Covers {
			if !c.Assigned {
				continue
			}
			post[c.School] = p.ID
			s, err := idx.Feature(c.School)
			if err != nil {
				continue
			}
			line := geojson.NewFeature(orb.LineString{at, schoolAnchor(s)})
			line.Properties = geojson.Properties{"kind": "cover", "post": p.ID, "school": c.School,
				"distance_m": meters(c.DistanceMeters)}
			fc.Append(line)
		}
	}
	addPatrolSchools(fc, plan, idx, post)
	fc.ExtraMembers = geojson.Properties{"plan": patrolSummary(plan, k, radiusMeters)}
	return fc
}

// addPatrolSchools adds the schools covered (by their post) and uncovered.
func addPatrolSchools(fc *geojson.FeatureCollection, plan patrol.Result, idx *geo.Index, post map[string]string) {
	add := func(id string, covered bool) {
		s, err := idx.Feature(id)
		if err != nil {
			return
		}
		f := geojson.NewFeature(s.Geometry)
		f.Properties = geojson.Properties{"kind": "school", "id": s.ID, "name": s.Name,
			"school_kind": string(s.SchoolKind), "covered": covered}
		if p, ok := post[id]; ok {
			f.Properties["post"] = p
		}
		fc.Append(f)
	}
	for _, id := range slices.Sorted(maps.Keys(post)) {
		add(id, true)
	}
	for _, id := range plan.Uncovered {
		add(id, false)
	}
}

// schoolAnchor is where a cover line ends: the school's point, or the
// centre of its campus's box.
func schoolAnchor(f geo.Feature) orb.Point {
	if p, ok := f.Geometry.(orb.Point); ok {
		return p
	}
	return f.Geometry.Bound().Center()
}
