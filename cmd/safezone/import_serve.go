package main

import (
	"context"
	"fmt"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// loadWithStore is sources.load with the schools and water bodies imported
// into st (if not nil) indexed with the data, so that they take part in
// checks, zones, school reports and audits. Businesses imported into st are
// registered businesses, which the API adds to audits and reports itself.
func (s *sources) loadWithStore(ctx context.Context, st *store.Store) (*geo.Index, *geo.RulePack, error) {
	if st == nil {
		return s.load()
	}
	extra, err := st.Features(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(extra) == 0 {
		return s.load()
	}
	pack, err := geo.LoadRules(s.rules, s.rulesDir)
	if err != nil {
		return nil, nil, err
	}
	features, err := loadFeatures(s.data)
	if err != nil {
		return nil, nil, err
	}
	idx, err := geo.NewIndex(append(features, extra...))
	if err != nil {
		return nil, nil, fmt.Errorf("data %q with the store's imported features: %w", s.data, err)
	}
	return idx, pack, nil
}
