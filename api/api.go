// Package api serves the safety-zone engine over HTTP with Echo: checks,
// school reports, zones, registered businesses, audits and their exports,
// under /api/v1, and the map UI from the file system it is handed.
package api

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"

	"github.com/safezone/safezone/geo/walk"

	"github.com/safezone/safezone/geo/osm"
)

// Config is what the server needs. Index and Rules are required.
type Config struct {
	Index    *geo.Index
	Rules    *geo.RulePack // the default pack
	Basemap  *osm.Basemap  // the offline basemap; nil answers 404, and the map draws water only
	RulesDir string        // where packs named in requests are looked up
	Store    store.Backend // registered businesses, tokens, log (bbolt or PostgreSQL); nil serves read-only
	Assets   fs.FS         // the map UI; nil serves the API only
	Logger   *slog.Logger

	BodyLimit   string        // e.g. "8M"
	Timeout     time.Duration // per request
	RatePerSec  float64       // per client IP; 0 disables the limit
	CORSOrigins []string      // empty: CORS off
	Version     string
	Attribution string   // map data attribution shown on the map
	Data        DataInfo // the data's source, date and files, cited by recorded checks
	TileURL     string   // optional tile URL template; empty: offline basemap only
}

// DefaultConfig returns the limits the server uses unless told otherwise.
func DefaultConfig() Config {
	return Config{
		BodyLimit:   "8M",
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

	metrics  *metrics
	jsonBufs sync.Pool // *bytes.Buffer, for writeJSON

	walk func() *walk.Graph // the basemap's pedestrian graph, built on first use

	mu     sync.Mutex // guards the caches below
	regVer uint64
	reg    []geo.Feature            // registered businesses as features
	packs  map[string]*geo.RulePack // rule packs named in requests

	packJSONs map[*geo.RulePack]json.RawMessage // for recorded checks; guarded by mu
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
	s := &Server{cfg: cfg, log: cfg.Logger, metrics: newMetrics(), packs: map[string]*geo.RulePack{},
		packJSONs: map[*geo.RulePack]json.RawMessage{}}
	s.walk = newWalkOnce(cfg.Basemap)
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
		e.Use(middleware.BodyLimit(cfg.BodyLimit))
	}
	if cfg.Timeout > 0 {
		e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{
			Timeout: cfg.Timeout,
			// A check is in-memory work of microseconds that never reads the
			// context, so a deadline would bound nothing; it cost a timer and 7
			// allocations per check (docs/api-load.md).
			Skipper: func(c echo.Context) bool { return c.Path() == "/api/v1/check" },
		}))
	}
	if cfg.RatePerSec > 0 {
		e.Use(middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Skipper: func(c echo.Context) bool { return c.Request().URL.Path == "/api/v1/health" },
			Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
				Rate: rate.Limit(cfg.RatePerSec), Burst: int(cfg.RatePerSec) + 1, ExpiresIn: 3 * time.Minute,
			}),
			DenyHandler: func(c echo.Context, id string, err error) error {
				return echo.NewHTTPError(http.StatusTooManyRequests, "rate limit exceeded")
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

// ServeHTTP serves the API and the map.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }
