package geo

import (
	"math"
	"sort"
	"strconv"

	"github.com/paulmach/orb"
)

// SynthConfig says how many synthetic features Synthesize makes.
type SynthConfig struct {
	Schools, Businesses, Water int

	// Seed selects the data set: the same seed gives the same features.
	Seed int64

	// CampusShare is the fraction of schools mapped as a campus polygon
	// with gates rather than a point. Zero means the default, 0.5; a
	// negative value means none.
	CampusShare float64
}

// The synthetic province: a box about 600 km across in south-west China,
// with a few dozen cities.
const (
	synthMinLon, synthMaxLon = 102.0, 108.0
	synthMinLat, synthMaxLat = 27.0, 33.0
	synthCities              = 36

	// synthCoreDensity is the peak density of schools in a city core, per
	// km². Urban China has about 2-5; at 3.5 the nearest school is a few
	// hundred meters away.
	synthCoreDensity = 3.5
)

// Synthesize makes cfg.Schools schools, then cfg.Businesses businesses, then
// cfg.Water water bodies, and passes each to emit as it is made, so that no
// more than one is held in memory. It stops at the first error from emit and
// returns it unchanged.
//
// The data has the shape of real cities: schools and businesses cluster
// around 36 city centres in lon 102-108, lat 27-33 whose sizes follow a
// power law, with Gaussian cores about 3.5 schools per km² dense (the nearest
// school is a median 450 m away), suburbs, and a few rural features. A
// quarter of the businesses sit 20-300 m from the centre of a school. About
// 40% of businesses are in categories that rules usually limit near schools
// (internet cafés, KTV, arcades, lottery, gambling, bars, street stalls,
// markets, parking), the rest tobacco, hotels, clinics, fireworks and police;
// 5% have a small polygon footprint. Campuses are counter-clockwise polygons
// of 4-12 vertices, 100-400 m across, with 1-3 gates on the boundary. Water
// is rivers, streams and canals (lines of 5-50 vertices) and ponds, lakes and
// reservoirs (polygons). IDs are "school/N", "biz/N" and "water/N" from 1;
// coordinates are rounded to 1e-7 degrees, so WriteGeoJSONL writes them
// exactly.
//
// The output depends only on cfg, and on the platform's floating point (it
// is the same on every amd64 machine). It returns an error wrapping ErrInvalidInput if a count is
// negative or CampusShare is above 1 or NaN.
func Synthesize(cfg SynthConfig, emit func(Feature) error) error {
	g, err := newSynth(cfg)
	if err != nil {
		return err
	}
	for i := range cfg.Schools {
		if err := emit(g.school(i)); err != nil {
			return err
		}
	}
	for i := range cfg.Businesses {
		if err := emit(g.business(i)); err != nil {
			return err
		}
	}
	for i := range cfg.Water {
		if err := emit(g.water(i)); err != nil {
			return err
		}
	}
	return nil
}

type synth struct {
	cfg    SynthConfig
	cities []synthCity
	cum    []float64 // cumulative city weights, for pickCity
}

type synthCity struct {
	lat, lon float64
	sigmaM   float64 // standard deviation of the core, in meters
}

// Streams of random numbers, one per use, so that each feature depends only
// on the seed and its index.
const (
	streamCity uint64 = iota + 1
	streamSchool
	streamBusiness
	streamWater
)

func newSynth(cfg SynthConfig) (*synth, error) {
	for _, c := range []struct {
		field string
		n     int
	}{{"schools", cfg.Schools}, {"businesses", cfg.Businesses}, {"water", cfg.Water}} {
		if c.n < 0 {
			return nil, invalidf("%s %d: must not be negative", c.field, c.n)
		}
	}
	switch {
	case math.IsNaN(cfg.CampusShare) || cfg.CampusShare > 1:
		return nil, invalidf("campus share %v: must be at most 1", cfg.CampusShare)
	case cfg.CampusShare == 0:
		cfg.CampusShare = 0.5
	case cfg.CampusShare < 0:
		cfg.CampusShare = 0
	}
	g := &synth{cfg: cfg}
	g.placeCities()
	return g, nil
}

