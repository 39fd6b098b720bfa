package store

import (
	"testing"

	"github.com/safezone/safezone/geo/ledger"
)

// openSchoolsRange, written out for PostgreSQL's planner, is the range of
// ledger.SchoolOpenKeyPrefix.
func TestOpenSchoolsRange(t *testing.T) {
	if want := "key >= '" + ledger.SchoolOpenKeyPrefix[:len(ledger.SchoolOpenKeyPrefix)-1] + "' || chr(31) AND key < '" +
		ledger.SchoolOpenKeyPrefix[:len(ledger.SchoolOpenKeyPrefix)-1] + "' || chr(32)"; openSchoolsRange != want || ledger.SchoolOpenKeyPrefix[len(ledger.SchoolOpenKeyPrefix)-1] != 0x1f {
		t.Errorf("openSchoolsRange = %q, want %q", openSchoolsRange, want)
	}
}

func TestIsHitKey(t *testing.T) {
	tests := []struct{ pack, school, feature, rule string }{
		{"p", "school/1", "biz/1", "r1"}, {"", "", "", ""}, {"p", "s\x1f", "f", "r"}, {"default", "学校", "商户", "internet_cafe_200"},
	}
	for _, tc := range tests {
		k := ledger.Key(tc.pack, tc.feature, tc.school, tc.rule)
		if !isHitKey(k, tc.pack, tc.school, tc.feature, tc.rule) {
			t.Errorf("isHitKey(%q, %+v) = false", k, tc)
		}
		for _, bad := range []string{k + "x", k[:len(k)-1], "x" + k, ledger.Key(tc.pack, tc.school, tc.feature, tc.rule+"x")} {
			if isHitKey(bad, tc.pack, tc.school, tc.feature, tc.rule) {
				t.Errorf("isHitKey(%q, %+v) = true", bad, tc)
			}
		}
	}
}
