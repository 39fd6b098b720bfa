package search_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/search"
)

// benchIndex is n businesses with names of 3 to 8 characters drawn from
// 200 common ones, from a fixed seed; a share of them (0 to 1) have an
// address, a street of 2 to 4 of those characters, 路 and a number.
func benchIndex(b *testing.B, n int, addressed float64) *geo.Index {
	b.Helper()
	rng := rand.New(rand.NewSource(42))
	arng := rand.New(rand.NewSource(7)) // apart, so that the names are the same with addresses or without
	chars := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质")
	fs := make([]geo.Feature, n)
	for i := range fs {
		r := make([]rune, 3+rng.Intn(6))
		for j := range r {
			r[j] = chars[rng.Intn(len(chars))]
		}
		fs[i] = geo.Feature{ID: fmt.Sprintf("node/%d", i), Kind: geo.Business, Category: geo.Category("bar"), Name: string(r),
			Geometry: orb.Point{100 + rng.Float64()*10, 25 + rng.Float64()*10}}
		if arng.Float64() < addressed {
			st := make([]rune, 2+arng.Intn(3))
			for j := range st {
				st[j] = chars[arng.Intn(len(chars))]
			}
			fs[i].Address = fmt.Sprintf("%s路%d号", string(st), 1+arng.Intn(300))
		}
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		b.Fatal(err)
	}
	return idx
}

// BenchmarkNew builds the name index without addresses, and at 2 million
// with one business in ten addressed, most having none.
func BenchmarkNew(b *testing.B) {
	for _, c := range []struct {
		n         int
		addressed float64
	}{{20000, 0}, {200000, 0}, {2000000, 0}, {2000000, 0.1}} {
		name := fmt.Sprintf("n=%d", c.n)
		if c.addressed > 0 {
			name += fmt.Sprintf("/addressed=%g", c.addressed)
		}
		b.Run(name, func(b *testing.B) {
			idx := benchIndex(b, c.n, c.addressed)
			b.ReportAllocs()
			var s *search.Index
			for b.Loop() {
				s = search.New(idx, nil)
			}
			b.ReportMetric(float64(s.Bytes())/float64(s.Len()), "B/name")
		})
	}
}

func BenchmarkFind(b *testing.B) {
	for _, n := range []int{20000, 200000, 2000000} {
		idx := benchIndex(b, n, 0.1)
		s := search.New(idx, nil)
		for _, q := range []string{"学校", "xuexiao", "国家电力", "gjdl", "国家路12号", "guojialu"} {
			b.Run(fmt.Sprintf("n=%d/q=%s", n, q), func(b *testing.B) {
				b.ReportAllocs()
				var hits int
				for b.Loop() {
					hits = len(s.Find(q, 20, nil))
				}
				b.ReportMetric(float64(hits), "hits/op")
			})
		}
	}
}
