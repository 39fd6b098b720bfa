package api

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/walk"
	"github.com/safezone/safezone/geo/zones"
)

// The JSON shapes shared by the HTTP API and the command line, so that
// `safezone check --format json` and POST /api/v1/check answer alike.

type citationJSON struct {
	Document string `json:"document"`
	Issuer   string `json:"issuer,omitempty"`
	Number   string `json:"number,omitempty"`
	Date     string `json:"date,omitempty"`
	URL      string `json:"url,omitempty"`
	Clause   string `json:"clause"`
}

type hitJSON struct {
	SchoolID      string `json:"school_id"`
	SchoolName    string `json:"school_name"`
	SchoolAddress string `json:"school_address,omitempty"`
	SchoolKind    string `json:"school_kind"`
	RuleID        string `json:"rule_id"`
	RuleKind      string `json:"rule_kind"`
	RuleTitle     string `json:"rule_title"`
	// Lacking is set for a rule of kind requires: the school has no place
	// of its categories within limit_m; distance_m is then to the nearest
	// such place, 0 when there is none within 5 km.
	Lacking      bool         `json:"lacking,omitempty"`
	Severity     string       `json:"severity"`
	DistanceM    float64      `json:"distance_m"`
	LimitM       float64      `json:"limit_m"`
	MeasuredFrom string       `json:"measured_from"`
	Citation     citationJSON `json:"citation"`
	// Method is "walking" for a rule measured along the pedestrian graph,
	// with WalkingM and Route as evidence; "straight" for a walking rule
	// measured straight (no road network); absent otherwise.
	Method   string   `json:"method,omitempty"`
	WalkingM *float64 `json:"walking_m,omitempty"`
	Route    any      `json:"route,omitempty"` // GeoJSON LineString, from the place to the gate
	// ClearedByWalking marks a place the walk clears: the straight line
	// puts it in the zone, no walk within limit_m does. walking_m and route
	// are then the walk found up to 5 × limit_m, or WalkingMoreThanM says
	// none is that short.
	ClearedByWalking bool     `json:"cleared_by_walking,omitempty"`
	WalkingMoreThanM *float64 `json:"walking_more_than_m,omitempty"`
	datesJSON
}

type nearestJSON struct {
	SchoolID      string  `json:"school_id"`
	SchoolName    string  `json:"school_name"`
	SchoolAddress string  `json:"school_address,omitempty"`
	DistanceM     float64 `json:"distance_m"`
}

type checkJSON struct {
	Verdict  string  `json:"verdict"`
	Lon      float64 `json:"lon"`
	Lat      float64 `json:"lat"`
	Category string  `json:"category"`
	Rules    string  `json:"rules"`
	Coverage string  `json:"coverage,omitempty"`
	// CoverageCode says what Coverage says, for the map to translate.
	CoverageCode string       `json:"coverage_code,omitempty"`
	Nearest      *nearestJSON `json:"nearest_school"`
	Hits         []hitJSON    `json:"hits"`
	CRS          string       `json:"crs,omitempty"`   // the request's crs, if not WGS84
	Input        *lonLatJSON  `json:"input,omitempty"` // the point as given, in CRS
	// Cleared lists the walking rules the straight line breaks but no walk
	// within the rule's distance does: outside the zone by walking.
	Cleared []hitJSON `json:"cleared_by_walking,omitempty"`
}

// CheckResponse is the JSON body of a check: what POST /api/v1/check and
// `safezone check --format json` print.
func CheckResponse(p geo.Point, c geo.Category, pack *geo.RulePack, res geo.CheckResult) any {
	out := checkJSON{
		Verdict:      string(res.Verdict),
		Lon:          p.Lon,
		Lat:          p.Lat,
		Category:     string(c),
		Rules:        pack.ID,
		Coverage:     res.Coverage,
		CoverageCode: coverageCode(res.Coverage),
		Hits:         make([]hitJSON, 0, len(res.Hits)),
	}
	if n := res.Nearest; n != nil {
		out.Nearest = &nearestJSON{SchoolID: n.Feature.ID, SchoolName: n.Feature.Name, SchoolAddress: n.Feature.Address, DistanceM: meters(n.DistanceMeters)}
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, newHitJSON(h))
	}
	for _, h := range res.Cleared {
		out.Cleared = append(out.Cleared, newHitJSON(h))
	}
	return out
}

func newHitJSON(h geo.Hit) hitJSON {
	from := geo.FromCampus
	switch {
	case h.FromGate:
		from = geo.FromGate
	case h.FromRoute:
		from = geo.FromRoute
	}
	out := hitJSON{
		SchoolID:      h.School.ID,
		SchoolName:    h.School.Name,
		SchoolAddress: h.School.Address,
		SchoolKind:    string(h.School.SchoolKind),
		RuleID:        h.Rule.ID,
		RuleKind:      string(h.Rule.Kind),
		Lacking:       h.Lacking,
		RuleTitle:     h.Rule.Title,
		Severity:      hitSeverity(h),
		DistanceM:     meters(h.DistanceMeters),
		LimitM:        h.Rule.DistanceMeters,
		MeasuredFrom:  string(from),
		Citation:      newCitationJSON(h.Rule.Citation),
		datesJSON:     newDatesJSON(h),
	}
	addWalkJSON(&out, h)
	return out
}

