package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/safezone/safezone/geo"
	bolt "go.etcd.io/bbolt"
)

// The log actions of rule pack writes.
const (
	ActionRulesPut     = "rules.put"
	ActionRulesDelete  = "rules.delete"
	ActionRulesDefault = "rules.default"
)

// MaxRulePackBytes is the largest rule pack PutRulePack stores.
const MaxRulePackBytes = 1 << 20

const (
	// bucketRules holds uploaded rule packs: ID -> rulePackRecord. It is
	// created by the first upload.
	bucketRules = "rules"
	// keyDefaultRules, in the meta bucket, is the ID of the pack selected
	// as the default; absent when none is.
	keyDefaultRules = "default_rules"
)

// RulePack is a rule pack uploaded to the store: its YAML as it was
// uploaded, and who uploaded it when.
type RulePack struct {
	ID        string // the pack's id, as its YAML says
	YAML      []byte
	UpdatedAt time.Time // UTC
	UpdatedBy string
}

// Pack parses the stored YAML. Stored packs were valid when stored, so an
// error means the file format changed since.
func (p RulePack) Pack() (*geo.RulePack, error) {
	return geo.ParseRulePack(p.ID+".yaml", p.YAML)
}

// rulePackRecord is the stored form of a RulePack; the key is its ID.
type rulePackRecord struct {
	YAML      string    `json:"yaml"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// checkRulePack validates an uploaded pack: at most MaxRulePackBytes, a
// valid pack for geo.ParseRulePack (whose errors name the file, as name,
// and the line). It returns the parsed pack.
func checkRulePack(actor, name string, yaml []byte) (*geo.RulePack, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if len(yaml) > MaxRulePackBytes {
		return nil, invalidf("%s: %d bytes: a rule pack must be at most %d bytes", name, len(yaml), MaxRulePackBytes)
	}
	return geo.ParseRulePack(name, yaml)
}

// rulePackIDPattern is the form of a pack ID that a request may name: the
// form geo accepts for rule IDs, as pack file names are.
var rulePackIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// checkRulePackID checks that id can name a pack, for a lookup or a
// selection.
func checkRulePackID(id string) error {
	if !rulePackIDPattern.MatchString(id) || strings.HasSuffix(id, ".yaml") || strings.HasSuffix(id, ".yml") {
		return invalidf("rules %q: must be the id of a rule pack: lowercase letters, digits, '_', '.' and '-', at most 64", id)
	}
	return nil
}

// PutRulePack stores the rule pack in yaml under the ID it declares,
// replacing an uploaded pack of that ID, and logs it, in one transaction.
// name is the file's name, for error messages. It returns an error
// wrapping geo.ErrInvalidInput, naming name and the line, if the pack is
// invalid (see geo.ParseRulePack), larger than MaxRulePackBytes or its ID
// is not one a request can name, or if actor is empty. Safe for concurrent
// use.
func (s *Store) PutRulePack(ctx context.Context, actor, name string, yaml []byte) (RulePack, error) {
	pack, err := checkRulePack(actor, name, yaml)
	if err != nil {
		return RulePack{}, err
	}
	if err := checkRulePackID(pack.ID); err != nil {
		return RulePack{}, err
	}
	rp := RulePack{ID: pack.ID, YAML: bytes.Clone(yaml), UpdatedAt: time.Now().UTC(), UpdatedBy: actor}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists([]byte(bucketRules))
		if err != nil {
			return err
		}
		v, err := json.Marshal(rulePackRecord{YAML: string(yaml), UpdatedAt: rp.UpdatedAt, UpdatedBy: actor})
		if err != nil {
			return err
		}
		if err := bk.Put([]byte(rp.ID), v); err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: rp.UpdatedAt, Actor: actor, Action: ActionRulesPut, Target: rp.ID, Detail: describeRulePack(name, pack)})
	})
	if err != nil {
		return RulePack{}, wrap("put rule pack", err)
	}
	return rp, nil
}

// describeRulePack is the log detail of an upload.
func describeRulePack(name string, p *geo.RulePack) string {
	return fmt.Sprintf("file=%q title=%q rules=%d", name, p.Title, len(p.Rules))
}

// RulePack returns the uploaded pack with the given ID. It returns an error
// wrapping geo.ErrNotFound if there is none. Safe for concurrent use.
func (s *Store) RulePack(ctx context.Context, id string) (RulePack, error) {
	var rp RulePack
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var v []byte
		if bk := tx.Bucket([]byte(bucketRules)); bk != nil {
			v = bk.Get([]byte(id))
		}
		if v == nil {
			return notFoundf("rule pack %q: not uploaded", id)
		}
		var err error
		rp, err = decodeRulePack([]byte(id), v)
		return err
	})
	return rp, wrap("read rule pack", err)
}

// RulePacks returns every uploaded pack, by ID. Safe for concurrent use.
func (s *Store) RulePacks(ctx context.Context) ([]RulePack, error) {
	ps := make([]RulePack, 0)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketRules))
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			rp, err := decodeRulePack(k, v)
			ps = append(ps, rp)
			return err
		})
	})
	if err != nil {
		return nil, wrap("list rule packs", err)
	}
	return ps, nil
}

func decodeRulePack(k, v []byte) (RulePack, error) {
	var r rulePackRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return RulePack{}, fmt.Errorf("decode rule pack %q: %w", k, err)
	}
	return RulePack{ID: string(k), YAML: []byte(r.YAML), UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy}, nil
}

// DeleteRulePack deletes the uploaded pack with the given ID and logs it,
// in one transaction. It returns an error wrapping geo.ErrNotFound if there
// is none, and geo.ErrInvalidInput if it is the selected default or actor
// is empty. Safe for concurrent use.
func (s *Store) DeleteRulePack(ctx context.Context, actor, id string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketRules))
		if bk == nil || bk.Get([]byte(id)) == nil {
			return notFoundf("rule pack %q: not uploaded", id)
		}
		if string(tx.Bucket([]byte(bucketMeta)).Get([]byte(keyDefaultRules))) == id {
			return errDefaultPack(id)
		}
		if err := bk.Delete([]byte(id)); err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: time.Now().UTC(), Actor: actor, Action: ActionRulesDelete, Target: id})
	})
	return wrap("delete rule pack", err)
}

func errDefaultPack(id string) error {
	return invalidf("rule pack %q: it is the default: select another default first", id)
}

// SetDefaultRules selects the pack with the given ID as the default for
// checks, audits and reports, and logs it, in one transaction; "" clears
// the selection. The store does not check that the pack exists: it may be
// one of the server's rule directory. It returns an error wrapping
// geo.ErrInvalidInput if id cannot name a pack or actor is empty. Safe for
// concurrent use.
func (s *Store) SetDefaultRules(ctx context.Context, actor, id string) error {
	if err := checkDefaultRules(actor, id); err != nil {
		return err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte(bucketMeta))
		var err error
		if id == "" {
			err = meta.Delete([]byte(keyDefaultRules))
		} else {
			err = meta.Put([]byte(keyDefaultRules), []byte(id))
		}
		if err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: time.Now().UTC(), Actor: actor, Action: ActionRulesDefault, Target: id})
	})
	return wrap("select default rules", err)
}

func checkDefaultRules(actor, id string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	if id == "" {
		return nil
	}
	return checkRulePackID(id)
}

// DefaultRules returns the ID of the selected default pack, or "" if none
// is selected. Safe for concurrent use.
func (s *Store) DefaultRules(ctx context.Context) (string, error) {
	var id string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		id = string(tx.Bucket([]byte(bucketMeta)).Get([]byte(keyDefaultRules)))
		return nil
	})
	return id, wrap("read default rules", err)
}
