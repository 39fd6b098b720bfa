package synth

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/catalogue"
)

// About half of China's schools are kindergartens.
var synthSchoolKinds = []synthChoice[geo.SchoolKind]{
	{geo.Kindergarten, 0.45, "幼儿园"}, {geo.Primary, 0.30, "小学"}, {geo.Secondary, 0.15, "中学"}, {geo.GeneralSchool, 0.10, "学校"},
}

func (g *synth) school(i int) geo.Feature {
	lat, lon, r := g.schoolSite(i)
	k := synthPick(synthSchoolKinds, r.float())
	n := strconv.Itoa(i + 1)
	f := geo.Feature{ID: "school/" + n, Kind: geo.School, Name: "第" + n + k.name, SchoolKind: k.v}
	if r.float() >= g.cfg.CampusShare {
		f.Geometry = orb.Point{round7(lon), round7(lat)}
		return f
	}
	// 125-320 m across give or take 20%: about 100-400 m.
	ring := starRing(&r, lat, lon, (125+195*r.float())/2, 4+r.intn(9), 0.2)
	f.Geometry = orb.Polygon{ring}
	for range 1 + r.intn(3) {
		k := r.intn(len(ring) - 1)
		t := 0.2 + 0.6*r.float()
		a, b := ring[k], ring[k+1]
		f.Gates = append(f.Gates, geo.Point{Lat: round7(a[1] + t*(b[1]-a[1])), Lon: round7(a[0] + t*(b[0]-a[0]))})
	}
	return f
}

// synthCategories are the catalogue's categories with a synth share,
// their shares scaled to sum to 1: about 40% in categories that rules
// usually limit near schools. Names are the category's Chinese name and a
// number.
var synthCategories = catalogueChoices(catalogue.Default().Categories, func(k catalogue.Category) (geo.Category, float64, string, bool) {
	return geo.Category(k.ID), k.Synth.Share, k.Name.ZH, k.Synth.Share > 0
})

// synthScale is each category's footprint scale (a market is larger than
// a shop).
var synthScale = func() map[geo.Category]float64 {
	m := map[geo.Category]float64{}
	for _, k := range catalogue.Default().Categories {
		m[geo.Category(k.ID)] = k.Synth.Scale
	}
	return m
}()

// catalogueChoices turns catalogue entries into choices with shares that
// sum to 1, keeping those keep says to.
func catalogueChoices[E, T any](entries []E, of func(E) (v T, share float64, name string, keep bool)) []synthChoice[T] {
	var out []synthChoice[T]
	sum := 0.0
	for _, e := range entries {
		if v, share, name, keep := of(e); keep {
			out = append(out, synthChoice[T]{v, share, name})
			sum += share
		}
	}
	for i := range out {
		out[i].share /= sum
	}
	return out
}

// Shares of businesses within 300 m of a school, and with a footprint.
const (
	synthNearSchoolShare = 0.25
	synthFootprintShare  = 0.05
)

func (g *synth) business(i int) geo.Feature {
	r := newSynthRand(g.cfg.Seed, streamBusiness, uint64(i))
	c := synthPick(synthCategories, r.float())
	n := strconv.Itoa(i + 1)
	f := geo.Feature{ID: "biz/" + n, Kind: geo.Business, Name: c.name + n, Category: c.v}
	var lat, lon float64
	if g.cfg.Schools > 0 && r.float() < synthNearSchoolShare {
		lat, lon, _ = g.schoolSite(r.intn(g.cfg.Schools))
		d, a := 20+280*r.float(), 2*math.Pi*r.float()
		lat, lon = offsetMeters(lat, lon, d*math.Cos(a), d*math.Sin(a))
	} else {
		lat, lon = g.place(&r, 0.03, 0.15, 0.8)
	}
	if r.float() >= synthFootprintShare {
		f.Geometry = orb.Point{round7(lon), round7(lat)}
		return f
	}
	w, h := 10+30*r.float(), 10+30*r.float()
	w, h = w*synthScale[c.v], h*synthScale[c.v]
	f.Geometry = orb.Polygon{rectRing(lat, lon, w, h, math.Pi*r.float())}
	return f
}

