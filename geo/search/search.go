// Package search finds features by name or address, offline: schools, businesses and
// water bodies of a geo.Index, streets (the named roads of a basemap), and
// features added beside them (registered businesses). A query matches a name that contains it, ignoring case and
// full-width forms, or whose pinyin contains the query's: "paotong",
// "ptsxx" and the homophone typo "泡同树" all find 泡桐树小学. Pinyin comes
// from github.com/mozillazg/go-pinyin (each character's first reading,
// without tones).
//
// The names, their pinyin, their initials and the IDs are kept in four
// blocks of text, so that a query is a scan of two or three blocks (Go's
// bytes.Index) rather than a loop over features: about 100 bytes a named
// feature. Addresses, which most features lack, are two more blocks (the
// text and its pinyin) of the features that have one, about 50 bytes each.
// At 2 million names, New takes about 2-4 s and a query 25-50 ms.
package search

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/osm"
)

// Match says how a name matched a query, best first.
type Match int

// The ways a name matches.
const (
	Exact    Match = iota // the name is the query
	Prefix                // the name starts with it
	Contains              // the name contains it
	Pinyin                // the name's pinyin contains the query's
	Address               // the address holds the query's words and house numbers (see Find)
	Initials              // the initials of the name's syllables contain the query
)

// Hit is a feature found, with where it is (its point, or the centre of
// its box) and how its name matched.
type Hit struct {
	Feature geo.Feature
	Point   geo.Point
	Match   Match
}

// block is one field of every entry, entries separated by a zero byte: a
// query is one scan of it.
type block struct {
	text   []byte
	starts []uint32 // where each entry starts; one more at the end
}

func (b *block) add(s string) {
	b.starts = append(b.starts, uint32(len(b.text)))
	b.text = append(append(b.text, s...), 0)
}

func (b *block) get(entry int) string {
	return string(b.text[b.starts[entry] : b.starts[entry+1]-1])
}

// scan calls fn with each entry that contains q (which holds no zero
// byte), until fn returns false.
func (b *block) scan(q []byte, fn func(entry int) bool) {
	for at := 0; at < len(b.text); {
		i := bytes.Index(b.text[at:], q)
		if i < 0 {
			return
		}
		pos := at + i
		entry := sort.Search(len(b.starts)-1, func(e int) bool { return int(b.starts[e+1]) > pos })
		if pos+len(q) < int(b.starts[entry+1]) && !fn(entry) { // not across the end of the entry
			return
		}
		at = int(b.starts[entry+1]) // the next entry: this one has matched
	}
}

// Street is the Kind of a hit that is a street: the named roads of a
// basemap (osm.Basemap.Roads), one hit per name, its Geometry every way
// of that name. No geo.Feature of an index has this kind.
const Street geo.Kind = "street"

// Index is the names of a geo.Index's features, and of streets. It is
// read-only once built, and safe for concurrent use.
type Index struct {
	x                            *geo.Index
	names, pinyins, initials, id block
	kinds                        []geo.Kind
	points                       []geo.Point
	streets                      map[string]geo.Feature // by ID, "street/" and the name
	addrs                        addresses
}

// New indexes the names of every feature of x (schools, businesses and
// water bodies) and of the named roads given, such as a basemap's;
// features and roads without a name are left out.
func New(x *geo.Index, roads []osm.Road) *Index {
	s := &Index{x: x, streets: map[string]geo.Feature{}}
	sp := newSpeller()
	for _, k := range []geo.Kind{geo.School, geo.Business, geo.WaterBody} {
		x.Features(k, func(f geo.Feature) bool {
			s.add(f, sp)
			return true
		})
	}
	for _, f := range streets(roads) {
		s.streets[f.ID] = f
		s.add(f, sp)
	}
	for _, b := range []*block{&s.names, &s.pinyins, &s.initials, &s.id} {
		b.starts = append(b.starts, uint32(len(b.text)))
	}
	s.addrs.seal()
	return s
}

// Len returns the number of names indexed.
func (s *Index) Len() int { return len(s.kinds) }

