package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// loadConns is the number of keep-alive connections that drive the server,
// one request in flight on each.
const loadConns = 16

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

// driveLoad sends b.N requests, cycling through reqs, over loadConns
// keep-alive connections, and reports the throughput in rate (requests per
// second), p50-ms, p99-ms and, for checks, hit-%: the share of verdicts
// other than allowed.
func driveLoad(b *testing.B, addr string, reqs [][]byte, rate string) {
	clients := make([]*loadClient, loadConns)
	for i := range clients {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		clients[i] = &loadClient{conn: conn, br: bufio.NewReaderSize(conn, 64<<10)}
	}
	// Warm up the connections and the server, untimed.
	for i := range 100 * loadConns {
		if err := clients[i%loadConns].do(reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range clients {
		c.latency, c.hits = c.latency[:0], 0
	}
	work := make(chan int, loadConns)
	var wg sync.WaitGroup
	errs := make(chan error, loadConns)
	for _, c := range clients {
		wg.Go(func() {
			for i := range work {
				if err := c.do(reqs[i%len(reqs)]); err != nil {
					errs <- err
					for range work { // let the loop finish
					}
					return
				}
			}
		})
	}
	start, cpu0 := time.Now(), cpuTime(b)
	for i := 0; b.Loop(); i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	elapsed, cpu := time.Since(start), cpuTime(b)-cpu0
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	reportLoad(b, clients, elapsed, rate)
	// The CPU this process used, server and clients together: on a shared
	// machine, fewer cores than GOMAXPROCS means other processes took some.
	b.ReportMetric(cpu.Seconds()/elapsed.Seconds(), "cores")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
}

// cpuTime returns the user and system CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportLoad reports the clients' throughput and latency.
func reportLoad(b *testing.B, clients []*loadClient, elapsed time.Duration, rate string) {
	var all []time.Duration
	hits := 0
	for _, c := range clients {
		all = append(all, c.latency...)
		hits += c.hits
	}
	slices.Sort(all)
	ms := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))]) / 1e6 }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), rate)
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	if rate == "checks/s" {
		b.ReportMetric(100*float64(hits)/float64(len(all)), "hit-%")
	}
}

// loadClient is one keep-alive connection with one request in flight.
type loadClient struct {
	conn    net.Conn
	br      *bufio.Reader
	body    bytes.Buffer
	latency []time.Duration
	hits    int // answers with a verdict other than allowed
}

// do sends req, reads the whole answer and records its latency. An answer
// other than 200 is an error.
func (c *loadClient) do(req []byte) error {
	start := time.Now()
	if _, err := c.conn.Write(req); err != nil {
		return err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return err
	}
	c.body.Reset()
	_, err = c.body.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	c.latency = append(c.latency, time.Since(start))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, c.body.Bytes())
	}
	if bytes.HasPrefix(c.body.Bytes(), []byte(`{"verdict":"`)) && !bytes.HasPrefix(c.body.Bytes(), []byte(`{"verdict":"allowed"`)) {
		c.hits++
	}
	return nil
}
