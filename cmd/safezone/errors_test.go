package main

import (
	"strings"
	"testing"
)

// A 7 MB bad value is printed as its first 64 bytes and its length, as the
// server's answers give it, whether geo made the message (where it is
// cut) or the command line did (cut when printed).
func TestRun_longValue(t *testing.T) {
	long := strings.Repeat("9", 7<<20)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"Lat", []string{"check", "--lat", long, "--lon", "104", "--category", "bar"},
			`safezone check: lat "` + long[:64] + `"…(7340032 bytes): must be a number of degrees` + "\n"},
		{"Distances", []string{"whatif", "--category", "bar", "--distances", "50," + long},
			`safezone whatif: distances "50,` + long[:61] + `"…(7340035 bytes): "` + long[:64] + `"…(7340032 bytes) is not a number of meters` + "\n"},
		{"Usage", []string{"ledger", long},
			`safezone ledger: usage: ledger "` + long[:64] + `"…(7340032 bytes): must be sync, list, show or export` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := MustRun(t, tc.args...)
			if code != 2 || stderr != tc.want {
				t.Errorf("exit %d, stderr (%d bytes) %.300q, want 2 and %.300q", code, len(stderr), stderr, tc.want)
			}
		})
	}
}
