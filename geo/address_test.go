package geo_test

import (
	"testing"

	"github.com/safezone/safezone/geo"
)

func TestJoinAddress(t *testing.T) {
	tests := []struct {
		name string
		tags map[string]string
		want string
	}{
		{"none", map[string]string{"amenity": "bar"}, ""},
		{"full wins", map[string]string{"addr:full": " 府青路二段8号附1号 ", "addr:street": "府青路二段"}, "府青路二段8号附1号"},
		{"chinese order", map[string]string{"addr:housenumber": "12", "addr:street": "府青路二段", "addr:district": "成华区",
			"addr:city": "成都市", "addr:province": "四川省"}, "四川省成都市成华区府青路二段12号"},
		{"number with 号", map[string]string{"addr:housenumber": "12号", "addr:street": "府青路"}, "府青路12号"},
		{"number with letter", map[string]string{"addr:housenumber": "B6-6", "addr:street": "文殊院巷"}, "文殊院巷B6-6号"},
		{"municipality once", map[string]string{"addr:province": "北京市", "addr:city": "北京市", "addr:district": "海淀区",
			"addr:street": "成府路", "addr:housenumber": "85"}, "北京市海淀区成府路85号"},
		{"latin city left out", map[string]string{"addr:city": "Chengdu", "addr:street": "星辉西路", "addr:housenumber": "23"}, "星辉西路23号"},
		{"place for street", map[string]string{"addr:place": "华清嘉园", "addr:housenumber": "12-8"}, "华清嘉园12-8号"},
		{"conscription number", map[string]string{"addr:street": "府青路", "addr:conscriptionnumber": "7"}, "府青路7号"},
		{"street alone", map[string]string{"addr:street": "府青路"}, "府青路"},
		{"city alone", map[string]string{"addr:city": "成都市"}, ""},
		{"areas only", map[string]string{"addr:city": "成都市", "addr:district": "成华区"}, "成都市成华区"},
		{"western order", map[string]string{"addr:housenumber": "10", "addr:street": "Avenue Prince Pierre", "addr:city": "Monaco"}, "10 Avenue Prince Pierre, Monaco"},
		{"western no number", map[string]string{"addr:street": "Place du Casino", "addr:city": "Monaco"}, "Place du Casino, Monaco"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			get := func(k string) string { return tc.tags[k] }
			if got := geo.JoinAddress(get); got != tc.want {
				t.Errorf("address = %q, want %q", got, tc.want)
			}
		})
	}
}