// placeCities puts the cities at least 35 km apart and gives them
// power-law weights (Zipf's law, exponent about 1.1, with noise), the first
// being the capital.
func (g *synth) placeCities() {
	r := newSynthRand(g.cfg.Seed, streamCity, 0)
	// Size the cores for the number of schools they will hold; businesses
	// and water follow the schools.
	schools := float64(max(g.cfg.Schools, g.cfg.Businesses/10, 100))
	weights := make([]float64, synthCities)
	total := 0.0
	for k := range weights {
		weights[k] = math.Pow(float64(k+1), -1.1) * math.Exp(0.3*r.norm())
		total += weights[k]
	}
	sum := 0.0
	for _, w := range weights {
		var c synthCity
		for try := 0; try < 1000; try++ {
			c.lat = synthMinLat + 0.4 + r.float()*(synthMaxLat-synthMinLat-0.8)
			c.lon = synthMinLon + 0.4 + r.float()*(synthMaxLon-synthMinLon-0.8)
			if g.farFromCities(c, 0.35) {
				break
			}
		}
		// A Gaussian core of n schools peaks at n/(2πσ²) per m².
		n := schools * synthCoreShare * w / total
		c.sigmaM = max(1500, math.Sqrt(n/(2*math.Pi*synthCoreDensity/1e6)))
		g.cities = append(g.cities, c)
		sum += w / total
		g.cum = append(g.cum, sum)
	}
}

func (g *synth) farFromCities(c synthCity, deg float64) bool {
	for _, o := range g.cities {
		if math.Hypot(c.lat-o.lat, c.lon-o.lon) < deg {
			return false
		}
	}
	return true
}

// Shares of features in a city core, in the suburbs (a Gaussian three times
// as wide) and spread evenly over the province; near-school businesses are
// placed separately.
const (
	synthCoreShare   = 0.75
	synthRuralShare  = 0.05
	synthSuburbWidth = 3.0
)

// place returns a random location: rural with probability rural, else in a
// city, in its suburbs with probability suburb, else in its core scaled by
// spread.
func (g *synth) place(r *synthRand, rural, suburb, spread float64) (lat, lon float64) {
	if r.float() < rural {
		return synthMinLat + r.float()*(synthMaxLat-synthMinLat), synthMinLon + r.float()*(synthMaxLon-synthMinLon)
	}
	c := g.cities[g.pickCity(r.float())]
	sigma := c.sigmaM * spread
	if r.float() < suburb {
		sigma *= synthSuburbWidth
	}
	lat, lon = offsetMeters(c.lat, c.lon, sigma*r.norm(), sigma*r.norm())
	return min(max(lat, synthMinLat), synthMaxLat), min(max(lon, synthMinLon), synthMaxLon)
}

func (g *synth) pickCity(u float64) int {
	return min(sort.SearchFloat64s(g.cum, u), len(g.cum)-1)
}

// schoolSite returns the centre of school i and its random stream, which
// school goes on to use for the rest of the school.
func (g *synth) schoolSite(i int) (lat, lon float64, r synthRand) {
	r = newSynthRand(g.cfg.Seed, streamSchool, uint64(i))
	lat, lon = g.place(&r, synthRuralShare, 0.2, 1)
	return lat, lon, r
}

// synthChoice is one of a set of values drawn with the given shares.
type synthChoice[T any] struct {
	v     T
	share float64
	name  string // the start of the names of such features
}

// synthPick returns the choice that u, in [0, 1), falls on.
func synthPick[T any](choices []synthChoice[T], u float64) synthChoice[T] {
	for _, c := range choices {
		if u < c.share {
			return c
		}
		u -= c.share
	}
	return choices[len(choices)-1]
}

// About half of China's schools are kindergartens.
var synthSchoolKinds = []synthChoice[SchoolKind]{
	{Kindergarten, 0.45, "幼儿园"}, {Primary, 0.30, "小学"}, {Secondary, 0.15, "中学"}, {GeneralSchool, 0.10, "学校"},
}

func (g *synth) school(i int) Feature {
	lat, lon, r := g.schoolSite(i)
	k := synthPick(synthSchoolKinds, r.float())
	n := strconv.Itoa(i + 1)
	f := Feature{ID: "school/" + n, Kind: School, Name: "第" + n + k.name, SchoolKind: k.v}
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
		f.Gates = append(f.Gates, Point{Lat: round7(a[1] + t*(b[1]-a[1])), Lon: round7(a[0] + t*(b[0]-a[0]))})
	}
	return f
}

