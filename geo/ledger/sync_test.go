package ledger_test

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

func TestNewFinding(t *testing.T) {
	rule := &geo.Rule{ID: "r1", Title: "网吧200米", Severity: geo.Prohibited, Citation: geo.Citation{Document: "d", Clause: "c"}}
	river := orb.LineString{{104.01, 30.0}, {104.0015, 30.0006}, {103.99, 30.0}}
	hit := geo.Hit{
		Feature: geo.Feature{ID: "water/1", Name: "河", Category: geo.Water, Geometry: river},
		School:  geo.Feature{ID: "school/1", Name: "第1小学", Geometry: orb.Polygon{{{104, 30}, {104.001, 30}, {104.001, 30.001}, {104, 30}}}},
		Rule:    rule, DistanceMeters: 42.5,
	}
	f := ledger.NewFinding("default", hit)
	if f.Key != ledger.Key("default", "water/1", "school/1", "r1") || f.Point != (geo.Point{Lat: 30.0006, Lon: 104.0015}) ||
		f.Source.DistanceMeters != 42.5 || f.Source.Severity != geo.Prohibited || f.Category != "water" || f.SchoolName != "第1小学" {
		t.Errorf("NewFinding = %+v", f)
	}
}

func TestSync(t *testing.T) {
	c := MustConfig(t)
	f := ledger.Finding{Key: "k", Source: ledger.Source{Kind: ledger.FromAudit, Severity: geo.Prohibited}, SchoolID: "school/1", Category: "bar"}
	sync := ledger.Actor{ID: "sync", Role: ledger.RoleAdmin}
	h, e := c.Register(f, sync, now)
	if h.State != ledger.Found || h.Grade != ledger.Major || h.Unit != "市场监管部门" || e.Action != ledger.ActSync || h.Version != 1 {
		t.Fatalf("Register = %+v, %+v", h, e)
	}
	if _, _, out := ledger.Refound(h, sync, now); out != ledger.Unchanged {
		t.Errorf("Refound of an open hazard: %v", out)
	}
	v, e, ok := ledger.Vanish(h, sync, now)
	if !ok || !v.Vanished || v.Version != 2 || e.Action != ledger.ActVanish || v.State != ledger.Found {
		t.Errorf("Vanish = %+v, %+v, %v", v, e, ok)
	}
	if _, _, ok := ledger.Vanish(v, sync, now); ok {
		t.Error("Vanish twice changed the hazard")
	}
	r, e, out := ledger.Refound(v, sync, now)
	if out != ledger.Reappeared || r.Vanished || e.Action != ledger.ActReappear || r.Version != 3 {
		t.Errorf("Refound of a vanished hazard = %+v, %+v, %v", r, e, out)
	}
	closed := r
	closed.State = ledger.Closed
	o, e, out := ledger.Refound(closed, sync, now)
	if out != ledger.Reopened || o.State != ledger.Found || e.From != ledger.Closed || e.To != ledger.Found || e.Comment == "" {
		t.Errorf("Refound of a closed hazard = %+v, %+v, %v", o, e, out)
	}
	if _, _, ok := ledger.Vanish(closed, sync, now); ok {
		t.Error("Vanish marked a closed hazard")
	}
}
