package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
)

// ledgerMeJSON is who a token is, as the ledger's screens need it: the
// role picks the view (a school its own hazards, a unit what is assigned
// to it, an admin the whole district), and a school token's school is
// where it reports and what the map opens on.
type ledgerMeJSON struct {
	ID         string    `json:"id"`
	Role       string    `json:"role"`
	RoleLabel  string    `json:"role_label"`
	SchoolID   string    `json:"school_id,omitempty"`
	SchoolName string    `json:"school_name,omitempty"`
	SchoolBBox []float64 `json:"school_bbox,omitempty"`
	Unit       string    `json:"unit,omitempty"`
}

// handleLedgerMe answers the caller's token ID and role (with its Chinese
// name), for a school token the school it is bound to, with its name and bounding box (minLon, minLat, maxLon,
// maxLat) when the loaded data has it, and for a unit's token the unit.
func (s *Server) handleLedgerMe(c echo.Context) error {
	by := ledgerActor(c)
	j := ledgerMeJSON{ID: by.ID, Role: string(by.Role), RoleLabel: roleLabels[by.Role], SchoolID: by.SchoolID, Unit: by.Unit}
	if by.SchoolID != "" {
		if f, err := s.data().Index.Feature(by.SchoolID); err == nil && f.Kind == geo.School && f.Geometry != nil {
			b := f.Geometry.Bound()
			j.SchoolName, j.SchoolBBox = f.Name, []float64{b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat()}
		}
	}
	return c.JSON(http.StatusOK, j)
}