// Water kinds with their shares among lines or among areas, from the
// catalogue, and the sizes in meters of their segments (lines) or of the
// whole (polygons), and how much lines bend.
var (
	synthWaterLineShare = 0.55
	synthLineKinds      = synthWaterChoices(true)
	synthAreaKinds      = synthWaterChoices(false)
	synthWater          = func() map[geo.WaterKind]catalogue.WaterSynth {
		m := map[geo.WaterKind]catalogue.WaterSynth{}
		for _, k := range catalogue.Default().WaterKinds {
			m[geo.WaterKind(k.ID)] = k.Synth
		}
		return m
	}()
)

func synthWaterChoices(line bool) []synthChoice[geo.WaterKind] {
	return catalogueChoices(catalogue.Default().WaterKinds, func(k catalogue.WaterKind) (geo.WaterKind, float64, string, bool) {
		return geo.WaterKind(k.ID), k.Synth.Share, k.Name.ZH, k.Synth.Share > 0 && k.Synth.Line == line
	})
}

func (g *synth) water(i int) geo.Feature {
	r := newSynthRand(g.cfg.Seed, streamWater, uint64(i))
	line := r.float() < synthWaterLineShare
	kinds := synthAreaKinds
	if line {
		kinds = synthLineKinds
	}
	k := synthPick(kinds, r.float())
	n := strconv.Itoa(i + 1)
	f := geo.Feature{ID: "water/" + n, Kind: geo.WaterBody, Name: k.name + n, Category: geo.Water, WaterKind: k.v}
	lat, lon := g.place(&r, 0.3, 0.3, 1.5)
	size := synthWater[k.v].SizeMeters
	size[0] += (size[1] - size[0]) * r.float()
	if !line {
		f.Geometry = orb.Polygon{starRing(&r, lat, lon, size[0]/2, 6+r.intn(11), 0.3)}
		return f
	}
	ls := make(orb.LineString, 5+r.intn(46))
	heading, bend := 2*math.Pi*r.float(), synthWater[k.v].Bend
	for j := range ls {
		ls[j] = orb.Point{round7(lon), round7(lat)}
		heading += bend * r.norm()
		lat, lon = offsetMeters(lat, lon, size[0]*math.Cos(heading), size[0]*math.Sin(heading))
	}
	f.Geometry = ls
	return f
}

// starRing returns a closed counter-clockwise ring of n vertices around
// (lat, lon), at radius meters from it give or take the fraction jitter:
// angles increase, so the ring never crosses itself.
func starRing(r *synthRand, lat, lon, radius float64, n int, jitter float64) orb.Ring {
	ring := make(orb.Ring, n+1)
	step := 2 * math.Pi / float64(n)
	start := step * r.float()
	for k := range n {
		a := start + step*(float64(k)+0.7*(r.float()-0.5)) // at most 0.35 steps off: still increasing
		d := radius * (1 + jitter*(2*r.float()-1))
		la, lo := offsetMeters(lat, lon, d*math.Sin(a), d*math.Cos(a))
		ring[k] = orb.Point{round7(lo), round7(la)}
	}
	ring[n] = ring[0]
	return ring
}

// rectRing returns a closed counter-clockwise rectangle w by h meters,
// centred on (lat, lon) and turned by angle radians.
func rectRing(lat, lon, w, h, angle float64) orb.Ring {
	ring := make(orb.Ring, 5)
	sin, cos := math.Sincos(angle)
	for k, c := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		x, y := c[0]*w/2, c[1]*h/2
		la, lo := offsetMeters(lat, lon, x*sin+y*cos, x*cos-y*sin)
		ring[k] = orb.Point{round7(lo), round7(la)}
	}
	ring[4] = ring[0]
	return ring
}

// offsetMeters moves (lat, lon) north and east by the given meters, with
// the local size of a degree on the WGS84 ellipsoid.
func offsetMeters(lat, lon, north, east float64) (float64, float64) {
	phi := lat * math.Pi / 180
	perLat := 111132.92 - 559.82*math.Cos(2*phi) + 1.175*math.Cos(4*phi)
	perLon := 111412.84*math.Cos(phi) - 93.5*math.Cos(3*phi)
	return lat + north/perLat, lon + east/perLon
}

// round7 rounds degrees to 1e-7, as WriteGeoJSONL writes them.
func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }
