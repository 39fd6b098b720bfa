package main

import (
	"strings"
	"testing"
)

// check --opened-on says which date applied and the resulting severity.
func TestCheck_openedOn(t *testing.T) {
	common := []string{"check", "--data", fixtureData, "--rules-dir", fixtureRules, "--rules", "dates", "--lon", "104.002", "--lat", "30.0015", "--category", "internet_cafe"}
	tests := []struct{ opened, want string }{
		{"2018-06", "verdict: allowed (internet_cafe)\n"},
		{"2018-06", "opened 2018-06, before the rule (school unknown, rule effective 2019-05-01): exempt, so exempt"},
		{"", "no opening date: treated as new"},
		{"2021", "opened 2021, after the school (unknown) and the rule (2019-05-01): new"},
	}
	for _, tc := range tests {
		args := common
		if tc.opened != "" {
			args = append(args, "--opened-on", tc.opened)
		}
		code, out, errOut := MustRun(t, args...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("--opened-on %q: exit %d, %s%s; want %q", tc.opened, code, out, errOut, tc.want)
		}
	}
	code, _, errOut := MustRun(t, append(common, "--opened-on", "2999-01-01")...)
	if code != 2 || !strings.Contains(errOut, `opened_on "2999-01-01": is in the future`) {
		t.Errorf("future: exit %d, %s", code, errOut)
	}
	code, _, errOut = MustRun(t, "site", "--data", fixtureData, "--rules-dir", fixtureRules, "--lon", "104", "--lat", "30", "--opened-on", "spring")
	if code != 2 || !strings.Contains(errOut, `opened_on "spring": must be a date`) {
		t.Errorf("site: exit %d, %s", code, errOut)
	}
}
