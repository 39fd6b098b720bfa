package geo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Severity says what a rule's hit means.
type Severity string

// The severities.
const (
	// Prohibited means the document forbids the place within the distance.
	Prohibited Severity = "prohibited"
	// Inspect means the document asks for the place to be checked,
	// regulated or cleaned up, or names no distance of its own.
	Inspect Severity = "inspect"
)

// Severities lists every severity, worst first.
var Severities = []Severity{Prohibited, Inspect}

// MeasureFrom says which part of a school a rule's distance is measured from.
type MeasureFrom string

// The places a distance is measured from.
const (
	// FromCampus measures from the campus geometry: 0 m inside it.
	FromCampus MeasureFrom = "campus"
	// FromGate measures from the nearest of the school's gates, and from the
	// campus when the school has no mapped gate.
	FromGate MeasureFrom = "gate"
	// FromRoute measures from the ways pupils walk to the school (rules of
	// kind Along), and from the campus, where every such way ends, when no
	// routes are known.
	FromRoute MeasureFrom = "route"
)

// MeasureFroms lists every place a distance may be measured from.
var MeasureFroms = []MeasureFrom{FromCampus, FromGate, FromRoute}

// RuleKind is the shape of a clause.
type RuleKind string

// The rule kinds.
const (
	// Near rules flag places of their categories within the distance of
	// the campus or gate: 校园周边200米以内禁止设立网吧.
	Near RuleKind = "near"
	// Inside rules flag places of their categories on the campus, at 0 m
	// from it: 校内景观水域要设置警示标志. A school mapped as a point has
	// only that point inside.
	Inside RuleKind = "inside"
	// Along rules flag places of their categories within the distance of
	// the ways pupils walk to school (see RouteFinder): 取缔在上下学学生行经
	// 道路上摆摊设点. Without routes they are measured from the campus.
	Along RuleKind = "along"
	// Requires rules flag a school with no place of their categories
	// within the distance: 城镇及以上学校警务室建设，确保到2025年底实现全覆盖.
	Requires RuleKind = "requires"
)

// RuleKinds lists every rule kind.
var RuleKinds = []RuleKind{Near, Inside, Along, Requires}

// Method says how a rule's distance is measured.
type Method string

// The measuring methods.
const (
	// Straight is the geodesic distance on the WGS84 ellipsoid.
	Straight Method = "straight"
	// Walking is the distance along walkable ways.
	Walking Method = "walking"
)

// Methods lists every measuring method.
var Methods = []Method{Straight, Walking}

// Citation is the source of a rule: the document and the words in it.
// Date is YYYY, YYYY-MM or YYYY-MM-DD. Number (the 文号) and URL may be
// empty. Clause is the document's own words, quoted verbatim.
type Citation struct {
	Document string // the document's title
	Issuer   string
	Number   string
	Date     string
	URL      string
	Clause   string
}

// Rule is one clause of a policy document as data. By its Kind: places of
// the given categories within DistanceMeters of a school (Near), on its
// campus (Inside) or within DistanceMeters of the ways to it (Along) are
// hits; or a school with no such place within DistanceMeters is (Requires).
// A feature at exactly DistanceMeters is within the zone.
//
// A rule read by ParseRulePack is valid: ID matches [a-z0-9_.-]+ and is
// unique in its pack, Title and Citation.Clause are not blank, Categories is
// non-empty, DistanceMeters is in (0, MaxRuleDistanceMeters] (0 for
// Inside), and Kind, From, Method and Severity are one of their constants:
// From is FromCampus for Inside and FromRoute for Along, only Near rules
// may be measured by Walking. Rules are shared by a RulePack; treat them,
// and their slices, as read-only.
type Rule struct {
	ID             string
	Title          string
	Kind           RuleKind
	Categories     []Category
	SchoolKinds    []SchoolKind // empty means every kind of school
	DistanceMeters float64
	From           MeasureFrom
	Method         Method
	Severity       Severity
	Citation       Citation
	Note           string // how the clause was read, e.g. an assumed distance
	// Effective is when the rule took effect; zero if the pack does not
	// say. Existing is how it treats a place that predates the school or
	// the rule; empty means dates do not matter (see Decide).
	Effective Date
	Existing  Existing
}

// AppliesTo reports whether the rule covers schools of kind k. A rule with
// no SchoolKinds covers every kind. A GeneralSchool, whose level is not
// mapped, is covered by rules listing Primary, Secondary or GeneralSchool.
func (r Rule) AppliesTo(k SchoolKind) bool {
	if len(r.SchoolKinds) == 0 || slices.Contains(r.SchoolKinds, k) {
		return true
	}
	if k == GeneralSchool {
		return slices.Contains(r.SchoolKinds, Primary) || slices.Contains(r.SchoolKinds, Secondary)
	}
	return false
}

