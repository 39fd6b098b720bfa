// Package api serves the safety-zone engine over HTTP with Echo: checks,
// school reports, zones, registered businesses, audits and their exports,
// under /api/v1, and the map UI from the file system it is handed.
package api

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/labstack/gommon/bytes"
	"golang.org/x/time/rate"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/geo/osm"
	"github.com/safezone/safezone/store"
)

// Config is what the server needs. Index and Rules are required.
type Config struct {
	Index    *geo.Index
	Rules    *geo.RulePack // the default pack
	Basemap  *osm.Basemap  // the offline basemap; nil answers 404, and the map draws water only
	RulesDir string        // where packs named in requests are looked up, after those uploaded to Store
	// Reload loads the data again, as it was loaded for Index, Rules and
	// Basemap: the map data from disk, the schools and water bodies
	// imported into Store, and the default pack (the one selected in Store,
	// if any). Nil: the server cannot reload, and POST /api/v1/admin/reload
	// answers 501.
	Reload func(ctx context.Context) (Data, error)
	Store  store.Backend // registered businesses, tokens, log (bbolt or PostgreSQL); nil serves read-only
	Assets fs.FS         // the map UI; nil serves the API only
	Logger *slog.Logger

	BodyLimit   string        // as Echo's BodyLimit reads it: "8MiB" (binary), "8M" (decimal)
	ImportLimit int64         // bytes of one admin upload (imports); 0: DefaultImportLimit
	Timeout     time.Duration // per request
	RatePerSec  float64       // per client IP; 0 disables the limit
	CORSOrigins []string      // empty: CORS off
	Version     string
	Attribution string   // map data attribution shown on the map
	Data        DataInfo // the data's source, date and files, cited by recorded checks; a reload's Data.Info replaces it
	TileURL     string   // optional tile URL template; empty: offline basemap only

	// Ledger is the hazard ledger's defaults (data/ledger.yaml); nil serves
	// no /api/v1/ledger routes.
	Ledger *ledger.Config
	// Now is the clock deadlines, overdue and escalation are judged by;
	// nil means time.Now. Tests set it.
	Now func() time.Time
	// Webhook is the URL told of every ledger transition, report, sync and
	// new overdue (see RunLedger); empty: events are dropped.
	Webhook Webhook
}

// DefaultConfig returns the limits the server uses unless told otherwise.
func DefaultConfig() Config {
	return Config{
		BodyLimit:   "8MiB",
		Timeout:     30 * time.Second,
		RatePerSec:  0,
		Attribution: "© OpenStreetMap contributors, ODbL",
	}
}

// Server is the HTTP API. It is safe for concurrent use.
type Server struct {
	cfg  Config
	echo *echo.Echo
	log  *slog.Logger

	metrics   *metrics
	bodyLimit string    // cfg.BodyLimit for people, such as "8 MiB"
	jsonBufs  sync.Pool // *bytes.Buffer, for writeJSON

	cur     atomic.Pointer[dataset] // what requests are answered from
	reloads reloader
	imports *importJobs
	adminMu sync.Mutex // orders the admin's token revokes and rule pack changes

	mu     sync.Mutex // guards the cache below
	regVer uint64
	reg    []geo.Feature // registered businesses as features
}

// New returns a server for cfg. It panics if Index or Rules is nil: that is
// a wiring mistake, not bad input.
func New(cfg Config) *Server {
	if cfg.Index == nil || cfg.Rules == nil {
		panic("api: Config.Index and Config.Rules are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ImportLimit <= 0 {
		cfg.ImportLimit = DefaultImportLimit
	}
	s := &Server{cfg: cfg, log: cfg.Logger, metrics: newMetrics()}
	s.bodyLimit = bodyLimitText(cfg.BodyLimit)
	s.cur.Store(newDataset(Data{Index: cfg.Index, Rules: cfg.Rules, Basemap: cfg.Basemap, Info: cfg.Data}, 1, s.lookupRules()))
	s.imports = newImportJobs()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// The rate limit is per client IP: take it from the connection, not from
	// X-Forwarded-For, which any client can set to dodge the limit.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = s.handleError
	// Metrics come first, so that they count the 500 of a recovered panic.
	e.Use(s.metrics.middleware)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll: true, // the panicking goroutine's stack only
		// handleError logs the 500 once, with the panic and its stack; %v,
		// so that a panic is a 500 whatever the value wraps.
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			return fmt.Errorf("panic: %v\n%s", err, stack)
		},
	}))
	if cfg.BodyLimit != "" {
		e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
			Limit: cfg.BodyLimit,
			// Uploads to import (ImportLimit) and attachments (handleAttach)
			// have limits of their own, checked with a message that names them.
			Skipper: func(c echo.Context) bool {
				return (c.Path() == importsPath && c.Request().Method == http.MethodPost) || isAttachmentUpload(c)
			},
		}))
	}
	if cfg.Timeout > 0 {
		e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{
			Timeout: cfg.Timeout,
			// A check is in-memory work of microseconds that never reads the
			// context, so a deadline would bound nothing; it cost a timer and 7
			// allocations per check (docs/api-load.md).
			Skipper: func(c echo.Context) bool { return c.Path() == "/api/v1/check" || isLongLedgerRequest(c) },
			// handleError says that the time limit stopped the request.
			ErrorHandler: func(err error, _ echo.Context) error { return err },
		}))
	}
	if cfg.RatePerSec > 0 {
		e.Use(middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Skipper: func(c echo.Context) bool { return c.Request().URL.Path == "/api/v1/health" },
			Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
				Rate: rate.Limit(cfg.RatePerSec), Burst: int(cfg.RatePerSec) + 1, ExpiresIn: 3 * time.Minute,
			}),
			DenyHandler: func(c echo.Context, id string, err error) error {
				return withCode(echo.NewHTTPError(http.StatusTooManyRequests, "rate limit exceeded"), "rate_limit", nil)
			},
		}))
	}
	if len(cfg.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: cfg.CORSOrigins}))
	}
	s.echo = e
	s.registerRoutes()
	return s
}

// bodyLimitText writes limit, as Echo's BodyLimit reads it, for people:
// "8MiB" is "8 MiB", "8M" (decimal since gommon 0.5) "8 MB", "1500"
// "1500 bytes". It returns "" for no limit, and limit itself if it cannot
// be read (BodyLimit then panics).
func bodyLimitText(limit string) string {
	if limit == "" {
		return ""
	}
	n, err := bytes.Parse(limit)
	if err != nil {
		return limit
	}
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}, {1e9, "GB"}, {1e6, "MB"}, {1e3, "kB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// ServeHTTP serves the API and the map.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }
