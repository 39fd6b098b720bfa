package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/catalogue"
)

// The YAML form of a Config; data/README.md describes it.
type yamlConfig struct {
	Documents   map[string]string              `yaml:"documents"`
	Grades      map[string]yamlGrade           `yaml:"grades"`
	Severity    map[string]yamlSourced[string] `yaml:"severity"`
	DefaultUnit yamlSourced[string]            `yaml:"default_unit"`
	Categories  []yamlCategory                 `yaml:"categories"`
	Escalation  yamlEscalation                 `yaml:"escalation"`
	Clocks      []yamlClock                    `yaml:"clocks"`
}

type yamlSourced[T any] struct {
	Value   T      `yaml:"value"`
	Source  string `yaml:"source"`
	Clause  string `yaml:"clause"`
	Assumed string `yaml:"assumed"`
}

type yamlGrade struct {
	DeadlineDays yamlSourced[int] `yaml:"deadline_days"`
}

type yamlCategory struct {
	ID       string               `yaml:"id"`
	Label    string               `yaml:"label"`
	LeadUnit *yamlSourced[string] `yaml:"lead_unit"`
	Override string               `yaml:"override"`
	Grade    yamlSourced[string]  `yaml:"grade"`
}

type yamlEscalation struct {
	PeriodDays yamlSourced[int]      `yaml:"period_days"`
	Levels     yamlSourced[[]string] `yaml:"levels"`
}

type yamlClock struct {
	ID      string                `yaml:"id"`
	Label   string                `yaml:"label"`
	Grades  []string              `yaml:"grades"`
	Sources yamlSourced[[]string] `yaml:"sources"`
	Minutes yamlSourced[int]      `yaml:"minutes"`
	Ends    string                `yaml:"ends"`
}

var configID = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)

// ParseConfig reads a Config from YAML; name is the file's name, for
// messages. Unknown keys are errors. Every grade needs a deadline, every
// geo.Category an entry, and every value either a source (a key of
// documents) with the clause quoted, or a reason it is assumed. Errors wrap
// geo.ErrInvalidInput and start with name and the value's path.
func ParseConfig(name string, data []byte) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var y yamlConfig
	if err := dec.Decode(&y); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, invalidf("%s: empty", name)
		}
		return nil, invalidf("%s: %v", name, err)
	}
	c, err := y.config()
	if err != nil {
		return nil, invalidf("%s: %v", name, err)
	}
	return c, nil
}

func (y *yamlConfig) config() (*Config, error) {
	c := &Config{Documents: y.Documents, Severity: map[geo.Severity]Sourced[Grade]{}}
	var err error
	if c.Grades, err = y.grades(); err != nil {
		return nil, err
	}
	for _, sev := range []geo.Severity{geo.Prohibited, geo.Inspect} {
		v, ok := y.Severity[string(sev)]
		if !ok {
			return nil, fmt.Errorf("severity.%s: missing", sev)
		}
		if c.Severity[sev], err = sourcedGrade(y, "severity."+string(sev), v); err != nil {
			return nil, err
		}
	}
	if len(y.Severity) != 2 {
		return nil, fmt.Errorf("severity: only prohibited and inspect may be given")
	}
	if c.DefaultUnit, err = sourcedText(y, "default_unit", y.DefaultUnit); err != nil {
		return nil, err
	}
	if c.Categories, err = y.categories(); err != nil {
		return nil, err
	}
	if c.Escalation, err = y.escalation(); err != nil {
		return nil, err
	}
	if c.Clocks, err = y.clocks(); err != nil {
		return nil, err
	}
	return c, nil
}

func (y *yamlConfig) grades() ([]GradeRule, error) {
	var rs []GradeRule
	for _, g := range Grades {
		v, ok := y.Grades[string(g)]
		if !ok {
			return nil, fmt.Errorf("grades.%s: missing", g)
		}
		days, err := sourced(y, fmt.Sprintf("grades.%s.deadline_days", g), v.DeadlineDays)
		if err != nil {
			return nil, err
		}
		if days.Value < 1 || days.Value > 365*MaxDeadlineYears {
			return nil, fmt.Errorf("grades.%s.deadline_days %d: must be between 1 and %d", g, days.Value, 365*MaxDeadlineYears)
		}
		rs = append(rs, GradeRule{Grade: g, DeadlineDays: days})
	}
	if len(y.Grades) != len(Grades) {
		return nil, fmt.Errorf("grades: only general, major and serious may be given")
	}
	return rs, nil
}

func (y *yamlConfig) categories() ([]Category, error) {
	var cs []Category
	seen := map[string]bool{}
	for i, yc := range y.Categories {
		path := fmt.Sprintf("categories[%d]", i)
		if !configID.MatchString(yc.ID) || seen[yc.ID] {
			return nil, fmt.Errorf("%s.id %q: must be a new lowercase name such as internet_cafe", path, yc.ID)
		}
		seen[yc.ID] = true
		path += " (" + yc.ID + ")"
		if strings.TrimSpace(yc.Label) == "" {
			return nil, fmt.Errorf("%s.label: must not be empty", path)
		}
		unit, err := y.leadUnit(path, yc)
		if err != nil {
			return nil, err
		}
		grade, err := sourcedGrade(y, path+".grade", yc.Grade)
		if err != nil {
			return nil, err
		}
		cs = append(cs, Category{ID: yc.ID, Label: yc.Label, LeadUnit: unit, Grade: grade})
	}
	for _, gc := range geo.Categories {
		if !seen[string(gc)] {
			return nil, fmt.Errorf("categories: geo category %q has no entry", gc)
		}
	}
	return cs, nil
}

