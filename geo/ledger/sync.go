package ledger

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// Finding is one audit hit as the ledger keeps it.
type Finding struct {
	Key        string // see Key
	Source     Source // Kind FromAudit
	SchoolID   string
	SchoolName string
	Point      geo.Point
	Category   string
}

// Key identifies an audit hit across audits: the rule pack, the school,
// the feature and the rule, joined by the ASCII unit separator (0x1F; not
// NUL, which PostgreSQL text cannot hold). Keys of one pack share its
// prefix, KeyPrefix(pack); in key order, a school's hits are together, so
// hazards registered in that order are numbered school by school.
func Key(pack, featureID, schoolID, ruleID string) string {
	return pack + sep + schoolID + sep + featureID + sep + ruleID
}

// KeyPrefix is the start of the keys of a pack's hits.
func KeyPrefix(pack string) string { return pack + sep }

// sep joins the parts of keys.
const sep = "\x1f"

// NewFinding returns hit, from an audit with the rule pack pack, as a
// Finding. Its point is the vertex of the feature nearest the school.
func NewFinding(pack string, hit geo.Hit) Finding {
	r := hit.Rule
	f := Finding{
		Key: Key(pack, hit.Feature.ID, hit.School.ID, r.ID),
		Source: Source{
			Kind: FromAudit, Pack: pack, RuleID: r.ID, RuleTitle: r.Title, Severity: r.Severity, Citation: r.Citation,
			FeatureID: hit.Feature.ID, FeatureName: hit.Feature.Name, DistanceMeters: hit.DistanceMeters,
		},
		SchoolID: hit.School.ID, SchoolName: hit.School.Name,
		Point:    nearestVertex(hit.Feature.Geometry, hit.School.Geometry),
		Category: string(hit.Feature.Category),
	}
	for _, p := range []*string{&f.Key, &f.Source.FeatureID, &f.Source.FeatureName, &f.SchoolID, &f.SchoolName} {
		*p = clean(*p)
	}
	return f
}

// clean drops NUL bytes and invalid UTF-8 from text read from data files,
// which PostgreSQL's text and jsonb cannot hold.
func clean(s string) string {
	if !strings.ContainsRune(s, 0) && utf8.ValidString(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}

// nearestVertex returns the vertex of g nearest the centre of the school's
// bound, by an equirectangular distance: a point for the map, not a measure.
func nearestVertex(g, school orb.Geometry) geo.Point {
	if g == nil {
		return geo.Point{}
	}
	c := orb.Point{}
	if school != nil {
		c = school.Bound().Center()
	}
	k := math.Cos(c[1] * math.Pi / 180)
	best, bestD := g.Bound().Center(), math.Inf(1)
	eachVertex(g, func(p orb.Point) {
		dx, dy := (p[0]-c[0])*k, p[1]-c[1]
		if d := dx*dx + dy*dy; d < bestD {
			best, bestD = p, d
		}
	})
	return geo.Point{Lat: best[1], Lon: best[0]}
}

func eachVertex(g orb.Geometry, fn func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		fn(g)
	case orb.MultiPoint:
		for _, p := range g {
			fn(p)
		}
	case orb.LineString:
		eachVertex(orb.MultiPoint(g), fn)
	case orb.Ring:
		eachVertex(orb.MultiPoint(g), fn)
	case orb.MultiLineString:
		for _, l := range g {
			eachVertex(orb.MultiPoint(l), fn)
		}
	case orb.Polygon:
		for _, r := range g {
			eachVertex(orb.MultiPoint(r), fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			eachVertex(p, fn)
		}
	case orb.Collection:
		for _, x := range g {
			eachVertex(x, fn)
		}
	}
}

// Register returns f as a new hazard in state Found, registered by a sync
// run by by at now, with its grade and lead unit from c, and its first
// history entry.
func (c *Config) Register(f Finding, by Actor, now time.Time) (Hazard, Entry) {
	h := Hazard{Key: f.Key, Source: f.Source, SchoolID: f.SchoolID, SchoolName: f.SchoolName, Point: f.Point, Category: f.Category}
	h.Grade = c.DefaultGrade(f.Category, f.Source.Severity)
	e := c.register(&h, by, ActSync, now)
	return h, e
}

// SyncOutcome is what a sync did to a hazard it found again.
type SyncOutcome int

// The outcomes of finding a hazard again.
const (
	Unchanged  SyncOutcome = iota
	Reopened               // it was closed: back to Found
	Reappeared             // it was marked vanished: the mark is cleared
)

// Refound returns h after a sync by by at now found its hit again: a
// closed hazard is reopened, a vanished one loses the mark, each with a
// history entry saying why; any other is unchanged (and no entry).
func Refound(h Hazard, by Actor, now time.Time) (Hazard, Entry, SyncOutcome) {
	e := Entry{Time: now.UTC(), Actor: by.ID, Role: by.Role, From: h.State, To: h.State}
	switch {
	case h.State == Closed:
		e.Action, e.To = ActReopen, Found
		e.Comment = "审计再次发现此隐患，自动重新打开"
		apply(&h, &e)
		return h, e, Reopened
	case h.Vanished:
		e.Action, e.Comment = ActReappear, "审计再次发现此隐患，取消“已消失”标记"
		h.Vanished = false
		record(&h, &e)
		return h, e, Reappeared
	}
	return h, Entry{}, Unchanged
}

// Vanish returns h after a sync by by at now no longer found its hit: an
// open hazard not yet marked is marked vanished, with a history entry, for
// someone to verify; it is never closed. ok is false when nothing changed.
func Vanish(h Hazard, by Actor, now time.Time) (Hazard, Entry, bool) {
	if h.State == Closed || h.Vanished || h.Source.Kind != FromAudit {
		return h, Entry{}, false
	}
	e := Entry{Time: now.UTC(), Actor: by.ID, Role: by.Role, Action: ActVanish, From: h.State, To: h.State,
		Comment: "审计未再发现此隐患，标记为“已消失”，待核实"}
	h.Vanished = true
	record(&h, &e)
	return h, e, true
}
