package synth

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
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

// Business categories with their shares: 40% in categories that rules
// usually limit near schools.
var synthCategories = []synthChoice[geo.Category]{
	{geo.InternetCafe, 0.06, "网吧"}, {geo.SongDance, 0.04, "KTV"}, {geo.GameArcade, 0.03, "游戏厅"},
	{geo.Lottery, 0.05, "彩票站"}, {geo.Gambling, 0.005, "棋牌室"}, {geo.Bar, 0.05, "酒吧"},
	{geo.StreetStall, 0.07, "摊位"}, {geo.Market, 0.045, "市场"}, {geo.Parking, 0.05, "停车场"},
	{geo.Tobacco, 0.20, "烟酒店"}, {geo.Hotel, 0.14, "宾馆"}, {geo.Clinic, 0.17, "诊所"},
	{geo.Fireworks, 0.03, "烟花爆竹店"}, {geo.Police, 0.06, "派出所"},
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
	if c.v == geo.Market || c.v == geo.Parking {
		w, h = w*3, h*3
	}
	f.Geometry = orb.Polygon{rectRing(lat, lon, w, h, math.Pi*r.float())}
	return f
}

// Water kinds with their shares, and the sizes in meters of their segments
// (lines) or of the whole (polygons).
var (
	synthWaterLineShare = 0.55
	synthLineKinds      = []synthChoice[geo.WaterKind]{
		{geo.River, 0.20, "河"}, {geo.Stream, 0.35, "溪"}, {geo.Canal, 0.20, "渠"}, {geo.Ditch, 0.15, "沟"}, {geo.Drain, 0.10, "排水沟"},
	}
	synthAreaKinds = []synthChoice[geo.WaterKind]{
		{geo.Pond, 0.55, "塘"}, {geo.Lake, 0.15, "湖"}, {geo.Reservoir, 0.15, "水库"}, {geo.Basin, 0.15, "调蓄池"},
	}
	synthWaterSizes = map[geo.WaterKind][2]float64{
		geo.River: {200, 600}, geo.Stream: {50, 200}, geo.Canal: {100, 400}, geo.Ditch: {20, 80}, geo.Drain: {20, 60},
		geo.Pond: {20, 150}, geo.Lake: {300, 2000}, geo.Reservoir: {500, 3000}, geo.Basin: {30, 120},
	}
)

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
	size := synthWaterSizes[k.v]
	size[0] += (size[1] - size[0]) * r.float()
	if !line {
		f.Geometry = orb.Polygon{starRing(&r, lat, lon, size[0]/2, 6+r.intn(11), 0.3)}
		return f
	}
	ls := make(orb.LineString, 5+r.intn(46))
	heading, bend := 2*math.Pi*r.float(), 0.3
	if k.v == geo.Canal || k.v == geo.Drain {
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
