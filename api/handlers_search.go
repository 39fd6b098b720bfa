package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/search"
	"github.com/safezone/safezone/store"
)

type searchHitJSON struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Address    string  `json:"address,omitempty"`
	Kind       string  `json:"kind"`
	Category   string  `json:"category,omitempty"`
	SchoolKind string  `json:"school_kind,omitempty"`
	WaterKind  string  `json:"water_kind,omitempty"`
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
	Match      string  `json:"match"`
}

var matchNames = map[search.Match]string{search.Exact: "exact", search.Prefix: "prefix", search.Contains: "contains",
	search.Pinyin: "pinyin", search.Address: "address", search.Initials: "initials"}

// handleSearch finds schools, businesses and water bodies by name or
// address in the loaded data, offline, ignoring case and full-width forms
// and matching pinyin and its initials (geo/search; an address by its
// street and house number, such as 府青路12号):
//
//	GET /api/v1/search?q=paotong&limit=10
//
// Registered businesses are searched too for regulators and admins, who
// may read them. The name index is built on the first search of each
// generation of the data (a reload rebuilds it).
func (s *Server) handleSearch(c echo.Context) error {
	limit := 10
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			return geo.Invalid("limit", v, geo.WholeRange(1, 50))
		}
		limit = n
	}
	var extra []geo.Feature
	if t, ok := token(c); ok && (t.Role == store.RoleRegulator || t.Role == store.RoleAdmin) {
		var err error
		if extra, err = s.registered(c.Request().Context()); err != nil {
			return err
		}
	}
	out := []searchHitJSON{}
	for _, h := range s.data().names().Find(c.QueryParam("q"), limit, extra) {
		f := h.Feature
		out = append(out, searchHitJSON{ID: f.ID, Name: f.Name, Address: f.Address, Kind: string(f.Kind), Category: string(f.Category),
			SchoolKind: string(f.SchoolKind), WaterKind: string(f.WaterKind), Lon: roundDeg(h.Point.Lon), Lat: roundDeg(h.Point.Lat),
			Match: matchNames[h.Match]})
	}
	return c.JSON(http.StatusOK, out)
}
