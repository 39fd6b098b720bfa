package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

const admin = "cli"

// MustCreateToken creates a token and fails the test on error.
func MustCreateToken(tb testing.TB, s *store.Store, role store.Role, schoolID string) (string, store.Token) {
	tb.Helper()
	token, tok, err := s.CreateToken(tb.Context(), admin, role, schoolID)
	if err != nil {
		tb.Fatalf("CreateToken(%s, %q): %v", role, schoolID, err)
	}
	return token, tok
}

func TestParseRole(t *testing.T) {
	for _, r := range store.Roles {
		if got, err := store.ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
}

func TestParseRole_errors(t *testing.T) {
	for _, s := range []string{"", "Admin", "root", " police"} {
		_, err := store.ParseRole(s)
		if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), "must be one of regulator, police, school, admin") {
			t.Errorf("ParseRole(%q): err = %v", s, err)
		}
	}
}

var tokenRE = regexp.MustCompile(`^sz_[A-Za-z0-9_-]{43}$`)

func TestStore_CreateToken(t *testing.T) {
	tests := []struct {
		name     string
		role     store.Role
		schoolID string
	}{
		{"Regulator", store.RoleRegulator, ""},
		{"Police", store.RolePolice, ""},
		{"School", store.RoleSchool, "way/123456"},
		{"Admin", store.RoleAdmin, ""},
	}
	s := MustOpen(t, t.TempDir())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			token, tok := MustCreateToken(t, s, tc.role, tc.schoolID)
			if !tokenRE.MatchString(token) {
				t.Errorf("token %q does not match %s", token, tokenRE)
			}
			if tok.Role != tc.role || tok.SchoolID != tc.schoolID || len(tok.ID) != 8 || tok.CreatedAt.IsZero() {
				t.Errorf("Token = %+v", tok)
			}
			got, err := s.Authenticate(t.Context(), token)
			if err != nil || got != tok {
				t.Errorf("Authenticate = %+v, %v; want %+v", got, err, tok)
			}
		})
	}
	ts, err := s.Tokens(t.Context())
	if err != nil || len(ts) != len(tests) {
		t.Fatalf("Tokens = %d tokens, %v; want %d", len(ts), err, len(tests))
	}
	for i, tc := range tests {
		if ts[i].Role != tc.role {
			t.Errorf("Tokens[%d].Role = %s, want %s (oldest first)", i, ts[i].Role, tc.role)
		}
	}
	es := allLogEntries(t, s)
	if len(es) != len(tests) || es[2].Action != store.ActionTokenCreate || es[2].Target != ts[2].ID ||
		es[2].Detail != `role=school school="way/123456"` || es[2].Actor != admin {
		t.Errorf("log = %+v", es)
	}
}

func TestStore_CreateToken_errors(t *testing.T) {
	tests := []struct {
		name     string
		actor    string
		role     store.Role
		schoolID string
		want     string
	}{
		{"UnknownRole", admin, "root", "", `role "root": must be one of`},
		{"SchoolWithoutID", admin, store.RoleSchool, "", `school "": role school must be bound to a school ID`},
		{"SchoolBlankID", admin, store.RoleSchool, "  ", `school "  ": role school must be bound`},
		{"SchoolIDSpaces", admin, store.RoleSchool, " way/1", `school " way/1": must be a school ID`},
		{"SchoolIDTooLong", admin, store.RoleSchool, strings.Repeat("1", 101), `must be a school ID`},
		{"SchoolIDControl", admin, store.RoleSchool, "way/\x001", `school "way/\x001": must not contain control characters (U+0000)`},
		{"SchoolIDBadUTF8", admin, store.RoleSchool, "way/\xff", `school "way/\xff": must be valid UTF-8`},
		{"PoliceWithSchool", admin, store.RolePolice, "way/1", `school "way/1": only role school is bound to a school`},
		{"AdminWithSchool", admin, store.RoleAdmin, "way/1", `only role school`},
		{"EmptyActor", "", store.RolePolice, "", `actor "": must not be empty`},
	}
	s := MustOpen(t, t.TempDir())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			token, _, err := s.CreateToken(t.Context(), tc.actor, tc.role, tc.schoolID)
			if token != "" || !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CreateToken = %q, %v; want ErrInvalidInput containing %q", token, err, tc.want)
			}
		})
	}
	if ts, _ := s.Tokens(t.Context()); len(ts) != 0 {
		t.Errorf("%d tokens stored", len(ts))
	}
}

