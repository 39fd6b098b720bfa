package catalogue

import (
	"strings"
)

// Match is what a Classifier makes of an element: a category, or a water
// kind and whether its way is read as a line.
type Match struct {
	Category  string // "" for water
	WaterKind string // "" for a category
	Line      bool
}

// Classifier picks the category or water kind of OpenStreetMap elements
// by the catalogue's selectors. It is immutable and safe for concurrent
// use.
type Classifier struct {
	byTag map[string][]entry // by "key=value" and "key=*" of the first tag
}

type entry struct {
	sel   Selector
	match Match
}

// Classifier returns a classifier of the catalogue's selectors.
func (c *Catalogue) Classifier() *Classifier {
	cl := &Classifier{byTag: map[string][]entry{}}
	add := func(s Selector, m Match) {
		k := s.Tags[0].String()
		cl.byTag[k] = append(cl.byTag[k], entry{s, m})
	}
	for _, k := range c.Categories {
		for _, s := range k.OSM {
			add(s, Match{Category: k.ID})
		}
	}
	for _, k := range c.WaterKinds {
		for _, s := range k.OSM {
			add(s, Match{WaterKind: k.ID, Line: s.Line})
		}
	}
	return cl
}

// Classify returns the match of the heaviest selector (Selector.Weight)
// that picks an element with the given tags and names, ties going to the
// lower Order; ok is false when none does. A tag value listing several
// ("parking;fuel") meets a condition if one of them does. names are the
// element's names (name, name:zh, name:en), matched as substrings,
// ignoring the case of Latin letters.
func (cl *Classifier) Classify(tags []Tag, names []string) (m Match, ok bool) {
	var best *entry
	consider := func(key string) {
		for i := range cl.byTag[key] {
			e := &cl.byTag[key][i]
			if best != nil && (e.sel.Weight() < best.sel.Weight() ||
				(e.sel.Weight() == best.sel.Weight() && e.sel.Order > best.sel.Order)) {
				continue
			}
			if e.sel.matches(tags, names) {
				best = e
			}
		}
	}
	for _, t := range tags {
		if t.Value == "" {
			continue
		}
		consider(t.Key + "=*")
		for v := range values(t.Value) {
			consider(t.Key + "=" + v)
		}
	}
	if best == nil {
		return Match{}, false
	}
	return best.match, true
}

// values yields the values of a tag: "a;b" is a and b.
func values(v string) func(func(string) bool) {
	return func(yield func(string) bool) {
		if !strings.Contains(v, ";") {
			yield(v)
			return
		}
		for s := range strings.SplitSeq(v, ";") {
			if s = strings.TrimSpace(s); s != "" && !yield(s) {
				return
			}
		}
	}
}

// matches reports whether the selector picks an element.
func (s *Selector) matches(tags []Tag, names []string) bool {
	for _, t := range s.Tags {
		if !has(tags, t) {
			return false
		}
	}
	for _, t := range s.NotTags {
		if has(tags, t) {
			return false
		}
	}
	if len(s.Names) > 0 && !nameHas(names, s.Names) {
		return false
	}
	return !nameHas(names, s.NotNames)
}

// has reports whether tags meet condition c.
func has(tags []Tag, c Tag) bool {
	for _, t := range tags {
		if t.Key != c.Key || t.Value == "" {
			continue
		}
		if c.Value == "*" {
			return true
		}
		for v := range values(t.Value) {
			if v == c.Value {
				return true
			}
		}
	}
	return false
}

// nameHas reports whether one of names contains one of words.
func nameHas(names, words []string) bool {
	for _, n := range names {
		if n == "" {
			continue
		}
		n = strings.ToLower(n)
		for _, w := range words {
			if strings.Contains(n, strings.ToLower(w)) {
				return true
			}
		}
	}
	return false
}

// String describes the selector as data/README.md lists it:
// "shop=* named 彩票", "amenity=bar not named 水吧|茶吧",
// "waterway=river (line)".
func (s Selector) String() string {
	var b strings.Builder
	for i, t := range s.Tags {
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString(t.String())
	}
	for _, t := range s.NotTags {
		b.WriteString(" not " + t.String())
	}
	if len(s.Names) > 0 {
		b.WriteString(" named " + strings.Join(s.Names, "|"))
	}
	if len(s.NotNames) > 0 {
		b.WriteString(" not named " + strings.Join(s.NotNames, "|"))
	}
	if s.Line {
		b.WriteString(" (line)")
	}
	return b.String()
}