// leadUnit returns the lead unit of yc: the category catalogue's, unless
// yc gives one and says why it overrides the catalogue's; a category the
// catalogue does not have must give its own, with its basis.
func (y *yamlConfig) leadUnit(path string, yc yamlCategory) (Sourced[string], error) {
	i := slices.IndexFunc(catalogue.Default().Categories, func(k catalogue.Category) bool { return k.ID == yc.ID })
	override := strings.TrimSpace(yc.Override)
	switch {
	case i < 0 && yc.LeadUnit == nil:
		return Sourced[string]{}, fmt.Errorf("%s.lead_unit: required: data/catalogue.yaml has no category %q to take the lead unit (牵头单位) from", path, yc.ID)
	case i < 0 && override != "":
		return Sourced[string]{}, fmt.Errorf("%s.override: only for a category of data/catalogue.yaml, whose lead unit it replaces", path)
	case i < 0:
		return sourcedText(y, path+".lead_unit", *yc.LeadUnit)
	}
	lead := catalogue.Default().Categories[i].Lead.ZH
	switch {
	case yc.LeadUnit == nil && override != "":
		return Sourced[string]{}, fmt.Errorf("%s.override: needs a lead_unit to override data/catalogue.yaml's %q with", path, lead)
	case yc.LeadUnit == nil:
		return Sourced[string]{Value: lead, Basis: Basis{Catalogue: true}}, nil
	case override == "":
		return Sourced[string]{}, fmt.Errorf("%s.lead_unit %q: data/catalogue.yaml gives %q; leave lead_unit out, or say in override why the ledger differs", path, yc.LeadUnit.Value, lead)
	case yc.LeadUnit.Value == lead:
		return Sourced[string]{}, fmt.Errorf("%s.lead_unit %q: the same as data/catalogue.yaml's: leave it out", path, lead)
	}
	unit, err := sourcedText(y, path+".lead_unit", *yc.LeadUnit)
	unit.Override = override
	return unit, err
}

func (y *yamlConfig) escalation() (Escalation, error) {
	period, err := sourced(y, "escalation.period_days", y.Escalation.PeriodDays)
	if err != nil {
		return Escalation{}, err
	}
	if period.Value < 1 || period.Value > 365 {
		return Escalation{}, fmt.Errorf("escalation.period_days %d: must be between 1 and 365", period.Value)
	}
	levels, err := sourced(y, "escalation.levels", y.Escalation.Levels)
	if err != nil {
		return Escalation{}, err
	}
	if len(levels.Value) == 0 || len(levels.Value) > 10 || hasBlank(levels.Value) {
		return Escalation{}, fmt.Errorf("escalation.levels: must name 1 to 10 levels")
	}
	return Escalation{PeriodDays: period, Levels: levels}, nil
}

func hasBlank(ss []string) bool {
	for _, s := range ss {
		if strings.TrimSpace(s) == "" {
			return true
		}
	}
	return false
}

// sourced checks v's basis and returns it as a Sourced.
func sourced[T any](y *yamlConfig, path string, v yamlSourced[T]) (Sourced[T], error) {
	b := Basis{Source: v.Source, Clause: strings.TrimSpace(v.Clause), Assumed: strings.TrimSpace(v.Assumed)}
	switch {
	case b.Source != "" && b.Assumed != "":
		return Sourced[T]{}, fmt.Errorf("%s: give either source and clause, or assumed, not both", path)
	case b.Source == "" && b.Assumed == "":
		return Sourced[T]{}, fmt.Errorf("%s: needs a source and clause, or assumed: why the value is assumed", path)
	case b.Source != "" && y.Documents[b.Source] == "":
		return Sourced[T]{}, fmt.Errorf("%s.source %q: not a key of documents", path, b.Source)
	case b.Source != "" && b.Clause == "":
		return Sourced[T]{}, fmt.Errorf("%s.clause: the source's words are required", path)
	case b.Source == "" && b.Clause != "":
		return Sourced[T]{}, fmt.Errorf("%s.clause: needs a source", path)
	}
	return Sourced[T]{Value: v.Value, Basis: b}, nil
}

func sourcedText(y *yamlConfig, path string, v yamlSourced[string]) (Sourced[string], error) {
	s, err := sourced(y, path, v)
	if err == nil && strings.TrimSpace(s.Value) == "" {
		err = fmt.Errorf("%s.value: must not be empty", path)
	}
	return s, err
}

func sourcedGrade(y *yamlConfig, path string, v yamlSourced[string]) (Sourced[Grade], error) {
	s, err := sourced(y, path, v)
	if err != nil {
		return Sourced[Grade]{}, err
	}
	g, err := ParseGrade(path+".value", s.Value)
	if err != nil {
		return Sourced[Grade]{}, err
	}
	return Sourced[Grade]{Value: g, Basis: s.Basis}, nil
}
