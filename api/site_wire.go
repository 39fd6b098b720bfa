package api

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/zones"
)

type siteRingJSON struct {
	RadiusM      float64 `json:"radius_m"`
	MeasuredFrom string  `json:"measured_from"`
	Geometry     any     `json:"geometry,omitempty"` // the zone: within RadiusM of the campus or of a gate
}

type siteJSON struct {
	Site   schoolJSON     `json:"site"`
	Rules  string         `json:"rules"`
	Count  int            `json:"count"`
	Hits   []auditHitJSON `json:"hits"` // as POST /audit gives them, school_id "site"
	Rings  []siteRingJSON `json:"rings"`
	Places any            `json:"places"` // each affected feature once, a GeoJSON FeatureCollection
	// Cleared are the hits of walking rules the walk clears, with the walk.
	Cleared []auditHitJSON `json:"cleared_by_walking,omitempty"`
}

// SiteResponse is the JSON body of a site check, as POST /api/v1/site and
// `safezone site --format json` print it: the hits in the audit's shape,
// the zones of every rule that applies to the site's kind, and each
// affected feature once with its geometry and worst severity. A zone that
// cannot be drawn (see zones.BufferMeters) has no geometry.
func SiteResponse(pack *geo.RulePack, res geo.SiteResult) any {
	out := siteJSON{Site: newSchoolJSON(res.School), Rules: pack.ID, Count: len(res.Hits), Hits: make([]auditHitJSON, 0, len(res.Hits))}
	fc := geojson.NewFeatureCollection()
	for i, h := range res.Hits {
		out.Hits = append(out.Hits, newAuditHitJSON(h))
		if i > 0 && res.Hits[i-1].Feature.ID == h.Feature.ID {
			if h.Severity == geo.Prohibited {
				fc.Features[len(fc.Features)-1].Properties["severity"] = string(geo.Prohibited)
			}
			continue
		}
		f := featureJSON(h.Feature)
		f.Properties["severity"] = string(h.Severity)
		f.Properties["distance_m"] = meters(h.DistanceMeters)
		fc.Append(f)
	}
	out.Places = fc
	for _, h := range res.Cleared {
		out.Cleared = append(out.Cleared, newAuditHitJSON(h))
	}
	out.Rings = siteRings(pack, res.School)
	return out
}

// siteRings draws the zone of every distance, from the campus or the
// gates, of the rules that apply to the site's kind, smallest first.
func siteRings(pack *geo.RulePack, school geo.Feature) []siteRingJSON {
	type ring struct {
		d    float64
		from geo.MeasureFrom
	}
	var rs []ring
	for _, r := range pack.Rules {
		from := r.From
		if len(school.Gates) == 0 {
			from = geo.FromCampus
		}
		if k := (ring{r.DistanceMeters, from}); r.AppliesTo(school.SchoolKind) && !slices.Contains(rs, k) {
			rs = append(rs, k)
		}
	}
	slices.SortFunc(rs, func(a, b ring) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.from, b.from)) })
	gates := make(orb.MultiPoint, len(school.Gates))
	for i, g := range school.Gates {
		gates[i] = orb.Point{g.Lon, g.Lat}
	}
	out := make([]siteRingJSON, 0, len(rs))
	for _, r := range rs {
		rj := siteRingJSON{RadiusM: r.d, MeasuredFrom: string(r.from)}
		g := school.Geometry
		if r.from == geo.FromGate {
			g = gates
		}
		if mp, err := zones.BufferMeters(g, r.d); err == nil {
			rj.Geometry = geojson.NewGeometry(mp)
		}
		out = append(out, rj)
	}
	return out
}
