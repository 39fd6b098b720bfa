package api

import (
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

type whatIfPlaceJSON struct {
	FeatureID    string  `json:"feature_id"`
	Name         string  `json:"name"`
	Category     string  `json:"category"`
	DistanceM    float64 `json:"distance_m"`
	SchoolID     string  `json:"school_id"`
	SchoolName   string  `json:"school_name"`
	MeasuredFrom string  `json:"measured_from"`
	Lon          float64 `json:"lon"` // the place's point, or the centre of its box
	Lat          float64 `json:"lat"`
}

type whatIfDistanceJSON struct {
	DistanceM float64           `json:"distance_m"`
	Count     int               `json:"count"`
	Places    []whatIfPlaceJSON `json:"places"`
	Truncated bool              `json:"truncated"` // more than the limit: count has them all
}

type whatIfJSON struct {
	Category    string               `json:"category"`
	From        string               `json:"from"`
	SchoolKinds []string             `json:"school_kinds"`
	Distances   []whatIfDistanceJSON `json:"distances"`
}

// WhatIfResponse is the JSON body of a what-if, as GET /api/v1/whatif and
// `safezone whatif --format json` print it: for each distance, how many
// places are within it and the nearest limit of them.
func WhatIfResponse(q geo.WhatIf, res geo.WhatIfResult, limit int) any {
	from := q.From
	if from == "" {
		from = geo.FromCampus
	}
	out := whatIfJSON{Category: string(q.Category), From: string(from), SchoolKinds: []string{}, Distances: make([]whatIfDistanceJSON, len(q.Distances))}
	for _, k := range q.Kinds {
		out.SchoolKinds = append(out.SchoolKinds, string(k))
	}
	places := make([]whatIfPlaceJSON, min(limit, len(res.Places)))
	for i := range places {
		places[i] = newWhatIfPlaceJSON(res.Places[i])
	}
	for i, d := range q.Distances {
		n := res.Counts[i]
		out.Distances[i] = whatIfDistanceJSON{DistanceM: d, Count: n, Places: places[:min(n, limit)], Truncated: n > limit}
	}
	return out
}

func newWhatIfPlaceJSON(p geo.WhatIfPlace) whatIfPlaceJSON {
	from := "campus"
	if p.FromGate {
		from = "gate"
	}
	pt, ok := p.Feature.Geometry.(orb.Point)
	if !ok {
		pt = p.Feature.Geometry.Bound().Center()
	}
	return whatIfPlaceJSON{
		FeatureID: p.Feature.ID, Name: p.Feature.Name, Category: string(p.Feature.Category), DistanceM: meters(p.DistanceMeters),
		SchoolID: p.School.ID, SchoolName: p.School.Name, MeasuredFrom: from, Lon: pt.Lon(), Lat: pt.Lat(),
	}
}
