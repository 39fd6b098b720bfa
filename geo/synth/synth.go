package synth

import (
	"math"
	"sort"

	"github.com/safezone/safezone/geo"
)

// Config says how many synthetic features Generate makes.
type Config struct {
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

// Generate makes cfg.Schools schools, then cfg.Businesses businesses, then
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
func Generate(cfg Config, emit func(geo.Feature) error) error {
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
	cfg    Config
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

func newSynth(cfg Config) (*synth, error) {
	for _, c := range []struct {
		field string
		n     int
	}{{"schools", cfg.Schools}, {"businesses", cfg.Businesses}, {"water", cfg.Water}} {
		if c.n < 0 {
			return nil, geo.Invalidf("%s %d: must not be negative", c.field, c.n)
		}
	}
	switch {
	case math.IsNaN(cfg.CampusShare) || cfg.CampusShare > 1:
		return nil, geo.Invalidf("campus share %v: must be at most 1", cfg.CampusShare)
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
