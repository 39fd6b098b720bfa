package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/store"
)

// registerRoutes lists every route in one place.
func (s *Server) registerRoutes() {
	e := s.echo
	e.GET("/api/openapi.json", s.handleOpenAPI)
	e.GET("/metrics", s.handleMetrics)

	v1 := e.Group("/api/v1")
	v1.GET("/health", s.handleHealth)
	v1.GET("/config", s.handleConfig)
	v1.POST("/check", s.handleCheck)
	v1.POST("/routes/water", s.handleRouteWater)
	v1.GET("/schools", s.handleSchools)
	v1.GET("/schools/search", s.handleSchoolSearch)
	v1.GET("/schools/report", s.handleSchoolReport, s.allowRole(store.RoleRegulator, store.RolePolice, store.RoleSchool, store.RoleAdmin))
	v1.GET("/features", s.handleFeatures)
	v1.GET("/basemap", s.handleBasemap)
	v1.GET("/rules", s.handleRules)
	v1.GET("/rules/packs", s.handleRulePacks)
	v1.GET("/crs/convert", s.handleConvert)
	v1.GET("/search", s.handleSearch, s.allowRole(store.RoleRegulator, store.RolePolice, store.RoleSchool, store.RoleAdmin))
	v1.GET("/categories", s.handleCategories)
	v1.GET("/zones", s.handleZones)
	v1.POST("/site", s.handleSite, s.allowRole(store.RoleRegulator, store.RolePolice, store.RoleSchool, store.RoleAdmin))
	v1.GET("/whatif", s.handleWhatIf, s.allowRole(store.RoleRegulator, store.RolePolice, store.RoleSchool, store.RoleAdmin))

	reg := s.requireRole(store.RoleRegulator, store.RoleAdmin)
	v1.POST("/businesses", s.handleCreateBusiness, reg)
	v1.GET("/businesses", s.handleListBusinesses, reg)
	v1.GET("/businesses/:id", s.handleGetBusiness, reg)
	v1.PUT("/businesses/:id", s.handleUpdateBusiness, reg)
	v1.DELETE("/businesses/:id", s.handleDeleteBusiness, reg)
	v1.POST("/audit", s.handleAudit, reg)
	v1.POST("/audit/licences", s.handleAuditLicences, reg)
	v1.GET("/checks/verify", s.handleVerifyChecks, reg)
	v1.GET("/checks/:id", s.handleGetCheck, reg)

	v1.POST("/patrol", s.handlePatrol, s.requireRole(store.RolePolice, store.RoleAdmin))

	admin := s.requireRole(store.RoleAdmin)
	v1.GET("/log", s.handleLog, admin)
	s.registerAdminRoutes(v1, admin)

	if s.cfg.Ledger != nil {
		s.registerLedgerRoutes(v1, reg)
	}

	if s.cfg.Assets != nil {
		s.registerAssets()
	}
	e.RouteNotFound("/api/*", s.handleNoRoute)
}

// handleNoRoute answers a request under /api/ that no route took: 405 with
// an Allow header if the path is served for other methods, else 404. Echo
// would answer 405 itself, but the /api/* catch-all shadows it.
func (s *Server) handleNoRoute(c echo.Context) error {
	path := echo.GetPath(c.Request())
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		ctx := s.echo.NewContext(nil, nil)
		s.echo.Router().Find(m, path, ctx)
		if r := ctx.Path(); strings.HasPrefix(r, "/api/") && r != "/api/*" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return withCode(echo.NewHTTPError(http.StatusNotFound, "no such endpoint: "+c.Request().URL.Path),
			"no_endpoint", map[string]string{"path": c.Request().URL.Path})
	}
	c.Response().Header().Set(echo.HeaderAllow, strings.Join(allow, ", "))
	return withCode(echo.NewHTTPError(http.StatusMethodNotAllowed,
		fmt.Sprintf("method %s: %s takes %s", c.Request().Method, c.Request().URL.Path, strings.Join(allow, ", "))),
		"method", map[string]string{"method": c.Request().Method, "path": c.Request().URL.Path, "allowed": strings.Join(allow, ", ")})
}

// registerAdminRoutes lists the administration of the running server:
// tokens, imports, rule packs, reloads and backups, for admins only.
func (s *Server) registerAdminRoutes(v1 *echo.Group, admin echo.MiddlewareFunc) {
	v1.GET("/admin/tokens", s.handleListTokens, admin)
	v1.POST("/admin/tokens", s.handleCreateToken, admin)
	v1.DELETE("/admin/tokens/:id", s.handleRevokeToken, admin)
	v1.GET("/admin/imports", s.handleImportJobs, admin)
	v1.POST("/admin/imports", s.handleImport, admin)
	v1.GET("/admin/imports/:id", s.handleImportJob, admin)
	v1.GET("/admin/rules", s.handleListRulePacks, admin)
	v1.POST("/admin/rules", s.handleUploadRulePack, admin)
	v1.DELETE("/admin/rules/:id", s.handleDeleteRulePack, admin)
	v1.PUT("/admin/default-rules", s.handleSelectRules, admin)
	v1.GET("/admin/reload", s.handleReloadState, admin)
	v1.POST("/admin/reload", s.handleReload, admin)
	v1.GET("/admin/backup", s.handleBackup, admin)
}

// registerLedgerRoutes adds the hazard ledger, /api/v1/ledger/: any role
// may read and report (a school token only for its own school), package
// ledger decides which transitions each role may make, and regulators and
// admins sync.
func (s *Server) registerLedgerRoutes(v1 *echo.Group, reg echo.MiddlewareFunc) {
	anyRole := s.requireRole(store.Roles...)
	v1.GET("/ledger/config", s.handleLedgerConfig, anyRole)
	v1.GET("/ledger/me", s.handleLedgerMe, anyRole)
	v1.POST("/ledger/sync", s.handleLedgerSync, reg)
	v1.GET("/ledger/summary", s.handleLedgerSummary, anyRole)
	v1.GET("/ledger/hazards", s.handleListHazards, anyRole)
	v1.POST("/ledger/hazards", s.handleReportHazard, anyRole)
	v1.GET("/ledger/hazards/:id", s.handleGetHazard, anyRole)
	v1.POST("/ledger/hazards/:id/transitions", s.handleTransitionHazard, anyRole)
	v1.GET("/ledger/hazards/:id/attachments", s.handleListAttachments, anyRole)
	v1.POST("/ledger/hazards/:id/attachments", s.handleAttach, anyRole)
	v1.GET("/ledger/hazards/:id/attachments/:sha", s.handleGetAttachment, anyRole)
}
