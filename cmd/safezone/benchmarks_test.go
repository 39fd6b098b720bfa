package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// loadConns is the number of keep-alive connections that drive the server,
// one request in flight on each, rounded up to a multiple of GOMAXPROCS.
// On 2 cores, 16 left a fifth of the CPU idle (1.72 cores, 28k checks/s),
// 32 used 1.87 cores (30k/s, p99 4.7 ms) and 64 added latency, not
// throughput (29.6k/s, p99 6.9 ms): docs/api-load.md.
const loadConns = 32

// BenchmarkServe starts the real server (Main, on 127.0.0.1:0, read-only)
// on a data set and drives it over loopback: POST /api/v1/check with random
// points 0-400 m from random schools, so a mix of hits and misses, in every
// category the default pack has rules for; and GET /api/v1/health as the
// baseline, the cost of HTTP and Echo alone. The clients are raw HTTP/1.1
// on keep-alive connections, in this process: they share the machine's
// cores with the server, so the figures are a floor. An op is one request;
// checks/s counts from the first request to the last answer, p50-ms and
// p99-ms are per request.
//
// make bench-api runs it with a fixed -benchtime; docs/api-load.md has the
// figures. The synthetic set is 200k schools (half campus polygons) and 2M
// businesses, written by safezone gen, which takes about 15 s to write and
// load.
func BenchmarkServe(b *testing.B) {
	datasets := []struct {
		name    string
		data    func(b *testing.B) string
		schools string // file the query points are drawn from
	}{
		{"data=chengdu-2018", demoData, ""},
		{"data=synth-200k", synthData(200_000, 2_000_000), "schools.geojsonl"},
	}
	for _, ds := range datasets {
		b.Run(ds.name, func(b *testing.B) {
			data := ds.data(b)
			addr := startBenchServer(b, data)
			checks := checkRequests(b, filepath.Join(data, ds.schools), 4096)
			health := [][]byte{[]byte("GET /api/v1/health HTTP/1.1\r\nHost: bench\r\n\r\n")}
			b.Run("route=check", func(b *testing.B) { driveLoad(b, addr, checks, "checks/s") })
			b.Run("route=health", func(b *testing.B) { driveLoad(b, addr, health, "req/s") })
		})
	}
}

func demoData(b *testing.B) string {
	const path = "../../data/chengdu-2018.osm.pbf"
	if _, err := os.Stat(path); err != nil {
		b.Skipf("demo data: %v", err)
	}
	return path
}

// synthData returns a function that writes a synthetic data set with
// `safezone gen` into a temporary directory.
func synthData(schools, businesses int) func(b *testing.B) string {
	return func(b *testing.B) string {
		dir := b.TempDir()
		code, _, errOut := MustRun(b, "gen", "--schools", fmt.Sprint(schools), "--businesses", fmt.Sprint(businesses), "--seed", "1", "--out", dir)
		if code != 0 {
			b.Fatalf("gen: exit %d: %s", code, errOut)
		}
		return dir
	}
}

// startBenchServer runs Main on data and returns its address.
func startBenchServer(b *testing.B, data string) string {
	b.Helper()
	m := &Main{Config: DefaultConfig(), Logger: slog.New(slog.DiscardHandler)}
	m.Config.Addr, m.Config.Store = "127.0.0.1:0", ""
	m.Config.sources = sources{data: data, rulesDir: rulesDir}
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m.Addr()
}

// checkRequests returns n check requests, ready to write, for points 0-400 m
// from schools in the data at path, in the default pack's categories.
func checkRequests(b *testing.B, path string, n int) [][]byte {
	b.Helper()
	feats, err := loadFeatures(path)
	if err != nil {
		b.Fatal(err)
	}
	var sites []orb.Point
	for _, f := range feats {
		if f.Kind == geo.School {
			sites = append(sites, f.Geometry.Bound().Center())
		}
	}
	pack, err := geo.LoadRules("", rulesDir)
	if err != nil {
		b.Fatal(err)
	}
	var cats []geo.Category
	for _, r := range pack.Rules {
		for _, c := range r.Categories {
			if !slices.Contains(cats, c) {
				cats = append(cats, c)
			}
		}
	}
	rng := rand.New(rand.NewPCG(42, 0))
	reqs := make([][]byte, n)
	for i := range reqs {
		p := sites[rng.IntN(len(sites))]
		dist, bearing := 400*rng.Float64(), 2*math.Pi*rng.Float64()
		lat := p.Lat() + dist*math.Cos(bearing)/111_320
		lon := p.Lon() + dist*math.Sin(bearing)/(111_320*math.Cos(lat*math.Pi/180))
		body := fmt.Sprintf(`{"lat":%.7f,"lon":%.7f,"category":%q}`, lat, lon, cats[rng.IntN(len(cats))])
		reqs[i] = fmt.Appendf(nil, "POST /api/v1/check HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}
	return reqs
}
