package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo"
	bolt "go.etcd.io/bbolt"
)

// Status says whether a registered business holds a licence or has only
// applied for one.
type Status string

// The statuses of a registered business. Proposed is the default.
const (
	Licensed Status = "licensed"
	Proposed Status = "proposed"
)

// Limits on the text fields of a business, in runes.
const (
	MaxNameLen    = 200
	MaxLicenceLen = 100
	MaxAddressLen = 300
)

// businessIDPrefix distinguishes registered businesses from OpenStreetMap
// features ("node/N", "way/N") in the same index.
const businessIDPrefix = "reg/"

// Business is a business registered by a market regulator, licensed or
// proposed. Its ID is "reg/N"; IDs are never reused, even after a delete.
type Business struct {
	ID        string
	Name      string
	Category  geo.Category // never geo.Water
	Point     geo.Point
	Licence   string // licence number; may be empty
	Address   string // where it is (经营地址), as the regulator gave it; may be empty
	Status    Status
	CreatedAt time.Time // UTC
	UpdatedAt time.Time // UTC
	CreatedBy string    // the actor that created it
	// OpenedOn is when it opened or was licensed; zero when unknown (rules
	// then treat it as new, see geo.Rule.Decide).
	OpenedOn geo.Date
}

// Feature returns b as a point feature of kind geo.Business, so it takes part
// in audits and checks like businesses read from OpenStreetMap.
func (b Business) Feature() geo.Feature {
	return geo.Feature{
		ID:       b.ID,
		Kind:     geo.Business,
		Name:     b.Name,
		Category: b.Category,
		Address:  b.Address,
		Geometry: orb.Point{b.Point.Lon, b.Point.Lat},
		OpenedOn: b.OpenedOn,
	}
}

// BusinessInput is what a regulator submits to create or replace a business.
// Category is a business category name (see geo.Categories; not "water").
// Lat and Lon are WGS84 degrees. Status is "licensed", "proposed" or empty
// for proposed. Name, Licence and Address are trimmed of surrounding space;
// Address may be empty and holds at most MaxAddressLen runes. OpenedOn, when not
// empty, is a date (YYYY-MM-DD, YYYY-MM or YYYY) not in the future.
type BusinessInput struct {
	Name     string
	Category string
	Lat, Lon float64
	Licence  string
	Address  string
	Status   string
	OpenedOn string
}

// businessBy is business for a write by actor, whom it checks after in.
func (in BusinessInput) businessBy(actor string) (Business, error) {
	b, err := in.business()
	if err != nil {
		return Business{}, err
	}
	if err := checkActor(actor); err != nil {
		return Business{}, err
	}
	return b, nil
}

// business validates in and returns the business it describes, without ID
// or times. Errors wrap geo.ErrInvalidInput and name the field.
func (in BusinessInput) business() (Business, error) {
	name := strings.TrimSpace(in.Name)
	if err := checkText("name", in.Name, name, MaxNameLen, true); err != nil {
		return Business{}, err
	}
	cat, err := parseBusinessCategory(in.Category)
	if err != nil {
		return Business{}, err
	}
	p := geo.Point{Lat: in.Lat, Lon: in.Lon}
	if err := p.Validate(); err != nil {
		return Business{}, err
	}
	licence := strings.TrimSpace(in.Licence)
	if err := checkText("licence", in.Licence, licence, MaxLicenceLen, false); err != nil {
		return Business{}, err
	}
	address := strings.TrimSpace(in.Address)
	if err := checkText("address", in.Address, address, MaxAddressLen, false); err != nil {
		return Business{}, err
	}
	status := Proposed
	switch Status(in.Status) {
	case "", Proposed:
	case Licensed:
		status = Licensed
	default:
		return Business{}, geo.Invalid("status", string(in.Status), geo.Either(string(Licensed), string(Proposed)))
	}
	opened, err := geo.ParseOpenedOn(in.OpenedOn)
	if err != nil {
		return Business{}, err
	}
	return Business{Name: name, Category: cat, Point: p, Licence: licence, Address: address, Status: status, OpenedOn: opened}, nil
}

// parseBusinessCategory is geo.ParseCategory without Water, which is only
// for water bodies; the message lists the business categories.
func parseBusinessCategory(s string) (geo.Category, error) {
	c, err := geo.ParseCategory(s)
	if err == nil && c != geo.Water {
		return c, nil
	}
	names := make([]string, 0, len(geo.Categories))
	for _, c := range geo.Categories {
		if c != geo.Water {
			names = append(names, string(c))
		}
	}
	return "", geo.Invalid("category", s, geo.OneOf(names))
}

// CreateBusiness validates in and stores it as a new business created by
// actor, with the next ID. The business and its audit entry are committed
// together, durably, before it returns. It returns an error wrapping
// geo.ErrInvalidInput that names the field if in or actor is invalid.
// Safe for concurrent use.
func (s *Store) CreateBusiness(ctx context.Context, actor string, in BusinessInput) (Business, error) {
	b, err := in.businessBy(actor)
	if err != nil {
		return Business{}, err
	}
	now := time.Now().UTC()
	b.CreatedAt, b.UpdatedAt, b.CreatedBy = now, now, actor
	err = s.update(ctx, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketBusinesses))
		seq, err := bk.NextSequence()
		if err != nil {
			return err
		}
		b.ID = businessIDPrefix + strconv.FormatUint(seq, 10)
		if err := putBusiness(bk, seq, b); err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: now, Actor: actor, Action: ActionBusinessCreate, Target: b.ID, Detail: describe(b)})
	})
	if err != nil {
		return Business{}, wrap("create business", err)
	}
	s.version.Add(1)
	return b, nil
}

