package main

import (
	"bytes"
	"regexp"
	"slices"
	"testing"

	"github.com/safezone/safezone/geo"
)

func TestStageTimer(t *testing.T) {
	tests := []struct {
		name string
		hits int
	}{{"NoHits", 0}, {"ThreeHits", 3}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStageTimer()
			st.mark("read")
			seq := func(yield func(geo.Hit) bool) {
				for range tc.hits {
					if !yield(geo.Hit{}) {
						return
					}
				}
			}
			if got := len(slices.Collect(st.audit(seq))); got != tc.hits {
				t.Fatalf("yielded %d hits, want %d", got, tc.hits)
			}
			st.mark("write")
			var b bytes.Buffer
			st.print(&b, 7)
			want := regexp.MustCompile(`^timings: read=\d+\.\d{3}s audit=\d+\.\d{3}s write=\d+\.\d{3}s features=7 hits=` + string(rune('0'+tc.hits)) + "\n$")
			if !want.MatchString(b.String()) {
				t.Errorf("print = %q, want it to match %s", b.String(), want)
			}
		})
	}
}
