package ledger

import (
	"fmt"
	"os"
	"slices"

	"github.com/safezone/safezone/geo"
)

// Config is the ledger's defaults as data (data/ledger.yaml): for each
// category the lead unit (牵头单位) and default grade, the deadline
// suggested for each grade, how overdue hazards escalate, and the reporting
// clocks. Every value carries its Basis: the document clause it comes
// from, or why it is assumed. A Config is not modified after it is read, so
// it is safe for concurrent use.
type Config struct {
	Documents  map[string]string // document ID -> title
	Grades     []GradeRule       // one per grade, in the order of Grades
	Severity   map[geo.Severity]Sourced[Grade]
	Categories []Category
	// DefaultUnit is the unit of a hazard with no category, or one the
	// Config does not list.
	DefaultUnit Sourced[string]
	Escalation  Escalation
	Clocks      []Clock
}

// Basis says where a value comes from: a clause of a document, why it is
// assumed, or the category catalogue. Exactly one of Source, Assumed and
// Catalogue is set; Override may go with Source or Assumed.
type Basis struct {
	Source  string // a key of Config.Documents
	Clause  string // the document's words, verbatim
	Assumed string // why the value is assumed, where no document gives it
	// Catalogue is set for a lead unit taken from the category catalogue
	// (data/catalogue.yaml, geo/catalogue), which cites its documents.
	Catalogue bool
	// Override says why a lead unit differs from the catalogue's, which it
	// replaces for the ledger.
	Override string
}

// Sourced is a value and its Basis.
type Sourced[T any] struct {
	Value T
	Basis
}

// GradeRule is what a grade implies.
type GradeRule struct {
	Grade        Grade
	DeadlineDays Sourced[int] // the deadline suggested on assigning, in days from the day assigned
}

// Category is a kind of hazard: a geo.Category, or one only reported by
// hand, such as "road". The lead unit of a geo.Category is the catalogue's
// unless the Config overrides it, saying why.
type Category struct {
	ID       string
	Label    string // Chinese name
	LeadUnit Sourced[string]
	Grade    Sourced[Grade]
}

// Escalation is 逐级督办: an overdue hazard is at level 1 from the end of
// its deadline day and rises one level every PeriodDays, up to
// len(Levels.Value).
type Escalation struct {
	PeriodDays Sourced[int]
	Levels     Sourced[[]string] // Chinese name of each level, from level 1
}

// ClockEnd says what stops a reporting clock.
type ClockEnd string

// The ends of reporting clocks.
const (
	// EndRecorded is the report recorded in the ledger (the written report).
	EndRecorded ClockEnd = "recorded"
	// EndFirstReport is the first report: by phone when the report gives
	// that time, else the report recorded in the ledger.
	EndFirstReport ClockEnd = "first_report"
)

// Clock is a reporting time limit (报告时限), such as 安阳's "1 hour": it
// runs from when a hazard was observed to its report, for reports of the
// given grades and sources.
type Clock struct {
	ID      string
	Label   string // Chinese name
	Grades  []Grade
	Sources Sourced[[]SourceKind]
	Minutes Sourced[int]
	Ends    ClockEnd
}

// LoadConfig reads the Config in the YAML file at path; see ParseConfig.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ledger config %q: %w", path, err)
	}
	return ParseConfig(path, data)
}

// Category returns the category with the given ID.
func (c *Config) Category(id string) (Category, bool) {
	i := slices.IndexFunc(c.Categories, func(x Category) bool { return x.ID == id })
	if i < 0 {
		return Category{}, false
	}
	return c.Categories[i], true
}

// LeadUnit returns the lead unit of category, or DefaultUnit.
func (c *Config) LeadUnit(category string) string {
	if cat, ok := c.Category(category); ok {
		return cat.LeadUnit.Value
	}
	return c.DefaultUnit.Value
}

// DefaultGrade returns the grade of a new hazard: the more serious of the
// category's grade and the severity's (for audit hits; "" for none).
func (c *Config) DefaultGrade(category string, sev geo.Severity) Grade {
	g := General
	if cat, ok := c.Category(category); ok {
		g = cat.Grade.Value
	}
	if s, ok := c.Severity[sev]; ok && s.Value.rank() > g.rank() {
		g = s.Value
	}
	return g
}

// DeadlineDays returns the days suggested for rectifying a hazard of
// grade g.
func (c *Config) DeadlineDays(g Grade) int {
	for _, r := range c.Grades {
		if r.Grade == g {
			return r.DeadlineDays.Value
		}
	}
	return 0
}
