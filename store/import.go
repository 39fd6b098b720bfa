package store

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/safezone/safezone/geo"
	bolt "go.etcd.io/bbolt"

	"github.com/safezone/safezone/geo/geojson"
)

// ActionImport is the log action of an import, after the entries of the
// businesses it created or updated.
const ActionImport = "import"

// ImportedIDPrefix starts the ID of every imported school and water body, so
// that they never clash with the IDs of the map data ("node/N", "way/N").
const ImportedIDPrefix = "imp/"

// bucketFeatures holds imported schools and water bodies: ID -> one line of
// GeoJSON (geojson.AppendFeature). It is created by the first import.
const bucketFeatures = "features"

// ImportBatch is what one import writes.
type ImportBatch struct {
	// Source says what was imported, for the log, such as the file names.
	Source string
	// Businesses are matched to those already stored by licence number:
	// one with the same number is updated, keeping its ID. A business
	// without a licence number matches one with the same name, category
	// and point. Others are created.
	Businesses []BusinessInput
	// Features are schools and water bodies in WGS84. Each is stored under
	// its ID with ImportedIDPrefix added (if it has not got it), replacing
	// one of that ID.
	Features []geo.Feature
}

// ImportSummary counts what an import changed.
type ImportSummary struct {
	Created, Updated, Unchanged int // businesses
	Features                    int // schools and water bodies stored
}

// Import validates the whole batch, then writes it in one transaction with
// an audit entry for every business created or updated and one for the
// import: all of it is committed, durably, or none of it. It returns an
// error wrapping geo.ErrInvalidInput that names the entry (businesses[i] or
// features[i]) and field if any is invalid, and writes nothing. Safe for
// concurrent use.
func (s *Store) Import(ctx context.Context, actor string, batch ImportBatch) (ImportSummary, error) {
	var sum ImportSummary
	if err := checkActor(actor); err != nil {
		return sum, err
	}
	bs, lines, err := batch.validate()
	if err != nil {
		return sum, err
	}
	now := time.Now().UTC()
	err = s.updateAlone(ctx, func(tx *bolt.Tx) error {
		sum = ImportSummary{}
		if err := importBusinesses(tx, actor, now, bs, &sum); err != nil {
			return err
		}
		fb, err := tx.CreateBucketIfNotExists([]byte(bucketFeatures))
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := fb.Put([]byte(l.id), l.json); err != nil {
				return err
			}
		}
		sum.Features = len(lines)
		detail := fmt.Sprintf("source=%q created=%d updated=%d unchanged=%d features=%d",
			batch.Source, sum.Created, sum.Updated, sum.Unchanged, sum.Features)
		return appendLog(tx, LogEntry{Time: now, Actor: actor, Action: ActionImport, Detail: detail})
	})
	if err != nil {
		return ImportSummary{}, wrap("import", err)
	}
	s.version.Add(1)
	return sum, nil
}

type featureLine struct {
	id   string
	json []byte
}

// validate checks every entry before anything is written.
func (b ImportBatch) validate() ([]Business, []featureLine, error) {
	bs := make([]Business, len(b.Businesses))
	for i, in := range b.Businesses {
		var err error
		if bs[i], err = in.business(); err != nil {
			return nil, nil, invalidf("businesses[%d]: %v", i, err)
		}
	}
	lines := make([]featureLine, len(b.Features))
	for i, f := range b.Features {
		if f.Kind != geo.School && f.Kind != geo.WaterBody {
			return nil, nil, invalidf("features[%d] %q: kind %q: must be school or water; businesses are imported as businesses", i, f.ID, f.Kind)
		}
		if err := checkChars(fmt.Sprintf("features[%d] id", i), f.ID, f.ID); err != nil {
			return nil, nil, err
		}
		if err := checkChars(fmt.Sprintf("features[%d] name", i), f.Name, f.Name); err != nil {
			return nil, nil, err
		}
		if err := checkText(fmt.Sprintf("features[%d] address", i), f.Address, f.Address, MaxAddressLen, false); err != nil {
			return nil, nil, err
		}
		if !strings.HasPrefix(f.ID, ImportedIDPrefix) {
			f.ID = ImportedIDPrefix + f.ID
		}
		js, err := geojson.AppendFeature(nil, f)
		if err != nil {
			return nil, nil, invalidf("features[%d] %q: %v", i, f.ID, err)
		}
		lines[i] = featureLine{id: f.ID, json: js}
	}
	return bs, lines, nil
}