// Bytes returns the memory the index holds, in bytes: the text of the
// names, their pinyin, initials and IDs, per name its starts, kind and
// point, and the addresses with their pinyin.
func (s *Index) Bytes() int {
	n := 0
	for _, b := range []*block{&s.names, &s.pinyins, &s.initials, &s.id} {
		n += len(b.text) + 4*len(b.starts)
	}
	return n + 16*len(s.kinds) + 16*len(s.points) + s.addrs.bytes()
}

// add indexes f's name and address; a feature with neither is left out.
func (s *Index) add(f geo.Feature, sp *speller) {
	name, addr := fold(clean(f.Name)), fold(clean(f.Address))
	if name == "" && addr == "" || f.Geometry == nil {
		return
	}
	if addr != "" {
		s.addrs.add(len(s.kinds), addr, sp)
	}
	py, ini := sp.spell(name)
	s.names.add(name)
	s.pinyins.add(py)
	s.initials.add(ini)
	s.id.add(f.ID)
	s.kinds = append(s.kinds, f.Kind)
	s.points = append(s.points, centre(f.Geometry))
}

// centre is a feature's point, the middle vertex of a street's longest
// way (a point on the street), or the centre of its box.
func centre(g orb.Geometry) geo.Point {
	c := g.Bound().Center()
	switch g := g.(type) {
	case orb.Point:
		c = g
	case orb.MultiLineString:
		c = g[0][len(g[0])/2]
	}
	return geo.Point{Lat: c.Lat(), Lon: c.Lon()}
}

// clean drops control characters (zero bytes among them) from a name.
func clean(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
}

// fold lowercases s, turns full-width letters and digits into ASCII and
// drops spaces, so that "ＡＢＣ 小学" and "abc小学" are the same.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			r -= 0xfee0
		case r == '\u3000' || unicode.IsSpace(r):
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

var pinyinArgs = pinyin.NewArgs() // Normal style: no tones, first reading

// speller spells folded text in pinyin, remembering each character's
// syllable: go-pinyin allocates for every call.
type speller struct{ syllables map[rune]string }

func newSpeller() *speller { return &speller{syllables: map[rune]string{}} }

// spell returns the pinyin of folded text s, syllables run together, and
// their initials; characters that are not Chinese are kept.
func (sp *speller) spell(s string) (full, initials string) {
	var f, i strings.Builder
	for _, r := range s {
		if r < 0x80 {
			f.WriteRune(r)
			i.WriteRune(r)
			continue
		}
		py, ok := sp.syllables[r]
		if !ok {
			if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 {
				py = p[0]
			}
			sp.syllables[r] = py
		}
		if py == "" {
			f.WriteRune(r)
			i.WriteRune(r)
			continue
		}
		f.WriteString(py)
		i.WriteByte(py[0])
	}
	return f.String(), i.String()
}

