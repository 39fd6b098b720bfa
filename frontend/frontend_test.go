package frontend_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/safezone/safezone/frontend"
)

// TestFS checks the embedded files. leaflet/leaflet.js is there only after
// `make frontend`, which `make test` runs first.
func TestFS(t *testing.T) {
	if _, err := fs.Stat(frontend.FS(), "leaflet/leaflet.js"); err != nil {
		t.Fatalf("leaflet/leaflet.js is not embedded (run `make frontend`): %v", err)
	}
	if err := fstest.TestFS(frontend.FS(), "index.html", "app.js", "style.css", "leaflet/leaflet.js", "leaflet/leaflet.css"); err != nil {
		t.Fatal(err)
	}
}

var (
	importRE = regexp.MustCompile(`(?m)^import .* from '\./([a-z0-9_-]+\.js)';$`)
	scriptRE = regexp.MustCompile(`(?:src|href)="([^"]+)"`)
	remoteRE = regexp.MustCompile(`(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
)

// TestFS_modules checks that every ES module app.js reaches is embedded,
// and that index.html loads only embedded files (besides a data: URL and
// the preloaded API config).
func TestFS_modules(t *testing.T) {
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		b, err := fs.ReadFile(frontend.FS(), name)
		if err != nil {
			t.Fatalf("module %s: %v", name, err)
		}
		for _, m := range importRE.FindAllStringSubmatch(string(b), -1) {
			walk(m[1])
		}
	}
	walk("app.js")
	if len(seen) < 2 {
		t.Errorf("app.js imports no module; want the split into ES modules")
	}
	html, err := fs.ReadFile(frontend.FS(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range scriptRE.FindAllStringSubmatch(string(html), -1) {
		if strings.HasPrefix(m[1], "data:") || strings.HasPrefix(m[1], "api/") {
			continue
		}
		if _, err := fs.Stat(frontend.FS(), m[1]); err != nil {
			t.Errorf("index.html loads %q, which is not embedded", m[1])
		}
	}
}

// TestFS_offline checks that our own files name no outside host: no CDN,
// no web font, no tile server (the tile URL is a server flag).
func TestFS_offline(t *testing.T) {
	files, err := fs.Glob(frontend.FS(), "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if !strings.HasSuffix(name, ".js") && !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".css") {
			continue
		}
		b, err := fs.ReadFile(frontend.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		if m := remoteRE.Find(b); m != nil {
			t.Errorf("%s names an outside host: %s", name, m)
		}
	}
}
