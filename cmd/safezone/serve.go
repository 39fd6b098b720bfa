package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/frontend"
	"github.com/safezone/safezone/store"
)

// Config is the server's configuration, from flags.
type Config struct {
	Addr        string
	Store       string // directory or postgres:// URL; empty serves read-only
	Dev         bool   // serve frontend/ from disk
	TileURL     string
	RatePerSec  float64
	CORSOrigins string
	ImportLimit int64 // bytes of one upload to import
	// LedgerConfig is the ledger's defaults; empty: ledger.yaml beside the
	// rules directory, if there is one.
	LedgerConfig string
	Webhook      string // told of the ledger's events; empty: none
	DataDate     string // how recent the data is, for recorded checks
	DataSource   string // where it comes from, for recorded checks
	sources
}

// DefaultConfig returns the configuration used when no flag is given.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", Store: "var/store", RatePerSec: 0, ImportLimit: api.DefaultImportLimit}
}

// Main is the running server: Run starts it, Close stops it. Tests start it
// on 127.0.0.1:0 and read the address from Addr.
type Main struct {
	Config Config
	Logger *slog.Logger

	ln     net.Listener
	srv    *http.Server
	api    *api.Server
	store  store.Backend
	stop   context.CancelFunc // ends the ledger's background work
	ledger chan struct{}      // closed when it has ended
}

// Run loads the data, opens the store and starts serving in the background.
func (m *Main) Run(ctx context.Context) error {
	if m.Config.Store != "" {
		var err error
		if m.store, err = store.OpenBackend(ctx, m.Config.Store); err != nil {
			return err
		}
	}
	// The store's selected rule pack wins over --rules: an admin chose it
	// while the server ran, and it must outlive restarts and reloads.
	m.Config.sources.preferSelected = true
	d, err := m.load(ctx)
	if err != nil {
		return err
	}
	cfg := api.DefaultConfig()
	cfg.Index, cfg.Rules, cfg.Basemap, cfg.RulesDir, cfg.Reload = d.Index, d.Rules, d.Basemap, m.Config.rulesDir, m.load
	cfg.ImportLimit = m.Config.ImportLimit
	cfg.Logger, cfg.Version, cfg.RatePerSec, cfg.TileURL = m.Logger, version, m.Config.RatePerSec, m.Config.TileURL
	cfg.Data = d.Info
	if m.Config.CORSOrigins != "" {
		cfg.CORSOrigins = strings.Split(m.Config.CORSOrigins, ",")
	}
	if m.store != nil {
		cfg.Store = m.store
	}
	if cfg.Ledger, err = loadLedgerConfig(m.Config.LedgerConfig, m.Config.rulesDir); err != nil {
		return err
	}
	cfg.Webhook = api.Webhook{URL: m.Config.Webhook}
	cfg.Assets = frontend.FS()
	if m.Config.Dev {
		cfg.Assets = os.DirFS("frontend")
	}
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("addr %q: %w", m.Config.Addr, err)
	}
	m.api = api.New(cfg)
	m.srv = &http.Server{Handler: m.api, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 5 * time.Minute}
	lctx, stop := context.WithCancel(context.Background())
	m.stop, m.ledger = stop, make(chan struct{})
	go func() { defer close(m.ledger); m.api.RunLedger(lctx) }()
	go func() {
		if err := m.srv.Serve(m.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("serve", "err", err)
		}
	}()
	m.Logger.Info("serving", "url", "http://"+m.ln.Addr().String()+"/", "schools", d.Index.Count("school"), "rules", d.Rules.ID)
	return nil
}

// load reads what the server answers from: the map data with the schools
// and water bodies imported into the store, the default rule pack and the
// offline basemap. Run calls it at start, and the server on every reload
// (SIGHUP, POST /api/v1/admin/reload, an import of schools or water).
func (m *Main) load(ctx context.Context) (api.Data, error) {
	basemap := startBasemap(m.Config.data, m.Logger)
	type infoResult struct {
		info api.DataInfo
		err  error
	}
	infoc := make(chan infoResult, 1)
	go func() { // the fingerprints are read beside the data
		info, err := dataInfo(m.Config.data, m.Config.DataDate, m.Config.DataSource)
		infoc <- infoResult{info, err}
	}()
	idx, pack, err := m.Config.sources.loadWithStore(ctx, m.store)
	if err != nil {
		return api.Data{}, err
	}
	bm, err := basemap(idx)
	if err != nil {
		return api.Data{}, err
	}
	r := <-infoc
	if r.err != nil {
		return api.Data{}, r.err
	}
	return api.Data{Index: idx, Rules: pack, Basemap: bm, Info: r.info}, nil
}

// Reload loads the data again and swaps it in, as SIGHUP does; see
// api.Server.Reload.
func (m *Main) Reload(ctx context.Context, reason string) (api.ReloadStatus, error) {
	return m.api.Reload(ctx, reason)
}

// Addr is the address the server listens on, once Run has returned.
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Close stops accepting requests, waits up to 10 s for those under way,
// stops the ledger's background work, then closes the store.
func (m *Main) Close() error {
	var err error
	if m.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = m.srv.Shutdown(ctx)
		cancel()
	}
	if m.stop != nil {
		m.stop()
		<-m.ledger
	}
	if m.store != nil {
		err = errors.Join(err, m.store.Close())
	}
	return err
}

func runServe(ctx context.Context, args []string, stdout io.Writer) error {
	m := &Main{Config: DefaultConfig(), Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil))}
	fs := newFlagSet("serve")
	c := &m.Config
	c.sources.register(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.StringVar(&c.Store, "store", c.Store, "store: a directory, or a postgres:// URL shared by replicas (registered businesses, tokens, log); empty: read-only")
	fs.BoolVar(&c.Dev, "dev", false, "serve frontend/ from disk instead of the embedded copy")
	fs.StringVar(&c.TileURL, "tiles", "", "optional tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: offline basemap)")
	fs.Float64Var(&c.RatePerSec, "rate", 0, "requests per second per client IP (0: no limit)")
	fs.Int64Var(&c.ImportLimit, "import-limit", c.ImportLimit, "largest upload to import through the server, in bytes")
	fs.StringVar(&c.CORSOrigins, "cors", "", "comma-separated allowed CORS origins (default: CORS off)")
	fs.StringVar(&c.LedgerConfig, "ledger-config", "", "the hazard ledger's defaults (default: ledger.yaml beside --rules-dir, data/ledger.yaml; none there: no ledger)")
	fs.StringVar(&c.Webhook, "webhook", "", "URL told of every ledger transition, report, sync and new overdue, by POST with an Idempotency-Key, retried until 2xx")
	fs.StringVar(&c.DataDate, "data-date", "", "how recent the data is, as recorded checks cite it, e.g. 2018-07 (default: the demo's, else the data file's modification day)")
	fs.StringVar(&c.DataSource, "data-source", "", "where the data comes from, as recorded checks cite it (default: OpenStreetMap for .osm.pbf/.osm, else GeoJSON)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// SIGHUP is caught before the server says where it listens: one sent
	// as soon as it has said so (or while it loads) is a reload once it
	// serves, not the default action, which ends the process.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	if err := m.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "safezone serving http://%s/\n", m.Addr())
	for {
		select {
		case <-ctx.Done():
			m.Logger.Info("shutting down")
			return m.Close()
		case <-hup:
			// The reload logs how it went; one asked for while another
			// runs follows it.
			go m.Reload(context.Background(), "SIGHUP")
		}
	}
}

var _ fs.FS = frontend.FS()
