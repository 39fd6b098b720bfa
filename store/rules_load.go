package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/safezone/safezone/geo"
)

// LoadRules loads the rule pack spec names, as geo.LoadRules does with dir,
// except that a pack ID is looked up first among the packs uploaded to b
// (if b is not nil): "" is dir's default pack, a name ending in .yaml or
// .yml or holding a path separator is a file, anything else a pack ID. An
// unknown ID returns an error wrapping geo.ErrNotFound that lists the packs
// of both, after "; available: ".
func LoadRules(ctx context.Context, b Backend, spec, dir string) (*geo.RulePack, error) {
	if b == nil || spec == "" || isRulePath(spec) {
		return geo.LoadRules(spec, dir)
	}
	rp, err := b.RulePack(ctx, spec)
	if err == nil {
		return rp.Pack()
	}
	if !errors.Is(err, geo.ErrNotFound) {
		return nil, err
	}
	p, err := geo.LoadRules(spec, dir)
	if !errors.Is(err, geo.ErrNotFound) {
		return p, err
	}
	ups, lerr := b.RulePacks(ctx)
	if lerr != nil || len(ups) == 0 {
		return nil, err
	}
	msg, list, _ := strings.Cut(err.Error(), "; available: ")
	ids := make([]string, 0, len(ups))
	if !strings.HasPrefix(list, "none in ") {
		ids = strings.Split(list, ", ")
	}
	for _, u := range ups {
		ids = append(ids, u.ID)
	}
	slices.Sort(ids)
	return nil, notFoundf("%s, nor uploaded; available: %s", msg, strings.Join(slices.Compact(ids), ", "))
}

// isRulePath tells a pack file from a pack ID, as geo.LoadRules does.
func isRulePath(spec string) bool {
	ext := strings.ToLower(filepath.Ext(spec))
	return ext == ".yaml" || ext == ".yml" || strings.ContainsAny(spec, `/\`)
}

// LoadDefaultRules loads the default rule pack of a server: the pack
// selected in b with SetDefaultRules, if any, else the pack fallback names
// (as given to --rules; "" for dir's default), each as LoadRules finds it.
// A selected pack that no longer loads is an error that says so, rather
// than a silent fallback.
func LoadDefaultRules(ctx context.Context, b Backend, fallback, dir string) (*geo.RulePack, error) {
	if b == nil {
		return geo.LoadRules(fallback, dir)
	}
	sel, err := b.DefaultRules(ctx)
	if err != nil {
		return nil, err
	}
	if sel == "" {
		return LoadRules(ctx, b, fallback, dir)
	}
	p, err := LoadRules(ctx, b, sel, dir)
	if err != nil {
		return nil, fmt.Errorf("the default rule pack selected in the store: %w", err)
	}
	return p, nil
}
