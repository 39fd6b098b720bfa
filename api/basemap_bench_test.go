package api_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"testing"

	"github.com/safezone/safezone/api"

	"github.com/safezone/safezone/geo/osm"
)

// sharedChengdu is the demo extract as shared with the tests (© OpenStreetMap
// contributors, ODbL); the benchmark skips without it.
const sharedChengdu = "/work/shared/data/osm/chengdu-2018.osm.pbf"

// BenchmarkBasemap serves GET /api/v1/basemap on the Chengdu demo in
// process: the first view the map asks for in the e2e tests' 1280×800
// chromium (zoom 12, the data's extent with half a view of margin each
// side), and the box of one view at zoom 15, without margin. resp-KB is
// the JSON's size, and gzip-KB what it would be compressed.
func BenchmarkBasemap(b *testing.B) {
	if _, err := os.Stat(sharedChengdu); err != nil {
		b.Skipf("no %s: %v", sharedChengdu, err)
	}
	bm, err := osm.ReadBasemap(sharedChengdu)
	if err != nil {
		b.Fatal(err)
	}
	ts := MustServer(b, func(c *api.Config) { c.Basemap = bm })
	cases := []struct{ name, url string }{
		{"first-view/z=12", "/api/v1/basemap?bbox=103.815994,30.446796,104.433975,30.894465&zoom=12"},
		{"one-view/z=15", "/api/v1/basemap?bbox=104.105,30.656,104.145,30.686&zoom=15"},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			var body []byte
			b.ReportAllocs()
			for b.Loop() {
				w := ts.Do(b, http.MethodGet, bc.url, "", "")
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
				body = w.Body.Bytes()
			}
			var zipped bytes.Buffer
			zw := gzip.NewWriter(&zipped)
			zw.Write(body)
			zw.Close()
			b.ReportMetric(float64(len(body))/1024, "resp-KB")
			b.ReportMetric(float64(zipped.Len())/1024, "gzip-KB")
		})
	}
}
