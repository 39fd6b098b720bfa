package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/safezone/safezone/store"
)

// preloaded is the number of businesses in the store before the load
// starts, for the updates to pick from.
const preloaded = 1000

// BenchmarkServe_writes starts the real server (Main, on 127.0.0.1:0) with
// a bbolt store on the demo data and drives it over loopback, as
// BenchmarkServe does, with a mix: writes=10% sends 9 in 10 requests as
// POST /api/v1/check and 1 in 10 as a business write with a regulator's
// token (70% POST /api/v1/businesses, 30% PUT of one of the preloaded
// businesses); writes=100% sends only the writes, to show what the write
// path takes apart from the checks' CPU. Every write is acknowledged only
// once it is committed and fsynced. It reports writes/s and write-p50-ms
// and write-p99-ms for the writes, checks/s, p50-ms and p99-ms for the
// checks, and the cores and CPU per request.
//
// make bench-writes runs it with a fixed -benchtime; docs/api-load.md has
// the figures.
func BenchmarkServe_writes(b *testing.B) {
	data := demoData(b)
	storeDir := b.TempDir()
	token := mustPreloadStore(b, storeDir)
	m := &Main{Config: DefaultConfig(), Logger: slog.New(slog.DiscardHandler)}
	m.Config.Addr, m.Config.Store = "127.0.0.1:0", storeDir
	m.Config.sources = sources{data: data, rulesDir: rulesDir}
	if err := m.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	checks := checkRequests(b, data, 4096)
	for _, every := range []int{10, 1} {
		reqs, write := mixWrites(checks, token, every)
		b.Run(fmt.Sprintf("data=chengdu-2018/writes=%d%%", 100/every), func(b *testing.B) {
			clients, elapsed, cpu := runLoad(b, m.Addr(), reqs, write)
			reportLoad(b, clients, elapsed, "checks/s")
			var writes []time.Duration
			for _, c := range clients {
				writes = append(writes, c.writes...)
			}
			if len(writes) > 0 {
				reportLatency(b, writes, elapsed, "writes/s", "write-")
			}
			reportCPU(b, elapsed, cpu)
		})
	}
}

// mustPreloadStore creates the store in dir with a regulator's token and
// preloaded businesses (reg/1 to reg/preloaded), closes it and returns the
// token.
func mustPreloadStore(b *testing.B, dir string) string {
	b.Helper()
	s, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	token, _, err := s.CreateToken(b.Context(), "bench", store.RoleRegulator, "")
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 0))
	batch := store.ImportBatch{Source: "bench"}
	for i := range preloaded {
		batch.Businesses = append(batch.Businesses, benchBusiness(rng, i))
	}
	if _, err := s.Import(b.Context(), "bench", batch); err != nil {
		b.Fatal(err)
	}
	return token
}

// benchBusiness is a licensed business somewhere in the demo area.
func benchBusiness(rng *rand.Rand, n int) store.BusinessInput {
	return store.BusinessInput{
		Name:     fmt.Sprintf("网吧 %d", n),
		Category: string(businessCategories[rng.IntN(len(businessCategories))]),
		Lon:      103.9 + rng.Float64()*0.3, Lat: 30.5 + rng.Float64()*0.3,
		Licence: fmt.Sprintf("JY%014d", n), Status: "licensed",
	}
}

// mixWrites returns checks with every every-th request replaced by a
// business write, ready to send, and which of them are writes.
func mixWrites(checks [][]byte, token string, every int) ([][]byte, []bool) {
	rng := rand.New(rand.NewPCG(43, 0))
	reqs, write := make([][]byte, len(checks)), make([]bool, len(checks))
	for i := range checks {
		if i%every != every-1 {
			reqs[i] = checks[i]
			continue
		}
		in := benchBusiness(rng, preloaded+i)
		method, path := "POST", "/api/v1/businesses"
		if rng.IntN(10) < 3 {
			method, path = "PUT", fmt.Sprintf("/api/v1/businesses/%d", 1+rng.IntN(preloaded))
		}
		body := fmt.Sprintf(`{"name":%q,"category":%q,"lon":%.7f,"lat":%.7f,"status":"proposed"}`, in.Name, in.Category, in.Lon, in.Lat)
		reqs[i] = fmt.Appendf(nil, "%s %s HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			method, path, token, len(body), body)
		write[i] = true
	}
	return reqs, write
}
