package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo"
)

// Role is what a token's holder may do.
type Role string

// The roles. Regulators register businesses, police and admins see every
// school, a school sees only its own, and admins also manage tokens and read
// the audit log.
const (
	RoleRegulator Role = "regulator"
	RolePolice    Role = "police"
	RoleSchool    Role = "school"
	RoleAdmin     Role = "admin"
)

// Roles lists every role in a stable order.
var Roles = []Role{RoleRegulator, RolePolice, RoleSchool, RoleAdmin}

// ParseRole returns the role named s. It returns an error wrapping
// geo.ErrInvalidInput that quotes s and lists the roles if s is unknown.
func ParseRole(s string) (Role, error) {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		if string(r) == s {
			return r, nil
		}
		names[i] = string(r)
	}
	return "", geo.Invalid("role", s, geo.OneOf(names))
}

// Token is what the store knows about a bearer token: never the token
// itself, only its SHA-256 hash and its role.
type Token struct {
	// ID is the first 8 hex digits of the token's hash: unique in the store,
	// safe to show and log, and useless for authenticating.
	ID       string
	Role     Role
	SchoolID string // the school a RoleSchool token is bound to; empty otherwise
	// Unit is the responsible unit (责任单位) a RoleRegulator or RolePolice
	// token may be bound to: it acts only on that unit's hazards
	// (ledger.CheckAct). Empty for a token of no unit.
	Unit      string
	CreatedAt time.Time
}

// Tokens are "sz_" and 32 random bytes in unpadded base64url (43 characters).
const (
	tokenPrefix    = "sz_"
	tokenBytes     = 32
	tokenLen       = len(tokenPrefix) + 43
	tokenIDBytes   = 4
	maxSchoolIDLen = 100
	maxUnitLen     = 100 // runes, as ledger.MaxUnitLen
)

// CreateToken creates a token with role for actor and returns it, once: the
// store keeps only its hash. A RoleSchool token must be bound to schoolID;
// other roles must have an empty schoolID. The store does not check that the
// school exists. The token and its audit entry are committed together. It
// returns an error wrapping geo.ErrInvalidInput if role, schoolID or actor is
// invalid. Safe for concurrent use.
func (s *Store) CreateToken(ctx context.Context, actor string, role Role, schoolID string) (string, Token, error) {
	if err := checkNewToken(actor, role, schoolID); err != nil {
		return "", Token{}, err
	}
	return s.createToken(ctx, actor, Token{Role: role, SchoolID: schoolID})
}

// CreateUnitToken creates a token with role, which must be RoleRegulator
// or RolePolice, bound to the responsible unit unit (责任单位), for actor,
// and returns it once, as CreateToken does. It returns an error wrapping
// geo.ErrInvalidInput if role, unit or actor is invalid. Safe for
// concurrent use.
func (s *Store) CreateUnitToken(ctx context.Context, actor string, role Role, unit string) (string, Token, error) {
	if err := checkUnitToken(actor, role, unit); err != nil {
		return "", Token{}, err
	}
	return s.createToken(ctx, actor, Token{Role: role, Unit: unit})
}

// createToken stores a new token of t's role and binding.
func (s *Store) createToken(ctx context.Context, actor string, t Token) (string, Token, error) {
	t.CreatedAt = time.Now().UTC()
	var token string
	err := s.update(ctx, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketTokens))
		var hash [sha256.Size]byte
		// IDs are 32 bits of the hash; draw again on the rare clash so
		// RevokeToken can find a token by ID alone.
		for {
			token = newToken()
			hash = sha256.Sum256([]byte(token))
			if k, _ := bk.Cursor().Seek(hash[:tokenIDBytes]); !bytes.HasPrefix(k, hash[:tokenIDBytes]) {
				break
			}
		}
		t.ID = hex.EncodeToString(hash[:tokenIDBytes])
		v, err := json.Marshal(tokenRecord{Role: string(t.Role), SchoolID: t.SchoolID, Unit: t.Unit, CreatedAt: t.CreatedAt})
		if err != nil {
			return err
		}
		if err := bk.Put(hash[:], v); err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: t.CreatedAt, Actor: actor, Action: ActionTokenCreate, Target: t.ID, Detail: describeToken(t)})
	})
	if err != nil {
		return "", Token{}, wrap("create token", err)
	}
	return token, t, nil
}

// checkUnitToken checks what CreateUnitToken is given.
func checkUnitToken(actor string, role Role, unit string) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	t := strings.TrimSpace(unit)
	switch {
	case role != RoleRegulator && role != RolePolice:
		return invalidf("unit %q: only roles regulator and police are bound to a unit, not %q", unit, role)
	case t == "":
		return invalidf("unit %q: must name a responsible unit (责任单位), such as \"市场监管部门\"", unit)
	case t != unit || utf8.RuneCountInString(unit) > maxUnitLen:
		return invalidf("unit %q: must be at most %d characters, without spaces around", unit, maxUnitLen)
	}
	if err := checkChars("unit", unit, unit); err != nil {
		return err
	}
	return checkActor(actor)
}

