package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"

	"github.com/safezone/safezone/geo/geojson"
)

// loadWithStore is sources.load with the schools and water bodies imported
// into st (if not nil) indexed with the data, so that they take part in
// checks, zones, school reports and audits, and with the rule pack found
// among those uploaded to st too (see storeRules). Businesses imported into
// st are registered businesses, which the API adds to audits and reports
// itself.
func (s *sources) loadWithStore(ctx context.Context, st store.Backend) (*geo.Index, *geo.RulePack, error) {
	if st == nil {
		return s.load()
	}
	pack, err := s.storeRules(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	extra, err := st.Features(ctx)
	if err != nil {
		return nil, nil, err
	}
	var b geojson.Loader
	if err := readData(&b, s.data); err != nil {
		return nil, nil, err
	}
	b.Add(extra)
	idx, err := b.Build()
	runtime.GC() // as loadTimed does
	if err != nil {
		return nil, nil, fmt.Errorf("data %q with the store's imported features: %w", s.data, err)
	}
	return idx, pack, nil
}

// storeRules loads the rule pack --rules names, looking among the packs
// uploaded to st first; without --rules, the pack selected in st, else
// the directory's default. With preferSelected (serve), the selection
// wins over --rules too.
func (s *sources) storeRules(ctx context.Context, st store.Backend) (*geo.RulePack, error) {
	if s.rules != "" && !s.preferSelected {
		return store.LoadRules(ctx, st, s.rules, s.rulesDir)
	}
	return store.LoadDefaultRules(ctx, st, s.rules, s.rulesDir)
}

// loadStoreDir is loadWithStore for the store in dir (or at a postgres://
// URL), opened only while reading it; it also returns the store's businesses as features, for
// geo.AuditOptions.Extra. A directory without a store is an error, not a
// new empty store.
func (s *sources) loadStoreDir(ctx context.Context, dir string) (*geo.Index, *geo.RulePack, []geo.Feature, error) {
	if !store.IsPostgresURL(dir) {
		if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
			return nil, nil, nil, fmt.Errorf("store %q: %w", dir, err)
		}
	}
	st, err := store.OpenBackend(ctx, dir)
	if err != nil {
		return nil, nil, nil, lockedStore(dir, err)
	}
	defer st.Close()
	idx, pack, err := s.loadWithStore(ctx, st)
	if err != nil {
		return nil, nil, nil, err
	}
	bs, err := st.Businesses(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	extra := make([]geo.Feature, len(bs))
	for i, b := range bs {
		extra[i] = b.Feature()
	}
	return idx, pack, extra, nil
}
