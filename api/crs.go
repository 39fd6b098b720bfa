package api

import (
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// lonLatJSON is a point as a client gave it, in the coordinate system the
// request named.
type lonLatJSON struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

// CheckResponseCRS is CheckResponse for a location that was given as input
// in from and converted to p, the WGS84 point that was checked. lon and lat
// in the body are p; unless crs is WGS84, the body also has "crs" and
// "input" ({"lon", "lat"} as given), so a client sees which point was used.
func CheckResponseCRS(input geo.Point, from crs.System, p geo.Point, c geo.Category, pack *geo.RulePack, res geo.CheckResult) any {
	out := CheckResponse(p, c, pack, res).(checkJSON)
	if from != crs.WGS84 && from != "" {
		out.CRS = string(from)
		out.Input = &lonLatJSON{Lon: input.Lon, Lat: input.Lat}
	}
	return out
}
