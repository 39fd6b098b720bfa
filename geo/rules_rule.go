package geo

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// rule reads the i-th (0-based) entry of rules:. It returns false if the
// rule has any problem; they are recorded in d.
func (d *ruleDecoder) rule(n *yaml.Node, i int, doc Citation) (Rule, bool) {
	before := d.count
	ctx := sprintf("rule #%d", i+1)
	if id := peekRuleID(n); id != "" {
		ctx = sprintf("rule %q", id)
	}
	f, ok := d.fields(n, ctx, "rule", ruleKeys)
	if !ok {
		return Rule{}, false
	}
	r := Rule{
		ID:          d.id(f, ctx),
		Title:       d.text(f, ctx, "title", true),
		Kind:        RuleKind(d.oneOf(f, ctx, "kind", false, string(Near), string(Inside), string(Along), string(Requires))),
		Categories:  d.categories(f, ctx),
		SchoolKinds: d.schoolKinds(f, ctx),
		Method:      Method(d.oneOf(f, ctx, "method", false, string(Straight), string(Walking))),
		Severity:    Severity(d.oneOf(f, ctx, "severity", true, string(Prohibited), string(Inspect))),
		Citation:    d.citation(f, ctx, doc),
		Note:        d.text(f, ctx, "note", false),
		Effective:   d.date(f, ctx, "effective"),
		Existing:    Existing(d.oneOf(f, ctx, "existing", false, string(ExistingExempt), string(ExistingInspect), string(ExistingProhibit))),
	}
	if r.Kind == "" {
		r.Kind = Near
	}
	d.kindFields(f, ctx, &r)
	if r.Method == "" {
		r.Method = Straight
	}
	return r, d.count == before
}

// kindFields reads distance_m and from as the rule's kind wants them: an
// inside rule has neither (0 m from the campus), an along rule no from (it
// is measured from the routes); and only near rules may walk.
func (d *ruleDecoder) kindFields(f yamlFields, ctx string, r *Rule) {
	absent := func(key, why string) {
		if n := yamlResolve(f.values[key]); !yamlIsNull(n) {
			d.fail(n, ctx, "%s: not allowed for a rule of kind %s: %s", key, r.Kind, why)
		}
	}
	switch r.Kind {
	case Inside:
		absent("distance_m", "it flags places on the campus, at 0 m")
		absent("from", "it is measured from the campus")
		r.From = FromCampus
	case Along:
		r.DistanceMeters = d.distance(f, ctx)
		absent("from", "it is measured from the ways pupils walk to school")
		r.From = FromRoute
	default:
		r.DistanceMeters = d.distance(f, ctx)
		r.From = MeasureFrom(d.oneOf(f, ctx, "from", true, string(FromCampus), string(FromGate)))
	}
	if r.Kind != Near && r.Method == Walking {
		d.fail(yamlResolve(f.values["method"]), ctx, "method %q: only rules of kind near are measured by walking", r.Method)
	}
}

// peekRuleID returns the rule's id if it is valid, so that every message about
// the rule can name it, or "".
func peekRuleID(n *yaml.Node) string {
	n = yamlResolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := yamlResolve(n.Content[i]), yamlResolve(n.Content[i+1])
		if k != nil && k.Kind == yaml.ScalarNode && k.Value == "id" && v != nil && v.Kind == yaml.ScalarNode && validRuleID(v.Value) {
			return v.Value
		}
	}
	return ""
}

func yamlIsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// oneOf returns the scalar at key, which must be one of allowed.
func (d *ruleDecoder) oneOf(f yamlFields, ctx, key string, required bool, allowed ...string) string {
	s := d.text(f, ctx, key, required)
	if s != "" && !slices.Contains(allowed, s) {
		d.fail(yamlResolve(f.values[key]), ctx, "%s %q: must be one of %s", key, s, strings.Join(allowed, ", "))
		return ""
	}
	return s
}

