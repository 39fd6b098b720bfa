package api

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

type businessRequest struct {
	Name     string  `json:"name"`
	Category string  `json:"category"`
	Lon      *number `json:"lon"`
	Lat      *number `json:"lat"`
	Licence  string  `json:"licence"`
	Address  string  `json:"address"`
	Status   string  `json:"status"`
	OpenedOn string  `json:"opened_on"`
}

type businessJSON struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Category  string  `json:"category"`
	Lon       float64 `json:"lon"`
	Lat       float64 `json:"lat"`
	Licence   string  `json:"licence"`
	Address   string  `json:"address,omitempty"`
	Status    string  `json:"status"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
	CreatedBy string  `json:"created_by"`
	OpenedOn  string  `json:"opened_on,omitempty"`
}

func newBusinessJSON(b store.Business) businessJSON {
	return businessJSON{
		ID: b.ID, Name: b.Name, Category: string(b.Category), Lon: b.Point.Lon, Lat: b.Point.Lat,
		Licence: b.Licence, Address: b.Address, Status: string(b.Status), CreatedBy: b.CreatedBy, OpenedOn: b.OpenedOn.String(),
		CreatedAt: b.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), UpdatedAt: b.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"),
	}
}

// businessInput validates the request's coordinates here, where the field
// names are known, and leaves the rest to the store.
func businessInput(c echo.Context) (store.BusinessInput, error) {
	var req businessRequest
	if err := decodeJSON(c, &req); err != nil {
		return store.BusinessInput{}, err
	}
	if req.Lon == nil || req.Lat == nil {
		return store.BusinessInput{}, errLonLatRequired()
	}
	p, err := geo.ParsePoint(string(*req.Lat), string(*req.Lon))
	if err != nil {
		return store.BusinessInput{}, err
	}
	return store.BusinessInput{Name: req.Name, Category: req.Category, Lon: p.Lon, Lat: p.Lat, Licence: req.Licence, Address: req.Address,
		Status: req.Status, OpenedOn: req.OpenedOn}, nil
}

func (s *Server) handleCreateBusiness(c echo.Context) error {
	in, err := businessInput(c)
	if err != nil {
		return err
	}
	b, err := s.cfg.Store.CreateBusiness(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/businesses/"+url.PathEscape(b.ID))
	return c.JSON(http.StatusCreated, newBusinessJSON(b))
}

func (s *Server) handleGetBusiness(c echo.Context) error {
	b, err := s.cfg.Store.Business(c.Request().Context(), businessID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newBusinessJSON(b))
}

func (s *Server) handleListBusinesses(c echo.Context) error {
	bs, err := s.cfg.Store.Businesses(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]businessJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, newBusinessJSON(b))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) handleUpdateBusiness(c echo.Context) error {
	in, err := businessInput(c)
	if err != nil {
		return err
	}
	b, err := s.cfg.Store.UpdateBusiness(c.Request().Context(), actor(c), businessID(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newBusinessJSON(b))
}

func (s *Server) handleDeleteBusiness(c echo.Context) error {
	if err := s.cfg.Store.DeleteBusiness(c.Request().Context(), actor(c), businessID(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// businessID accepts "reg/7" escaped as reg%2F7, or just "7". Echo leaves
// path parameters escaped when the path has escapes, so it unescapes here.
func businessID(c echo.Context) string {
	id := c.Param("id")
	if u, err := url.PathUnescape(id); err == nil {
		id = u
	}
	if len(id) > 0 && id[0] >= '0' && id[0] <= '9' {
		return "reg/" + id
	}
	return id
}

// registered returns the registered businesses as features, rebuilt only
// when the store has changed since the last call.
func (s *Server) registered(ctx context.Context) ([]geo.Feature, error) {
	if s.cfg.Store == nil {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.cfg.Store.Version()
	if s.reg != nil && v == s.regVer {
		return s.reg, nil
	}
	bs, err := s.cfg.Store.Businesses(ctx)
	if err != nil {
		return nil, err
	}
	fs := make([]geo.Feature, 0, len(bs))
	for _, b := range bs {
		fs = append(fs, b.Feature())
	}
	s.reg, s.regVer = fs, v
	return fs, nil
}