// Business returns the business with the given ID. It returns an error
// wrapping geo.ErrNotFound if there is none, including for IDs that are not
// of the form "reg/N". Safe for concurrent use.
func (s *Store) Business(ctx context.Context, id string) (Business, error) {
	var b Business
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		b, err = getBusiness(tx.Bucket([]byte(bucketBusinesses)), id)
		return err
	})
	return b, wrap("get business", err)
}

// Businesses returns every business, sorted by the number in its ID, from
// one consistent snapshot. Safe for concurrent use.
func (s *Store) Businesses(ctx context.Context) ([]Business, error) {
	bs := make([]Business, 0)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		// Keys are big-endian sequence numbers, so key order is ID order.
		return tx.Bucket([]byte(bucketBusinesses)).ForEach(func(k, v []byte) error {
			b, err := decodeBusiness(k, v)
			bs = append(bs, b)
			return err
		})
	})
	if err != nil {
		return nil, wrap("list businesses", err)
	}
	return bs, nil
}

// UpdateBusiness replaces every field of business id with in (an empty
// Status means proposed), keeping its ID, CreatedAt and CreatedBy. The change
// and an audit entry listing the changed fields are committed together. It
// returns an error wrapping geo.ErrInvalidInput if in or actor is invalid,
// or geo.ErrNotFound if there is no such business. Safe for concurrent use.
func (s *Store) UpdateBusiness(ctx context.Context, actor, id string, in BusinessInput) (Business, error) {
	b, err := in.businessBy(actor)
	if err != nil {
		return Business{}, err
	}
	now := time.Now().UTC()
	err = s.update(ctx, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketBusinesses))
		old, err := getBusiness(bk, id)
		if err != nil {
			return err
		}
		b.ID, b.CreatedAt, b.CreatedBy, b.UpdatedAt = old.ID, old.CreatedAt, old.CreatedBy, now
		seq, _ := parseBusinessID(id)
		if err := putBusiness(bk, seq, b); err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: now, Actor: actor, Action: ActionBusinessUpdate, Target: id, Detail: diff(old, b)})
	})
	if err != nil {
		return Business{}, wrap("update business", err)
	}
	s.version.Add(1)
	return b, nil
}

// DeleteBusiness deletes business id; its ID is not reused. The delete and
// an audit entry describing the deleted business are committed together. It
// returns an error wrapping geo.ErrNotFound if there is no such business, or
// geo.ErrInvalidInput if actor is empty. Safe for concurrent use.
func (s *Store) DeleteBusiness(ctx context.Context, actor, id string) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte(bucketBusinesses))
		old, err := getBusiness(bk, id)
		if err != nil {
			return err
		}
		seq, _ := parseBusinessID(id)
		if err := bk.Delete(seqKey(seq)); err != nil {
			return err
		}
		return appendLog(tx, LogEntry{Time: time.Now().UTC(), Actor: actor, Action: ActionBusinessDelete, Target: id, Detail: describe(old)})
	})
	if err != nil {
		return wrap("delete business", err)
	}
	s.version.Add(1)
	return nil
}

// parseBusinessID returns N for "reg/N", where N is a positive decimal
// number without leading zeros, so each business has exactly one ID.
func parseBusinessID(id string) (uint64, bool) {
	num, ok := strings.CutPrefix(id, businessIDPrefix)
	if !ok || num == "" || num[0] == '0' {
		return 0, false
	}
	seq, err := strconv.ParseUint(num, 10, 64)
	return seq, err == nil
}

// businessRecord is the stored form of a Business; the ID is the key.
type businessRecord struct {
	Name      string    `json:"name"`
	Category  string    `json:"category"`
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
	Licence   string    `json:"licence,omitempty"`
	Address   string    `json:"address,omitempty"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	CreatedBy string    `json:"created_by"`
	OpenedOn  string    `json:"opened_on,omitempty"`
}

func getBusiness(bk *bolt.Bucket, id string) (Business, error) {
	seq, ok := parseBusinessID(id)
	if !ok {
		return Business{}, notFoundf("business %q: not found", id)
	}
	k := seqKey(seq)
	v := bk.Get(k)
	if v == nil {
		return Business{}, notFoundf("business %q: not found", id)
	}
	return decodeBusiness(k, v)
}

func putBusiness(bk *bolt.Bucket, seq uint64, b Business) error {
	v, err := json.Marshal(businessRecord{
		Name: b.Name, Category: string(b.Category), Lat: b.Point.Lat, Lon: b.Point.Lon,
		Licence: b.Licence, Address: b.Address, Status: string(b.Status),
		CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt, CreatedBy: b.CreatedBy, OpenedOn: b.OpenedOn.String(),
	})
	if err != nil {
		return err
	}
	return bk.Put(seqKey(seq), v)
}

func decodeBusiness(k, v []byte) (Business, error) {
	if len(k) != 8 {
		return Business{}, fmt.Errorf("business key %x: not a sequence number", k)
	}
	id := businessIDPrefix + strconv.FormatUint(binary.BigEndian.Uint64(k), 10)
	var r businessRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return Business{}, fmt.Errorf("decode business %s: %w", id, err)
	}
	opened, err := geo.ParseDate("opened_on", r.OpenedOn)
	if err != nil {
		return Business{}, fmt.Errorf("decode business %s: %w", id, err)
	}
	return Business{
		ID: id, Name: r.Name, Category: geo.Category(r.Category),
		Point: geo.Point{Lat: r.Lat, Lon: r.Lon}, Licence: r.Licence, Address: r.Address, Status: Status(r.Status),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, CreatedBy: r.CreatedBy, OpenedOn: opened,
	}, nil
}
