package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/walk"
)

// checkWalk loads the pedestrian graph when the check measures a rule by
// walking and the data is OpenStreetMap; otherwise it returns nil, and
// CheckWith measures walking rules straight (or refuses --method walking).
func checkWalk(data string, m geo.Method, pack *geo.RulePack, c geo.Category) (*walk.Graph, error) {
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

// walkOptions loads the pedestrian graph when a rule of pack asks for
// walking (or m is Walking) and the data is OpenStreetMap, for audits,
// reports and sites; otherwise they measure walking rules straight.
func walkOptions(data string, m geo.Method, pack *geo.RulePack) (geo.WalkOptions, error) {
	walked := m == geo.Walking || (m == "" && slices.ContainsFunc(pack.Rules, func(r geo.Rule) bool { return r.Method == geo.Walking }))
	if !walked || !isOSMPath(data) {
		if m == geo.Walking {
			return geo.WalkOptions{}, geo.Invalid("method", string(m), geo.NoWalkNetwork())
		}
		return geo.WalkOptions{Method: m}, nil
	}
	_, g, err := loadWalk(data)
	return geo.WalkOptions{Method: m, Walk: g}, err
}

// alongRoutes returns what rules of kind along are measured from: the
// walks from the residential areas around each school, when the pack has
// such rules and --data is OpenStreetMap (which has the road network);
// else nil, and they are measured from the campus.
func alongRoutes(data string, pack *geo.RulePack, reach float64) (geo.RouteFinder, error) {
	if !pack.Has(geo.Along) || !isOSMPath(data) {
		return nil, nil
	}
	bm, g, err := loadWalk(data)
	if err != nil {
		return nil, err
	}
	return walk.ResidentialRoutes{Graph: g, Basemap: bm, ReachMeters: reach}, nil
}

// writeWalkText prints how a hit was walked.
func writeWalkText(w io.Writer, h geo.Hit) {
	switch {
	case h.Method == geo.Walking && h.Route == nil:
		fmt.Fprintf(w, "  no walk of at most %g m reaches the school\n", h.WalkCapMeters)
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
		writeWalkText(w, h)
	}
}

func fmtLatLon(p [2]float64) string { return fmt.Sprintf("%.7f,%.7f", p[1], p[0]) }

// schoolRoutes returns, for a school's report, the water along the walks to
// it from the residential areas around it, when --data is OpenStreetMap
// (which has the road network); for other data it returns nil.
func schoolRoutes(data string, idx *geo.Index, rep *geo.Report, reach, within float64) (*walk.Report, error) {
	if !(reach > 0 && reach <= walk.MaxRouteMeters) {
		return nil, usageError("routes-reach %q: must be a number of meters above 0 and at most %d", strconv.FormatFloat(reach, 'f', -1, 64), walk.MaxRouteMeters)
	}
	if !(within > 0 && within <= walk.MaxRouteWaterMeters) {
		return nil, usageError("routes-within %q: must be a number of meters above 0 and at most %d", strconv.FormatFloat(within, 'f', -1, 64), walk.MaxRouteWaterMeters)
	}
	if !isOSMPath(data) {
		return nil, nil
	}
	bm, g, err := loadWalk(data)
	if err != nil {
		return nil, err
	}
	rr, err := walk.SchoolRoutes(idx, g, bm, rep.School.ID, nil, reach, within)
	if err != nil {
		return nil, err
	}
	return &rr, nil
}

// writeRoutesText prints the report's water along routes.
func writeRoutesText(w io.Writer, rr *walk.Report) {
	if rr == nil {
		return
	}
	fmt.Fprintf(w, "\nwater within %g m of the walks to school from %d residential area(s) within %g m (%d unreached): %d\n",
		rr.WithinMeters, len(rr.Routes)+len(rr.Unreached), rr.ReachMeters, len(rr.Unreached), len(rr.Water))
	for _, h := range rr.Water {
		fmt.Fprintf(w, "  %-10s %9.3f m at %9.3f m along  %s %s  (%s)\n",
			h.Water.WaterKind, h.DistanceMeters, h.AlongMeters, h.Water.ID, h.Water.Name, h.RouteID)
	}
}
