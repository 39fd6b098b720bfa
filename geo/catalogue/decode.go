package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxErrors caps how many problems one error reports.
const maxErrors = 10

// The keys each mapping allows, in the order messages list them.
var (
	topKeys       = []string{"categories", "water_kinds"}
	categoryKeys  = []string{"id", "name", "lead", "import", "osm", "synth"}
	waterKindKeys = []string{"id", "name", "import", "osm", "synth"}
	nameKeys      = []string{"zh", "en"}
	importKeys    = []string{"values", "headers"}
	selectorKeys  = []string{"tags", "not_tags", "names", "not_names", "line"}
	synthKeys     = []string{"share", "scale"}
	waterSynKeys  = []string{"shape", "share", "size_m", "bend"}
)

var validID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// Parse parses a catalogue written in YAML (data/README.md describes it).
// name is used in messages, usually the file's path. A bad catalogue is
// refused with an error wrapping ErrInvalid that gives the name, line and
// reason of each problem (up to ten), e.g.
//
//	data/catalogue.yaml:12: category "bar": osm: tag "amenity": must be key=value, such as amenity=bar
//
// Unknown keys are errors, so a misspelt key is never silently ignored.
func Parse(name string, text []byte) (*Catalogue, error) {
	root, err := parseYAML(name, text)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: name}
	c := d.catalogue(root)
	if d.count > maxErrors {
		d.errs = append(d.errs, fmt.Errorf("%w: %s: stopped after %d problems", ErrInvalid, name, maxErrors))
	}
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return c, nil
}

// parseYAML returns the root node of the single YAML document in text.
func parseYAML(name string, text []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%w: %s: empty file: want a catalogue with keys %s", ErrInvalid, name, strings.Join(topKeys, ", "))
		}
		return nil, fmt.Errorf("%w: %s: bad YAML: %s", ErrInvalid, name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var next yaml.Node
	if err := dec.Decode(&next); err != io.EOF {
		return nil, fmt.Errorf("%w: %s:%d: a second YAML document: want one catalogue per file", ErrInvalid, name, next.Line)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%w: %s: empty file: want a catalogue with keys %s", ErrInvalid, name, strings.Join(topKeys, ", "))
	}
	return doc.Content[0], nil
}

// decoder walks the node tree and collects every problem it finds.
type decoder struct {
	file  string
	errs  []error
	count int
	order int // selectors read so far
}

// fail records a problem at n's line; ctx says where, e.g. `category "bar"`.
func (d *decoder) fail(n *yaml.Node, ctx, format string, args ...any) {
	d.count++
	if d.count > maxErrors {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if ctx != "" {
		msg = ctx + ": " + msg
	}
	line := 0
	if n != nil {
		line = n.Line
	}
	d.errs = append(d.errs, fmt.Errorf("%w: %s:%d: %s", ErrInvalid, d.file, line, msg))
}

// fields is a mapping read by key.
type fields struct {
	node   *yaml.Node
	values map[string]*yaml.Node
}

// mapping reads n as a mapping with the allowed keys, reporting others and
// repeats. It returns false if n is not a mapping.
func (d *decoder) mapping(n *yaml.Node, ctx, what string, allowed []string) (fields, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		d.fail(n, ctx, "%s: must be a mapping with keys %s", what, strings.Join(allowed, ", "))
		return fields{}, false
	}
	f := fields{node: n, values: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		switch {
		case k == nil || k.Kind != yaml.ScalarNode:
			d.fail(n.Content[i], ctx, "%s: keys must be plain names, one of %s", what, strings.Join(allowed, ", "))
		case f.values[k.Value] != nil:
			d.fail(k, ctx, "%s: key %q: repeated", what, k.Value)
		case !slices.Contains(allowed, k.Value):
			d.fail(k, ctx, "%s: unknown key %q: must be one of %s", what, k.Value, strings.Join(allowed, ", "))
		default:
			f.values[k.Value] = n.Content[i+1]
		}
	}
	return f, true
}

// resolve follows aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// text returns the scalar at key, "" if absent; a required key that is
// missing or blank is reported.
func (d *decoder) text(f fields, ctx, key string, required bool) string {
	n := resolve(f.values[key])
	if isNull(n) {
		if required {
			d.fail(f.node, ctx, "%s: required", key)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, ctx, "%s: must be text", key)
		return ""
	}
	if s := strings.TrimSpace(n.Value); s != n.Value || s == "" {
		d.fail(n, ctx, "%s %q: must not be blank or start or end with spaces", key, n.Value)
		return ""
	}
	return n.Value
}

// list returns the text items of the list at key, each non-blank and
// listed once.
func (d *decoder) list(f fields, ctx, key string) []string {
	n := resolve(f.values[key])
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, ctx, "%s: must be a list such as [a, b]", key)
		return nil
	}
	var out []string
	for _, item := range n.Content {
		item = resolve(item)
		switch {
		case item == nil || item.Kind != yaml.ScalarNode || strings.TrimSpace(item.Value) == "":
			d.fail(item, ctx, "%s: each item must be non-blank text", key)
		case slices.Contains(out, item.Value):
			d.fail(item, ctx, "%s: %q listed twice", key, item.Value)
		default:
			out = append(out, item.Value)
		}
	}
	return out
}

// number returns the number at n, reporting anything else.
func (d *decoder) number(n *yaml.Node, ctx, key string) (float64, bool) {
	var v float64
	if n == nil || n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&v) != nil {
		d.fail(n, ctx, "%s: must be a number", key)
		return 0, false
	}
	return v, true
}

// name reads a {zh, en} mapping, both required.
func (d *decoder) names(f fields, ctx, key string) Name {
	n := f.values[key]
	if isNull(resolve(n)) {
		d.fail(f.node, ctx, "%s: required, {zh: ..., en: ...}", key)
		return Name{}
	}
	nf, ok := d.mapping(n, ctx, key, nameKeys)
	if !ok {
		return Name{}
	}
	sub := ctx + ": " + key
	return Name{ZH: d.text(nf, sub, "zh", true), EN: d.text(nf, sub, "en", true)}
}

// imports reads import: {values, headers}.
func (d *decoder) imports(f fields, ctx string) Import {
	n := f.values["import"]
	if isNull(resolve(n)) {
		return Import{}
	}
	imf, ok := d.mapping(n, ctx, "import", importKeys)
	if !ok {
		return Import{}
	}
	sub := ctx + ": import"
	return Import{Values: d.list(imf, sub, "values"), Headers: d.list(imf, sub, "headers")}
}
