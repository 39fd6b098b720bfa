package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// rulePackYAML is a valid pack with the given id and title.
func rulePackYAML(id, title string) []byte {
	return []byte(`id: ` + id + `
title: ` + title + `
document: {title: 测试文件, issuer: 测试机关, date: 2024}
rules:
  - id: cafe_200
    title: 校园周边200米内禁止网吧
    categories: [internet_cafe]
    distance_m: 200
    from: campus
    severity: prohibited
    citation: {clause: 校园周边200米以内禁止设立互联网上网服务营业场所}
`)
}

// TestBackend_RulePacks runs the same uploads, selections and deletions
// on each backend and checks the same answers and log.
func TestBackend_RulePacks(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			if id, err := s.DefaultRules(ctx); err != nil || id != "" {
				t.Fatalf("DefaultRules of a new store = %q, %v", id, err)
			}
			rp, err := s.PutRulePack(ctx, admin, "a.yaml", rulePackYAML("city-a", "甲市"))
			if err != nil || rp.ID != "city-a" || rp.UpdatedBy != admin || rp.UpdatedAt.IsZero() {
				t.Fatalf("PutRulePack = %+v, %v", rp, err)
			}
			if _, err := s.PutRulePack(ctx, admin, "b.yaml", rulePackYAML("city-b", "乙市")); err != nil {
				t.Fatal(err)
			}
			// A second upload of an id replaces the first.
			if _, err := s.PutRulePack(ctx, "admin:2", "a2.yaml", rulePackYAML("city-a", "甲市（修订）")); err != nil {
				t.Fatal(err)
			}
			got, err := s.RulePack(ctx, "city-a")
			if err != nil || got.UpdatedBy != "admin:2" || !strings.Contains(string(got.YAML), "甲市（修订）") {
				t.Fatalf("RulePack = %+v, %v", got, err)
			}
			if p, err := got.Pack(); err != nil || p.Title != "甲市（修订）" || len(p.Rules) != 1 {
				t.Fatalf("Pack() = %+v, %v", p, err)
			}
			all, err := s.RulePacks(ctx)
			if err != nil || len(all) != 2 || all[0].ID != "city-a" || all[1].ID != "city-b" {
				t.Fatalf("RulePacks = %+v, %v", all, err)
			}
			if err := s.SetDefaultRules(ctx, admin, "city-b"); err != nil {
				t.Fatal(err)
			}
			if id, _ := s.DefaultRules(ctx); id != "city-b" {
				t.Fatalf("DefaultRules = %q, want city-b", id)
			}
			if err := s.DeleteRulePack(ctx, admin, "city-b"); !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), "it is the default") {
				t.Fatalf("deleting the default: %v", err)
			}
			if err := s.DeleteRulePack(ctx, admin, "city-a"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.RulePack(ctx, "city-a"); !errors.Is(err, geo.ErrNotFound) {
				t.Fatalf("RulePack after delete: %v", err)
			}
			if err := s.DeleteRulePack(ctx, admin, "city-a"); !errors.Is(err, geo.ErrNotFound) {
				t.Fatalf("second delete: %v", err)
			}
			if err := s.SetDefaultRules(ctx, admin, ""); err != nil {
				t.Fatal(err)
			}
			if id, _ := s.DefaultRules(ctx); id != "" {
				t.Fatalf("DefaultRules after clearing = %q", id)
			}
			es, err := s.LogEntries(ctx, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range es {
				actions = append(actions, e.Action+" "+e.Target)
			}
			want := "rules.put city-a,rules.put city-b,rules.put city-a,rules.default city-b,rules.delete city-a,rules.default "
			if got := strings.Join(actions, ","); got != want {
				t.Errorf("log:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestBackend_RulePacks_errors(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			tests := []struct {
				name, actor, file string
				yaml              []byte
				want              string
			}{
				{"NoActor", "", "a.yaml", rulePackYAML("a", "甲"), `actor "": must not be empty`},
				{"Syntax", admin, "bad.yaml", []byte("id: x\ntitle: [\n"), "bad.yaml:2: bad YAML"},
				{"Distance", admin, "far.yaml", []byte(strings.Replace(string(rulePackYAML("far", "远")), "distance_m: 200", "distance_m: -5", 1)),
					`far.yaml:8: rule "cafe_200": distance_m "-5": must be greater than 0`},
				{"TooLarge", admin, "big.yaml", append(rulePackYAML("big", "大"), []byte("# "+strings.Repeat("x", store.MaxRulePackBytes))...),
					"big.yaml: 1048" /* bytes */},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					_, err := s.PutRulePack(ctx, tc.actor, tc.file, tc.yaml)
					if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
						t.Fatalf("err = %v, want an invalid input starting %q", err, tc.want)
					}
				})
			}
			for _, id := range []string{"Upper", "../x", "x.yaml", strings.Repeat("a", 65)} {
				if err := s.SetDefaultRules(ctx, admin, id); !errors.Is(err, geo.ErrInvalidInput) {
					t.Errorf("SetDefaultRules(%q): %v", id, err)
				}
			}
			if all, _ := s.RulePacks(ctx); len(all) != 0 {
				t.Errorf("a refused upload stored %+v", all)
			}
		})
	}
}

// TestLoadRules checks that packs are found among the uploaded ones first,
// then in the directory, and that the selection is the default.
func TestLoadRules(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "default.yaml"), rulePackYAML("default", "目录默认"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dir-pack.yaml"), rulePackYAML("dir-pack", "目录"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := MustOpen(t, t.TempDir())
	if _, err := s.PutRulePack(ctx, admin, "up.yaml", rulePackYAML("up", "上传")); err != nil {
		t.Fatal(err)
	}
	for spec, title := range map[string]string{"": "目录默认", "dir-pack": "目录", "up": "上传", filepath.Join(dir, "dir-pack.yaml"): "目录"} {
		if p, err := store.LoadRules(ctx, s, spec, dir); err != nil || p.Title != title {
			t.Errorf("LoadRules(%q) = %+v, %v; want %s", spec, p, err, title)
		}
	}
	_, err := store.LoadRules(ctx, s, "nope", dir)
	if !errors.Is(err, geo.ErrNotFound) || !strings.HasSuffix(err.Error(), "; available: default, dir-pack, up") {
		t.Errorf("unknown pack: %v", err)
	}
	if p, err := store.LoadDefaultRules(ctx, s, "dir-pack", dir); err != nil || p.ID != "dir-pack" {
		t.Errorf("no selection: %+v, %v; want the fallback", p, err)
	}
	if err := s.SetDefaultRules(ctx, admin, "up"); err != nil {
		t.Fatal(err)
	}
	if p, err := store.LoadDefaultRules(ctx, s, "dir-pack", dir); err != nil || p.ID != "up" {
		t.Errorf("selection: %+v, %v; want up over the fallback", p, err)
	}
	if err := s.SetDefaultRules(ctx, admin, "gone"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.LoadDefaultRules(ctx, s, "", dir); !errors.Is(err, geo.ErrNotFound) || !strings.Contains(err.Error(), "selected in the store") {
		t.Errorf("a selection that does not load: %v", err)
	}
}
