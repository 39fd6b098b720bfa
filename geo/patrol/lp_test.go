package patrol_test

import (
	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/patrol"

	"bytes"
	"errors"
	"math/bits"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
)

// lpModel is what TestIndex_WritePatrolLP reads back from an LP file.
type lpModel struct {
	weight map[string]float64  // y → objective coefficient
	covers map[string][]string // y → the x that cover it
	xs     []string            // binaries
	k      int
}

// readLP parses the LP subset WriteLP writes.
func readLP(t *testing.T, text string) lpModel {
	t.Helper()
	m := lpModel{weight: map[string]float64{}, covers: map[string][]string{}}
	section := ""
	var row []string // the tokens of the current statement
	flush := func() {
		switch {
		case section == "Maximize":
			for i := 1; i+2 < len(row); i += 3 { // obj: + w y + w y ...
				w, err := strconv.ParseFloat(row[i+1], 64)
				if err != nil || row[i] != "+" {
					t.Fatalf("objective term %v", row[i:i+3])
				}
				m.weight[row[i+2]] = w
			}
		case section == "Subject To" && row[0] == "posts:":
			m.k, _ = strconv.Atoi(row[len(row)-1])
		case section == "Subject To":
			y := row[1]
			for i := 2; i+1 < len(row)-2; i += 2 {
				m.covers[y] = append(m.covers[y], row[i+1])
			}
		case section == "Binary":
			m.xs = append(m.xs, row...)
		}
		row = nil
	}
	for _, line := range strings.Split(text, "\n") {
		switch f := strings.Fields(line); {
		case len(f) == 0 || strings.HasPrefix(line, "\\"):
		case line == "Maximize" || line == "Subject To" || line == "Bounds" || line == "Binary" || line == "End":
			if row != nil {
				flush()
			}
			section = line
		case strings.HasPrefix(line, "   "): // a continuation
			row = append(row, f...)
		default:
			if row != nil {
				flush()
			}
			row = f
		}
	}
	return m
}

// best is the LP's optimum, trying every choice of at most k binaries.
func (m lpModel) best() float64 {
	best := 0.0
	for mask := uint32(0); mask < 1<<len(m.xs); mask++ {
		if bits.OnesCount32(mask) > m.k {
			continue
		}
		on := map[string]bool{}
		for j, x := range m.xs {
			on[x] = mask&(1<<j) != 0
		}
		v := 0.0
		for y, xs := range m.covers {
			for _, x := range xs {
				if on[x] {
					v += m.weight[y]
					break
				}
			}
		}
		best = max(best, v)
	}
	return best
}

func TestWriteLP(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for trial := range 30 {
		fs, cands := randomPatrol(r, 5+r.Intn(25), 4+r.Intn(10))
		k, radius := 1+r.Intn(4), 200+r.Float64()*500
		var buf bytes.Buffer
		idx := geotest.MustIndex(t, fs)
		opts := patrol.Options{Posts: k, RadiusMeters: radius, Candidates: cands}
		if err := patrol.WriteLP(idx, &buf, opts); err != nil {
			t.Fatal(err)
		}
		m := readLP(t, buf.String())
		if len(m.weight) != len(m.covers) || m.k != k {
			t.Fatalf("trial %d: %d objective terms, %d cover rows, k = %d:\n%s", trial, len(m.weight), len(m.covers), m.k, buf.String())
		}
		if got, want := m.best(), bruteCover(fs, cands, k, radius); got != want {
			t.Fatalf("trial %d: the LP's optimum is %v, the problem's %v:\n%s", trial, got, want, buf.String())
		}
	}
	var buf bytes.Buffer
	idx := geotest.MustIndex(t, []geo.Feature{{ID: "s", Kind: geo.School, Geometry: patrolCentre}})
	if err := patrol.WriteLP(idx, &buf, patrol.Options{Posts: 0, RadiusMeters: 100}); !errors.Is(err, geo.ErrInvalidInput) || buf.Len() > 0 {
		t.Errorf("K = 0: err = %v and %d bytes written, want ErrInvalidInput and none", err, buf.Len())
	}
}
