package geo

import (
	"strings"
	"testing"

	"github.com/paulmach/osm"
)

func TestClassifyOSM(t *testing.T) {
	school := func(k SchoolKind) osmClass { return osmClass{kind: School, school: k} }
	business := func(c Category) osmClass { return osmClass{kind: Business, cat: c} }
	water := func(k WaterKind, line bool) osmClass {
		return osmClass{kind: WaterBody, cat: Water, water: k, line: line}
	}
	tests := []struct {
		tags string // "k=v,k=v"
		want osmClass
		ok   bool
	}{
		{"amenity=school", school(GeneralSchool), true},
		{"amenity=kindergarten", school(Kindergarten), true},
		{"amenity=school,isced:level=0", school(Kindergarten), true},
		{"amenity=school,isced:level=1", school(Primary), true},
		{"amenity=school,isced:level=2", school(Secondary), true},
		{"amenity=school,isced:level=3", school(Secondary), true},
		{"amenity=school,isced:level=1;2", school(Primary), true},
		{"amenity=school,isced:level= 2 ; 1 ", school(Primary), true},
		{"amenity=school,isced:level=1-3", school(Primary), true},
		{"amenity=school,isced:level=0;1", school(Kindergarten), true},
		{"amenity=school,isced:level=5", school(GeneralSchool), true},
		{"amenity=kindergarten,isced:level=1", school(Primary), true},
		{"amenity=school,school=primary", school(Primary), true},
		{"amenity=school,school=middle", school(Secondary), true},
		{"amenity=school,school=high", school(Secondary), true},
		{"amenity=school,school=secondary;primary", school(Primary), true},
		{"amenity=school,school:FR=maternelle", school(Kindergarten), true},
		{"amenity=school,school:gender=boys", school(GeneralSchool), true},
		{"amenity=school,isced:level=2,school=primary,name=实验小学", school(Secondary), true},
		{"amenity=school,name=成都市实验小学", school(Primary), true},
		{"amenity=school,name=成都49中", school(Secondary), true},
		{"amenity=school,name=成都铁中", school(Secondary), true},
		{"amenity=school,name=第十七中学（初中部）", school(Secondary), true},
		{"amenity=school,name=石室中学初中学校（东区）", school(Secondary), true},
		{"amenity=school,name=新都区中小学", school(Primary), true},
		{"amenity=school,name=城关中心小学", school(Primary), true},
		{"amenity=school,name=加州阳光幼儿园", school(Kindergarten), true},
		{"amenity=school,name=成都七中嘉祥外国语学校", school(GeneralSchool), true},
		{"amenity=school,name=西南交通大学", school(GeneralSchool), true},
		{"amenity=school,name:en=Chengdu No.7 High School", school(Secondary), true},
		{"amenity=school,name=Sunrise Primary School", school(Primary), true},
		{"amenity=kindergarten,name=实验小学幼儿部", school(Kindergarten), true},
		{"amenity=school,natural=water", school(GeneralSchool), true},

		{"amenity=internet_cafe", business(InternetCafe), true},
		{"amenity=karaoke_box", business(SongDance), true},
		{"amenity=nightclub", business(SongDance), true},
		{"leisure=dance", business(SongDance), true},
		{"leisure=amusement_arcade", business(GameArcade), true},
		{"leisure=adult_gaming_centre", business(GameArcade), true},
		{"shop=lottery", business(Lottery), true},
		{"amenity=casino", business(Gambling), true},
		{"amenity=gambling", business(Gambling), true},
		{"shop=bookmaker", business(Gambling), true},
		{"amenity=bar", business(Bar), true},
		{"amenity=pub", business(Bar), true},
		{"shop=tobacco", business(Tobacco), true},
		{"shop=e-cigarette", business(Tobacco), true},
		{"shop=kiosk", business(StreetStall), true},
		{"amenity=marketplace", business(Market), true},
		{"amenity=parking", business(Parking), true},
		{"amenity=fuel;parking", business(Parking), true},
		{"shop=fireworks", business(Fireworks), true},
		{"tourism=hotel", business(Hotel), true},
		{"tourism=hostel", business(Hotel), true},
		{"tourism=motel", business(Hotel), true},
		{"tourism=guest_house", business(Hotel), true},
		{"amenity=clinic", business(Clinic), true},
		{"amenity=doctors", business(Clinic), true},
		{"amenity=police", business(Police), true},
		{"amenity=restaurant,shop=tobacco", business(Tobacco), true},
		{"amenity=parking_entrance", osmClass{}, false},
		{"amenity=vending_machine", osmClass{}, false},
		{"amenity=hospital", osmClass{}, false},
		{"amenity=university", osmClass{}, false},

		{"natural=water", water(OtherWater, false), true},
		{"natural=water,water=river", water(River, false), true},
		{"natural=water,water=canal", water(Canal, false), true},
		{"natural=water,water=pond", water(Pond, false), true},
		{"natural=water,water=reservoir", water(Reservoir, false), true},
		{"natural=water,water=lake", water(Lake, false), true},
		{"natural=water,water=reflecting_pool", water(OtherWater, false), true},
		{"landuse=reservoir", water(Reservoir, false), true},
		{"landuse=basin", water(Basin, false), true},
		{"waterway=riverbank", water(River, false), true},
		{"waterway=river", water(River, true), true},
		{"waterway=stream", water(Stream, true), true},
		{"waterway=canal", water(Canal, true), true},
		{"waterway=ditch", water(Ditch, true), true},
		{"waterway=drain", water(Drain, true), true},
		{"waterway=canal,area=yes", osmClass{kind: WaterBody, cat: Water, water: Canal, line: true, areaYes: true}, true},
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
