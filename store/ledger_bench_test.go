package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
	"github.com/safezone/safezone/store/storetest"
)

// auditHits is the number of hits of the 2M x 200k synthetic audit
// (docs/benchmarks.md), the size of the sync the issue sets a target for.
const auditHits = 743_509

// benchRules are rules like the default pack's, each with its category and
// a clause of realistic length, stored once per rule.
var benchRules = []struct{ id, category string }{
	{"internet_cafe_200", "internet_cafe"}, {"song_dance_200", "song_dance"}, {"game_arcade_200", "game_arcade"},
	{"lottery_200", "lottery"}, {"street_stall_gate", "street_stall"}, {"market_50", "market"}, {"water_200", "water"},
	{"bar_200", "bar"}, {"parking_gate", "parking"},
}

// synthFindings returns n findings shaped like an audit's: features
// biz/N near 200,000 schools in a 6° x 6° box, across the rules above.
func synthFindings(n int, seed uint64) []ledger.Finding {
	rng := rand.New(rand.NewPCG(seed, 1))
	clause := "校园周边200米以内禁止设立互联网上网服务营业场所、营业性歌舞娱乐场所、营业性电子游戏场所、彩票专营场所以及其他未成年人不宜进入的场所,禁止设立存在安全隐患的场所等相应要求。"
	fs := make([]ledger.Finding, n)
	for i := range fs {
		r := benchRules[rng.IntN(len(benchRules))]
		feature, school := fmt.Sprintf("biz/%d", i+1), fmt.Sprintf("school/%d", rng.IntN(200_000)+1)
		fs[i] = ledger.Finding{
			Key: ledger.Key("default", feature, school, r.id),
			Source: ledger.Source{Kind: ledger.FromAudit, Pack: "default", RuleID: r.id, RuleTitle: "周边200米禁设" + r.category,
				Severity: geo.Prohibited, Citation: geo.Citation{Document: "安庆市人民政府办公室关于加强中小学幼儿园安全风险防控体系建设的实施意见", Clause: clause},
				FeatureID: feature, FeatureName: fmt.Sprintf("商户%d", i+1), DistanceMeters: rng.Float64() * 200},
			SchoolID: school, SchoolName: "第" + school[7:] + "小学",
			Point: geo.Point{Lat: 27 + rng.Float64()*6, Lon: 102 + rng.Float64()*6}, Category: r.category,
		}
	}
	return fs
}

// benchBackends opens a new bbolt store, and a new PostgreSQL database when
// SAFEZONE_TEST_POSTGRES is set.
func benchBackends(b *testing.B) map[string]func(*testing.B) store.Backend {
	m := map[string]func(*testing.B) store.Backend{
		"bbolt": func(b *testing.B) store.Backend { return MustOpen(b, b.TempDir()) },
	}
	if os.Getenv(storetest.PostgresEnv) != "" {
		m["postgres"] = func(b *testing.B) store.Backend { p, _ := MustPostgres(b); return p }
	}
	return m
}

// BenchmarkLedger_Sync syncs the findings of the 2M x 200k audit into an
// empty ledger (op=empty), and again with nothing changed (op=again), fsync
// included. Run with -benchtime=1x: each op is a whole sync.
func BenchmarkLedger_Sync(b *testing.B) {
	cfg := MustLedgerConfig(b)
	fs := synthFindings(auditHits, 1)
	ctx := context.Background()
	for name, open := range benchBackends(b) {
		b.Run("backend="+name, func(b *testing.B) {
			var s store.Backend
			parent := b
			b.Run(fmt.Sprintf("op=empty/hits=%d", len(fs)), func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					s = open(parent) // kept open for op=again
					b.StartTimer()
					res, err := s.SyncHazards(ctx, cfg, byAdmin, "default", fs, nil, t0)
					if err != nil || res.New != len(fs) {
						b.Fatal(res, err)
					}
				}
				b.ReportMetric(float64(len(fs))*float64(b.N)/b.Elapsed().Seconds(), "hits/s")
			})
			b.Run(fmt.Sprintf("op=again/hits=%d", len(fs)), func(b *testing.B) {
				for b.Loop() {
					res, err := s.SyncHazards(ctx, cfg, byAdmin, "default", fs, nil, t0)
					if err != nil || res.New != 0 || res.Unchanged != len(fs) {
						b.Fatal(res, err)
					}
				}
				b.ReportMetric(float64(len(fs))*float64(b.N)/b.Elapsed().Seconds(), "hits/s")
			})
		})
	}
}

