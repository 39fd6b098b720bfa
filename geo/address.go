package geo

import (
	"strings"
	"unicode"
)

// JoinAddress assembles a place's address from OpenStreetMap's addr:* keys
// (also GeoJSON properties of those names), which get returns, "" for a
// key not given: addr:full when it is given, else the parts. A street with Chinese characters gives the
// Chinese order, largest first and run together, with 号 after a number
// that lacks it (四川省成都市成华区府青路二段12号), areas not in Chinese
// characters (city "Chengdu") left out; any other street gives
// "number street, district, city, province" (12 Avenue de Grande
// Bretagne, Monaco). A part equal to the one before (a municipality that
// is province and city, 北京市北京市) is given once. addr:place stands for
// the street where there is none, and addr:conscriptionnumber for the
// house number. It returns "" when the tags have no address.
func JoinAddress(get func(key string) string) string {
	if full := strings.TrimSpace(get("addr:full")); full != "" {
		return full
	}
	street := strings.TrimSpace(get("addr:street"))
	if street == "" {
		street = strings.TrimSpace(get("addr:place"))
	}
	number := strings.TrimSpace(get("addr:housenumber"))
	if number == "" {
		number = strings.TrimSpace(get("addr:conscriptionnumber"))
	}
	var areas []string // largest first
	for _, k := range [...]string{"addr:province", "addr:city", "addr:district", "addr:subdistrict"} {
		if v := strings.TrimSpace(get(k)); v != "" && (len(areas) == 0 || areas[len(areas)-1] != v) {
			areas = append(areas, v)
		}
	}
	if street == "" && number == "" {
		if len(areas) < 2 { // a city alone is not where a place is
			return ""
		}
	}
	if hasHan(street) || (street == "" && len(areas) > 0 && hasHan(areas[0])) {
		if number != "" && endsInDigit(number) {
			number += "号"
		}
		var b strings.Builder
		for _, a := range areas {
			if hasHan(a) { // "Chengdu" beside 文殊院巷 is a translation, not a part
				b.WriteString(a)
			}
		}
		return b.String() + street + number
	}
	var out []string
	if s := strings.TrimSpace(number + " " + street); s != "" {
		out = append(out, s)
	}
	for i := len(areas) - 1; i >= 0; i-- {
		out = append(out, areas[i])
	}
	return strings.Join(out, ", ")
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func endsInDigit(s string) bool {
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}
