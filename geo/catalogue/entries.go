package catalogue

import (
	"fmt"
	"strings"

	"golang.org/x/text/width"
	"gopkg.in/yaml.v3"
)

// catalogue reads the root mapping and checks the entries against each
// other: IDs and import words unique, the required entries present.
func (d *decoder) catalogue(root *yaml.Node) *Catalogue {
	f, ok := d.mapping(root, "", "catalogue", topKeys)
	if !ok {
		return nil
	}
	c := &Catalogue{}
	ids := map[string]int{}
	words := map[string]string{} // import word → the entry that has it
	for _, n := range d.entries(f, "categories") {
		k, ok := d.category(n)
		if ok && d.unique(n, "category", k.ID, k.Import, ids, words) {
			c.Categories = append(c.Categories, k)
		}
	}
	ids, words = map[string]int{}, map[string]string{}
	for _, n := range d.entries(f, "water_kinds") {
		k, ok := d.waterKind(n)
		if ok && d.unique(n, "water kind", k.ID, k.Import, ids, words) {
			c.WaterKinds = append(c.WaterKinds, k)
		}
	}
	if d.count > 0 {
		return c
	}
	if k, ok := c.Category(Required); !ok || len(k.OSM) > 0 {
		d.fail(f.node, "", "categories: must have %q, with no osm: (water bodies get it from their water kind)", Required)
	}
	if _, ok := c.WaterKind(Required); !ok {
		d.fail(f.node, "", "water_kinds: must have %q, the kind of water of no other kind", Required)
	}
	return c
}

// entries returns the items of the list at key, which is required.
func (d *decoder) entries(f fields, key string) []*yaml.Node {
	n := resolve(f.values[key])
	if n == nil || n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.fail(n, "", "%s: required, a non-empty list", key)
		return nil
	}
	return n.Content
}

// unique checks that id and the import words are not used by an earlier
// entry, recording them.
func (d *decoder) unique(n *yaml.Node, what, id string, imp Import, ids map[string]int, words map[string]string) bool {
	ctx := fmt.Sprintf("%s %q", what, id)
	if line, dup := ids[id]; dup {
		d.fail(n, ctx, "id %q: used twice (first at line %d)", id, line)
		return false
	}
	ids[id] = resolve(n).Line
	ok := true
	for _, w := range append(append([]string{id}, imp.Values...), imp.Headers...) {
		key := NormalizeWord(w)
		if other, dup := words[key]; dup && other != id {
			d.fail(n, ctx, "import %q: already names %s %q", w, what, other)
			ok = false
		}
		words[key] = id
	}
	return ok
}

// NormalizeWord is an import word as it is compared: trimmed, half width
// (ＫＴＶ is KTV), lower case.
func NormalizeWord(s string) string {
	return strings.ToLower(strings.TrimSpace(width.Narrow.String(s)))
}

// id reads and checks an entry's id.
func (d *decoder) id(f fields, ctx string) string {
	id := d.text(f, ctx, "id", true)
	if id != "" && !validID.MatchString(id) {
		d.fail(resolve(f.values["id"]), ctx, "id %q: must be 1 to 32 characters from a-z, 0-9 and '_', starting with a letter", id)
		return ""
	}
	return id
}

// entryContext names an entry in messages: by its id if it has a valid
// one, else by its line.
func entryContext(what string, n *yaml.Node, line int) string {
	n = resolve(n)
	if n != nil && n.Kind == yaml.MappingNode {
		for j := 0; j+1 < len(n.Content); j += 2 {
			if k, v := resolve(n.Content[j]), resolve(n.Content[j+1]); k != nil && k.Value == "id" && v != nil && validID.MatchString(v.Value) {
				return fmt.Sprintf("%s %q", what, v.Value)
			}
		}
	}
	return fmt.Sprintf("%s at line %d", what, line)
}

func (d *decoder) category(n *yaml.Node) (Category, bool) {
	before := d.count
	ctx := entryContext("category", n, resolve(n).Line)
	f, ok := d.mapping(n, ctx, "category", categoryKeys)
	if !ok {
		return Category{}, false
	}
	k := Category{ID: d.id(f, ctx), Name: d.names(f, ctx, "name"), Lead: d.names(f, ctx, "lead"), Import: d.imports(f, ctx)}
	k.OSM = d.selectors(f, ctx, false)
	if sn := f.values["synth"]; !isNull(resolve(sn)) {
		k.Synth = d.synth(sn, ctx)
	}
	return k, d.count == before
}

func (d *decoder) waterKind(n *yaml.Node) (WaterKind, bool) {
	before := d.count
	ctx := entryContext("water kind", n, resolve(n).Line)
	f, ok := d.mapping(n, ctx, "water kind", waterKindKeys)
	if !ok {
		return WaterKind{}, false
	}
	k := WaterKind{ID: d.id(f, ctx), Name: d.names(f, ctx, "name"), Import: d.imports(f, ctx)}
	k.OSM = d.selectors(f, ctx, true)
	if sn := f.values["synth"]; !isNull(resolve(sn)) {
		k.Synth = d.waterSynth(sn, ctx)
	}
	return k, d.count == before
}

