package osm

import (
	"strconv"
	"strings"

	"github.com/paulmach/osm"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/catalogue"
)

// osmClass is what the tags of one OpenStreetMap element make of it.
type osmClass struct {
	kind   geo.Kind
	cat    geo.Category
	school geo.SchoolKind
	water  geo.WaterKind
	// line is set for water whose selector says so (waterway=river): a
	// line even when the way is closed, unless it is also tagged area=yes.
	line    bool
	areaYes bool
	opened  geo.Date // start_date, when it is a plain date (see startDate)
	address string   // from the addr:* tags (geo.JoinAddress)
}

// classifier picks categories and water kinds by the catalogue's
// OpenStreetMap selectors.
var classifier = catalogue.Default().Classifier()

// classifyOSM maps tags to a school, business or water body, in that order
// of precedence: schools by osmSchool, then the category or water kind of
// the catalogue's most specific selector that matches (data/catalogue.yaml;
// the table in data/README.md is generated from it).
func classifyOSM(tags osm.Tags) (osmClass, bool) {
	if len(tags) == 0 {
		return osmClass{}, false
	}
	if kind, ok := osmSchool(tags); ok {
		return osmClass{kind: geo.School, school: kind}, true
	}
	var buf [16]catalogue.Tag // on the stack for most elements
	ts := buf[:0]
	for _, t := range tags {
		ts = append(ts, catalogue.Tag{Key: t.Key, Value: t.Value})
	}
	names := [3]string{tags.Find("name"), tags.Find("name:zh"), tags.Find("name:en")}
	m, ok := classifier.Classify(ts, names[:])
	switch {
	case !ok:
		return osmClass{}, false
	case m.Category != "":
		return osmClass{kind: geo.Business, cat: geo.Category(m.Category)}, true
	}
	return osmClass{kind: geo.WaterBody, cat: geo.Water, water: geo.WaterKind(m.WaterKind), line: m.Line,
		areaYes: tags.Find("area") == "yes"}, true
}

// osmValues splits a value list such as "parking;fuel".
func osmValues(v string) []string {
	if v == "" {
		return nil
	}
	if !strings.Contains(v, ";") {
		return []string{v}
	}
	vs := strings.Split(v, ";")
	for i := range vs {
		vs[i] = strings.TrimSpace(vs[i])
	}
	return vs
}

// osmSchool reports whether tags are a school and which kind. The kind comes
// from the first of these that gives one: isced:level; school=* or
// school:*=* (such as school:FR=maternelle); for amenity=school only, the
// name (幼儿园, 小学, 中学, "primary school", ...); and else Kindergarten for
// amenity=kindergarten and GeneralSchool for amenity=school. Where a tag or
// name gives several levels ("1;2", "1-3", 中小学) the lowest wins.
func osmSchool(tags osm.Tags) (geo.SchoolKind, bool) {
	amenity := tags.Find("amenity")
	if amenity != "school" && amenity != "kindergarten" {
		return "", false
	}
	if k, ok := iscedKind(tags.Find("isced:level")); ok {
		return k, true
	}
	var best geo.SchoolKind
	for _, t := range tags {
		if t.Key == "school" || strings.HasPrefix(t.Key, "school:") {
			for _, v := range osmValues(t.Value) {
				best = lowerSchoolKind(best, schoolValueKind(strings.ToLower(v)))
			}
		}
	}
	if best == "" && amenity == "school" {
		for _, key := range [...]string{"name", "name:zh", "name:en"} {
			best = lowerSchoolKind(best, schoolNameKind(tags.Find(key)))
		}
	}
	switch {
	case best != "":
		return best, true
	case amenity == "kindergarten":
		return geo.Kindergarten, true
	}
	return geo.GeneralSchool, true
}

// iscedKind reads an isced:level value such as "1", "1;2" or "1-3" and
// returns the kind of its lowest level: 0 kindergarten, 1 primary, 2 and 3
// secondary. Higher levels alone (tertiary) give no kind.
func iscedKind(v string) (geo.SchoolKind, bool) {
	lowest := -1
	for part := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ';' || r == ',' || r == '-' }) {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err == nil && n >= 0 && n <= 3 && (lowest < 0 || n < lowest) {
			lowest = n
		}
	}
	switch lowest {
	case 0:
		return geo.Kindergarten, true
	case 1:
		return geo.Primary, true
	case 2, 3:
		return geo.Secondary, true
	}
	return "", false
}

func schoolValueKind(v string) geo.SchoolKind {
	switch v {
	case "kindergarten", "preschool", "pre-school", "nursery", "maternelle":
		return geo.Kindergarten
	case "primary", "elementary", "primaire", "élémentaire", "elementaire":
		return geo.Primary
	case "secondary", "middle", "high", "junior_high", "senior_high",
		"lower_secondary", "upper_secondary", "collège", "lycée", "lycee":
		return geo.Secondary
	}
	return ""
}

// schoolNameKind guesses the level from a Chinese or English school name.
// A name ending in 中 ("成都49中", "成都铁中") is the usual short form of 中学.
func schoolNameKind(name string) geo.SchoolKind {
	var kind geo.SchoolKind
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	if has("中学", "初中", "高中", "附中") || strings.HasSuffix(trimParenthetical(name), "中") {
		kind = geo.Secondary
	}
	if has("小学", "附小") {
		kind = geo.Primary
	}
	if has("幼儿园", "幼稚园") {
		kind = geo.Kindergarten
	}
	lower := strings.ToLower(name)
	for _, w := range [...]struct {
		word string
		kind geo.SchoolKind
	}{
		{"secondary school", geo.Secondary}, {"middle school", geo.Secondary}, {"high school", geo.Secondary},
		{"primary school", geo.Primary}, {"elementary school", geo.Primary},
		{"kindergarten", geo.Kindergarten}, {"preschool", geo.Kindergarten},
	} {
		if strings.Contains(lower, w.word) {
			kind = lowerSchoolKind(kind, w.kind)
		}
	}
	return kind
}

// trimParenthetical drops a trailing "(...)" or "（...）" such as "（东区）".
func trimParenthetical(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range [...][2]string{{"(", ")"}, {"（", "）"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				return strings.TrimSpace(s[:i])
			}
		}
	}
	return s
}

// lowerSchoolKind returns the younger of two kinds; "" means none.
func lowerSchoolKind(a, b geo.SchoolKind) geo.SchoolKind {
	rank := func(k geo.SchoolKind) int {
		switch k {
		case geo.Kindergarten:
			return 1
		case geo.Primary:
			return 2
		case geo.Secondary:
			return 3
		}
		return 4
	}
	if rank(b) < rank(a) {
		return b
	}
	return a
}

// osmName returns name, falling back to name:zh and then name:en.
func osmName(tags osm.Tags) string {
	for _, key := range [...]string{"name", "name:zh", "name:en"} {
		if v := strings.TrimSpace(tags.Find(key)); v != "" {
			return v
		}
	}
	return ""
}

// isOSMGate reports whether a node is a gate candidate: entrance=* (except
// "no"), or barrier=gate and its variants lift_gate, swing_gate,
// sliding_gate, and barrier=entrance (a gap in a wall or fence).
func isOSMGate(tags osm.Tags) bool {
	for _, t := range tags {
		switch {
		case t.Key == "entrance" && t.Value != "no" && t.Value != "":
			return true
		case t.Key == "barrier":
			switch t.Value {
			case "gate", "lift_gate", "swing_gate", "sliding_gate", "entrance":
				return true
			}
		}
	}
	return false
}