// Find returns up to limit features whose name or address matches q, best
// first: by how they match, then schools, streets, businesses and water,
// shorter names first (places without a name last), then by ID. An address matches when it holds the
// query's words in order, by characters or pinyin, and then its house
// numbers as whole numbers: "府青路" and "fuqinglu" find the places on
// 府青路, "府青路12号" and "府青路 12" those at number 12 (not 112); a number
// alone finds no address. Extra features (such as registered businesses)
// are searched too. An empty q matches nothing.
func (s *Index) Find(q string, limit int, extra []geo.Feature) []Hit {
	q = fold(clean(q))
	if q == "" || limit <= 0 {
		return nil
	}
	best := map[int]Match{} // entry → its best match
	keep := func(entry int, m Match) {
		if old, ok := best[entry]; !ok || m < old {
			best[entry] = m
		}
	}
	sp := newSpeller()
	py, _ := sp.spell(q)
	aq, byAddress := newAddressQuery(q, sp)
	if byAddress {
		s.addrs.find(aq, func(e int) { keep(e, Address) })
	}
	s.names.scan([]byte(q), func(e int) bool { keep(e, nameMatch(s.names.get(e), q)); return true })
	s.pinyins.scan([]byte(py), func(e int) bool { keep(e, Pinyin); return true })
	if py == q { // latin letters: initials too, the weakest match, so only the first few thousand
		n := 0
		s.initials.scan([]byte(q), func(e int) bool { keep(e, Initials); n++; return n < maxInitials })
	}
	all := make([]found, 0, len(best))
	for e, m := range best {
		all = append(all, found{match: m, kind: s.kinds[e], name: s.names.get(e), id: s.id.get(e), point: s.points[e]})
	}
	all = append(all, findExtra(extra, q, py, aq, byAddress)...)
	slices.SortFunc(all, func(a, b found) int {
		return cmp.Or(cmp.Compare(a.match, b.match), cmp.Compare(kindOrder[a.kind], kindOrder[b.kind]),
			cmp.Compare(nameless(a.name), nameless(b.name)), // found by address alone: after the named
			cmp.Compare(len(a.name), len(b.name)), cmp.Compare(a.id, b.id))
	})
	hits := make([]Hit, 0, min(limit, len(all)))
	for _, f := range all[:min(limit, len(all))] {
		if st, ok := s.streets[f.id]; ok && f.feature == nil {
			f.feature = &st
		}
		if f.feature == nil {
			feat, err := s.x.Feature(f.id)
			if err != nil {
				continue // not in the index: cannot be, the entry came from it
			}
			f.feature = &feat
		}
		hits = append(hits, Hit{Feature: *f.feature, Point: f.point, Match: f.match})
	}
	return hits
}

// found is a match before it is ranked: what ranks it, and the feature
// itself for an extra one (an indexed one is looked up once ranked).
type found struct {
	match   Match
	kind    geo.Kind
	name    string
	id      string
	point   geo.Point
	feature *geo.Feature
}

func nameless(name string) int {
	if name == "" {
		return 1
	}
	return 0
}

func nameMatch(name, q string) Match {
	switch {
	case name == q:
		return Exact
	case strings.HasPrefix(name, q):
		return Prefix
	}
	return Contains
}

// findExtra matches features one by one: they are few.
func findExtra(extra []geo.Feature, q, py string, aq addressQuery, byAddress bool) []found {
	var hits []found
	sp := newSpeller()
	for i := range extra {
		f := &extra[i]
		name, addr := fold(clean(f.Name)), fold(clean(f.Address))
		if name == "" && addr == "" || f.Geometry == nil {
			continue
		}
		fp, fi := sp.spell(name)
		ap, _ := sp.spell(addr)
		m := Match(-1)
		switch {
		case name != "" && strings.Contains(name, q):
			m = nameMatch(name, q)
		case name != "" && strings.Contains(fp, py):
			m = Pinyin
		case byAddress && addr != "" && (aq.matches(addr, aq.text) || aq.matches(ap, aq.pinyin)):
			m = Address
		case name != "" && strings.Contains(fi, q):
			m = Initials
		}
		if m >= 0 {
			hits = append(hits, found{match: m, kind: f.Kind, name: name, id: f.ID, point: centre(f.Geometry), feature: f})
		}
	}
	return hits
}

// maxInitials bounds the matches by initials Find collects: short latin
// queries are the initials of many names, and they rank last.
const maxInitials = 2000

var kindOrder = map[geo.Kind]int{geo.School: 0, Street: 1, geo.Business: 2, geo.WaterBody: 3}

// streets joins the named roads by name: one feature per name, in order of
// name, whose point (see centre) is the middle vertex of its longest way.
func streets(roads []osm.Road) []geo.Feature {
	byName := map[string]orb.MultiLineString{}
	for _, r := range roads {
		if name := clean(r.Name); name != "" && len(r.Line) > 1 {
			byName[name] = append(byName[name], r.Line)
		}
	}
	out := make([]geo.Feature, 0, len(byName))
	for name, lines := range byName {
		slices.SortFunc(lines, func(a, b orb.LineString) int { return cmp.Compare(len(b), len(a)) })
		out = append(out, geo.Feature{ID: "street/" + name, Kind: Street, Name: name, Geometry: lines})
	}
	slices.SortFunc(out, func(a, b geo.Feature) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
