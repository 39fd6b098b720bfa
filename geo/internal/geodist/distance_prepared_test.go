package geodist

import (
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"
)

// TestPointTarget measures many geometries from campuses prepared as an
// audit prepares them, in every latitude band, and wants Within'
// answer: the same verdict, and the same distance to within 1 µm (the two
// may solve the nearest edge from opposite ends). The geometries are points
// (inside, on the edge, at the limit and beyond), lines, polygons that
// overlap, surround or stay clear of the campus, and long lines that leave
// the search box.
func TestPointTarget(t *testing.T) {
	cases := 60
	if testing.Short() {
		cases = 10
	}
	r := rand.New(rand.NewSource(9))
	var tgt PointTarget // reused, as a worker reuses it
	for _, band := range distBands {
		t.Run(band.name, func(t *testing.T) {
			var prepared, checked, within int
			for range cases {
				c := distRandomNear(r, band.at, 500)
				var campus orb.Geometry = orb.Polygon{distNgon(c, 50+r.Float64()*250, 3+r.Intn(10), r.Float64()*360)}
				switch r.Intn(4) {
				case 0: // with a courtyard
					hole := distNgon(c, 20, 4, r.Float64()*360)
					hole.Reverse()
					campus = append(campus.(orb.Polygon), hole)
				case 1: // two parts
					campus = orb.MultiPolygon{campus.(orb.Polygon), {distNgon(distDirect(c, r.Float64()*360, 600), 80, 5, 0)}}
				case 2: // a line, as a campus is never, but a target may be
					campus = orb.LineString{distRandomNear(r, c, 300), distRandomNear(r, c, 300), distRandomNear(r, c, 300)}
				}
				limit := []float64{50, 100, 200}[r.Intn(3)]
				box := ExpandBound(Bound(campus), 200)
				tgt.Prepare(campus, 200, box)
				if tgt.ok {
					prepared++
				}
				var others []orb.Geometry
				for range 20 {
					others = append(others, distRandomNear(r, c, 700))
				}
				ring, _ := campus.(orb.Polygon)
				if len(ring) > 0 { // on an edge, and just either side of the limit from a vertex
					v := ring[0][0]
					mid, _ := distAlong(ring[0][0], ring[0][1], 0.5*Meters(ring[0][0], ring[0][1]))
					others = append(others, mid, v)
				}
				others = append(others,
					orb.LineString{distRandomNear(r, c, 600), distRandomNear(r, c, 600)},
					orb.LineString{distDirect(c, 0, 30e3), distDirect(c, 180, 30e3)}, // a river through it
					orb.Polygon{distNgon(distRandomNear(r, c, 400), 30+r.Float64()*100, 4, r.Float64()*90)},
					orb.Polygon{distNgon(c, 2000, 6, 0)}, // around it
					orb.MultiPoint{distRandomNear(r, c, 500), distRandomNear(r, c, 500)},
					orb.Collection{distRandomNear(r, c, 300)},
				)
				for _, g := range others {
					want, wantOK := Within(campus, g, limit)
					var got float64
					var gotOK bool
					if p, ok := g.(orb.Point); ok {
						got, gotOK = tgt.Within(p, limit)
					} else {
						got, gotOK = tgt.WithinGeom(g, limit)
					}
					checked++
					if wantOK {
						within++
					}
					if gotOK != wantOK || (wantOK && math.Abs(got-want) > 1e-6) {
						t.Fatalf("%v to %v, limit %g: got %.9f %v, Within %.9f %v", campus, g, limit, got, gotOK, want, wantOK)
					}
				}
			}
			if band.at.Lat() < 75 && prepared < cases*9/10 {
				t.Errorf("only %d of %d campuses prepared: the test checks the fallback, not the target", prepared, cases)
			}
			if within < checked/4 || within > checked*3/4 {
				t.Errorf("%d of %d geometries within the limit: the test needs both kinds", within, checked)
			}
			t.Logf("%d prepared campuses, %d distances, %d within the limit", prepared, checked, within)
		})
	}
}

// TestPointTarget_limit wants points at the limit from a vertex kept and
// those a millimetre beyond it dropped, as Within does.
func TestPointTarget_limit(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	campus := orb.Polygon{distNgon(c, 120, 7, 10)}
	var tgt PointTarget
	tgt.Prepare(campus, 200, ExpandBound(Bound(campus), 200))
	if !tgt.ok {
		t.Fatal("campus not prepared")
	}
	for _, v := range campus[0][:7] {
		az := geodAzimuth(c, v)
		in := distDirect(v, az, 199.9999)
		out := distDirect(v, az, 200.001)
		if _, ok := tgt.Within(in, 200); !ok {
			t.Errorf("%v, 199.9999 m beyond vertex %v: dropped", in, v)
		}
		if d, ok := tgt.Within(out, 200); ok {
			t.Errorf("%v, 200.001 m beyond vertex %v: kept at %.6f m", out, v, d)
		}
	}
}

func geodAzimuth(a, b orb.Point) float64 {
	_, az := Inverse(a, b)
	return az
}
