// Package frontend holds the map UI: index.html, app.js and the ES modules
// it imports, style.css and Leaflet, copied from npm into leaflet/ by `make
// frontend`. It only embeds and exposes the files.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed index.html *.js style.css leaflet
var files embed.FS

// FS returns the map UI, with index.html at the root.
func FS() fs.FS { return files }
