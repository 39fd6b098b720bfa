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
	"strings"
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
	DataDate    string // how recent the data is, for recorded checks
	DataSource  string // where it comes from, for recorded checks
	sources
}

// DefaultConfig returns the configuration used when no flag is given.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", Store: "var/store", RatePerSec: 0}
}

// Main is the running server: Run starts it, Close stops it. Tests start it
// on 127.0.0.1:0 and read the address from Addr.
type Main struct {
	Config Config
	Logger *slog.Logger

	ln    net.Listener
	srv   *http.Server
	store store.Backend
}

// Run loads the data, opens the store and starts serving in the background.
func (m *Main) Run(ctx context.Context) error {
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
	if m.Config.Store != "" {
		var err error
		if m.store, err = store.OpenBackend(ctx, m.Config.Store); err != nil {
			return err
		}
	}
	idx, pack, err := m.Config.sources.loadWithStore(ctx, m.store)
	if err != nil {
		return err
	}
	cfg := api.DefaultConfig()
	cfg.Index, cfg.Rules, cfg.RulesDir = idx, pack, m.Config.rulesDir
	if cfg.Basemap, err = basemap(idx); err != nil {
		return err
	}
	cfg.Logger, cfg.Version, cfg.RatePerSec, cfg.TileURL = m.Logger, version, m.Config.RatePerSec, m.Config.TileURL
	r := <-infoc
	if r.err != nil {
		return r.err
	}
	cfg.Data = r.info
	if m.Config.CORSOrigins != "" {
		cfg.CORSOrigins = strings.Split(m.Config.CORSOrigins, ",")
	}
	if m.store != nil {
		cfg.Store = m.store
	}
	cfg.Assets = frontend.FS()
	if m.Config.Dev {
		cfg.Assets = os.DirFS("frontend")
	}
	if m.ln, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return fmt.Errorf("addr %q: %w", m.Config.Addr, err)
	}
	m.srv = &http.Server{Handler: api.New(cfg), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 5 * time.Minute}
	go func() {
		if err := m.srv.Serve(m.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("serve", "err", err)
		}
	}()
	m.Logger.Info("serving", "url", "http://"+m.ln.Addr().String()+"/", "schools", idx.Count("school"), "rules", pack.ID)
	return nil
}

// Addr is the address the server listens on, once Run has returned.
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Close stops accepting requests, waits up to 10 s for those under way,
// then closes the store.
func (m *Main) Close() error {
	var err error
	if m.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = m.srv.Shutdown(ctx)
		cancel()
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
	fs.StringVar(&c.CORSOrigins, "cors", "", "comma-separated allowed CORS origins (default: CORS off)")
	fs.StringVar(&c.DataDate, "data-date", "", "how recent the data is, as recorded checks cite it, e.g. 2018-07 (default: the demo's, else the data file's modification day)")
	fs.StringVar(&c.DataSource, "data-source", "", "where the data comes from, as recorded checks cite it (default: OpenStreetMap for .osm.pbf/.osm, else GeoJSON)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := m.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "safezone serving http://%s/\n", m.Addr())
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return m.Close()
}

var _ fs.FS = frontend.FS()
