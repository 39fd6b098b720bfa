package geo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// MaxRuleDistanceMeters is the largest distance_m a rule may have.
const MaxRuleDistanceMeters = 5000

// maxRuleErrors caps how many problems one error reports, and how far a bad
// file is walked.
const maxRuleErrors = 10

// The keys each mapping allows, in the order error messages list them.
var (
	rulePackKeys     = []string{"id", "title", "document", "rules"}
	ruleDocumentKeys = []string{"title", "issuer", "number", "date", "url", "seed"}
	ruleKeys         = []string{"id", "title", "kind", "categories", "school_kinds", "distance_m", "from", "method", "severity", "citation", "note", "effective", "existing"}
	ruleCitationKeys = []string{"document", "clause"}
)

// ParseRulePack parses a rule pack written in YAML; the format is described
// in data/rules/README.md. name is used in error messages, usually the
// file's path.
//
// A bad pack is refused with an error wrapping ErrInvalidInput that gives
// the name, line and reason for each problem (up to ten), e.g.
//
//	x.yaml:12: rule "ktv_200": distance_m "-5": must be greater than 0 and at most 5000
//
// Unknown keys are errors, so a misspelt key is never silently ignored.
func ParseRulePack(name string, data []byte) (*RulePack, error) {
	root, err := parseRuleYAML(name, data)
	if err != nil {
		return nil, err
	}
	d := &ruleDecoder{name: name}
	p := d.pack(root)
	if d.full() {
		d.errs = append(d.errs, Invalidf("%s: stopped after %d problems", name, maxRuleErrors))
	}
	switch len(d.errs) {
	case 0:
		sum := sha256.Sum256(data)
		p.Source, p.SHA256 = name, hex.EncodeToString(sum[:])
		return p, nil
	case 1:
		return nil, d.errs[0]
	}
	return nil, errors.Join(d.errs...)
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseRuleYAML returns the root node of the single YAML document in data.
func parseRuleYAML(name string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, Invalidf("%s: empty file: want a rule pack with keys %s", name, strings.Join(rulePackKeys, ", "))
		}
		return nil, yamlSyntaxError(name, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, yamlSyntaxError(name, err)
	default:
		return nil, Invalidf("%s:%d: a second YAML document: want one rule pack per file", name, next.Line)
	}
	if len(doc.Content) == 0 {
		return nil, Invalidf("%s: empty file: want a rule pack with keys %s", name, strings.Join(rulePackKeys, ", "))
	}
	return doc.Content[0], nil
}

// yamlSyntaxError turns "yaml: line 3: msg" into "name:3: bad YAML: msg".
func yamlSyntaxError(name string, err error) error {
	msg := err.Error()
	if m := yamlLineErr.FindStringSubmatch(msg); m != nil {
		return Invalidf("%s:%s: bad YAML: %s", name, m[1], m[2])
	}
	return Invalidf("%s: bad YAML: %s", name, strings.TrimPrefix(msg, "yaml: "))
}

// ruleDecoder walks a YAML node tree and collects every problem it finds.
// The walk follows the schema, so its depth is bounded even when aliases
// form cycles.
type ruleDecoder struct {
	name  string
	errs  []error
	count int // problems found, including those past the cap
}

func (d *ruleDecoder) full() bool { return len(d.errs) >= maxRuleErrors }

// fail records a problem at n's line. ctx names where it is, e.g. `rule "x"`,
// and may be empty.
func (d *ruleDecoder) fail(n *yaml.Node, ctx, format string, args ...any) {
	d.count++
	if d.full() {
		return
	}
	msg := sprintf(format, args...)
	if ctx != "" {
		msg = ctx + ": " + msg
	}
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, Invalidf("%s:%d: %s", d.name, line, msg))
}

// yamlResolve follows aliases to the node they stand for.
func yamlResolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// yamlFields is a YAML mapping read by key.
type yamlFields struct {
	node   *yaml.Node
	values map[string]*yaml.Node
}

