package api

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
)

// An auditLedger is an audit written for a person to read (lang=zh or en on the
// audits, format csv or xlsx): values in words rather than codes, the
// licence number in a column of its own, a summary of what was checked,
// in violation and compliant, overall and by category, and the water near
// schools apart from the violations, since a river is no business to close.
// Without lang, audits keep the codes, one row per hit, for programs.
type auditLedger struct {
	lang    string
	pack    *geo.RulePack
	scope   string
	crs     crs.System // adds coordinates in crs, when not ""
	date    time.Time
	checked map[geo.Category]int // businesses audited, by category
	// list is every uploaded licence, in file order, for a licence list;
	// nil for audits of an area, whose compliant businesses are only counted.
	list     []geo.Feature
	hits     []geo.Hit // of businesses
	water    []geo.Hit
	licences map[string]string // feature ID → licence number, for registered businesses
}

// parseLang reads the lang parameter of an audit: "" (codes, for
// programs), "zh" or "en".
func parseLang(s string) (string, error) {
	if s == "" || slices.Contains(ledgerLangs, s) {
		return s, nil
	}
	return "", badRequest("lang %q: must be one of zh, en (or empty for codes)", s)
}

// newLedger sorts hits into violations and water.
func newLedger(lang string, pack *geo.RulePack, hits []geo.Hit) *auditLedger {
	l := &auditLedger{lang: lang, pack: pack, date: time.Now(), checked: map[geo.Category]int{}}
	for _, h := range hits {
		if h.Feature.Kind == geo.WaterBody {
			l.water = append(l.water, h)
		} else {
			l.hits = append(l.hits, h)
		}
	}
	return l
}

// word is one of the ledger's fixed words in its language.
func (l *auditLedger) word(key string) string { return ledgerWords[l.lang][key] }

// countArea counts the businesses an audit of b and area (either may be
// empty) went through, as Index.Audit selects them, with extra.
func (l *auditLedger) countArea(x *geo.Index, b orb.Bound, area orb.Geometry, extra []geo.Feature) {
	keep := func(f geo.Feature) bool {
		if b != (orb.Bound{}) && !b.Intersects(f.Geometry.Bound()) {
			return false
		}
		return area == nil || (area.Bound().Intersects(f.Geometry.Bound()) && geo.GeometryDistanceMeters(area, f.Geometry) == 0)
	}
	count := func(f geo.Feature) bool {
		if keep(f) {
			l.checked[f.Category]++
		}
		return true
	}
	switch {
	case b != (orb.Bound{}):
		x.InBound(b, geo.Business, count)
	case area != nil:
		x.InBound(area.Bound(), geo.Business, count)
	default:
		x.Features(geo.Business, count)
	}
	for _, f := range extra {
		if f.Geometry != nil {
			count(f)
		}
	}
}

// setList makes the ledger of an uploaded licence list of total rows, of
// which features were audited: all of them, or with a district those in
// or on it.
func (l *auditLedger) setList(features []geo.Feature, total int, district bool, name string) {
	l.list = features
	for _, f := range features {
		l.checked[f.Category]++
	}
	l.scope = fmt.Sprintf(l.word("scope.licences"), total)
	if district {
		l.scope = fmt.Sprintf(l.word("scope.licences_district"), total, l.district(name), len(features))
	}
}

// setScope says what area an audit covered: a district by its name, when
// it has one.
func (l *auditLedger) setScope(bbox string, district bool, name string) {
	switch {
	case bbox != "" && district:
		l.scope = fmt.Sprintf(l.word("scope.bbox_district"), bbox, l.district(name))
	case bbox != "":
		l.scope = fmt.Sprintf(l.word("scope.bbox"), bbox)
	case district:
		l.scope = fmt.Sprintf(l.word("scope.district"), l.district(name))
	default:
		l.scope = l.word("scope.all")
	}
}

// district names a district in a scope: "the district" without a name,
// else the district and its name.
func (l *auditLedger) district(name string) string {
	if name == "" {
		return l.word("district")
	}
	return fmt.Sprintf(l.word("district.named"), name)
}

// violating returns, by feature ID, the worst severity of each business in
// violation.
func (l *auditLedger) violating() map[string]geo.Severity {
	out := map[string]geo.Severity{}
	for _, h := range l.hits {
		if out[h.Feature.ID] != geo.Prohibited {
			out[h.Feature.ID] = h.Rule.Severity
		}
	}
	return out
}

// licence is a business's licence number: an uploaded row's, whose ID is
// "licence/" and the number, or a registered business's.
func (l *auditLedger) licence(f geo.Feature) string {
	if n, ok := strings.CutPrefix(f.ID, "licence/"); ok {
		return n
	}
	return l.licences[f.ID]
}

func (l *auditLedger) name(f geo.Feature) string {
	if f.Name == "" {
		return l.word("unnamed")
	}
	return f.Name
}

// documents are the titles of the documents the pack's rules cite.
func (l *auditLedger) documents() string {
	return strings.Join(packSummary(l.pack, false).Documents, "；")
}

// WriteLedger writes an audit of all of x's data (and extra features) as
// a ledger for people, in lang (zh or en) and format (csv or xlsx), with
// coordinates in c when it is not "": what `safezone audit --lang` prints.
// It returns an error wrapping geo.ErrInvalidInput for another language,
// format or coordinate system.
func WriteLedger(w io.Writer, format, lang string, x *geo.Index, pack *geo.RulePack, hits []geo.Hit, extra []geo.Feature, c crs.System) error {
	if lang, err := parseLang(lang); err != nil || lang == "" {
		return cmp.Or(err, badRequest("lang %q: must be one of zh, en", lang))
	}
	if c != "" {
		var err error
		if c, err = crs.Parse(string(c)); err != nil {
			return err
		}
	}
	l := newLedger(lang, pack, hits)
	l.crs = c
	l.setScope("", false, "")
	l.countArea(x, orb.Bound{}, nil, extra)
	switch format {
	case "csv":
		return l.writeCSV(w)
	case "xlsx":
		return l.writeXLSX(w)
	}
	return badRequest("format %q: must be csv or xlsx with lang", format)
}
