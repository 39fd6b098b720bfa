package geojson_test

import (
	"strings"
	"testing"

	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// opened_on is read on the fast path (a plain point) and the slow one (a
// polygon with gates), written back as it was read, and kept by the
// loader's index.
func TestRead_openedOn(t *testing.T) {
	in := `{"type":"Feature","properties":{"id":"b/1","kind":"business","category":"bar","opened_on":"2012-05"},"geometry":{"type":"Point","coordinates":[104,30]}}
{"type":"Feature","properties":{"id":"s/1","kind":"school","opened_on":"2015/9/1","gates":[[104.001,30]]},"geometry":{"type":"Polygon","coordinates":[[[104,30],[104.001,30],[104.001,30.001],[104,30]]]}}
{"type":"Feature","properties":{"id":"b/2","kind":"business","category":"bar"},"geometry":{"type":"Point","coordinates":[104,30]}}
`
	fs, err := geojson.Read(strings.NewReader(in), "in.geojsonl")
	if err != nil {
		t.Fatal(err)
	}
	got := []string{fs[0].OpenedOn.String(), fs[1].OpenedOn.String(), fs[2].OpenedOn.String()}
	if strings.Join(got, ",") != "2012-05,2015-09-01," {
		t.Errorf("opened_on %q", got)
	}
	b, err := geojson.AppendFeature(nil, fs[1])
	if err != nil || !strings.Contains(string(b), `"opened_on":"2015-09-01"`) {
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
	for _, want := range []struct{ id, date string }{{"b/1", "2012-05"}, {"s/1", "2015-09-01"}, {"b/2", ""}} {
		if f, err := idx.Feature(want.id); err != nil || f.OpenedOn.String() != want.date {
			t.Errorf("index: %s opened %q, %v; want %q", want.id, f.OpenedOn, err, want.date)
		}
	}
}

func TestRead_openedOn_errors(t *testing.T) {
	tests := []struct{ name, props, want string }{
		{"NotADate", `"opened_on":"soon"`, `opened_on "soon": must be a date`},
		{"Future", `"opened_on":"2999-01-01"`, `opened_on "2999-01-01": is in the future`},
		{"NoMonth", `"opened_on":"2018-13"`, `month 13 does not exist`},
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
	_, err := geojson.ParseSite([]byte(`{"type":"Feature","properties":{"opened_on":"next year"},"geometry":{"type":"Point","coordinates":[104,30]}}`))
	geotest.CheckInvalid(t, err, `site.properties.opened_on "next year": must be a date`)
	s, err := geojson.ParseSite([]byte(`{"type":"Feature","properties":{"opened_on":"2031-09"},"geometry":{"type":"Point","coordinates":[104,30]}}`))
	if err != nil || s.OpenedOn.String() != "2031-09" {
		t.Errorf("a site may open in the future: %v, %v", s.OpenedOn, err)
	}
}
