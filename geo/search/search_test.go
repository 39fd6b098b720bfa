package search_test

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/osm"
	"github.com/safezone/safezone/geo/search"
)

// MustIndex indexes features named names: schools first, then businesses,
// then water, each a point 0.001° apart.
func MustIndex(tb testing.TB, schools, businesses, water []string) *geo.Index {
	tb.Helper()
	var fs []geo.Feature
	add := func(kind geo.Kind, names []string) {
		for i, n := range names {
			f := geo.Feature{ID: fmt.Sprintf("%s/%d", kind, i+1), Kind: kind, Name: n, Geometry: orb.Point{104 + float64(len(fs))*0.001, 30.6}}
			switch kind {
			case geo.School:
				f.SchoolKind = geo.Primary
			case geo.Business:
				f.Category = geo.Category("internet_cafe")
			case geo.WaterBody:
				f.WaterKind = "river"
			}
			fs = append(fs, f)
		}
	}
	add(geo.School, schools)
	add(geo.Business, businesses)
	add(geo.WaterBody, water)
	idx, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatal(err)
	}
	return idx
}

func ids(hits []search.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Feature.ID
	}
	return out
}

func TestFind(t *testing.T) {
	s := search.New(MustIndex(t,
		[]string{"泡桐树小学", "泡桐树中学", "少城小学", "Chengdu International School", ""},
		[]string{"泡桐树网吧", "ＡＢＣ 网吧", "wonder House"},
		[]string{"府河"}), nil)
	tests := []struct {
		name, q string
		want    []string
	}{
		{"Exact", "泡桐树小学", []string{"school/1"}},
		{"PrefixBeforeContains", "泡桐树", []string{"school/1", "school/2", "business/1"}},
		{"ContainsShorterFirst", "小学", []string{"school/3", "school/1"}},
		{"Pinyin", "paotongshu", []string{"school/1", "school/2", "business/1"}},
		{"PinyinAcrossSyllables", "shuxiao", []string{"school/1"}},
		{"Initials", "ptsxx", []string{"school/1"}},
		{"HomophoneTypo", "泡同树小", []string{"school/1"}},
		{"MixedHanAndPinyin", "泡桐shu小", []string{"school/1"}},
		{"LatinNameIgnoringCase", "WONDER", []string{"business/3"}},
		{"LatinNameSpaces", "international school", []string{"school/4"}},
		{"FullWidth", "abc", []string{"business/2"}},
		{"Water", "府河", []string{"water/1"}},
		{"WaterByPinyin", "fuhe", []string{"water/1"}},
		{"None", "北京", nil},
		{"Empty", "  ", nil},
		{"NoID", "school/1", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(s.Find(tc.q, 10, nil)); !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	if got := s.Find("泡桐树", 10, nil)[0]; got.Match != search.Prefix || got.Feature.Name != "泡桐树小学" || got.Feature.SchoolKind != geo.Primary {
		t.Errorf("first hit %+v", got)
	}
	if got := ids(s.Find("泡桐树", 2, nil)); len(got) != 2 {
		t.Errorf("limit 2: %v", got)
	}
}

func TestFind_extra(t *testing.T) {
	s := search.New(MustIndex(t, []string{"星空小学"}, nil, nil), nil)
	extra := []geo.Feature{{ID: "reg/1", Kind: geo.Business, Name: "星空网吧", Category: geo.Category("internet_cafe"), Geometry: orb.Point{104, 30}}}
	if got := ids(s.Find("xingkong", 10, extra)); !slices.Equal(got, []string{"school/1", "reg/1"}) {
		t.Errorf("%v", got)
	}
	if h := s.Find("星空网", 10, extra); len(h) != 1 || h[0].Point != (geo.Point{Lat: 30, Lon: 104}) || h[0].Match != search.Prefix {
		t.Errorf("%+v", h)
	}
}

// Find agrees with matching every name one by one.
func TestFind_bruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	chars := []rune("泡桐树小学中少城网吧河路东西南北实验第一二三")
	name := func() string {
		r := make([]rune, 2+rng.Intn(6))
		for i := range r {
			r[i] = chars[rng.Intn(len(chars))]
		}
		return string(r)
	}
	var names []string
	for range 500 {
		names = append(names, name())
	}
	s := search.New(MustIndex(t, names, nil, nil), nil)
	for range 200 {
		q := []rune(name())
		q = q[:1+rng.Intn(len(q)-1)]
		var want []string
		for i, n := range names {
			if strings.Contains(n, string(q)) {
				want = append(want, fmt.Sprintf("school/%d", i+1))
			}
		}
		var got []string
		for _, h := range s.Find(string(q), len(names), nil) {
			if h.Match <= search.Contains {
				got = append(got, h.Feature.ID)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("Find(%q): %v, want %v", string(q), got, want)
		}
	}
}

// Streets are found by name too, one hit for all the ways of a name.
func TestFind_streets(t *testing.T) {
	roads := []osm.Road{
		{WayID: 1, Class: "residential", Name: "泡桐树街", Line: orb.LineString{{104.05, 30.66}, {104.051, 30.66}, {104.052, 30.66}}},
		{WayID: 2, Class: "residential", Name: "泡桐树街", Line: orb.LineString{{104.052, 30.66}, {104.053, 30.661}}},
		{WayID: 3, Class: "footway", Line: orb.LineString{{104, 30}, {104.001, 30}}},
	}
	s := search.New(MustIndex(t, []string{"泡桐树小学"}, nil, nil), roads)
	hits := s.Find("paotongshu", 10, nil)
	if got := ids(hits); !slices.Equal(got, []string{"school/1", "street/泡桐树街"}) {
		t.Fatalf("%v", got)
	}
	st := hits[1]
	if st.Feature.Kind != search.Street || st.Point != (geo.Point{Lat: 30.66, Lon: 104.051}) {
		t.Errorf("street %+v", st)
	}
	if ml, ok := st.Feature.Geometry.(orb.MultiLineString); !ok || len(ml) != 2 {
		t.Errorf("street geometry %v", st.Feature.Geometry)
	}
}
