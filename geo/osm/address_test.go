package osm_test

import (
	"testing"

	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/osm"
)

// TestRead_address reads addresses from nodes and from a school's way.
func TestRead_address(t *testing.T) {
	fs, err := osm.Read(geotest.Testdata("osm_address.osm"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"node/1": "四川省成都市成华区府青路二段12号", "node/2": "成华区府青路二段8号附1号", "node/3": "", "way/20": "府青路二段30号"}
	if len(fs) != len(want) {
		t.Fatalf("%d features, want %d", len(fs), len(want))
	}
	for _, f := range fs {
		if f.Address != want[f.ID] {
			t.Errorf("%s address %q, want %q", f.ID, f.Address, want[f.ID])
		}
	}
}
