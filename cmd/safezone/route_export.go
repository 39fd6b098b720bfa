package main

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"strconv"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo/walk"
)

// runWalkGraph exports the pedestrian graph of --data as an edge list for
// pgRouting, and optionally a sample of node pairs with our walking
// distances, to check one against the other (scripts/pgrouting-check.sh).
func runWalkGraph(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("walk-graph")
	data := fs.String("data", defaultData, "OpenStreetMap data: .osm.pbf or .osm")
	out := fs.String("out", "", "edge list CSV (default: standard output)")
	pairsOut := fs.String("pairs-out", "", "also write --pairs random node pairs and their walking distances to this CSV")
	pairs := fs.Int("pairs", 200, "with --pairs-out: how many pairs")
	seed := fs.Int64("seed", 1, "with --pairs-out: random seed")
	maxM := fs.Float64("max", 3000, "with --pairs-out: meters; pairs farther apart on foot are reported unreachable")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *pairs < 1 || *pairs > 1_000_000 {
		return usageError("pairs %d: must be from 1 to 1000000", *pairs)
	}
	_, g, err := loadWalk(*data)
	if err != nil {
		return err
	}
	w, closeOut, err := openOut(*out, stdout)
	if err != nil {
		return err
	}
	if err := writeWalkEdges(w, g); err != nil {
		closeOut()
		return err
	}
	if err := closeOut(); err != nil || *pairsOut == "" {
		return err
	}
	return writeWalkPairs(*pairsOut, g, *pairs, *seed, *maxM)
}

// writeWalkEdges writes one row per segment, as pgr_dijkstra takes them:
// id, source, target, cost, reverse_cost (-1 where one-way forbids it),
// and the ends' coordinates so that PostGIS can measure each segment
// itself.
func writeWalkEdges(w io.Writer, g *walk.Graph) error {
	cw := api.NewCSVWriter(w)
	cw.Write([]string{"id", "source", "target", "cost", "reverse_cost", "lon1", "lat1", "lon2", "lat2"})
	id := 0
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	g.Segments(func(s walk.WalkSegment) bool {
		id++
		cost, rev := -1.0, -1.0
		if s.Forward {
			cost = s.LengthMeters
		}
		if s.Backward {
			rev = s.LengthMeters
		}
		cw.Write([]string{strconv.Itoa(id), strconv.FormatInt(s.From, 10), strconv.FormatInt(s.To, 10), f(cost), f(rev),
			f(s.FromPoint.Lon), f(s.FromPoint.Lat), f(s.ToPoint.Lon), f(s.ToPoint.Lat)})
		return true
	})
	cw.Flush()
	return cw.Error()
}

// writeWalkPairs writes n random pairs of graph nodes and the shortest
// walk between them (empty when none is within maxM).
func writeWalkPairs(path string, g *walk.Graph, n int, seed int64, maxM float64) error {
	var ids []int64
	g.Segments(func(s walk.WalkSegment) bool {
		ids = append(ids, s.From, s.To)
		return true
	})
	if len(ids) == 0 {
		return fmt.Errorf("pairs: the pedestrian graph is empty")
	}
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("pairs-out %q: %w", path, err)
	}
	cw := api.NewCSVWriter(file)
	cw.Write([]string{"source", "target", "walking_m"})
	r := rand.New(rand.NewSource(seed))
	for range n {
		a, b := ids[r.Intn(len(ids))], ids[r.Intn(len(ids))]
		d, ok, err := g.PathMeters(a, b, maxM)
		if err != nil {
			file.Close()
			return err
		}
		v := ""
		if ok {
			v = strconv.FormatFloat(d, 'f', -1, 64)
		}
		cw.Write([]string{strconv.FormatInt(a, 10), strconv.FormatInt(b, 10), v})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
