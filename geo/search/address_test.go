package search_test

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/osm"
	"github.com/safezone/safezone/geo/search"
)

// Places are found by address: the street by characters or pinyin, a house
// number narrowing it to whole numbers, after the places named by the query.
func TestFind_address(t *testing.T) {
	p := func(i int) orb.Point { return orb.Point{104 + float64(i)*0.001, 30.6} }
	fs := []geo.Feature{
		{ID: "s/1", Kind: geo.School, SchoolKind: geo.Primary, Name: "建设路小学", Address: "四川省成都市成华区府青路二段30号", Geometry: p(1)},
		{ID: "b/1", Kind: geo.Business, Category: "internet_cafe", Name: "星空网吧", Address: "成华区府青路二段12号", Geometry: p(2)},
		{ID: "b/2", Kind: geo.Business, Category: "internet_cafe", Name: "月亮网吧", Address: "府青路二段112号", Geometry: p(3)},
		{ID: "b/3", Kind: geo.Business, Category: "bar", Name: "府青酒吧", Geometry: p(4)},
		{ID: "b/4", Kind: geo.Business, Category: "bar", Address: "府青路二段12号附1号", Geometry: p(5)}, // no name
		{ID: "b/5", Kind: geo.Business, Category: "bar", Name: "夜色", Address: "12 Avenue Prince Pierre, Monaco", Geometry: p(6)},
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		t.Fatal(err)
	}
	roads := []osm.Road{{WayID: 1, Class: "primary", Name: "府青路二段", Line: orb.LineString{{104, 30.6}, {104.01, 30.6}}}}
	s := search.New(idx, roads)
	tests := []struct {
		name, q string
		want    []string
	}{
		{"Street", "府青路", []string{"street/府青路二段", "s/1", "b/1", "b/2", "b/4"}},
		{"NameBeforeAddress", "府青", []string{"street/府青路二段", "b/3", "s/1", "b/1", "b/2", "b/4"}},
		{"StreetPinyin", "fuqinglu", []string{"street/府青路二段", "s/1", "b/1", "b/2", "b/4"}},
		{"Number", "府青路12号", []string{"b/1", "b/4"}},
		{"NumberSpaced", "府青路 二段 12", []string{"b/1", "b/4"}},
		{"NumberPinyin", "fuqinglu12", []string{"b/1", "b/4"}},
		{"NumberWhole", "府青路112", []string{"b/2"}},
		{"NumberAbsent", "府青路13号", nil},
		{"District", "成华区府青路", []string{"s/1", "b/1"}},
		{"NumberAlone", "12", nil},
		{"Latin", "prince pierre 12", []string{"b/5"}},
		{"WordsInOrder", "府青路成华区", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(s.Find(tc.q, 10, nil)); !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	h := s.Find("府青路12号", 10, nil)
	if h[0].Match != search.Address || h[0].Feature.Address != "成华区府青路二段12号" || h[0].Feature.Name != "星空网吧" {
		t.Errorf("first hit %+v", h[0])
	}
	extra := []geo.Feature{{ID: "reg/1", Kind: geo.Business, Category: "bar", Name: "登记酒吧", Address: "府青路二段12号", Geometry: p(7)}}
	if got := ids(s.Find("fuqinglu 12", 10, extra)); !slices.Equal(got, []string{"b/1", "reg/1", "b/4"}) {
		t.Errorf("with a registered business: %v", got)
	}
}
