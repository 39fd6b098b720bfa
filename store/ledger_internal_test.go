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