// RulePack is the set of rules read from one YAML file, usually the
// transcription of one policy document. Document is the pack's source; it
// may be empty when every rule cites its own. A RulePack is not modified
// after it is read, so its methods are safe for concurrent use.
type RulePack struct {
	ID       string
	Title    string
	Document Citation // Clause is always empty
	Rules    []Rule
	// Source is the name the pack was parsed under, usually its file's
	// path, and SHA256 the hex SHA-256 of the bytes parsed: the
	// fingerprint a recorded check cites.
	Source string
	SHA256 string
}

// RulesFor returns the rules about category c, in file order, or nil if
// there are none. The result is a new slice; the rules in it are shared.
func (p *RulePack) RulesFor(c Category) []Rule {
	if p == nil {
		return nil
	}
	var out []Rule
	for _, r := range p.Rules {
		if slices.Contains(r.Categories, c) {
			out = append(out, r)
		}
	}
	return out
}

// MaxDistanceMeters returns the largest DistanceMeters of any rule, or 0 for
// a pack with no rules: a search radius that finds every feature any rule
// can hit. A feature at exactly that distance is within the zone.
func (p *RulePack) MaxDistanceMeters() float64 {
	return p.reach(Near, Inside, Along, Requires)
}

// reach is MaxDistanceMeters over the rules of the given kinds.
func (p *RulePack) reach(kinds ...RuleKind) float64 {
	if p == nil {
		return 0
	}
	var maxDist float64
	for _, r := range p.Rules {
		if slices.Contains(kinds, r.Kind) {
			maxDist = max(maxDist, r.DistanceMeters)
		}
	}
	return maxDist
}

// Has reports whether the pack has a rule of kind k.
func (p *RulePack) Has(k RuleKind) bool {
	return p != nil && slices.ContainsFunc(p.Rules, func(r Rule) bool { return r.Kind == k })
}

// Rule returns the rule with the given ID and true, or the zero Rule and
// false if the pack has none.
func (p *RulePack) Rule(id string) (Rule, bool) {
	if p == nil {
		return Rule{}, false
	}
	for _, r := range p.Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// LoadRulePack reads and parses the rule pack at path. Errors from reading
// the file are returned wrapped (fs.ErrNotExist for a missing file); an
// invalid pack is refused as by ParseRulePack, with path as the name.
func LoadRulePack(path string) (*RulePack, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load rule pack: %w", err)
	}
	return ParseRulePack(path, data)
}

// defaultRulePack is the pack LoadRules reads when spec is empty.
const defaultRulePack = "default"

// LoadRules loads the rule pack named by spec, as given to a --rules flag:
//
//   - "" loads dir/default.yaml;
//   - a pack ID such as "anqing-2018" loads dir/<id>.yaml, whose id must
//     match the file name;
//   - anything ending in .yaml or .yml, or containing a path separator, is a
//     path to a pack file, read as it is (not relative to dir).
//
// An unknown pack ID, or an empty spec when dir has no default.yaml,
// returns an error wrapping ErrNotFound that lists the packs in dir. A spec that is neither a pack ID nor a path, or an invalid
// pack, returns an error wrapping ErrInvalidInput.
func LoadRules(spec, dir string) (*RulePack, error) {
	if spec == "" {
		spec = defaultRulePack
	} else if isRulePath(spec) {
		return LoadRulePack(spec)
	}
	if !validRuleID(spec) {
		return nil, Invalidf("rules %q: must be a pack id (%s) or a path to a .yaml file", spec, availableRulePacks(dir))
	}
	path := filepath.Join(dir, spec+".yaml")
	p, err := LoadRulePack(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, NotFoundf("rule pack %q: no %s; available: %s", spec, path, availableRulePacks(dir))
	}
	if err != nil {
		return nil, err
	}
	if p.ID != spec {
		return nil, Invalidf("%s: id %q: must match the file name %q", path, p.ID, spec)
	}
	return p, nil
}

func isRulePath(spec string) bool {
	ext := strings.ToLower(filepath.Ext(spec))
	return ext == ".yaml" || ext == ".yml" || strings.ContainsAny(spec, `/\`)
}

// availableRulePacks lists the pack IDs in dir, for error messages.
func availableRulePacks(dir string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml")) // only ErrBadPattern, and the pattern is fixed
	var ids []string
	for _, f := range files {
		if id := strings.TrimSuffix(filepath.Base(f), ".yaml"); validRuleID(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return "none in " + dir
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}