// Validate checks in as CreateBusiness would, without writing. It returns
// an error wrapping geo.ErrInvalidInput that names the field.
func (in BusinessInput) Validate() error {
	_, err := in.business()
	return err
}

// importBusinesses upserts bs in tx, as ImportBatch.Businesses says.
func importBusinesses(tx *bolt.Tx, actor string, now time.Time, bs []Business, sum *ImportSummary) error {
	bk := tx.Bucket([]byte(bucketBusinesses))
	// New keys are appended (sequence numbers), so full pages waste nothing;
	// bbolt's default half-full split doubles the pages a big import writes.
	bk.FillPercent = 0.95
	tx.Bucket([]byte(bucketLog)).FillPercent = 0.95
	byKey := map[string]Business{}
	err := bk.ForEach(func(k, v []byte) error {
		old, err := decodeBusiness(k, v)
		byKey[matchKey(old)] = old
		return err
	})
	if err != nil {
		return err
	}
	for _, b := range bs {
		old, found := byKey[matchKey(b)]
		if found {
			b.ID, b.CreatedAt, b.CreatedBy, b.UpdatedAt = old.ID, old.CreatedAt, old.CreatedBy, now
			if sameBusiness(old, b) {
				sum.Unchanged++
				continue
			}
			seq, _ := parseBusinessID(old.ID)
			if err := putBusiness(bk, seq, b); err != nil {
				return err
			}
			if err := appendLog(tx, LogEntry{Time: now, Actor: actor, Action: ActionBusinessUpdate, Target: b.ID, Detail: diff(old, b)}); err != nil {
				return err
			}
			sum.Updated++
			byKey[matchKey(b)] = b
			continue
		}
		seq, err := bk.NextSequence()
		if err != nil {
			return err
		}
		b.ID = businessIDPrefix + strconv.FormatUint(seq, 10)
		b.CreatedAt, b.UpdatedAt, b.CreatedBy = now, now, actor
		if err := putBusiness(bk, seq, b); err != nil {
			return err
		}
		if err := appendLog(tx, LogEntry{Time: now, Actor: actor, Action: ActionBusinessCreate, Target: b.ID, Detail: describe(b)}); err != nil {
			return err
		}
		sum.Created++
		byKey[matchKey(b)] = b
	}
	return nil
}

// sameBusiness reports whether an import would change nothing of old.
func sameBusiness(old, b Business) bool {
	return old.Name == b.Name && old.Category == b.Category && old.Point == b.Point &&
		old.Status == b.Status && old.Licence == b.Licence && old.OpenedOn == b.OpenedOn && old.Address == b.Address
}

// matchKey is what an imported business is matched by: its licence
// number, else its name, category and point.
func matchKey(b Business) string {
	if b.Licence != "" {
		return "licence\x00" + b.Licence
	}
	return "point\x00" + b.Name + "\x00" + string(b.Category) + "\x00" + b.Point.String()
}

// Features returns the imported schools and water bodies, sorted by ID,
// from one consistent snapshot, ready to index with the map data. Safe for
// concurrent use.
func (s *Store) Features(ctx context.Context) ([]geo.Feature, error) {
	var buf bytes.Buffer
	err := s.view(ctx, func(tx *bolt.Tx) error {
		fb := tx.Bucket([]byte(bucketFeatures))
		if fb == nil {
			return nil
		}
		return fb.ForEach(func(_, v []byte) error {
			buf.Write(v)
			buf.WriteByte('\n')
			return nil
		})
	})
	if err != nil {
		return nil, wrap("list features", err)
	}
	return readFeatures(&buf, "store "+bucketFeatures)
}

// readFeatures decodes the stored features, one GeoJSON Feature a line, as
// both backends keep them; none is an empty, non-nil slice.
func readFeatures(buf *bytes.Buffer, source string) ([]geo.Feature, error) {
	if buf.Len() == 0 {
		return []geo.Feature{}, nil
	}
	fs, err := geojson.Read(buf, source)
	if err != nil {
		return nil, fmt.Errorf("list features: %w", err)
	}
	return fs, nil
}
