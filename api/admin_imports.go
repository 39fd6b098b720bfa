package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/geo/imports"
)

// importsPath is the route of uploads to import; the body limit of other
// routes does not apply to it, Config.ImportLimit does.
const importsPath = "/api/v1/admin/imports"

// handleImport receives files to import into the store, the same formats
// and options as `safezone import` (CSV, XLSX, Shapefile, GeoJSON; kind,
// crs, encoding, columns, sheet and skip_bad as query parameters), as the
// body (named by the name parameter) or as multipart/form-data parts named
// "file". It answers 202 with the import job, which reads, writes and, if
// schools or water bodies were imported, reloads the data in the
// background: GET its Location for its progress and outcome. Bad options
// are a 400 at once; bad rows make the job fail with every one listed
// and nothing imported, unless skip_bad=true.
func (s *Server) handleImport(c echo.Context) error {
	opts, skipBad, err := importOptions(c)
	if err != nil {
		return err
	}
	up, err := receiveUpload(c, s.cfg.ImportLimit)
	if err != nil {
		return err
	}
	j := s.imports.add(up, opts, skipBad, actor(c))
	go s.runImport(j)
	c.Response().Header().Set(echo.HeaderLocation, importsPath+"/"+j.id)
	return c.JSON(http.StatusAccepted, j.view())
}

// importOptions reads the options of an import from the query, as the
// command's flags.
func importOptions(c echo.Context) (imports.Options, bool, error) {
	q := c.QueryParams()
	var opts imports.Options
	crs, err := crs.Parse(q.Get("crs"))
	if err != nil {
		return opts, false, err
	}
	if q.Get("crs") != "" {
		opts.CRS = crs // else a Shapefile's .prj decides
	}
	if opts.Columns, err = imports.ParseColumns(q.Get("columns")); err != nil {
		return opts, false, err
	}
	opts.Kind, opts.Encoding, opts.Sheet = geo.Kind(q.Get("kind")), q.Get("encoding"), q.Get("sheet")
	if err := opts.Validate(); err != nil {
		return opts, false, err
	}
	skipBad := false
	if v := q.Get("skip_bad"); v != "" {
		if skipBad, err = strconv.ParseBool(v); err != nil {
			return opts, false, geo.Invalid("skip_bad", v, geo.Either("true", "false"))
		}
	}
	return opts, skipBad, nil
}

// handleImportJob answers with an import job's progress or outcome.
func (s *Server) handleImportJob(c echo.Context) error {
	j := s.imports.get(c.Param("id"))
	if j == nil {
		return &notFoundError{msg: "import " + strconv.Quote(clip(c.Param("id"))) + ": no such import (the server keeps the last " + strconv.Itoa(keptImportJobs) + ")"}
	}
	return c.JSON(http.StatusOK, j.view())
}

// handleImportJobs lists the recent import jobs, newest first.
func (s *Server) handleImportJobs(c echo.Context) error {
	return c.JSON(http.StatusOK, s.imports.list())
}
