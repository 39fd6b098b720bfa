package api

import (
	"io"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/walk"
)

// The JSON shapes of routes and the water along them, shared by POST
// /api/v1/routes/water, the school report and `safezone route-water`.

type routeJSON struct {
	ID       string  `json:"id"`
	Meters   float64 `json:"meters"`
	Geometry any     `json:"geometry"`
}

type routeWaterJSON struct {
	RouteID   string  `json:"route_id"`
	WaterID   string  `json:"water_id"`
	WaterName string  `json:"water_name"`
	WaterKind string  `json:"water_kind"`
	DistanceM float64 `json:"distance_m"`
	AlongM    float64 `json:"along_m"`
	Geometry  any     `json:"geometry,omitempty"`
}

type homeJSON struct {
	ID  string  `json:"id"`
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

type routeWaterResponse struct {
	WithinM   float64          `json:"within_m"`
	ReachM    float64          `json:"reach_m,omitempty"`
	Routes    []routeJSON      `json:"routes"`
	Unreached []homeJSON       `json:"unreached,omitempty"`
	Water     []routeWaterJSON `json:"water"`
}

// RouteWaterResponse is the JSON body of a route-water query: the routes
// and every water body within within_m of them, with where along each
// route it comes closest. Water geometries are included when withGeometry.
func RouteWaterResponse(rep walk.Report, withGeometry bool) any {
	out := routeWaterResponse{WithinM: rep.WithinMeters, ReachM: rep.ReachMeters,
		Routes: make([]routeJSON, 0, len(rep.Routes)), Water: make([]routeWaterJSON, 0, len(rep.Water))}
	for _, r := range rep.Routes {
		out.Routes = append(out.Routes, routeJSON{ID: r.ID, Meters: meters(r.Meters), Geometry: geojson.NewGeometry(r.Line)})
	}
	for _, h := range rep.Unreached {
		out.Unreached = append(out.Unreached, homeJSON{ID: h.ID, Lon: h.Point.Lon, Lat: h.Point.Lat})
	}
	for _, w := range rep.Water {
		wj := newRouteWaterJSON(w)
		if withGeometry {
			wj.Geometry = geometryJSON(w.Water.Geometry)
		}
		out.Water = append(out.Water, wj)
	}
	return out
}

func newRouteWaterJSON(w walk.Water) routeWaterJSON {
	return routeWaterJSON{RouteID: w.RouteID, WaterID: w.Water.ID, WaterName: w.Water.Name,
		WaterKind: string(w.Water.WaterKind), DistanceM: meters(w.DistanceMeters), AlongM: meters(w.AlongMeters)}
}

// RouteWaterHeader is the header row of WriteRouteWaterCSV.
var RouteWaterHeader = []string{"route_id", "water_id", "water_name", "water_kind", "distance_m", "along_m"}

// WriteRouteWaterCSV writes one row per (route, water body), distances in
// meters to the millimeter.
func WriteRouteWaterCSV(w io.Writer, water []walk.Water) error {
	cw := NewCSVWriter(w)
	if err := cw.Write(RouteWaterHeader); err != nil {
		return err
	}
	for _, h := range water {
		j := newRouteWaterJSON(h)
		if err := cw.Write([]string{j.RouteID, j.WaterID, j.WaterName, j.WaterKind,
			strconv.FormatFloat(j.DistanceM, 'f', 3, 64), strconv.FormatFloat(j.AlongM, 'f', 3, 64)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// RouteWaterGeoJSON is a route-water answer as a FeatureCollection: each
// route as a LineString (properties kind "route", id, meters), each home
// no walk within the reach joins to the school as a Point (kind
// "unreached", id), so that a route that could not be computed is shown
// rather than left out, and each water body near a route as its own
// geometry (properties kind "water" and the CSV's columns).
func RouteWaterGeoJSON(rep walk.Report) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range rep.Routes {
		f := geojson.NewFeature(r.Line)
		f.Properties = geojson.Properties{"kind": "route", "id": r.ID, "meters": meters(r.Meters)}
		fc.Append(f)
	}
	for _, h := range rep.Unreached {
		f := geojson.NewFeature(orb.Point{h.Point.Lon, h.Point.Lat})
		f.Properties = geojson.Properties{"kind": "unreached", "id": h.ID}
		fc.Append(f)
	}
	for _, w := range rep.Water {
		j := newRouteWaterJSON(w)
		f := geojson.NewFeature(orb.Geometry(w.Water.Geometry))
		f.Properties = geojson.Properties{"kind": "water", "route_id": j.RouteID, "water_id": j.WaterID,
			"water_name": j.WaterName, "water_kind": j.WaterKind, "distance_m": j.DistanceM, "along_m": j.AlongM}
		fc.Append(f)
	}
	return fc
}

// addWalkJSON adds what a check measured by walking says about hit h: the
// method, and for a walk found, its length and route.
func addWalkJSON(out *hitJSON, h geo.Hit) {
	if h.Method == geo.Walking || (h.Method == geo.Straight && h.Rule.Method == geo.Walking) {
		out.Method = string(h.Method)
	}
	if h.Route != nil {
		wm := meters(h.WalkingMeters)
		out.WalkingM, out.Route = &wm, geojson.NewGeometry(h.Route)
	}
	out.ClearedByWalking = h.Cleared
	if h.WalkCapMeters > 0 {
		capM := h.WalkCapMeters
		out.WalkingMoreThanM = &capM
	}
}
