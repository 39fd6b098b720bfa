package geo_test

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// BenchmarkIndex_Site checks sites drawn on campus polygons, with their
// gates, at 200,000 schools and 2,000,000 businesses (target: < 1 ms). The
// naive baseline is the school report of the same schools, which finds the
// same hits by evaluating each nearby feature against every school.
func BenchmarkIndex_Site(b *testing.B) {
	idx, pack := benchIndex(b, 200000, 2000000), benchPack(b)
	var sites []geo.Site
	var ids []string
	idx.Features(geo.School, func(f geo.Feature) bool {
		if _, ok := f.Geometry.(orb.Polygon); ok {
			sites = append(sites, geo.Site{Geometry: f.Geometry, SchoolKind: f.SchoolKind, Gates: f.Gates})
			ids = append(ids, f.ID)
		}
		return len(sites) < 4096
	})
	b.Run("schools=200000/businesses=2000000/campus", func(b *testing.B) {
		b.ReportAllocs()
		i, hits := 0, 0
		for b.Loop() {
			res, err := idx.Site(sites[i%len(sites)], pack, geo.SiteOptions{})
			if err != nil {
				b.Fatal(err)
			}
			hits += len(res.Hits)
			i++
		}
		b.ReportMetric(float64(hits)/float64(i), "hits/op")
	})
	b.Run("schools=200000/businesses=2000000/reportNaive", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := idx.SchoolReport(ids[i%len(ids)], pack, nil); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkIndex_WhatIf asks who one category's rule would reach at five
// distances, at 200,000 schools and 2,000,000 businesses (target: < 1 s).
// The naive baseline is an audit under one rule per distance: five audits.
func BenchmarkIndex_WhatIf(b *testing.B) {
	idx := benchIndex(b, 200000, 2000000)
	for _, from := range []geo.MeasureFrom{geo.FromCampus, geo.FromGate} {
		b.Run("schools=200000/businesses=2000000/internet_cafe/from="+string(from), func(b *testing.B) {
			q := geo.WhatIf{Category: geo.Category("internet_cafe"), Distances: []float64{50, 100, 150, 200, 300}, From: from}
			var res geo.WhatIfResult
			for b.Loop() {
				var err error
				if res, err = idx.WhatIf(q, geo.WhatIfOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Counts[len(res.Counts)-1]), "places/op")
		})
	}
}
