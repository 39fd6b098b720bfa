package geojson_test

import (
	"strings"
	"testing"

	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// address is read on the fast path (a plain point) and the slow one (addr:*
// keys, a polygon), written back, and kept by the loader's index.
func TestRead_address(t *testing.T) {
	in := `{"type":"Feature","properties":{"id":"b/1","kind":"business","category":"bar","address":" 府青路二段8号 "},"geometry":{"type":"Point","coordinates":[104,30]}}
{"type":"Feature","properties":{"id":"b/2","kind":"business","category":"bar","addr:city":"成都市","addr:street":"府青路二段","addr:housenumber":12},"geometry":{"type":"Point","coordinates":[104,30]}}
{"type":"Feature","properties":{"id":"s/1","kind":"school","address":"府青路二段30号","addr:street":"别的路"},"geometry":{"type":"Polygon","coordinates":[[[104,30],[104.001,30],[104.001,30.001],[104,30]]]}}
{"type":"Feature","properties":{"id":"b/3","kind":"business","category":"bar","address":"  "},"geometry":{"type":"Point","coordinates":[104,30]}}
`
	want := map[string]string{"b/1": "府青路二段8号", "b/2": "成都市府青路二段12号", "s/1": "府青路二段30号", "b/3": ""}
	fs, err := geojson.Read(strings.NewReader(in), "in.geojsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Address != want[f.ID] {
			t.Errorf("%s: address %q, want %q", f.ID, f.Address, want[f.ID])
		}
	}
	b, err := geojson.AppendFeature(nil, fs[1])
	if err != nil || !strings.Contains(string(b), `"address":"成都市府青路二段12号"`) {
		t.Errorf("written %s, %v", b, err)
	}
	var l geojson.Loader
	if err := l.Read(strings.NewReader(in), "in.geojsonl"); err != nil {
		t.Fatal(err)
	}
	idx, err := l.Build()
	if err != nil {
		t.Fatal(err)
	}
	for id, addr := range want {
		if f, err := idx.Feature(id); err != nil || f.Address != addr {
			t.Errorf("index: %s address %q, %v; want %q", id, f.Address, err, addr)
		}
	}
}

func TestRead_address_errors(t *testing.T) {
	tests := []struct{ name, props, want string }{
		{"Number", `"address":12`, `address`},
		{"PartObject", `"addr:street":{"name":"府青路"}`, `addr:street`},
		{"NumberArray", `"addr:housenumber":[12]`, `addr:housenumber: got JSON array, want a string`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := `{"type":"Feature","properties":{"id":"b/1","kind":"business","category":"bar",` + tc.props + `},"geometry":{"type":"Point","coordinates":[104,30]}}`
			_, err := geojson.Read(strings.NewReader(in), "in.geojson")
			geotest.CheckInvalid(t, err, tc.want)
			var l geojson.Loader
			geotest.CheckInvalid(t, l.Read(strings.NewReader(in), "in.geojson"), tc.want)
		})
	}
}
