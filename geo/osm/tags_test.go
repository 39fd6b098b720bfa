package osm

import (
	"strings"
	"testing"

	"github.com/paulmach/osm"

	"github.com/safezone/safezone/geo"
)

func TestClassifyOSM(t *testing.T) {
	school := func(k geo.SchoolKind) osmClass { return osmClass{kind: geo.School, school: k} }
	business := func(c geo.Category) osmClass { return osmClass{kind: geo.Business, cat: c} }
	water := func(k geo.WaterKind, line bool) osmClass {
		return osmClass{kind: geo.WaterBody, cat: geo.Water, water: k, line: line}
	}
	tests := []struct {
		tags string // "k=v,k=v"
		want osmClass
		ok   bool
	}{
		{"amenity=school", school(geo.GeneralSchool), true},
		{"amenity=kindergarten", school(geo.Kindergarten), true},
		{"amenity=school,isced:level=0", school(geo.Kindergarten), true},
		{"amenity=school,isced:level=1", school(geo.Primary), true},
		{"amenity=school,isced:level=2", school(geo.Secondary), true},
		{"amenity=school,isced:level=3", school(geo.Secondary), true},
		{"amenity=school,isced:level=1;2", school(geo.Primary), true},
		{"amenity=school,isced:level= 2 ; 1 ", school(geo.Primary), true},
		{"amenity=school,isced:level=1-3", school(geo.Primary), true},
		{"amenity=school,isced:level=0;1", school(geo.Kindergarten), true},
		{"amenity=school,isced:level=5", school(geo.GeneralSchool), true},
		{"amenity=kindergarten,isced:level=1", school(geo.Primary), true},
		{"amenity=school,school=primary", school(geo.Primary), true},
		{"amenity=school,school=middle", school(geo.Secondary), true},
		{"amenity=school,school=high", school(geo.Secondary), true},
		{"amenity=school,school=secondary;primary", school(geo.Primary), true},
		{"amenity=school,school:FR=maternelle", school(geo.Kindergarten), true},
		{"amenity=school,school:gender=boys", school(geo.GeneralSchool), true},
		{"amenity=school,isced:level=2,school=primary,name=实验小学", school(geo.Secondary), true},
		{"amenity=school,name=成都市实验小学", school(geo.Primary), true},
		{"amenity=school,name=成都49中", school(geo.Secondary), true},
		{"amenity=school,name=成都铁中", school(geo.Secondary), true},
		{"amenity=school,name=第十七中学（初中部）", school(geo.Secondary), true},
		{"amenity=school,name=石室中学初中学校（东区）", school(geo.Secondary), true},
		{"amenity=school,name=新都区中小学", school(geo.Primary), true},
		{"amenity=school,name=城关中心小学", school(geo.Primary), true},
		{"amenity=school,name=加州阳光幼儿园", school(geo.Kindergarten), true},
		{"amenity=school,name=成都七中嘉祥外国语学校", school(geo.GeneralSchool), true},
		{"amenity=school,name=西南交通大学", school(geo.GeneralSchool), true},
		{"amenity=school,name:en=Chengdu No.7 High School", school(geo.Secondary), true},
		{"amenity=school,name=Sunrise Primary School", school(geo.Primary), true},
		{"amenity=kindergarten,name=实验小学幼儿部", school(geo.Kindergarten), true},
		{"amenity=school,natural=water", school(geo.GeneralSchool), true},

		{"amenity=internet_cafe", business(geo.InternetCafe), true},
		{"amenity=karaoke_box", business(geo.SongDance), true},
		{"amenity=nightclub", business(geo.SongDance), true},
		{"leisure=dance", business(geo.SongDance), true},
		{"leisure=amusement_arcade", business(geo.GameArcade), true},
		{"leisure=adult_gaming_centre", business(geo.GameArcade), true},
		{"shop=lottery", business(geo.Lottery), true},
		{"amenity=casino", business(geo.Gambling), true},
		{"amenity=gambling", business(geo.Gambling), true},
		{"shop=bookmaker", business(geo.Gambling), true},
		{"amenity=bar", business(geo.Bar), true},
		{"amenity=pub", business(geo.Bar), true},
		{"shop=tobacco", business(geo.Tobacco), true},
		{"shop=e-cigarette", business(geo.Tobacco), true},
		{"shop=kiosk", business(geo.StreetStall), true},
		{"amenity=marketplace", business(geo.Market), true},
		{"amenity=parking", business(geo.Parking), true},
		{"amenity=fuel;parking", business(geo.Parking), true},
		{"shop=fireworks", business(geo.Fireworks), true},
		{"tourism=hotel", business(geo.Hotel), true},
		{"tourism=hostel", business(geo.Hotel), true},
		{"tourism=motel", business(geo.Hotel), true},
		{"tourism=guest_house", business(geo.Hotel), true},
		{"amenity=clinic", business(geo.Clinic), true},
		{"amenity=doctors", business(geo.Clinic), true},
		{"amenity=police", business(geo.Police), true},
		{"amenity=restaurant,shop=tobacco", business(geo.Tobacco), true},
		{"amenity=parking_entrance", osmClass{}, false},
		{"amenity=vending_machine", osmClass{}, false},
		{"amenity=hospital", osmClass{}, false},
		{"amenity=university", osmClass{}, false},

		{"natural=water", water(geo.OtherWater, false), true},
		{"natural=water,water=river", water(geo.River, false), true},
		{"natural=water,water=canal", water(geo.Canal, false), true},
		{"natural=water,water=pond", water(geo.Pond, false), true},
		{"natural=water,water=reservoir", water(geo.Reservoir, false), true},
		{"natural=water,water=lake", water(geo.Lake, false), true},
		{"natural=water,water=reflecting_pool", water(geo.OtherWater, false), true},
		{"landuse=reservoir", water(geo.Reservoir, false), true},
		{"landuse=basin", water(geo.Basin, false), true},
		{"waterway=riverbank", water(geo.River, false), true},
		{"waterway=river", water(geo.River, true), true},
		{"waterway=stream", water(geo.Stream, true), true},
		{"waterway=canal", water(geo.Canal, true), true},
		{"waterway=ditch", water(geo.Ditch, true), true},
		{"waterway=drain", water(geo.Drain, true), true},
		{"waterway=canal,area=yes", osmClass{kind: geo.WaterBody, cat: geo.Water, water: geo.Canal, line: true, areaYes: true}, true},
		{"waterway=dam", osmClass{}, false},
		{"natural=wood", osmClass{}, false},
		{"", osmClass{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.tags, func(t *testing.T) {
			got, ok := classifyOSM(parseOSMTags(tc.tags))
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestIsOSMGate(t *testing.T) {
	for tags, want := range map[string]bool{
		"entrance=yes": true, "entrance=main": true, "entrance=service": true, "entrance=no": false,
		"barrier=gate": true, "barrier=lift_gate": true, "barrier=swing_gate": true,
		"barrier=entrance": true, "barrier=wall": false, "barrier=bollard": false, "amenity=school": false,
	} {
		t.Run(tags, func(t *testing.T) {
			if got := isOSMGate(parseOSMTags(tags)); got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// parseOSMTags reads "k=v,k=v".
func parseOSMTags(s string) osm.Tags {
	var tags osm.Tags
	for kv := range strings.SplitSeq(s, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			tags = append(tags, osm.Tag{Key: k, Value: v})
		}
	}
	return tags
}
