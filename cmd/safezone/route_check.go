package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/safezone/safezone/geo"
)

// checkWalk loads the pedestrian graph when the check measures a rule by
// walking and the data is OpenStreetMap; otherwise it returns nil, and
// CheckWith measures walking rules straight (or refuses --method walking).
func checkWalk(data string, m geo.Method, pack *geo.RulePack, c geo.Category) (*geo.WalkGraph, error) {
	walked := m == geo.Walking
	if m == "" {
		walked = slices.ContainsFunc(pack.RulesFor(c), func(r geo.Rule) bool { return r.Method == geo.Walking })
	}
	if !walked || !isOSMPath(data) {
		return nil, nil
	}
	_, g, err := loadWalk(data)
	return g, err
}

// writeWalkText prints how a hit was walked.
func writeWalkText(w io.Writer, h geo.Hit) {
	switch {
	case h.Method == geo.Walking:
		fmt.Fprintf(w, "  walking %.3f m along %d points, from %s to %s\n", h.WalkingMeters, len(h.Route),
			fmtLatLon(h.Route[0]), fmtLatLon(h.Route[len(h.Route)-1]))
	case h.Method == geo.Straight && h.Rule.Method == geo.Walking:
		fmt.Fprintf(w, "  measured straight: the rule asks for walking, and no road network is loaded\n")
	}
}

// writeClearedText prints the walking rules the walk clears.
func writeClearedText(w io.Writer, cleared []geo.Hit) {
	for _, h := range cleared {
		fmt.Fprintf(w, "cleared    %-28s %9.3f m straight from %s %s, but no walk of at most %g m: outside the zone by walking\n",
			h.Rule.ID, h.DistanceMeters, h.School.ID, h.School.Name, h.Rule.DistanceMeters)
	}
}

func fmtLatLon(p [2]float64) string { return fmt.Sprintf("%.7f,%.7f", p[1], p[0]) }
