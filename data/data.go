// Package data holds the data files built into the binary: the category
// catalogue (catalogue.yaml), which geo/catalogue parses. Rule packs
// (rules/) and the demo extract are read from disk at run time instead, so
// that a regulator can add a pack without a rebuild.
package data

import (
	"bytes"
	_ "embed"
)

//go:embed catalogue.yaml
var catalogue []byte

// CataloguePath is the catalogue's path in the repository, for messages.
const CataloguePath = "data/catalogue.yaml"

// Catalogue returns the text of data/catalogue.yaml, a new copy each call.
func Catalogue() []byte { return bytes.Clone(catalogue) }