// Business categories with their shares: 40% in categories that rules
// usually limit near schools.
var synthCategories = []synthChoice[Category]{
	{InternetCafe, 0.06, "网吧"}, {SongDance, 0.04, "KTV"}, {GameArcade, 0.03, "游戏厅"},
	{Lottery, 0.05, "彩票站"}, {Gambling, 0.005, "棋牌室"}, {Bar, 0.05, "酒吧"},
	{StreetStall, 0.07, "摊位"}, {Market, 0.045, "市场"}, {Parking, 0.05, "停车场"},
	{Tobacco, 0.20, "烟酒店"}, {Hotel, 0.14, "宾馆"}, {Clinic, 0.17, "诊所"},
	{Fireworks, 0.03, "烟花爆竹店"}, {Police, 0.06, "派出所"},
}

// Shares of businesses within 300 m of a school, and with a footprint.
const (
	synthNearSchoolShare = 0.25
	synthFootprintShare  = 0.05
)

func (g *synth) business(i int) Feature {
	r := newSynthRand(g.cfg.Seed, streamBusiness, uint64(i))
	c := synthPick(synthCategories, r.float())
	n := strconv.Itoa(i + 1)
	f := Feature{ID: "biz/" + n, Kind: Business, Name: c.name + n, Category: c.v}
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
	if c.v == Market || c.v == Parking {
		w, h = w*3, h*3
	}
	f.Geometry = orb.Polygon{rectRing(lat, lon, w, h, math.Pi*r.float())}
	return f
}

// Water kinds with their shares, and the sizes in meters of their segments
// (lines) or of the whole (polygons).
var (
	synthWaterLineShare = 0.55
	synthLineKinds      = []synthChoice[WaterKind]{
		{River, 0.20, "河"}, {Stream, 0.35, "溪"}, {Canal, 0.20, "渠"}, {Ditch, 0.15, "沟"}, {Drain, 0.10, "排水沟"},
	}
	synthAreaKinds = []synthChoice[WaterKind]{
		{Pond, 0.55, "塘"}, {Lake, 0.15, "湖"}, {Reservoir, 0.15, "水库"}, {Basin, 0.15, "调蓄池"},
	}
	synthWaterSizes = map[WaterKind][2]float64{
		River: {200, 600}, Stream: {50, 200}, Canal: {100, 400}, Ditch: {20, 80}, Drain: {20, 60},
		Pond: {20, 150}, Lake: {300, 2000}, Reservoir: {500, 3000}, Basin: {30, 120},
	}
)

func (g *synth) water(i int) Feature {
	r := newSynthRand(g.cfg.Seed, streamWater, uint64(i))
	line := r.float() < synthWaterLineShare
	kinds := synthAreaKinds
	if line {
		kinds = synthLineKinds
	}
	k := synthPick(kinds, r.float())
	n := strconv.Itoa(i + 1)
	f := Feature{ID: "water/" + n, Kind: WaterBody, Name: k.name + n, Category: Water, WaterKind: k.v}
	lat, lon := g.place(&r, 0.3, 0.3, 1.5)
	size := synthWaterSizes[k.v]
	size[0] += (size[1] - size[0]) * r.float()
	if !line {
		f.Geometry = orb.Polygon{starRing(&r, lat, lon, size[0]/2, 6+r.intn(11), 0.3)}
		return f
	}
	ls := make(orb.LineString, 5+r.intn(46))
	heading, bend := 2*math.Pi*r.float(), 0.3
	if k.v == Canal || k.v == Drain {
		bend = 0.05
	}
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

// synthRand is SplitMix64 (Steele et al., "Fast splittable pseudorandom
// number generators", OOPSLA 2014): tiny, fast and fixed forever, so a seed
// keeps giving the same data.
type synthRand struct{ s uint64 }

func newSynthRand(seed int64, stream, i uint64) synthRand {
	r := synthRand{uint64(seed)}
	r.s = r.next() ^ stream<<56 ^ i
	return synthRand{r.next()}
}

func (r *synthRand) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// float returns a number in [0, 1).
func (r *synthRand) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a number in [0, n); the bias is below 1e-9 for our n.
func (r *synthRand) intn(n int) int { return int(r.next() % uint64(n)) }

// norm returns a standard normal number (Box-Muller).
func (r *synthRand) norm() float64 {
	return math.Sqrt(-2*math.Log(1-r.float())) * math.Cos(2*math.Pi*r.float())
}
