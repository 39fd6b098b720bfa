package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/osm"
	"github.com/safezone/safezone/geo/search"
	"github.com/safezone/safezone/geo/walk"
	"github.com/safezone/safezone/store"
)

// Data is what the server answers from: the index of the map data (with
// the schools and water bodies imported into the store), the default rule
// pack and the offline basemap. A reload swaps it whole.
type Data struct {
	Index   *geo.Index
	Rules   *geo.RulePack
	Basemap *osm.Basemap // nil: no offline basemap and no road network
	Info    DataInfo     // the data's source, date and files, cited by recorded checks
}

// dataset is one generation of Data, with what is derived from it: the
// pedestrian graph and the search index of names, built on first use, and
// the rule packs named in requests, loaded on first use. A request takes the current dataset once
// (Server.data) and answers from it alone, so a reload never mixes two
// generations in one answer and requests under way finish on the one they
// started with. Safe for concurrent use.
type dataset struct {
	Data
	gen      uint64
	loadedAt time.Time
	took     time.Duration // how long loading it took; 0 for the first

	buildWalk func() *walk.Graph
	walkBuilt *atomic.Bool // the graph was asked for: a reload builds the next one before swapping

	buildNames func() *search.Index
	namesBuilt *atomic.Bool // the search index was asked for: a reload builds the next one too

	lookup    func(ctx context.Context, name string) (*geo.RulePack, error) // nil: no pack but the default
	mu        sync.Mutex
	packs     map[string]*geo.RulePack
	packJSONs map[*geo.RulePack]json.RawMessage // for recorded checks; guarded by mu
}

// newDataset returns generation gen of d, finding named packs with lookup.
func newDataset(d Data, gen uint64, lookup func(context.Context, string) (*geo.RulePack, error)) *dataset {
	return &dataset{Data: d, gen: gen, loadedAt: time.Now().UTC(), lookup: lookup, packs: map[string]*geo.RulePack{},
		packJSONs: map[*geo.RulePack]json.RawMessage{},
		buildWalk: newWalkOnce(d.Basemap), walkBuilt: new(atomic.Bool),
		buildNames: newNamesOnce(d.Index, d.Basemap), namesBuilt: new(atomic.Bool)}
}

// newNamesOnce returns the builder of the search index of the names of x's
// features and of the streets of basemap b (none when b is nil).
func newNamesOnce(x *geo.Index, b *osm.Basemap) func() *search.Index {
	return sync.OnceValue(func() *search.Index {
		var roads []osm.Road
		if b != nil {
			roads = b.Roads()
		}
		return search.New(x, roads)
	})
}

// names returns the search index of the dataset's names, building it on
// first use.
func (ds *dataset) names() *search.Index {
	ds.namesBuilt.Store(true)
	return ds.buildNames()
}

// walk returns the pedestrian graph of the basemap, building it on first
// use; nil without a road network.
func (ds *dataset) walk() *walk.Graph {
	ds.walkBuilt.Store(true)
	return ds.buildWalk()
}

// withRules returns the next generation of ds with the same map data, the
// default pack p (ds's if nil), and no named pack loaded yet.
func (ds *dataset) withRules(p *geo.RulePack) *dataset {
	d := ds.Data
	if p != nil {
		d.Rules = p
	}
	next := newDataset(d, ds.gen+1, ds.lookup)
	next.buildWalk, next.walkBuilt = ds.buildWalk, ds.walkBuilt     // the same basemap, so the same graph
	next.buildNames, next.namesBuilt = ds.buildNames, ds.namesBuilt // and the same names
	return next
}

// data returns the dataset requests are answered from now.
func (s *Server) data() *dataset { return s.cur.Load() }

// lookupRules finds a pack named in a request: among those uploaded to the
// store, then in the rules directory. Nil when there is neither.
func (s *Server) lookupRules() func(context.Context, string) (*geo.RulePack, error) {
	st, dir := s.cfg.Store, s.cfg.RulesDir
	switch {
	case st == nil && dir == "":
		return nil
	case dir == "":
		return func(ctx context.Context, name string) (*geo.RulePack, error) {
			rp, err := st.RulePack(ctx, name)
			if err != nil {
				return nil, err
			}
			return rp.Pack()
		}
	}
	return func(ctx context.Context, name string) (*geo.RulePack, error) {
		return store.LoadRules(ctx, st, name, dir)
	}
}

// rules returns the pack a request names, or the default pack.
func (ds *dataset) rules(ctx context.Context, name string) (*geo.RulePack, error) {
	if name == "" || name == ds.Rules.ID {
		return ds.Rules, nil
	}
	// geo.LoadRules reads a name ending in .yaml as a path from the working
	// directory, so such names are refused here: a request only names a pack.
	if !packID.MatchString(name) || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || ds.lookup == nil {
		return nil, geo.Invalid("rules", name, geo.PackID())
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if p, ok := ds.packs[name]; ok {
		return p, nil
	}
	p, err := ds.lookup(ctx, name)
	if errors.Is(err, geo.ErrNotFound) {
		// geo's message names the file on the server: keep only the list.
		_, list, _ := strings.Cut(err.Error(), "; available: ")
		return nil, geo.Missing("rules", name, geo.NoPack(list))
	}
	if err != nil {
		// The name was fine but the server's pack does not load: a server
		// fault, not bad input, and geo's message names the file, so it
		// goes to the log only (%v drops ErrInvalidInput: a 500).
		return nil, fmt.Errorf("rules %q: %v", name, err)
	}
	ds.packs[name] = p
	return p, nil
}