func TestStore_Authenticate_errors(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	valid, _ := MustCreateToken(t, s, store.RolePolice, "")
	revoked, rt := MustCreateToken(t, s, store.RoleAdmin, "")
	if err := s.RevokeToken(t.Context(), admin, rt.ID); err != nil {
		t.Fatal(err)
	}
	body := valid[3:]
	// The last of 43 characters carries 4 bits and 2 padding bits; a
	// non-canonical encoding sets a padding bit.
	last := strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", body[42])
	nonCanonical := valid[:45] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[last|1])
	unknown := "sz_" + base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	tests := []struct {
		name  string
		token string
	}{
		{"Empty", ""},
		{"Bearer", "Bearer " + valid},
		{"NoPrefix", body},
		{"WrongPrefix", "xx_" + body},
		{"Short", valid[:45]},
		{"Long", valid + "A"},
		{"Padded", valid + "="},
		{"StdAlphabet", "sz_" + strings.Repeat("+", 43)},
		{"NonCanonical", nonCanonical},
		{"Unknown", unknown},
		{"Revoked", revoked},
		{"Space", valid[:45] + " "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := s.Authenticate(t.Context(), tc.token)
			if !errors.Is(err, store.ErrUnauthorized) || tok != (store.Token{}) {
				t.Fatalf("Authenticate(%q) = %+v, %v; want ErrUnauthorized", tc.token, tok, err)
			}
			if tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Errorf("error %q leaks the token", err)
			}
		})
	}
	if _, err := s.Authenticate(t.Context(), valid); err != nil {
		t.Errorf("valid token: %v", err)
	}
}

func TestStore_RevokeToken(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	keep, kt := MustCreateToken(t, s, store.RoleRegulator, "")
	drop, dt := MustCreateToken(t, s, store.RoleSchool, "node/42")
	if err := s.RevokeToken(t.Context(), "tok:"+kt.ID, dt.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(t.Context(), drop); !errors.Is(err, store.ErrUnauthorized) {
		t.Errorf("revoked token: err = %v, want ErrUnauthorized", err)
	}
	if _, err := s.Authenticate(t.Context(), keep); err != nil {
		t.Errorf("other token: %v", err)
	}
	if ts, _ := s.Tokens(t.Context()); len(ts) != 1 || ts[0] != kt {
		t.Errorf("Tokens = %+v, want [%+v]", ts, kt)
	}
	es := allLogEntries(t, s)
	if e := es[len(es)-1]; e.Action != store.ActionTokenRevoke || e.Target != dt.ID || e.Actor != "tok:"+kt.ID || e.Detail != `role=school school="node/42"` {
		t.Errorf("log entry = %+v", e)
	}
}

func TestStore_RevokeToken_errors(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	_, tok := MustCreateToken(t, s, store.RolePolice, "")
	other := "00000000"
	if tok.ID == other {
		other = "ffffffff"
	}
	for _, id := range []string{other, "", "abc", strings.ToUpper(tok.ID), tok.ID + "00", tok.ID[:6], "zzzzzzzz"} {
		t.Run("NotFound/"+id, func(t *testing.T) {
			if err := s.RevokeToken(t.Context(), admin, id); !errors.Is(err, geo.ErrNotFound) {
				t.Errorf("RevokeToken(%q): err = %v, want ErrNotFound", id, err)
			}
		})
	}
	t.Run("EmptyActor", func(t *testing.T) {
		if err := s.RevokeToken(t.Context(), "", tok.ID); !errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("err = %v, want ErrInvalidInput", err)
		}
	})
	if ts, _ := s.Tokens(t.Context()); len(ts) != 1 {
		t.Errorf("failed revokes left %d tokens, want 1", len(ts))
	}
}

// TestStore_TokenHashOnly scans the database file: it must hold each token's
// hash but neither the token nor its random bytes.
func TestStore_TokenHashOnly(t *testing.T) {
	dir := t.TempDir()
	s := MustOpen(t, dir)
	var tokens []string
	for _, r := range []store.Role{store.RoleAdmin, store.RolePolice, store.RoleRegulator} {
		token, _ := MustCreateToken(t, s, r, "")
		tokens = append(tokens, token)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, token := range tokens {
		raw, _ := base64.RawURLEncoding.DecodeString(token[3:])
		hash := sha256.Sum256([]byte(token))
		if bytes.Contains(data, []byte(token)) || bytes.Contains(data, []byte(token[3:])) {
			t.Errorf("token %s is in the file", token)
		}
		if bytes.Contains(data, raw[:16]) {
			t.Errorf("random bytes of token %s are in the file", token)
		}
		if !bytes.Contains(data, hash[:]) {
			t.Errorf("hash of token %s is not in the file; is this the right file?", token)
		}
	}
}
