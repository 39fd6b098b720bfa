package osm

import (
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// NewBasemap builds a basemap from features, for data that has no map of
// its own (GeoJSON): water bodies go to the water layer (class: their
// water kind, else "water") and schools mapped as areas to the campus
// layer (class: their school kind). Other kinds, points and features
// without a geometry are left out; the basemap has no roads and no
// junctions. It validates the features it keeps as NewIndex does, and
// returns the same error wrapping ErrInvalidInput, naming the feature, for
// a bad one.
func NewBasemap(features []geo.Feature) (*Basemap, error) {
	var items []mapItem
	for _, f := range features {
		_, point := f.Geometry.(orb.Point)
		layer := LayerWater
		switch {
		case f.Kind == geo.WaterBody && !point && f.Geometry != nil:
		case f.Kind == geo.School && isArea(f.Geometry):
			layer = LayerCampus
		default:
			continue
		}
		// ValidateFeature fills in the default kinds, as NewIndex reads them.
		if err := geo.ValidateFeature(&f); err != nil {
			return nil, err
		}
		class := string(f.WaterKind)
		if layer == LayerCampus {
			class = string(f.SchoolKind)
		}
		items = append(items, mapItem{MapFeature: MapFeature{ID: f.ID, Layer: layer, Class: class, Name: f.Name, Geometry: f.Geometry}})
	}
	return newBasemap(items, nil, nil), nil
}

func isArea(g orb.Geometry) bool {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		return true
	}
	return false
}
