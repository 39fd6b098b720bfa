package osm

import "github.com/paulmach/osm"

// mapClass is what the tags of one OpenStreetMap element make of it on the
// basemap.
type mapClass struct {
	layer Layer
	class string
	line  bool // a line even when the way is closed: roads and waterways
	// walkArea is set for a highway=* area (area=yes): drawn as land use,
	// and its outline is a road of the network, which pedestrians walk.
	walkArea bool
}

// Highway values that are not (yet, or any more) on the ground.
var unbuiltHighways = map[string]bool{
	"proposed": true, "planned": true, "abandoned": true, "razed": true, "disused": true, "no": true,
}

var waterwayLines = map[string]bool{
	"river": true, "stream": true, "canal": true, "ditch": true, "drain": true, "tidal_channel": true, "brook": true,
}

var campusAmenities = map[string]bool{"school": true, "kindergarten": true, "college": true, "university": true}

var landuseLeisure = map[string]bool{
	"park": true, "garden": true, "pitch": true, "playground": true, "recreation_ground": true,
	"sports_centre": true, "stadium": true, "track": true, "golf_course": true, "nature_reserve": true,
	"common": true, "dog_park": true, "schoolyard": true,
}

var landuseNatural = map[string]bool{
	"wood": true, "grassland": true, "grass": true, "scrub": true, "heath": true, "wetland": true,
	"beach": true, "sand": true, "bare_rock": true, "scree": true,
}

// classifyMap maps tags to a basemap layer; the first rule that matches
// wins:
//
//   - road: highway=* except proposed, planned, abandoned, razed, disused
//     and no; class is the highway value. With area=yes (a pedestrian
//     square) it is a landuse area instead, of the same class, and its
//     outline a road of the network.
//   - campus: amenity=school|kindergarten|college|university.
//   - water: natural=water (class: the water=* value, else "water");
//     waterway=riverbank|dock (areas); waterway=river|stream|canal|ditch|
//     drain|tidal_channel|brook (lines, even when closed, unless area=yes);
//     landuse=reservoir|basin.
//   - building: building=* except building=no.
//   - landuse: leisure=park|garden|pitch|playground|recreation_ground|
//     sports_centre|stadium|track|golf_course|nature_reserve|common|
//     dog_park|schoolyard, else landuse=*, else natural=wood|grassland|grass|
//     scrub|heath|wetland|beach|sand|bare_rock|scree.
func classifyMap(tags osm.Tags) (mapClass, bool) {
	if len(tags) == 0 {
		return mapClass{}, false
	}
	areaYes := tags.Find("area") == "yes"
	if v := tags.Find("highway"); v != "" && !unbuiltHighways[v] {
		if areaYes {
			return mapClass{layer: LayerLanduse, class: v, walkArea: true}, true
		}
		return mapClass{layer: LayerRoad, class: v, line: true}, true
	}
	if v := tags.Find("amenity"); campusAmenities[v] {
		return mapClass{layer: LayerCampus, class: v}, true
	}
	if c, ok := mapWater(tags, areaYes); ok {
		return c, true
	}
	if v := tags.Find("building"); v != "" && v != "no" {
		return mapClass{layer: LayerBuilding, class: v}, true
	}
	if v := tags.Find("leisure"); landuseLeisure[v] {
		return mapClass{layer: LayerLanduse, class: v}, true
	}
	if v := tags.Find("landuse"); v != "" && v != "no" {
		return mapClass{layer: LayerLanduse, class: v}, true
	}
	if v := tags.Find("natural"); landuseNatural[v] {
		return mapClass{layer: LayerLanduse, class: v}, true
	}
	return mapClass{}, false
}

func mapWater(tags osm.Tags, areaYes bool) (mapClass, bool) {
	if tags.Find("natural") == "water" {
		class := tags.Find("water")
		if class == "" {
			class = "water"
		}
		return mapClass{layer: LayerWater, class: class}, true
	}
	switch v := tags.Find("waterway"); {
	case v == "riverbank" || v == "dock":
		return mapClass{layer: LayerWater, class: v}, true
	case waterwayLines[v]:
		return mapClass{layer: LayerWater, class: v, line: !areaYes}, true
	}
	if v := tags.Find("landuse"); v == "reservoir" || v == "basin" {
		return mapClass{layer: LayerWater, class: v}, true
	}
	return mapClass{}, false
}

// keepMapRelation keeps multipolygons of the area layers. A highway
// multipolygon (a pedestrian square) is kept as landuse.
func keepMapRelation(r *osm.Relation) bool {
	if r.Tags.Find("type") != "multipolygon" {
		return false
	}
	_, ok := classifyMap(r.Tags)
	return ok
}

// roadTags copies the tags a pedestrian graph needs onto r.
func roadTags(r *Road, tags osm.Tags) {
	r.Foot = tags.Find("foot")
	r.Access = tags.Find("access")
	r.Footway = tags.Find("footway")
	r.Sidewalk = tags.Find("sidewalk")
	r.Oneway = tags.Find("oneway")
}
