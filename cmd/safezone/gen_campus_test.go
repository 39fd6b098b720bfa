package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGen_campusShare: --campus-share 0 maps every school as a point, 1
// every school as a campus with gates, and above 1 is bad input.
func TestGen_campusShare(t *testing.T) {
	tests := []struct {
		share          string
		campuses, gate int // schools with a campus polygon, and with gates
	}{{"0", 0, 0}, {"1", 40, 40}}
	for _, tc := range tests {
		t.Run("share="+tc.share, func(t *testing.T) {
			dir := t.TempDir()
			if code, _, errOut := MustRun(t, "gen", "--schools", "40", "--businesses", "0", "--campus-share", tc.share, "--out", dir); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			b, err := os.ReadFile(filepath.Join(dir, "schools.geojsonl"))
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			if n, g := strings.Count(s, `"type":"Polygon"`), strings.Count(s, `"gates":`); n != tc.campuses || g != tc.gate {
				t.Errorf("%d campuses, %d with gates; want %d and %d", n, g, tc.campuses, tc.gate)
			}
		})
	}
	if code, _, _ := MustRun(t, "gen", "--schools", "1", "--campus-share", "1.5", "--out", t.TempDir()); code != 2 {
		t.Errorf("--campus-share 1.5: exit %d, want 2", code)
	}
}