// list returns the items of the sequence at key, reporting a missing or
// empty list if required.
func (d *ruleDecoder) list(f yamlFields, ctx, key, example string, required bool) []*yaml.Node {
	n := yamlResolve(f.values[key])
	if yamlIsNull(n) {
		if required {
			d.fail(f.node, ctx, "%s: required, a list such as [%s]", key, example)
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, ctx, "%s: must be a list such as [%s]", key, example)
		return nil
	}
	if required && len(n.Content) == 0 {
		d.fail(n, ctx, "%s: must list at least one", key)
	}
	return n.Content
}

func (d *ruleDecoder) categories(f yamlFields, ctx string) []Category {
	var out []Category
	for _, item := range d.list(f, ctx, "categories", "internet_cafe, song_dance", true) {
		at, n := item, yamlResolve(item)
		if d.full() {
			break
		}
		if n == nil || n.Kind != yaml.ScalarNode {
			d.fail(at, ctx, "categories: each must be a category name")
			continue
		}
		c, err := ParseCategory(n.Value)
		switch {
		case err != nil:
			d.fail(n, ctx, "%s", err.Error())
		case slices.Contains(out, c):
			d.fail(n, ctx, "category %q: listed twice", c)
		default:
			out = append(out, c)
		}
	}
	return out
}

func (d *ruleDecoder) schoolKinds(f yamlFields, ctx string) []SchoolKind {
	allowed := make([]string, len(SchoolKinds))
	for i, k := range SchoolKinds {
		allowed[i] = string(k)
	}
	var out []SchoolKind
	for _, item := range d.list(f, ctx, "school_kinds", "primary, secondary", false) {
		at, n := item, yamlResolve(item)
		if d.full() {
			break
		}
		switch {
		case n == nil || n.Kind != yaml.ScalarNode:
			d.fail(at, ctx, "school_kinds: each must be one of %s", strings.Join(allowed, ", "))
		case !slices.Contains(allowed, n.Value):
			d.fail(n, ctx, "school kind %q: must be one of %s", n.Value, strings.Join(allowed, ", "))
		case slices.Contains(out, SchoolKind(n.Value)):
			d.fail(n, ctx, "school kind %q: listed twice", n.Value)
		default:
			out = append(out, SchoolKind(n.Value))
		}
	}
	return out
}

// date returns the date at key, YYYY, YYYY-MM or YYYY-MM-DD, or zero if the
// key is absent.
func (d *ruleDecoder) date(f yamlFields, ctx, key string) Date {
	s := d.text(f, ctx, key, false)
	v, err := ParseDate(key, s)
	if err != nil {
		d.fail(yamlResolve(f.values[key]), ctx, "%s", err.Error())
	}
	return v
}

// distance returns distance_m, a number of meters in (0, MaxRuleDistanceMeters].
func (d *ruleDecoder) distance(f yamlFields, ctx string) float64 {
	n := yamlResolve(f.values["distance_m"])
	if yamlIsNull(n) {
		d.fail(f.node, ctx, "distance_m: required, in meters")
		return 0
	}
	var v float64
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&v) != nil {
		d.fail(n, ctx, "distance_m %q: must be a number of meters", n.Value)
		return 0
	}
	// !(v > 0) also catches NaN.
	if !(v > 0) || v > MaxRuleDistanceMeters {
		d.fail(n, ctx, "distance_m %q: must be greater than 0 and at most %d", n.Value, MaxRuleDistanceMeters)
		return 0
	}
	return v
}

// citation reads citation:, filling in the pack's document unless the rule
// names its own.
func (d *ruleDecoder) citation(f yamlFields, ctx string, doc Citation) Citation {
	n := f.values["citation"]
	if yamlIsNull(yamlResolve(n)) {
		d.fail(f.node, ctx, "citation: required, with the clause quoted from the document")
		return Citation{}
	}
	cf, ok := d.fields(n, ctx, "citation", ruleCitationKeys)
	if !ok {
		return Citation{}
	}
	c := doc
	if dn := cf.values["document"]; dn != nil {
		c = d.document(dn, ctx, "citation: document")
	} else if doc.Document == "" {
		d.fail(cf.node, ctx, "citation: document: required, as the pack has no document")
	}
	c.Clause = d.text(cf, ctx+": citation", "clause", true)
	return c
}
