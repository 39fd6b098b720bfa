package osm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/osm"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/catalogue"
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

		{"amenity=internet_cafe", business("internet_cafe"), true},
		{"amenity=karaoke_box", business("song_dance"), true},
		{"amenity=nightclub", business("song_dance"), true},
		{"leisure=dance", business("song_dance"), true},
		{"leisure=amusement_arcade", business("game_arcade"), true},
		{"leisure=adult_gaming_centre", business("game_arcade"), true},
		{"shop=lottery", business("lottery"), true},
		{"amenity=casino", business("gambling"), true},
		{"amenity=gambling", business("gambling"), true},
		{"shop=bookmaker", business("gambling"), true},
		{"amenity=bar", business("bar"), true},
		{"amenity=pub", business("bar"), true},
		{"shop=tobacco", business("tobacco"), true},
		{"shop=e-cigarette", business("tobacco"), true},
		{"shop=kiosk", business("street_stall"), true},
		// A kiosk is a stall unless its name or tags say what it sells.
		{"shop=kiosk,name=彩票销售店", business("lottery"), true},
		{"shop=kiosk,lottery=yes", business("lottery"), true},
		{"shop=yes,name=中国福利彩票", business("lottery"), true},
		{"shop=kiosk,name=报刊亭", business("newsstand"), true},
		{"shop=newsagent", business("newsstand"), true},
		{"amenity=bar,name=留言水吧", osmClass{}, false},
		{"amenity=bar,name=纯品酒吧", business("bar"), true},
		{"amenity=marketplace,name=城北电子城", osmClass{}, false},
		{"amenity=marketplace,name=八里庄菜市场", business("market"), true},
		{"amenity=fuel", business("hazardous_chemicals"), true},
		{"amenity=fuel,name=中国石化", business("hazardous_chemicals"), true},
		{"shop=gas", business("hazardous_chemicals"), true},
		{"man_made=storage_tank,content=oil", business("hazardous_chemicals"), true},
		{"man_made=storage_tank,content=water", osmClass{}, false},
		{"landuse=construction", business("construction"), true},
		{"landuse=quarry", business("quarry"), true},
		{"shop=alcohol", business("alcohol"), true},
		{"shop=alcohol,name=永益大药房", osmClass{}, false},
		{"shop=beverages,name=名酒行", business("alcohol"), true},
		{"shop=beverages", osmClass{}, false},
		{"amenity=cinema", business("cinema"), true},
		{"shop=tattoo", business("tattoo"), true},
		{"shop=beauty,name=刺青工作室", business("tattoo"), true},
		{"amenity=prep_school", business("training"), true},
		{"office=company,name=英才培训中心", business("training"), true},
		{"office=company", osmClass{}, false},
		{"amenity=marketplace", business("market"), true},
		{"amenity=parking", business("parking"), true},
		{"amenity=fuel;parking", business("parking"), true},
		{"shop=fireworks", business("fireworks"), true},
		{"tourism=hotel", business("hotel"), true},
		{"tourism=hostel", business("hotel"), true},
		{"tourism=motel", business("hotel"), true},
		// 民宿 and holiday flats are not hotels (普洱 2023 names 民宿 on its own).
		{"tourism=guest_house", business("guest_house"), true},
		{"tourism=apartment", business("guest_house"), true},
		{"amenity=clinic", business("clinic"), true},
		{"healthcare=clinic", business("clinic"), true},
		{"amenity=dentist", osmClass{}, false},
		{"amenity=dentist,healthcare=dentist", osmClass{}, false},
		{"healthcare=hospital", osmClass{}, false},
		{"amenity=pharmacy,healthcare=pharmacy", osmClass{}, false},
		{"amenity=doctors", business("clinic"), true},
		{"amenity=police", business(geo.Police), true},
		{"amenity=restaurant,shop=tobacco", business("tobacco"), true},
		{"amenity=parking_entrance", osmClass{}, false},
		{"amenity=vending_machine", osmClass{}, false},
		{"amenity=hospital", osmClass{}, false},
		{"amenity=university", osmClass{}, false},

		{"natural=water", water(geo.OtherWater, false), true},
		{"natural=water,water=river", water("river", false), true},
		{"natural=water,water=canal", water("canal", false), true},
		{"natural=water,water=pond", water("pond", false), true},
		{"natural=water,water=reservoir", water("reservoir", false), true},
		{"natural=water,water=lake", water("lake", false), true},
		{"natural=water,water=reflecting_pool", water(geo.OtherWater, false), true},
		{"landuse=reservoir", water("reservoir", false), true},
		{"landuse=basin", water("basin", false), true},
		{"waterway=riverbank", water("river", false), true},
		{"waterway=river", water("river", true), true},
		{"waterway=stream", water("stream", true), true},
		{"waterway=canal", water("canal", true), true},
		{"waterway=ditch", water("ditch", true), true},
		{"waterway=drain", water("drain", true), true},
		{"waterway=canal,area=yes", osmClass{kind: geo.WaterBody, cat: geo.Water, water: "canal", line: true, areaYes: true}, true},
		{"waterway=dam", water("weir", true), true},
		{"waterway=weir", water("weir", true), true},
		{"natural=water,water=fishpond", water("fishpond", false), true},
		{"natural=water,name=张家鱼塘", water("fishpond", false), true},
		{"landuse=aquaculture", water("fishpond", false), true},
		{"man_made=water_well", water("well", false), true},
		{"natural=water,landuse=quarry", water("quarry_pit", false), true},
		{"natural=wetland", water("wetland", false), true},
		{"leisure=swimming_pool", water("swimming_pool", false), true},
		{"landuse=basin,name=游泳池", water("swimming_pool", false), true},
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

// TestClassifyOSM_catalogue gives every selector of the catalogue an
// element made of its own tags (any value as "yes") and first name, and
// checks that it is read as the selector's entry: no selector is hidden
// behind another's, so every line of data/catalogue.yaml does something.
func TestClassifyOSM_catalogue(t *testing.T) {
	element := func(s catalogue.Selector) osm.Tags {
		var tags osm.Tags
		for _, c := range s.Tags {
			v := c.Value
			if v == "*" {
				v = "yes"
			}
			tags = append(tags, osm.Tag{Key: c.Key, Value: v})
		}
		if len(s.Names) > 0 {
			tags = append(tags, osm.Tag{Key: "name", Value: "某" + s.Names[0]})
		}
		return tags
	}
	c := catalogue.Default()
	for _, k := range c.Categories {
		for _, s := range k.OSM {
			tags := element(s)
			t.Run(fmt.Sprint(k.ID, tags), func(t *testing.T) {
				got, ok := classifyOSM(tags)
				if want := (osmClass{kind: geo.Business, cat: geo.Category(k.ID)}); !ok || got != want {
					t.Errorf("got %+v, %v; want %+v", got, ok, want)
				}
			})
		}
	}
	for _, k := range c.WaterKinds {
		for _, s := range k.OSM {
			tags := element(s)
			t.Run(fmt.Sprint(k.ID, tags), func(t *testing.T) {
				got, ok := classifyOSM(tags)
				if !ok || got.kind != geo.WaterBody || got.water != geo.WaterKind(k.ID) || got.line != s.Line {
					t.Errorf("got %+v, %v; want water kind %s, line %v", got, ok, k.ID, s.Line)
				}
			})
		}
	}
}
