package api_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// BenchmarkServer_record sends POST /api/v1/check over loopback HTTP to a
// server with a bbolt store on disk, as a regulator, with and without
// "record": true, one request at a time, and reports the latency at the
// 50th and 99th percentiles (target: recording adds < 2 ms at p99). The
// recorded check is synced to the disk before it is answered, like every
// business write. pack=test is the small test pack (records of about
// 3 kB); pack=shipped is data/rules' default pack, whose clauses make
// records of about 8 kB.
func BenchmarkServer_record(b *testing.B) {
	shipped, err := geo.LoadRules("", "../data/rules")
	if err != nil {
		b.Fatalf("shipped pack: %v", err)
	}
	for _, pack := range []string{"test", "shipped"} {
		ts := MustServer(b, withData, func(c *api.Config) {
			if pack == "shipped" {
				c.Rules, c.RulesDir = shipped, "../data/rules"
			}
		})
		srv := httptest.NewServer(ts)
		benchRecord(b, "pack="+pack, ts, srv)
		srv.Close()
	}
}

// benchRecord runs BenchmarkServer_record's requests against srv.
func benchRecord(b *testing.B, name string, ts *TestServer, srv *httptest.Server) {
	client := srv.Client()
	for _, record := range []bool{false, true} {
		b.Run(fmt.Sprintf("%s/record=%v", name, record), func(b *testing.B) {
			var lat []time.Duration
			cpu0 := cpuTime(b)
			for i := 0; b.Loop(); i++ {
				body := fmt.Sprintf(`{"lon":104.002,"lat":%.7f,"category":"internet_cafe","record":%v}`, 30.0015+float64(i%1000)*1e-7, record)
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/check", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+ts.Tokens[store.RoleRegulator])
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat = append(lat, time.Since(start))
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100])/1e6, "p99-ms")
		})
	}
}
