// Package catalogue reads the category catalogue: the kinds of place that
// rules are written against and the kinds of water, each with its Chinese
// and English names, the words licence lists use for it, the OpenStreetMap
// selectors it is read from and the lead unit of the hazard ledger. The
// catalogue is data (data/catalogue.yaml, built into the binary by package
// data); geo takes its lists of categories and water kinds from Default,
// and the OpenStreetMap reader, imports, the API and synthetic data take
// the rest. The format is described in data/README.md.
//
// The package knows nothing of geo's types: IDs are plain strings, which
// geo turns into its Category and WaterKind.
package catalogue

import (
	"errors"
	"fmt"

	"github.com/safezone/safezone/data"
)

// ErrInvalid is wrapped by the error Parse returns for a bad catalogue.
var ErrInvalid = errors.New("catalogue: invalid")

// Name is a name in Chinese and in English.
type Name struct {
	ZH, EN string
}

// Import holds the words a licence list or GIS layer uses for a category
// or water kind: Values in its category (or water kind) column, Headers
// of a name column whose header says every row is one (网吧名称).
type Import struct {
	Values  []string
	Headers []string
}

// Tag is one OpenStreetMap tag condition: Key with Value, or with any
// value when Value is "*".
type Tag struct {
	Key, Value string
}

// String returns the tag as "key=value".
func (t Tag) String() string { return t.Key + "=" + t.Value }

// Selector picks OpenStreetMap elements: every one of Tags holds, none of
// NotTags does, the name contains one of Names (if any) and none of
// NotNames. Line, for water kinds, reads a way as a line even when it is
// closed, unless it is also tagged area=yes (waterway=river).
type Selector struct {
	Tags, NotTags   []Tag
	Names, NotNames []string
	Line            bool
	// Order is the selector's place among every selector of the
	// catalogue, categories' first, in file order; it breaks ties between
	// selectors of equal Weight.
	Order int
}

// Weight is how specific the selector is: one for each tag and one for a
// name list. When several selectors match an element, the heaviest wins.
func (s Selector) Weight() int {
	w := len(s.Tags)
	if len(s.Names) > 0 {
		w++
	}
	return w
}

// Synth says how often synthetic data (geo/synth) has a category: Share
// is its weight among businesses, Scale multiplies the size of its
// footprints (a market is larger than a shop). A zero Share leaves the
// category out.
type Synth struct {
	Share, Scale float64
}

// WaterSynth says how synthetic data draws a water kind: as a Line or an
// area, with weight Share among the kinds of that shape, SizeMeters its
// span (an area's width, a line segment's length), and Bend how much a
// line turns at each vertex (radians, standard deviation).
type WaterSynth struct {
	Line       bool
	Share      float64
	SizeMeters [2]float64
	Bend       float64
}

// Category is one entry of categories:.
type Category struct {
	ID     string
	Name   Name
	Lead   Name // the lead unit (牵头单位) of a hazard of this category
	Import Import
	OSM    []Selector
	Synth  Synth
}

// WaterKind is one entry of water_kinds:.
type WaterKind struct {
	ID     string
	Name   Name
	Import Import
	OSM    []Selector
	Synth  WaterSynth
}

// Catalogue is a parsed catalogue. It is not modified after Parse returns,
// so it is safe for concurrent use; treat its slices as read-only.
type Catalogue struct {
	Categories []Category
	WaterKinds []WaterKind
}

// Required are the IDs a catalogue must have, both as a category and as a
// water kind: water bodies have the category "water", and a water body of
// no known kind the kind "water".
const Required = "water"

// Category returns the category with the given ID.
func (c *Catalogue) Category(id string) (Category, bool) {
	for _, k := range c.Categories {
		if k.ID == id {
			return k, true
		}
	}
	return Category{}, false
}

// WaterKind returns the water kind with the given ID.
func (c *Catalogue) WaterKind(id string) (WaterKind, bool) {
	for _, k := range c.WaterKinds {
		if k.ID == id {
			return k, true
		}
	}
	return WaterKind{}, false
}

// defaultCatalogue is data/catalogue.yaml, parsed when the program starts.
var defaultCatalogue = mustParse(data.CataloguePath, data.Catalogue())

// Default returns the catalogue built into the binary, data/catalogue.yaml.
func Default() *Catalogue { return defaultCatalogue }

// mustParse parses the built-in catalogue. A bad one is a mistake in the
// source tree, caught by every test, so it panics with Parse's message.
func mustParse(name string, text []byte) *Catalogue {
	c, err := Parse(name, text)
	if err != nil {
		panic(fmt.Sprintf("the built-in category catalogue is bad: %v", err))
	}
	return c
}
