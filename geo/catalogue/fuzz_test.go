package catalogue_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/safezone/safezone/data"
	"github.com/safezone/safezone/geo/catalogue"
)

// FuzzParse checks that no input makes Parse panic, that every refusal
// wraps ErrInvalid and names the file, and that what it accepts has the
// entries every catalogue must have, each with its names.
func FuzzParse(f *testing.F) {
	f.Add(data.Catalogue())
	f.Add([]byte(good))
	for _, s := range []string{"", "categories: [", "categories: []\nwater_kinds: []\n", "a: &a [*a]\n",
		"categories:\n  - {id: water, name: {zh: 水, en: w}, lead: {zh: 水, en: w}}\nwater_kinds:\n  - {id: water, name: {zh: 水, en: w}, osm: [{tags: [=]}]}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		c, err := catalogue.Parse("fuzz.yaml", text)
		if err != nil {
			if c != nil || !errors.Is(err, catalogue.ErrInvalid) || !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("got %v and %v", c, err)
			}
			return
		}
		if _, ok := c.Category(catalogue.Required); !ok {
			t.Fatal("accepted a catalogue without the water category")
		}
		for _, k := range c.Categories {
			if k.ID == "" || k.Name.ZH == "" || k.Name.EN == "" || k.Lead.ZH == "" {
				t.Fatalf("accepted %+v", k)
			}
			for _, s := range k.OSM {
				if len(s.Tags) == 0 {
					t.Fatalf("accepted a selector with no tags: %+v", s)
				}
			}
		}
		c.Classifier() // must not panic on anything Parse accepts
	})
}
