package geo_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// TestNewIndex_IDs finds every feature by ID, where IDs share 16-byte
// prefixes, end with zero bytes or begin one another, as the ID sort's
// integer keys must order them as strings; and it rejects duplicates that
// differ from their neighbours only past byte 16.
func TestNewIndex_IDs(t *testing.T) {
	ids := []string{"a", "a\x00", "a\x00\x00", "ab", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopa",
		"abcdefghijklmnop\x00", "b", "biz/10", "biz/2", "biz/1234567", "node/1234567890123", "node/12345678901234",
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff", "way/1", "way/10", "way/9"}
	var fs []geo.Feature
	for i, id := range ids {
		fs = append(fs, geo.Feature{ID: id, Kind: geo.Business, Category: "bar",
			Geometry: orb.Point{104 + float64(i)/1000, 30 + float64(i%5)/1000}})
	}
	idx := geotest.MustIndex(t, fs)
	for _, id := range ids {
		if f, err := idx.Feature(id); err != nil || f.ID != id {
			t.Errorf("Feature(%q) = %q, %v", id, f.ID, err)
		}
	}
	if _, err := idx.Feature("abcdefghijklmnopb"); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("Feature of an unknown ID with a known prefix: %v, want ErrNotFound", err)
	}
	dup := append(fs, geo.Feature{ID: "abcdefghijklmnopq", Kind: geo.Business, Category: "bar", Geometry: orb.Point{105, 31}})
	if _, err := geo.NewIndex(dup); !errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("NewIndex with a duplicate long ID: %v, want ErrInvalidInput", err)
	}
}

// TestNewIndex_firstError reports the first invalid feature, whichever
// worker validated it.
func TestNewIndex_firstError(t *testing.T) {
	var fs []geo.Feature
	for i := range 20000 {
		fs = append(fs, geo.Feature{ID: fmt.Sprint("biz/", i), Kind: geo.Business, Category: "bar", Geometry: orb.Point{104, 30}})
	}
	fs[12000].Category, fs[19000].Category = "nope", "nope"
	_, err := geo.NewIndex(fs)
	if want := `feature "biz/12000"`; err == nil || !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), want) {
		t.Errorf("NewIndex = %v, want an error naming %s", err, want)
	}
}
