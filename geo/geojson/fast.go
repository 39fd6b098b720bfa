package geojson

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// fastScanner reads the plain subset of JSON that decodeFast accepts. Its
// methods skip white space first, and set bad instead of returning errors;
// once bad is set, they return zero values. They take no function values,
// so that the scanner stays on the stack.
type fastScanner struct {
	b      []byte
	i      int
	bad    bool
	points []orb.Point // scratch for positions
}

func (s *fastScanner) want(ok bool) { s.bad = s.bad || !ok }

func (s *fastScanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// lit consumes c if it is next.
func (s *fastScanner) lit(c byte) bool {
	s.space()
	if s.bad || s.i >= len(s.b) || s.b[s.i] != c {
		return false
	}
	s.i++
	return true
}

// object reads the '{' opening an object, reporting whether a member follows.
func (s *fastScanner) object() bool {
	s.want(s.lit('{'))
	return !s.bad && !s.lit('}')
}

// array reads the '[' opening an array, reporting whether an element follows.
func (s *fastScanner) array() bool {
	s.want(s.lit('['))
	return !s.bad && !s.lit(']')
}

// more reads the ',' before another member or element, reporting true, or
// the closing byte.
func (s *fastScanner) more(closing byte) bool {
	if s.lit(',') {
		return true
	}
	s.want(s.lit(closing))
	return false
}

// name reads a member name and its colon.
func (s *fastScanner) name() []byte {
	k := s.str()
	s.want(s.lit(':'))
	return k
}

// str reads a string without escapes or control characters. Callers check
// UTF-8 where they keep the string (text compared with known names is valid
// if it matches).
func (s *fastScanner) str() []byte {
	if !s.lit('"') {
		s.bad = true
		return nil
	}
	for j := s.i; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			v := s.b[s.i:j:j]
			s.i = j + 1
			return v
		case c == '\\' || c < 0x20:
			s.bad = true
			return nil
		}
	}
	s.bad = true
	return nil
}

// null consumes a JSON null if it is next.
func (s *fastScanner) null() bool {
	s.space()
	if !s.bad && bytes.HasPrefix(s.b[s.i:], []byte("null")) {
		s.i += 4
		return true
	}
	return false
}

// num reads a JSON number.
func (s *fastScanner) num() float64 {
	s.space()
	b, i := s.b, s.i
	var mant uint64 // the digits, while there are at most 19
	digits := func() int {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			mant = mant*10 + uint64(b[i]-'0')
			i++
		}
		return i - j
	}
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	n := digits()
	if n == 0 || n > 1 && b[i-n] == '0' {
		s.bad = true
	}
	frac, exp := 0, false
	if i < len(b) && b[i] == '.' {
		i++
		frac = digits()
		s.want(frac > 0)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		exp = true
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		s.want(digits() > 0)
	}
	if s.bad {
		return 0
	}
	var v float64
	if n+frac <= 15 && !exp {
		// Exact: the digits are below 10^15 < 2^53 and 10^frac is exact,
		// so one correctly rounded division gives ParseFloat's result.
		v = float64(mant) / pow10[frac]
		if neg {
			v = -v
		}
	} else {
		var err error
		v, err = strconv.ParseFloat(string(b[s.i:i]), 64)
		s.want(err == nil) // out of range
	}
	s.i = i
	return v
}

// pow10 holds the powers of ten that float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// geometry reads {"type":T,"coordinates":C} for the five geometry types
// into p: a point into p.point, others into p.f.Geometry.
func (s *fastScanner) geometry(p *plainFeature) {
	s.want(s.lit('{') && string(s.name()) == "type")
	typ := s.str()
	s.want(s.lit(',') && string(s.name()) == "coordinates")
	var g orb.Geometry
	switch string(typ) {
	case "Point":
		p.point, p.isPoint = s.position(), true
	case "LineString":
		g = s.positions()
	case "MultiLineString":
		ml := orb.MultiLineString{}
		for more := s.array(); more; more = s.more(']') {
			ml = append(ml, s.positions())
		}
		g = ml
	case "Polygon":
		g = s.polygon()
	case "MultiPolygon":
		mp := orb.MultiPolygon{}
		for more := s.array(); more; more = s.more(']') {
			mp = append(mp, s.polygon())
		}
		g = mp
	default:
		s.bad = true
	}
	s.want(s.lit('}'))
	p.f.Geometry = g
}

// position reads [lon,lat].
func (s *fastScanner) position() orb.Point {
	s.want(s.lit('['))
	lon := s.num()
	s.want(s.lit(','))
	lat := s.num()
	s.want(s.lit(']'))
	return orb.Point{lon, lat}
}

// positions reads an array of positions into a slice of the exact size.
func (s *fastScanner) positions() orb.LineString {
	s.points = s.points[:0]
	for more := s.array(); more; more = s.more(']') {
		s.points = append(s.points, s.position())
	}
	if s.bad {
		return nil
	}
	return append(orb.LineString{}, s.points...)
}

func (s *fastScanner) polygon() orb.Polygon {
	p := make(orb.Polygon, 0, 1)
	for more := s.array(); more; more = s.more(']') {
		p = append(p, orb.Ring(s.positions()))
	}
	return p
}

// props reads the properties object into f, returning the id and the name.
// Like encoding/json, a later duplicate wins, and null leaves a string as it
// is but clears the gates.
func (s *fastScanner) props(f *geo.Feature) (id, name []byte) {
	for more := s.object(); more; more = s.more('}') {
		key := s.name()
		if string(key) == "gates" {
			f.Gates = s.gates()
			continue
		}
		if s.null() {
			continue
		}
		v := s.str()
		ok := true
		switch string(key) {
		case "id":
			id = v
			ok = utf8.Valid(v)
		case "name":
			name = v
			ok = utf8.Valid(v)
		case "kind":
			f.Kind, ok = lookupName([]geo.Kind{geo.School, geo.Business, geo.WaterBody}, v)
		case "category":
			f.Category, ok = lookupName(geo.Categories, v)
		case "school_kind":
			f.SchoolKind, ok = lookupName(geo.SchoolKinds, v)
		case "water_kind":
			f.WaterKind, ok = lookupName(geo.WaterKinds, v)
		case "address":
			// addr:* keys go to the slow path, which joins them.
			f.Address = strings.TrimSpace(string(v))
			ok = utf8.Valid(v) && f.Address != ""
		case "opened_on":
			// A bad date goes to the slow path, which names it.
			d, err := geo.ParseDate("opened_on", string(v))
			f.OpenedOn, ok = d, err == nil
		default:
			ok = false
		}
		s.want(ok)
	}
	return id, name
}

// gates reads an array of positions, or null, as gates. Like encoding/json,
// it returns nil for null and for no gates.
func (s *fastScanner) gates() []geo.Point {
	if s.null() {
		return nil
	}
	ls := s.positions()
	if len(ls) == 0 {
		return nil
	}
	gates := make([]geo.Point, len(ls))
	for i, p := range ls {
		gates[i] = geo.Point{Lat: p[1], Lon: p[0]}
	}
	return gates
}

// lookupName returns the constant in names spelled v, without allocating.
func lookupName[S ~string](names []S, v []byte) (S, bool) {
	for _, n := range names {
		if string(n) == string(v) {
			return n, true
		}
	}
	return "", false
}
