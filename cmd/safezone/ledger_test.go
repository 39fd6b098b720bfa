package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	hz "github.com/safezone/safezone/geo/ledger"
)

// The shipped ledger.yaml reads, and gives every category a lead unit,
// the catalogue's but where it says why it overrides it.
func TestLedgerConfig_shipped(t *testing.T) {
	cfg, err := loadLedgerConfig("", rulesDir)
	if err != nil || cfg == nil {
		t.Fatalf("loadLedgerConfig beside %s: %v, %v", rulesDir, cfg, err)
	}
	for _, c := range geo.Categories {
		k, ok := cfg.Category(string(c))
		if b := k.LeadUnit.Basis; !ok || k.LeadUnit.Value == "" || !b.Catalogue && (b.Override == "" || b.Source == "" && b.Assumed == "") {
			t.Errorf("category %s: %+v", c, k)
		}
	}
	if k, ok := cfg.Clock("report"); !ok || k.Minutes.Value != 60 || k.Minutes.Source != "anyangxian-2023" {
		t.Errorf("安阳's one-hour clock: %+v", k)
	}
	if cfg, err := loadLedgerConfig("", t.TempDir()+"/rules"); cfg != nil || err != nil {
		t.Errorf("no ledger.yaml beside the rules: %v, %v; want none", cfg, err)
	}
	if _, err := loadLedgerConfig("nope.yaml", rulesDir); err == nil {
		t.Error("a --ledger-config that does not exist: no error")
	}
}

// safezone ledger sync twice, list, show and export on the demo data.
func TestLedger_CLI(t *testing.T) {
	st := filepath.Join(t.TempDir(), "store")
	common := []string{"--store", st, "--rules-dir", rulesDir}
	sync := append([]string{"ledger", "sync", "--data", "../../data/chengdu-2018.osm.pbf"}, common...)
	code, out, errOut := MustRun(t, sync...)
	if code != 0 || !strings.HasPrefix(out, "rules default: new ") || strings.HasPrefix(out, "rules default: new 0,") {
		t.Fatalf("first sync: exit %d: %s%s", code, out, errOut)
	}
	code, out, _ = MustRun(t, sync...)
	if code != 0 || !strings.HasPrefix(out, "rules default: new 0, unchanged ") || !strings.Contains(out, "vanished 0, reopened 0") {
		t.Errorf("second sync: %s", out)
	}
	code, out, _ = MustRun(t, append([]string{"ledger", "list", "--limit", "2", "--state", "found"}, common...)...)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 4 || !strings.Contains(lines[1], "发现登记") || lines[3] != "# more: --after 2" {
		t.Errorf("list: exit %d:\n%s", code, out)
	}
	code, out, _ = MustRun(t, append([]string{"ledger", "show", "1"}, common...)...)
	if code != 0 || !strings.HasPrefix(out, "隐患 1  发现登记") || !strings.Contains(out, "审计登记  admin:cli") {
		t.Errorf("show: exit %d:\n%s", code, out)
	}
	code, out, _ = MustRun(t, append([]string{"ledger", "show", "1", "--format", "json"}, common...)...)
	if code != 0 || !strings.Contains(out, `"state_label": "发现登记"`) || !strings.Contains(out, `"history": [`) {
		t.Errorf("show json: exit %d:\n%.300s", code, out)
	}
	code, out, _ = MustRun(t, append([]string{"ledger", "export", "--format", "csv", "--grade", "major"}, common...)...)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if code != 0 || err != nil || len(rows) < 2 || rows[0][1] != "状态" || rows[1][2] != hz.Major.Label() {
		t.Errorf("export csv: exit %d, %v: %.300s", code, err, out)
	}
	xlsx := filepath.Join(t.TempDir(), "ledger.xlsx")
	if code, _, errOut := MustRun(t, append([]string{"ledger", "export", "--out", xlsx, "--sheets", "school"}, common...)...); code != 0 {
		t.Errorf("export xlsx: exit %d: %s", code, errOut)
	}
}

func TestLedger_CLI_errors(t *testing.T) {
	st := filepath.Join(t.TempDir(), "store")
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"ledger"}, "a subcommand is required"},
		{[]string{"ledger", "undo"}, `ledger "undo": must be sync, list, show or export`},
		{[]string{"ledger", "list", "--state", "open"}, `state "open": must be one of`},
		{[]string{"ledger", "list", "--overdue", "maybe"}, `overdue "maybe": must be true or false`},
		{[]string{"ledger", "list", "--limit", "0"}, `limit "0"`},
		{[]string{"ledger", "show", "x"}, `hazard "x": give its ID`},
		{[]string{"ledger", "show", "9"}, "hazard 9: not found"},
		{[]string{"ledger", "export", "--format", "pdf"}, `format "pdf": must be xlsx or csv`},
		{[]string{"ledger", "export", "--format", "csv", "--sheets", "school"}, `sheets "school"`},
		{[]string{"ledger", "sync", "--bbox", "1,2"}, `bbox "1,2"`},
		{[]string{"ledger", "list", "--ledger-config", "nope.yaml"}, "nope.yaml"},
	}
	for _, tc := range tests {
		args := append(tc.args, "--store", st, "--rules-dir", rulesDir)
		if len(tc.args) == 1 {
			args = tc.args
		}
		code, _, errOut := MustRun(t, args...)
		if code != 2 || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.msg)
		}
	}
}
