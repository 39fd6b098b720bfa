package geo

import "github.com/paulmach/orb"

// NewBasemap builds a basemap from features, for data that has no map of
// its own (GeoJSON): water bodies go to the water layer (class: their
// water kind, else "water") and schools mapped as areas to the campus
// layer (class: their school kind). Other kinds, points and features
// without a geometry are left out; the basemap has no roads and no
// junctions. It validates the features it keeps as NewIndex does, and
// returns the same error wrapping ErrInvalidInput, naming the feature, for
// a bad one.
func NewBasemap(features []Feature) (*Basemap, error) {
	var items []mapItem
	for _, f := range features {
		if f.Geometry == nil {
			continue
		}
		var mf MapFeature
		switch {
		case f.Kind == WaterBody:
			if _, ok := f.Geometry.(orb.Point); ok {
				continue
			}
			mf = MapFeature{Layer: LayerWater, Class: string(f.WaterKind)}
			if mf.Class == "" {
				mf.Class = "water"
			}
		case f.Kind == School && isArea(f.Geometry):
			mf = MapFeature{Layer: LayerCampus, Class: string(f.SchoolKind)}
		default:
			continue
		}
		if err := validateFeature(&f); err != nil {
			return nil, err
		}
		mf.ID, mf.Name, mf.Geometry = f.ID, f.Name, f.Geometry
		items = append(items, mapItem{MapFeature: mf})
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
