package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo/catalogue"
)

// nameJSON is a name in Chinese and English.
type nameJSON struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// categoryJSON is one category of the catalogue, as GET
// /api/v1/categories lists it.
type categoryJSON struct {
	ID      string   `json:"id"`
	Name    nameJSON `json:"name"`
	Lead    nameJSON `json:"lead"`
	Import  []string `json:"import"`
	Headers []string `json:"headers"`
	OSM     []string `json:"osm"`
}

// waterKindJSON is one water kind of the catalogue.
type waterKindJSON struct {
	ID     string   `json:"id"`
	Name   nameJSON `json:"name"`
	Import []string `json:"import"`
	OSM    []string `json:"osm"`
}

type categoriesJSON struct {
	Categories []categoryJSON  `json:"categories"`
	WaterKinds []waterKindJSON `json:"water_kinds"`
}

// CategoriesResponse is the body of GET /api/v1/categories: the category
// catalogue (data/catalogue.yaml) with the names the map shows, the lead
// unit of each category, the words imports read and the OpenStreetMap
// selectors. The last category is water, which every water body has.
func CategoriesResponse(c *catalogue.Catalogue) any {
	out := categoriesJSON{Categories: []categoryJSON{}, WaterKinds: []waterKindJSON{}}
	for _, k := range c.Categories {
		out.Categories = append(out.Categories, categoryJSON{ID: k.ID, Name: nameJSON(k.Name), Lead: nameJSON(k.Lead),
			Import: orEmpty(k.Import.Values), Headers: orEmpty(k.Import.Headers), OSM: selectorTexts(k.OSM)})
	}
	for _, k := range c.WaterKinds {
		out.WaterKinds = append(out.WaterKinds, waterKindJSON{ID: k.ID, Name: nameJSON(k.Name),
			Import: orEmpty(k.Import.Values), OSM: selectorTexts(k.OSM)})
	}
	return out
}

func selectorTexts(ss []catalogue.Selector) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.String())
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// handleCategories serves the category catalogue. It is the same for every
// request, so browsers may keep it for an hour.
func (s *Server) handleCategories(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "max-age=3600")
	return c.JSON(http.StatusOK, CategoriesResponse(catalogue.Default()))
}
