package osm_test

import (
	"testing"

	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/osm"
)

// start_date is a feature's opening date when it is a plain date in the
// past; approximate or future dates leave it unknown.
func TestRead_startDate(t *testing.T) {
	fs, err := osm.Read(geotest.Testdata("osm_dates.osm"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"node/1": "2012-05", "node/2": "", "node/3": "", "node/4": "", "way/20": "2015-09-01"}
	if len(fs) != len(want) {
		t.Fatalf("%d features, want %d", len(fs), len(want))
	}
	for _, f := range fs {
		if f.OpenedOn.String() != want[f.ID] {
			t.Errorf("%s opened %q, want %q", f.ID, f.OpenedOn, want[f.ID])
		}
	}
}