func newCitationJSON(c geo.Citation) citationJSON {
	return citationJSON{Document: c.Document, Issuer: c.Issuer, Number: c.Number, Date: c.Date, URL: c.URL, Clause: c.Clause}
}

// meters rounds a distance to the millimetre for output.
func meters(d float64) float64 { return math.Round(d*1000) / 1000 }

type hazardRuleJSON struct {
	RuleID       string       `json:"rule_id"`
	RuleTitle    string       `json:"rule_title"`
	Severity     string       `json:"severity"`
	DistanceM    float64      `json:"distance_m"`
	LimitM       float64      `json:"limit_m"`
	MeasuredFrom string       `json:"measured_from"`
	Citation     citationJSON `json:"citation"`
	// The walk, for a rule measured by walking, as in hitJSON.
	Method           string   `json:"method,omitempty"`
	WalkingM         *float64 `json:"walking_m,omitempty"`
	Route            any      `json:"route,omitempty"`
	ClearedByWalking bool     `json:"cleared_by_walking,omitempty"`
	WalkingMoreThanM *float64 `json:"walking_more_than_m,omitempty"`
	datesJSON
}

type hazardJSON struct {
	FeatureID string           `json:"feature_id"`
	Name      string           `json:"name"`
	Address   string           `json:"address,omitempty"`
	Kind      string           `json:"kind"`
	Category  string           `json:"category"`
	WaterKind string           `json:"water_kind,omitempty"`
	DistanceM float64          `json:"distance_m"`
	Severity  string           `json:"severity,omitempty"`
	Rules     []hazardRuleJSON `json:"rules"`
	Geometry  any              `json:"geometry,omitempty"`
	OpenedOn  string           `json:"opened_on,omitempty"`
	// Cleared are the walking rules the straight line breaks and the walk
	// does not, with the walk as evidence.
	Cleared []hazardRuleJSON `json:"cleared_by_walking,omitempty"`
}

type ringJSON struct {
	RadiusM  float64      `json:"radius_m"`
	Hazards  []hazardJSON `json:"hazards"`
	Geometry any          `json:"geometry,omitempty"` // the area within RadiusM of the campus
}

type schoolJSON struct {
	ID         string       `json:"id"`
	Name       string       `json:"name"`
	Address    string       `json:"address,omitempty"`
	SchoolKind string       `json:"school_kind"`
	Gates      [][2]float64 `json:"gates"`
	Geometry   any          `json:"geometry,omitempty"`
}

type reportJSON struct {
	School schoolJSON   `json:"school"`
	Rules  string       `json:"rules"`
	Rings  []ringJSON   `json:"rings"`
	Water  []hazardJSON `json:"water"`
	// Along are the places rules of kind along flag, from the routes to
	// the school (or its campus); Lacking the rules of kind requires the
	// school breaks.
	Along   []hazardJSON  `json:"along"`
	Lacking []lackingJSON `json:"lacking"`
	// Routes is the water along the walks to the school, when the road
	// network is loaded.
	Routes any `json:"routes,omitempty"`
	// Cleared are the places only walking rules flag by the straight line,
	// and the walk clears.
	Cleared []hazardJSON `json:"cleared_by_walking,omitempty"`
}

// lackingJSON is a rule of kind requires a school breaks: the hit, the
// places the rule requires and the nearest of them, if any.
type lackingJSON struct {
	hitJSON
	Categories  []string `json:"categories"`
	FeatureID   string   `json:"feature_id,omitempty"`
	FeatureName string   `json:"feature_name,omitempty"`
}

func newSchoolJSON(f geo.Feature) schoolJSON {
	s := schoolJSON{ID: f.ID, Name: f.Name, Address: f.Address, SchoolKind: string(f.SchoolKind), Gates: make([][2]float64, 0, len(f.Gates)),
		Geometry: geometryJSON(f.Geometry)}
	for _, g := range f.Gates {
		s.Gates = append(s.Gates, [2]float64{g.Lon, g.Lat})
	}
	return s
}

func newHazardJSON(h geo.Hazard) hazardJSON {
	out := hazardJSON{
		FeatureID: h.Feature.ID,
		Name:      h.Feature.Name,
		Address:   h.Feature.Address,
		Kind:      string(h.Feature.Kind),
		Category:  string(h.Feature.Category),
		WaterKind: string(h.Feature.WaterKind),
		DistanceM: meters(h.DistanceMeters),
		Severity:  string(h.Severity),
		Rules:     make([]hazardRuleJSON, 0, len(h.Hits)),
		Geometry:  geometryJSON(h.Feature.Geometry),
		OpenedOn:  h.Feature.OpenedOn.String(),
	}
	for _, hit := range h.Hits {
		out.Rules = append(out.Rules, newHazardRuleJSON(hit))
	}
	for _, hit := range h.Cleared {
		out.Cleared = append(out.Cleared, newHazardRuleJSON(hit))
	}
	return out
}

