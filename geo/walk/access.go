package walk

import (
	"github.com/safezone/safezone/geo/osm"
)

// Pedestrian access: which roads of the basemap a person may walk, and in
// which directions. The table is in README.md ("Walking distance"); keep
// the two in step.

// walkClasses are the highway values a pedestrian may use unless the tags
// say otherwise. Chinese traffic law (道路交通安全法 art. 61) has
// pedestrians walk on the pavement, or along the edge of a road without
// one, so ordinary roads count as walkable along their sides.
var walkClasses = map[string]bool{
	"footway": true, "path": true, "steps": true, "pedestrian": true, "crossing": true,
	"living_street": true, "residential": true, "service": true, "unclassified": true, "road": true,
	"track": true, "cycleway": true, "bridleway": true, "corridor": true, "platform": true, "elevator": true,
	"tertiary": true, "tertiary_link": true, "secondary": true, "secondary_link": true,
	"primary": true, "primary_link": true,
}

// sidewalkClasses are walkable only with a sidewalk on the way itself
// (sidewalk=both|left|right|yes) or an explicit foot permission.
var sidewalkClasses = map[string]bool{"trunk": true, "trunk_link": true}

// footOnlyClasses are ways for pedestrians, where oneway=* binds walkers
// too. On other roads oneway binds vehicles only.
var footOnlyClasses = map[string]bool{
	"footway": true, "path": true, "steps": true, "pedestrian": true, "corridor": true,
}

// footAllowed and footDenied are foot=* values that decide on their own.
var (
	footAllowed = map[string]bool{"yes": true, "designated": true, "permissive": true, "destination": true, "official": true}
	footDenied  = map[string]bool{"no": true, "private": true, "use_sidepath": true}
	accessDeny  = map[string]bool{"no": true, "private": true}
	sidewalkYes = map[string]bool{"both": true, "left": true, "right": true, "yes": true}
)

// walkAccess reports whether a pedestrian may walk road r, and in which
// directions along its nodes: fwd from Nodes[0] towards the last node, bwd
// the other way. The rules, first match wins:
//
//  1. foot=no|private|use_sidepath: not walkable.
//  2. foot=yes|designated|permissive|destination|official: walkable,
//     whatever the class and access (a footpath along a motorway).
//  3. access=no|private: not walkable.
//  4. highway in walkClasses: walkable.
//  5. highway=trunk|trunk_link: walkable only with sidewalk=both|left|
//     right|yes on the way (sidewalk=separate means the pavement is mapped
//     as a way of its own, which rule 4 takes).
//  6. anything else (motorway, motorway_link, construction, raceway,
//     bus_guideway, busway, escape, unknown values): not walkable.
//
// Direction: oneway=yes|true|1 allows fwd only and oneway=-1|reverse bwd
// only, on footway, path, steps, pedestrian and corridor; elsewhere, and
// round the outline of a walkable area (Road.Area, highway=* with
// area=yes, which the same rules make walkable or not), a pedestrian may
// walk both ways.
func walkAccess(r *osm.Road) (fwd, bwd, ok bool) {
	switch {
	case footDenied[r.Foot]:
		return false, false, false
	case footAllowed[r.Foot]:
	case accessDeny[r.Access]:
		return false, false, false
	case walkClasses[r.Class]:
	case sidewalkClasses[r.Class] && sidewalkYes[r.Sidewalk]:
	default:
		return false, false, false
	}
	if !footOnlyClasses[r.Class] || r.Area {
		return true, true, true
	}
	switch r.Oneway {
	case "yes", "true", "1":
		return true, false, true
	case "-1", "reverse":
		return false, true, true
	}
	return true, true, true
}

// Walkable reports whether a pedestrian may walk road r in at least one
// direction, by the table on walkAccess (also in README.md, "Walking
// distance"). It is safe for concurrent use.
func Walkable(r osm.Road) bool {
	_, _, ok := walkAccess(&r)
	return ok
}