// selectors reads osm:, a list of selectors; line: is allowed for water.
func (d *decoder) selectors(f fields, ctx string, water bool) []Selector {
	n := resolve(f.values["osm"])
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, ctx, "osm: must be a list of selectors such as {tags: [amenity=bar]}")
		return nil
	}
	var out []Selector
	seen := map[string]int{}
	for _, item := range n.Content {
		s, ok := d.selector(item, ctx, water)
		if !ok {
			continue
		}
		key := fmt.Sprint(s.Tags, s.NotTags, s.Names, s.NotNames)
		if line, dup := seen[key]; dup {
			d.fail(item, ctx, "osm: the same selector as at line %d", line)
			continue
		}
		seen[key] = resolve(item).Line
		d.order++
		s.Order = d.order
		out = append(out, s)
	}
	return out
}

func (d *decoder) selector(n *yaml.Node, ctx string, water bool) (Selector, bool) {
	keys := selectorKeys
	if !water {
		keys = keys[:len(keys)-1]
	}
	before := d.count
	f, ok := d.mapping(n, ctx, "osm", keys)
	if !ok {
		return Selector{}, false
	}
	sub := ctx + ": osm"
	s := Selector{Tags: d.tags(f, sub, "tags"), NotTags: d.tags(f, sub, "not_tags"),
		Names: d.list(f, sub, "names"), NotNames: d.list(f, sub, "not_names")}
	if len(s.Tags) == 0 && d.count == before {
		d.fail(f.node, sub, "tags: required, at least one such as amenity=bar (a name alone would pick bus stops and streets)")
	}
	if ln := resolve(f.values["line"]); !isNull(ln) {
		if ln.Kind != yaml.ScalarNode || ln.ShortTag() != "!!bool" || ln.Decode(&s.Line) != nil {
			d.fail(ln, sub, "line: must be true or false")
		}
	}
	return s, d.count == before
}

// tags reads a list of key=value conditions.
func (d *decoder) tags(f fields, ctx, key string) []Tag {
	var out []Tag
	for _, s := range d.list(f, ctx, key) {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" || v == "" || strings.ContainsAny(s, " \t") {
			d.fail(resolve(f.values[key]), ctx, "%s: %q: must be key=value with no spaces, such as amenity=bar or shop=* for any value", key, s)
			continue
		}
		out = append(out, Tag{Key: k, Value: v})
	}
	return out
}

func (d *decoder) synth(n *yaml.Node, ctx string) Synth {
	f, ok := d.mapping(n, ctx, "synth", synthKeys)
	if !ok {
		return Synth{}
	}
	s := Synth{Scale: 1}
	sub := ctx + ": synth"
	s.Share = d.fraction(f, sub, "share", true)
	if sn := resolve(f.values["scale"]); sn != nil {
		if v, ok := d.number(sn, sub, "scale"); ok && !(v > 0 && v <= 100) {
			d.fail(sn, sub, "scale %q: must be above 0 and at most 100", sn.Value)
		} else {
			s.Scale = v
		}
	}
	return s
}

func (d *decoder) waterSynth(n *yaml.Node, ctx string) WaterSynth {
	f, ok := d.mapping(n, ctx, "synth", waterSynKeys)
	if !ok {
		return WaterSynth{}
	}
	sub := ctx + ": synth"
	s := WaterSynth{Bend: 0.3}
	switch shape := d.text(f, sub, "shape", true); shape {
	case "line", "area":
		s.Line = shape == "line"
	case "":
	default:
		d.fail(resolve(f.values["shape"]), sub, "shape %q: must be line or area", shape)
	}
	s.Share = d.fraction(f, sub, "share", true)
	if b := resolve(f.values["bend"]); b != nil {
		if v, ok := d.number(b, sub, "bend"); ok && !(v >= 0 && v <= 1) {
			d.fail(b, sub, "bend %q: must be between 0 and 1 (radians)", b.Value)
		} else {
			s.Bend = v
		}
	}
	sz := resolve(f.values["size_m"])
	if sz == nil || sz.Kind != yaml.SequenceNode || len(sz.Content) != 2 {
		d.fail(f.node, sub, "size_m: required, [smallest, largest] in meters")
		return s
	}
	for i := range 2 {
		s.SizeMeters[i], _ = d.number(resolve(sz.Content[i]), sub, "size_m")
	}
	if !(s.SizeMeters[0] > 0 && s.SizeMeters[0] <= s.SizeMeters[1] && s.SizeMeters[1] <= 10000) {
		d.fail(sz, sub, "size_m %v: must be [smallest, largest] with 0 < smallest <= largest <= 10000", s.SizeMeters)
	}
	return s
}

// fraction reads a number in [0, 1].
func (d *decoder) fraction(f fields, ctx, key string, required bool) float64 {
	n := resolve(f.values[key])
	if n == nil {
		if required {
			d.fail(f.node, ctx, "%s: required, a number from 0 to 1", key)
		}
		return 0
	}
	v, ok := d.number(n, ctx, key)
	if ok && !(v >= 0 && v <= 1) {
		d.fail(n, ctx, "%s %q: must be from 0 to 1", key, n.Value)
		return 0
	}
	return v
}