func newHazardRuleJSON(hit geo.Hit) hazardRuleJSON {
	hj := newHitJSON(hit)
	return hazardRuleJSON{
		RuleID: hj.RuleID, RuleTitle: hj.RuleTitle, Severity: hj.Severity, DistanceM: hj.DistanceM,
		LimitM: hj.LimitM, MeasuredFrom: hj.MeasuredFrom, Citation: hj.Citation, datesJSON: hj.datesJSON,
		Method: hj.Method, WalkingM: hj.WalkingM, Route: hj.Route, ClearedByWalking: hj.ClearedByWalking, WalkingMoreThanM: hj.WalkingMoreThanM,
	}
}

// ReportResponse is the JSON body of a school report, as GET
// /api/v1/schools/report and `safezone school` print it. The school, each
// hazard and each ring carry a GeoJSON geometry: the campus, the feature,
// and the area within the ring's radius of the campus (geo.BufferMeters).
// A ring whose area cannot be drawn, which BufferMeters allows only for
// campuses near a pole or the antimeridian, has no geometry.
func ReportResponse(pack *geo.RulePack, rep geo.Report, routes *walk.Report) any {
	out := reportJSON{School: newSchoolJSON(rep.School), Rules: pack.ID, Rings: []ringJSON{}, Water: []hazardJSON{},
		Along: []hazardJSON{}, Lacking: []lackingJSON{}}
	for _, h := range rep.Along {
		out.Along = append(out.Along, newHazardJSON(h))
	}
	for _, h := range rep.Lacking {
		lj := lackingJSON{hitJSON: newHitJSON(h), Categories: []string{}, FeatureID: h.Feature.ID, FeatureName: h.Feature.Name}
		for _, c := range h.Rule.Categories {
			lj.Categories = append(lj.Categories, string(c))
		}
		out.Lacking = append(out.Lacking, lj)
	}
	for _, r := range rep.Rings {
		rj := ringJSON{RadiusM: r.RadiusMeters, Hazards: []hazardJSON{}}
		if mp, err := zones.BufferMeters(rep.School.Geometry, r.RadiusMeters); err == nil {
			rj.Geometry = geojson.NewGeometry(mp)
		}
		for _, h := range r.Hazards {
			rj.Hazards = append(rj.Hazards, newHazardJSON(h))
		}
		out.Rings = append(out.Rings, rj)
	}
	for _, h := range rep.Water {
		out.Water = append(out.Water, newHazardJSON(h))
	}
	for _, h := range rep.Cleared {
		out.Cleared = append(out.Cleared, newHazardJSON(h))
	}
	if routes != nil {
		out.Routes = RouteWaterResponse(*routes, true)
	}
	return out
}

// geometryJSON returns g as a GeoJSON geometry, or nil if g is nil.
func geometryJSON(g orb.Geometry) any {
	if g == nil {
		return nil
	}
	return geojson.NewGeometry(g)
}

type ruleJSON struct {
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	Kind         string       `json:"kind"`
	Categories   []string     `json:"categories"`
	SchoolKinds  []string     `json:"school_kinds"`
	DistanceM    float64      `json:"distance_m"`
	MeasuredFrom string       `json:"measured_from"`
	Method       string       `json:"method"`
	Severity     string       `json:"severity"`
	Citation     citationJSON `json:"citation"`
	Note         string       `json:"note,omitempty"`
	Effective    string       `json:"effective,omitempty"` // when the rule took effect
	Existing     string       `json:"existing,omitempty"`  // how it treats places that predate the school or the rule
}

type packJSON struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Categories []string   `json:"categories"`
	Rules      []ruleJSON `json:"rules"`
}

// RulesResponse is the JSON form of a rule pack, with the list of every
// category for forms.
func RulesResponse(p *geo.RulePack) any {
	out := packJSON{ID: p.ID, Title: p.Title, Categories: []string{}, Rules: []ruleJSON{}}
	for _, c := range geo.Categories {
		out.Categories = append(out.Categories, string(c))
	}
	for _, r := range p.Rules {
		rj := ruleJSON{ID: r.ID, Title: r.Title, Kind: string(r.Kind), DistanceM: r.DistanceMeters, MeasuredFrom: string(r.From),
			Method: string(r.Method), Severity: string(r.Severity), Citation: newCitationJSON(r.Citation), Note: r.Note,
			Effective: r.Effective.String(), Existing: string(r.Existing),
			Categories: []string{}, SchoolKinds: []string{}}
		for _, c := range r.Categories {
			rj.Categories = append(rj.Categories, string(c))
		}
		for _, k := range r.SchoolKinds {
			rj.SchoolKinds = append(rj.SchoolKinds, string(k))
		}
		out.Rules = append(out.Rules, rj)
	}
	return out
}
