package api

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"
)

// Patrol posts at road junctions are named by the streets that meet there
// (泡桐树街与西胜街交叉口), from the names of the basemap's roads, rather
// than by an OSM node ID an officer cannot find.

// roadRank orders road classes for a junction's name: main roads first.
var roadRank = map[string]int{
	"motorway": 0, "trunk": 1, "primary": 2, "secondary": 3, "tertiary": 4, "unclassified": 5,
	"residential": 6, "living_street": 7, "service": 8, "pedestrian": 9, "footway": 10, "path": 11,
}

// junctionStreets returns, by junction ID ("node/N", as patrol candidates
// are named), the distinct names of the roads that meet there, main roads
// first, then by name. Junctions on no named road are left out.
func junctionStreets(b *geo.Basemap) map[string][]string {
	out := map[string][]string{}
	if b == nil {
		return out
	}
	junctions := map[int64]bool{}
	for _, j := range b.Intersections() {
		junctions[j.NodeID] = true
	}
	type named struct {
		name string
		rank int
	}
	at := map[int64][]named{}
	for _, r := range b.Roads() {
		if r.Name == "" {
			continue
		}
		rank, ok := roadRank[r.Class]
		if !ok {
			rank = len(roadRank)
		}
		for _, n := range r.Nodes {
			if junctions[n] && !slices.ContainsFunc(at[n], func(x named) bool { return x.name == r.Name }) {
				at[n] = append(at[n], named{r.Name, rank})
			}
		}
	}
	for n, names := range at {
		slices.SortFunc(names, func(a, b named) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.name, b.name)) })
		list := make([]string, len(names))
		for i, x := range names {
			list[i] = x.name
		}
		out["node/"+strconv.FormatInt(n, 10)] = list
	}
	return out
}

// placeName says where a post stands in words: "A、B与C交叉口" or
// "A上的路口", "junction of A, B and C" or "on A"; "" when no named road
// passes there.
func placeName(streets []string, lang string) string {
	switch {
	case len(streets) == 0:
		return ""
	case lang == "en" && len(streets) == 1:
		return "on " + streets[0]
	case lang == "en":
		return "junction of " + strings.Join(streets[:len(streets)-1], ", ") + " and " + streets[len(streets)-1]
	case len(streets) == 1:
		return streets[0] + "上的路口"
	}
	return strings.Join(streets[:len(streets)-1], "、") + "与" + streets[len(streets)-1] + "交叉口"
}

// addStreets adds the streets each post stands at to a plan's answer, as
// PatrolResponse (posts' "streets") or PatrolGeoJSON (the post features'
// "streets") make it.
func addStreets(v any, streets map[string][]string) any {
	switch v := v.(type) {
	case patrolJSON:
		for _, list := range [][]patrolPostJSON{v.Posts, v.Existing} {
			for i := range list {
				list[i].Streets = streets[list[i].ID]
			}
		}
		return v
	case *geojson.FeatureCollection:
		for _, f := range v.Features {
			if k := f.Properties["kind"]; k == "post" || k == "existing_post" {
				if s := streets[f.Properties["id"].(string)]; s != nil {
					f.Properties["streets"] = s
				}
			}
		}
	}
	return v
}
