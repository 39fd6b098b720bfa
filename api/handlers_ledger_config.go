package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

type ledgerConfigJSON struct {
	States      []labelJSON       `json:"states"`
	Grades      []gradeJSON       `json:"grades"`
	Moves       []moveFromJSON    `json:"moves"`
	Categories  []ledgerCatJSON   `json:"categories"`
	Escalation  escalationJSON    `json:"escalation"`
	Clocks      []clockDefJSON    `json:"clocks"`
	Limits      ledgerLimitsJSON  `json:"limits"`
	Documents   map[string]string `json:"documents"`
	Roles       []labelJSON       `json:"roles"`
	DefaultUnit sourcedJSON       `json:"default_unit"`
}

type labelJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

type basisJSON struct {
	Source    string `json:"source,omitempty"`
	Clause    string `json:"clause,omitempty"`
	Assumed   string `json:"assumed,omitempty"`
	Catalogue bool   `json:"catalogue,omitempty"`
	Override  string `json:"override,omitempty"`
}

type sourcedJSON struct {
	Value any `json:"value"`
	basisJSON
}

type gradeJSON struct {
	Key          string      `json:"key"`
	Label        string      `json:"label"`
	DeadlineDays sourcedJSON `json:"deadline_days"`
}

type moveFromJSON struct {
	From string `json:"from"`
	moveJSON
	OnlyVanished bool `json:"only_vanished"`
}

type ledgerCatJSON struct {
	ID       string      `json:"id"`
	Label    string      `json:"label"`
	LeadUnit sourcedJSON `json:"lead_unit"`
	Grade    sourcedJSON `json:"grade"`
}

type escalationJSON struct {
	PeriodDays sourcedJSON `json:"period_days"`
	Levels     sourcedJSON `json:"levels"`
}

type clockDefJSON struct {
	ID      string      `json:"id"`
	Label   string      `json:"label"`
	Grades  []string    `json:"grades"`
	Sources sourcedJSON `json:"sources"`
	Minutes sourcedJSON `json:"minutes"`
	Ends    string      `json:"ends"`
}

type ledgerLimitsJSON struct {
	Comment         int      `json:"comment_chars"`
	Description     int      `json:"description_chars"`
	Unit            int      `json:"unit_chars"`
	Person          int      `json:"person_chars"`
	AttachmentBytes int      `json:"attachment_bytes"`
	AttachmentTypes []string `json:"attachment_types"`
	PageSize        int      `json:"page_size_max"`
}

func sourced[T any](s ledger.Sourced[T]) sourcedJSON {
	return sourcedJSON{Value: s.Value, basisJSON: basisJSON{Source: s.Source, Clause: s.Clause, Assumed: s.Assumed, Catalogue: s.Catalogue, Override: s.Override}}
}

// handleLedgerConfig answers what the map needs to show and drive the
// ledger: states, grades, the transition table with its roles, the
// categories with their lead units and grades, escalation, clocks and
// limits, each default with its source or the reason it is assumed.
func (s *Server) handleLedgerConfig(c echo.Context) error {
	cfg := s.cfg.Ledger
	j := ledgerConfigJSON{Documents: cfg.Documents, DefaultUnit: sourced(cfg.DefaultUnit),
		Limits: ledgerLimitsJSON{ledger.MaxCommentLen, ledger.MaxDescriptionLen, ledger.MaxUnitLen, ledger.MaxPersonLen,
			ledger.MaxAttachmentBytes, ledger.AttachmentTypes, store.MaxHazardPage},
		Escalation: escalationJSON{sourced(cfg.Escalation.PeriodDays), sourced(cfg.Escalation.Levels)}}
	for _, st := range ledger.States {
		j.States = append(j.States, labelJSON{string(st), st.Label()})
	}
	for _, r := range cfg.Grades {
		j.Grades = append(j.Grades, gradeJSON{string(r.Grade), r.Grade.Label(), sourced(r.DeadlineDays)})
	}
	for _, m := range ledger.Moves {
		j.Moves = append(j.Moves, moveFromJSON{From: string(m.From), moveJSON: newMoveJSON(m), OnlyVanished: m.OnlyVanished})
	}
	for _, k := range cfg.Categories {
		j.Categories = append(j.Categories, ledgerCatJSON{k.ID, k.Label, sourced(k.LeadUnit), sourced(k.Grade)})
	}
	for _, k := range cfg.Clocks {
		grades := make([]string, len(k.Grades))
		for i, g := range k.Grades {
			grades[i] = string(g)
		}
		j.Clocks = append(j.Clocks, clockDefJSON{k.ID, k.Label, grades, sourced(k.Sources), sourced(k.Minutes), string(k.Ends)})
	}
	for _, r := range ledger.Roles {
		j.Roles = append(j.Roles, labelJSON{string(r), roleLabels[r]})
	}
	return c.JSON(http.StatusOK, j)
}