// checkNewToken checks what CreateToken is given: the role, the school
// bound to it, and the actor.
func checkNewToken(actor string, role Role, schoolID string) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	if err := checkSchoolID(role, schoolID); err != nil {
		return err
	}
	return checkActor(actor)
}

func checkSchoolID(role Role, schoolID string) error {
	switch {
	case role == RoleSchool && strings.TrimSpace(schoolID) == "":
		return invalidf("school %q: role school must be bound to a school ID", schoolID)
	case role != RoleSchool && schoolID != "":
		return invalidf("school %q: only role school is bound to a school", schoolID)
	case len(schoolID) > maxSchoolIDLen || strings.TrimSpace(schoolID) != schoolID:
		return invalidf("school %q: must be a school ID such as \"way/123\"", schoolID)
	}
	return checkChars("school", schoolID, schoolID)
}

// newToken returns a fresh token. crypto/rand.Read never fails (it crashes
// the program if the kernel cannot supply randomness).
func newToken() string {
	var b [tokenBytes]byte
	rand.Read(b[:])
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// Authenticate returns the token's details. It returns an error wrapping
// ErrUnauthorized if token is empty, malformed, unknown or revoked; the
// message never contains the token. Safe for concurrent use.
//
// The lookup is by SHA-256 hash, so timing can reveal at most how much of a
// guess's hash matches a stored hash, which does not help to find a token.
func (s *Store) Authenticate(ctx context.Context, token string) (Token, error) {
	if !wellFormed(token) {
		return Token{}, fmt.Errorf("%w: malformed token", ErrUnauthorized)
	}
	hash := sha256.Sum256([]byte(token))
	var t Token
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte(bucketTokens)).Get(hash[:])
		if v == nil {
			return fmt.Errorf("%w: unknown token", ErrUnauthorized)
		}
		var err error
		t, err = decodeToken(hash[:], v)
		return err
	})
	if err != nil {
		return Token{}, wrap("authenticate", err)
	}
	return t, nil
}

// wellFormed reports whether token is "sz_" and the canonical unpadded
// base64url encoding of 32 bytes.
func wellFormed(token string) bool {
	body, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok || len(token) != tokenLen {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(body)
	return err == nil && len(b) == tokenBytes
}

// Tokens returns every token, oldest first. Safe for concurrent use.
func (s *Store) Tokens(ctx context.Context) ([]Token, error) {
	ts := make([]Token, 0)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketTokens)).ForEach(func(k, v []byte) error {
			t, err := decodeToken(k, v)
			ts = append(ts, t)
			return err
		})
	})
	if err != nil {
		return nil, wrap("list tokens", err)
	}
	slices.SortFunc(ts, func(a, b Token) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return ts, nil
}

// RevokeToken deletes the token with the given ID; Authenticate rejects it
// from then on. The delete and its audit entry are committed together. It
// returns an error wrapping geo.ErrNotFound if there is no such token, or
// geo.ErrInvalidInput if actor is empty. Safe for concurrent use.
func (s *Store) RevokeToken(ctx context.Context, actor, id string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	prefix, err := tokenIDKey(id)
	if err != nil {
		return err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketTokens))
		k, v := bk.Cursor().Seek(prefix)
		if !bytes.HasPrefix(k, prefix) {
			return notFoundf("token %q: not found", id)
		}
		t, err := decodeToken(k, v)
		if err != nil {
			return err
		}
		// Keys from a cursor point into the memory map; copy before deleting.
		if err := bk.Delete(bytes.Clone(k)); err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: time.Now().UTC(), Actor: actor, Action: ActionTokenRevoke, Target: id, Detail: describeToken(t)})
	})
	return wrap("revoke token", err)
}

// tokenRecord is the stored form of a Token; the key is the token's hash.
type tokenRecord struct {
	Role      string    `json:"role"`
	SchoolID  string    `json:"school_id,omitempty"`
	Unit      string    `json:"unit,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func decodeToken(hash, v []byte) (Token, error) {
	if len(hash) != sha256.Size {
		return Token{}, fmt.Errorf("token key %x: not a SHA-256 hash", hash)
	}
	id := hex.EncodeToString(hash[:tokenIDBytes])
	var r tokenRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return Token{}, fmt.Errorf("decode token %s: %w", id, err)
	}
	return Token{ID: id, Role: Role(r.Role), SchoolID: r.SchoolID, Unit: r.Unit, CreatedAt: r.CreatedAt}, nil
}

// tokenIDKey decodes a token ID, the lowercase hex of its first
// tokenIDBytes bytes, as both backends key tokens by it. Any other string
// is an error wrapping geo.ErrNotFound: no token has that ID.
func tokenIDKey(id string) ([]byte, error) {
	prefix, err := hex.DecodeString(id)
	if err != nil || len(prefix) != tokenIDBytes || hex.EncodeToString(prefix) != id {
		return nil, notFoundf("token %q: not found", id)
	}
	return prefix, nil
}
