package api_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/synth"
)

// BenchmarkServer_check serves POST /api/v1/check in process, without a
// network: the handler, the middleware and the JSON, for points 0-400 m from
// random schools of a synthetic province (20k schools, half campus
// polygons; 200k businesses), in every category of the shipped default pack
// (data/rules; skipped without it). GET /api/v1/health is the baseline: Echo
// and the middleware alone. cmd/safezone's BenchmarkServe adds loopback HTTP.
func BenchmarkServer_check(b *testing.B) {
	pack, err := geo.LoadRules("", "../data/rules")
	if err != nil {
		b.Skipf("default pack: %v", err)
	}
	var cats []geo.Category
	for _, r := range pack.Rules {
		for _, c := range r.Categories {
			if !slices.Contains(cats, c) {
				cats = append(cats, c)
			}
		}
	}
	var feats []geo.Feature
	var sites []orb.Point
	err = synth.Generate(synth.Config{Schools: 20_000, Businesses: 200_000, Seed: 1}, func(f geo.Feature) error {
		feats = append(feats, f)
		if f.Kind == geo.School {
			sites = append(sites, f.Geometry.Bound().Center())
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	idx, err := geo.NewIndex(feats)
	if err != nil {
		b.Fatal(err)
	}
	cfg := api.DefaultConfig() // the limits and middleware the server runs with
	cfg.Index, cfg.Rules = idx, pack
	h := api.New(cfg)
	rng := rand.New(rand.NewPCG(42, 0))
	bodies := make([]string, 1024)
	for i := range bodies {
		p := sites[rng.IntN(len(sites))]
		dist, bearing := 400*rng.Float64(), 2*math.Pi*rng.Float64()
		lat := p.Lat() + dist*math.Cos(bearing)/111_320
		lon := p.Lon() + dist*math.Sin(bearing)/(111_320*math.Cos(lat*math.Pi/180))
		bodies[i] = fmt.Sprintf(`{"lat":%.7f,"lon":%.7f,"category":%q}`, lat, lon, cats[rng.IntN(len(cats))])
	}
	b.Run("route=check", func(b *testing.B) {
		b.ReportAllocs()
		hits := 0
		cpu0 := cpuTime(b)
		for i := 0; b.Loop(); i++ {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodPost, "/api/v1/check", strings.NewReader(bodies[i%len(bodies)]))
			r.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if !strings.HasPrefix(w.Body.String(), `{"verdict":"allowed"`) {
				hits++
			}
		}
		b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
	})
	b.Run("route=health", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := cpuTime(b)
		for b.Loop() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/health", nil))
			if w.Code != http.StatusOK {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
		b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
	})
}

// cpuTime returns the user and system CPU time the process has used, GC
// included. On a shared machine it varies less than ns/op, which counts the
// time other processes hold the cores.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
