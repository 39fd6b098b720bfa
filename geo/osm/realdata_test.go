package osm

import (
	"os"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// sharedOSM holds real extracts (© OpenStreetMap contributors, ODbL). Tests
// that read it skip when it is absent.
const sharedOSM = "/work/shared/data/osm/"

func TestReadOSM_sharedData(t *testing.T) {
	type counts struct {
		schools, kindergartens, businesses, water, waterLines, gates int
		polygonKindergartens                                         int
		byCategory                                                   map[geo.Category]int
		ids                                                          map[string]geo.Feature
	}
	tests := []struct {
		file  string
		check func(t *testing.T, c counts)
	}{
		{"chengdu-2018.osm.pbf", func(t *testing.T, c counts) {
			// 55 amenity=school and 5 amenity=kindergarten in the README.
			if c.schools < 55 || c.kindergartens < 5 {
				t.Errorf("%d schools and %d kindergartens, want at least 55 and 5", c.schools, c.kindergartens)
			}
			if c.water < 20 || c.waterLines < 10 {
				t.Errorf("%d water bodies, %d of them lines; want the Jin river and canals", c.water, c.waterLines)
			}
		}},
		{"monaco-2023.osm.pbf", func(t *testing.T, c counts) {
			if c.byCategory["gambling"] < 2 || c.byCategory["song_dance"] < 2 {
				t.Errorf("%d gambling and %d song_dance, want casinos and nightclubs", c.byCategory["gambling"], c.byCategory["song_dance"])
			}
		}},
		{"liechtenstein-2021.osm.pbf", func(t *testing.T, c counts) {
			if c.polygonKindergartens < 10 {
				t.Errorf("%d kindergartens as polygons, want at least 10", c.polygonKindergartens)
			}
			// Primarschule Triesen, a multipolygon.
			if f := c.ids["relation/12473573"]; f.Kind != geo.School {
				t.Errorf("relation/12473573 is %+v, want the school multipolygon", f)
			} else if _, ok := f.Geometry.(orb.Polygon); !ok {
				t.Errorf("relation/12473573 geometry %T, want a Polygon", f.Geometry)
			}
		}},
		{"andorra-2023.osm.pbf", func(t *testing.T, c counts) {
			if c.schools < 20 || c.waterLines < 500 {
				t.Errorf("%d schools and %d water lines, want at least 20 and 500", c.schools, c.waterLines)
			}
		}},
		{"beijing-haidian-2017.osm.pbf", func(t *testing.T, c counts) {
			if c.schools < 5 {
				t.Errorf("%d schools, want at least 5", c.schools)
			}
		}},
		{"shenzhen-longgang-2019.osm.pbf", func(t *testing.T, c counts) {
			if c.schools < 4 || c.water < 5 {
				t.Errorf("%d schools and %d water bodies, want at least 4 and 5", c.schools, c.water)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := sharedOSM + tc.file
			if _, err := os.Stat(path); err != nil {
				t.Skip("shared OSM data not available:", err)
			}
			fs, stats, err := ReadStats(path)
			if err != nil {
				t.Fatal(err)
			}
			checkOSMFeatures(t, fs)
			c := counts{byCategory: map[geo.Category]int{}, ids: map[string]geo.Feature{}}
			for _, f := range fs {
				c.ids[f.ID] = f
				switch f.Kind {
				case geo.School:
					c.schools++
					c.gates += len(f.Gates)
					if f.SchoolKind == geo.Kindergarten {
						c.kindergartens++
						if _, ok := f.Geometry.(orb.Point); !ok {
							c.polygonKindergartens++
						}
					}
				case geo.Business:
					c.businesses++
					c.byCategory[f.Category]++
				case geo.WaterBody:
					c.water++
					switch f.Geometry.(type) {
					case orb.LineString, orb.MultiLineString:
						c.waterLines++
					}
				}
			}
			t.Logf("%d schools (%d kindergartens), %d gates, %d businesses %v, %d water (%d lines); %+v",
				c.schools, c.kindergartens, c.gates, c.businesses, c.byCategory, c.water, c.waterLines, stats)
			tc.check(t, c)
		})
	}
}