// fields reads mapping n, reporting keys that are not allowed or repeated.
// It returns false if n is not a mapping.
func (d *ruleDecoder) fields(n *yaml.Node, ctx, what string, allowed []string) (yamlFields, bool) {
	at := n
	n = yamlResolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		d.fail(at, ctx, "%s: must be a mapping with keys %s", what, strings.Join(allowed, ", "))
		return yamlFields{}, false
	}
	f := yamlFields{node: n, values: make(map[string]*yaml.Node, len(n.Content)/2)}
	keyLines := make(map[string]int)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := yamlResolve(n.Content[i]), n.Content[i+1]
		switch {
		case k == nil || k.Kind != yaml.ScalarNode:
			d.fail(n.Content[i], ctx, "key: must be a plain name, one of %s", strings.Join(allowed, ", "))
		case keyLines[k.Value] != 0:
			d.fail(k, ctx, "key %q: repeated (first at line %d)", k.Value, keyLines[k.Value])
		case !slices.Contains(allowed, k.Value):
			d.fail(k, ctx, "unknown key %q: must be one of %s", k.Value, strings.Join(allowed, ", "))
		default:
			keyLines[k.Value] = k.Line
			f.values[k.Value] = v
		}
	}
	return f, true
}

// text returns the scalar at key, or "" if the key is absent or null.
// A required key that is missing or blank is reported.
func (d *ruleDecoder) text(f yamlFields, ctx, key string, required bool) string {
	n := yamlResolve(f.values[key])
	if yamlIsNull(n) {
		if required {
			d.fail(f.node, ctx, "%s: required", key)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, ctx, "%s: must be text", key)
		return ""
	}
	if required && strings.TrimSpace(n.Value) == "" {
		d.fail(n, ctx, "%s: must not be blank", key)
		return ""
	}
	return n.Value
}

// validRuleID reports whether s is a valid pack or rule ID.
func validRuleID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

func (d *ruleDecoder) id(f yamlFields, ctx string) string {
	s := d.text(f, ctx, "id", true)
	if s != "" && !validRuleID(s) {
		d.fail(yamlResolve(f.values["id"]), ctx, "id %q: must be 1 to 64 characters from a-z, 0-9, '_', '.', '-'", s)
		return ""
	}
	return s
}

func (d *ruleDecoder) pack(root *yaml.Node) *RulePack {
	f, ok := d.fields(root, "", "rule pack", rulePackKeys)
	if !ok {
		return nil
	}
	p := &RulePack{ID: d.id(f, ""), Title: d.text(f, "", "title", true)}
	if n := f.values["document"]; n != nil {
		p.Document = d.document(n, "", "document")
	}
	p.Rules = d.rules(f, p.Document)
	return p
}

// document reads a document: mapping into a Citation with no clause.
func (d *ruleDecoder) document(n *yaml.Node, ctx, what string) Citation {
	f, ok := d.fields(n, ctx, what, ruleDocumentKeys)
	if !ok {
		return Citation{}
	}
	sub := what
	if ctx != "" {
		sub = ctx + ": " + what
	}
	c := Citation{
		Document: d.text(f, sub, "title", true),
		Issuer:   d.text(f, sub, "issuer", true),
		Number:   d.text(f, sub, "number", false),
		Date:     d.text(f, sub, "date", true),
		URL:      d.text(f, sub, "url", false),
	}
	d.text(f, sub, "seed", false) // provenance for maintainers only
	if c.Date != "" && !validRuleDate(c.Date) {
		d.fail(yamlResolve(f.values["date"]), sub, "date %q: must be YYYY, YYYY-MM or YYYY-MM-DD", c.Date)
	}
	if c.URL != "" && !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") {
		d.fail(yamlResolve(f.values["url"]), sub, "url %q: must start with https:// or http://", c.URL)
	}
	return c
}

func validRuleDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(s) == len(layout) {
			_, err := time.Parse(layout, s)
			return err == nil
		}
	}
	return false
}

func (d *ruleDecoder) rules(f yamlFields, doc Citation) []Rule {
	n := yamlResolve(f.values["rules"])
	if n == nil {
		d.fail(f.node, "", "rules: required (an empty list [] is allowed)")
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, "", "rules: must be a list of rules")
		return nil
	}
	rules := make([]Rule, 0, len(n.Content))
	firstLine := make(map[string]int)
	for i, rn := range n.Content {
		if d.full() {
			break
		}
		r, ok := d.rule(rn, i, doc)
		if !ok {
			continue
		}
		if line, dup := firstLine[r.ID]; dup {
			d.fail(yamlResolve(rn), sprintf("rule %q", r.ID), "id %q: used twice (first at line %d)", r.ID, line)
			continue
		}
		firstLine[r.ID] = yamlResolve(rn).Line
		rules = append(rules, r)
	}
	return rules
}
