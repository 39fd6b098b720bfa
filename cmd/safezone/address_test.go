package main

import (
	"strings"
	"testing"
)

// check names the nearest school's address, read from addr:* tags.
func TestCheck_address(t *testing.T) {
	code, out, errOut := MustRun(t, "check", "--rules-dir", rulesDir, "--data", "../../geo/testdata/osm_address.osm",
		"--lat", "30.6795", "--lon", "104.0615", "--category", "bar")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "nearest school: way/20 府青路小学 at 0.000 m\n  address: 府青路二段30号\n") {
		t.Errorf("output:\n%s", out)
	}
}