// mixedHazards returns n hazards in the states of a ledger in use: 40%
// found, 25% assigned, 15% rectifying, 10% verifying, 10% closed, assigned
// to the categories' lead units with deadlines up to a month either side
// of t0.
func mixedHazards(cfg *ledger.Config, n int) []ledger.Hazard {
	fs := synthFindings(n, 2)
	rng := rand.New(rand.NewPCG(3, 1))
	hs := make([]ledger.Hazard, n)
	for i, f := range fs {
		h, _ := cfg.Register(f, byAdmin, t0.AddDate(0, -2, 0))
		switch r := rng.IntN(100); {
		case r < 40:
		case r < 90:
			h.State = []ledger.State{ledger.Assigned, ledger.Rectifying, ledger.Verifying}[min((r-40)/17, 2)]
			h.Person, h.Deadline = "张三", ledger.DateOf(t0).AddDays(rng.IntN(60)-30)
		default:
			h.State, h.ClosedAt = ledger.Closed, t0.AddDate(0, 0, -rng.IntN(50))
		}
		h.Last.To = h.State
		hs[i] = h
	}
	return hs
}

// BenchmarkLedger_List lists the first page (50) of hazards of one state
// and one unit, each op a random pair, in a ledger of a million hazards;
// p99-ms is over the ops. op=summary is the whole ledger's summary.
func BenchmarkLedger_List(b *testing.B) {
	cfg := MustLedgerConfig(b)
	const n = 1_000_000
	hs := mixedHazards(cfg, n)
	var unitNames []string
	for _, c := range cfg.Categories {
		if !slices.Contains(unitNames, c.LeadUnit.Value) {
			unitNames = append(unitNames, c.LeadUnit.Value)
		}
	}
	ctx := context.Background()
	for name, open := range benchBackends(b) {
		b.Run("backend="+name, func(b *testing.B) {
			s := open(b)
			seeder := s.(interface {
				SeedHazards(context.Context, *ledger.Config, []ledger.Hazard) error
			})
			if err := seeder.SeedHazards(ctx, cfg, slices.Clone(hs)); err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(4, 1))
			b.Run(fmt.Sprintf("op=state+unit/hazards=%d", n), func(b *testing.B) {
				var times []time.Duration
				for b.Loop() {
					f := store.HazardFilter{States: []ledger.State{ledger.States[rng.IntN(5)]}, Unit: unitNames[rng.IntN(len(unitNames))], Now: t0}
					start := time.Now()
					if _, err := s.Hazards(ctx, f); err != nil {
						b.Fatal(err)
					}
					times = append(times, time.Since(start))
				}
				reportPercentiles(b, times)
			})
			b.Run(fmt.Sprintf("op=summary/hazards=%d", n), func(b *testing.B) {
				for b.Loop() {
					if sum, _, err := s.HazardSummary(ctx, cfg, "", t0, 50); err != nil || sum.Total != n {
						b.Fatal(sum.Total, err)
					}
				}
			})
		})
	}
}

// reportPercentiles reports the median and 99th percentile of times.
func reportPercentiles(b *testing.B, times []time.Duration) {
	slices.Sort(times)
	at := func(q float64) float64 {
		return float64(times[min(len(times)-1, int(q*float64(len(times))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
