package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

func importBatch() store.ImportBatch {
	return store.ImportBatch{
		Source: "licences.csv",
		Businesses: []store.BusinessInput{
			{Name: "星空网吧", Category: "internet_cafe", Lat: 30.6571, Lon: 104.0612, Licence: "510104-001", Status: "licensed"},
			{Name: "夜色酒吧", Category: "bar", Lat: 30.6633, Lon: 104.0701},
		},
		Features: []geo.Feature{
			{ID: "s1", Kind: geo.School, Name: "第一小学", SchoolKind: geo.Primary,
				Geometry: orb.Polygon{{{104.059, 30.659}, {104.061, 30.659}, {104.061, 30.661}, {104.059, 30.661}, {104.059, 30.659}}}},
			{ID: "w1", Kind: geo.WaterBody, Name: "府河", Category: geo.Water, WaterKind: "river",
				Geometry: orb.LineString{{104.05, 30.65}, {104.06, 30.652}}},
		},
	}
}

func TestStore_Import(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t, t.TempDir())
	MustCreateBusiness(t, s, store.BusinessInput{Name: "老店", Category: "bar", Lat: 30, Lon: 104, Licence: "510104-001"})
	v0 := s.Version()

	sum, err := s.Import(ctx, regulator, importBatch())
	if err != nil {
		t.Fatal(err)
	}
	// The licence number matches the business registered before: updated.
	if sum != (store.ImportSummary{Created: 1, Updated: 1, Features: 2}) {
		t.Fatalf("summary %+v", sum)
	}
	if s.Version() == v0 {
		t.Error("Version did not move")
	}
	bs, err := s.Businesses(ctx)
	if err != nil || len(bs) != 2 {
		t.Fatalf("businesses %+v %v", bs, err)
	}
	if b := bs[0]; b.ID != "reg/1" || b.Name != "星空网吧" || b.Category != "internet_cafe" || b.CreatedBy != regulator {
		t.Errorf("updated business %+v", b)
	}
	if b := bs[1]; b.ID != "reg/2" || b.Status != store.Proposed || b.Point != (geo.Point{Lat: 30.6633, Lon: 104.0701}) {
		t.Errorf("created business %+v", b)
	}
	fs, err := s.Features(ctx)
	if err != nil || len(fs) != 2 {
		t.Fatalf("features %+v %v", fs, err)
	}
	if f := fs[0]; f.ID != "imp/s1" || f.Kind != geo.School || f.SchoolKind != geo.Primary || len(f.Geometry.(orb.Polygon)[0]) != 5 {
		t.Errorf("school %+v", f)
	}
	if f := fs[1]; f.ID != "imp/w1" || f.WaterKind != "river" {
		t.Errorf("water %+v", f)
	}

	// The same batch again changes nothing.
	sum, err = s.Import(ctx, regulator, importBatch())
	if err != nil || sum != (store.ImportSummary{Unchanged: 2, Features: 2}) {
		t.Fatalf("re-import: %+v %v", sum, err)
	}
	if bs, _ := s.Businesses(ctx); len(bs) != 2 {
		t.Fatalf("re-import created businesses: %+v", bs)
	}
	log, err := s.LogEntries(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	want := "business.create business.update business.create import import"
	if strings.Join(actions, " ") != want {
		t.Errorf("log %q, want %q", strings.Join(actions, " "), want)
	}
}

// TestStore_Import_allOrNothing checks that one bad entry refuses the batch
// and that nothing of it is written.
func TestStore_Import_allOrNothing(t *testing.T) {
	tests := []struct {
		name string
		edit func(*store.ImportBatch)
		want string
	}{
		{"Category", func(b *store.ImportBatch) { b.Businesses[1].Category = "water" }, `businesses[1]: category "water": must be one of`},
		{"Lat", func(b *store.ImportBatch) { b.Businesses[0].Lat = 91 }, `businesses[0]: lat "91": must be between -90 and 90`},
		{"Name", func(b *store.ImportBatch) { b.Businesses[1].Name = strings.Repeat("名", 201) }, `businesses[1]: name "`},
		{"FeatureName", func(b *store.ImportBatch) { b.Features[0].Name = "小学\a" }, `features[0] name "小学\a": must not contain control characters (U+0007)`},
		{"FeatureID", func(b *store.ImportBatch) { b.Features[0].ID = "s\xff" }, `features[0] id "s\xff": must be valid UTF-8`},
		{"FeatureKind", func(b *store.ImportBatch) { b.Features[0].Kind = geo.Business }, `features[0] "s1": kind "business": must be school or water`},
		{"FeatureRing", func(b *store.ImportBatch) { b.Features[0].Geometry = orb.Polygon{{{1, 1}, {2, 2}}} }, `features[0] "imp/s1": `},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := MustOpen(t, t.TempDir())
			b := importBatch()
			tc.edit(&b)
			_, err := s.Import(ctx, regulator, b)
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
			bs, _ := s.Businesses(ctx)
			fs, _ := s.Features(ctx)
			log, _ := s.LogEntries(ctx, 0, 10)
			if len(bs)+len(fs)+len(log) != 0 {
				t.Fatalf("written: %d businesses, %d features, %d log entries", len(bs), len(fs), len(log))
			}
		})
	}
	s := MustOpen(t, t.TempDir())
	if _, err := s.Import(context.Background(), "", importBatch()); !errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("empty actor: err = %v", err)
	}
}
