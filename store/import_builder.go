package store

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
)

// ImportBuilder turns what the import readers (imports.Read) found
// in one or more files into one ImportBatch: businesses as registered
// businesses (licensed if they have a licence number, else proposed),
// schools and water bodies as imported features named after their file.
// It collects every bad row: the readers' and those the store would
// refuse or that repeat another row's licence number or ID. The zero value
// is ready to use; it is not safe for concurrent use.
type ImportBuilder struct {
	Batch ImportBatch
	Bad   []*imports.RowError // in the order read
	Rows  int                 // data rows read, good and bad
	// Ignored are the columns no field was read from, as "file: column
	// \"name\"", so that a misspelt or cut column is seen.
	Ignored []string

	seen map[string]string // licence number or feature ID -> file:row
}

// Add adds the rows of im, read from the file called name (the name the
// user knows it by, used in messages and, without its directory and
// extension, in the IDs of its schools and water bodies).
func (b *ImportBuilder) Add(name string, im *imports.Result) {
	if b.seen == nil {
		b.seen = map[string]string{}
	}
	b.Rows += len(im.Rows) + len(im.Bad)
	for _, c := range im.Ignored {
		b.Ignored = append(b.Ignored, fmt.Sprintf("%s: column %q", name, c))
	}
	for _, e := range im.Bad {
		e.File = name
		b.Bad = append(b.Bad, e)
	}
	for _, row := range im.Rows {
		if err := b.add(name, row); err != nil {
			b.Bad = append(b.Bad, err)
		}
	}
}

// add adds one good row to the batch. It returns a *imports.RowError if the
// store would refuse the row, or if another row has its ID or licence
// number: one import must not hold two versions of a business or feature.
func (b *ImportBuilder) add(name string, row imports.Row) *imports.RowError {
	f := row.Feature
	where := fmt.Sprintf("%s:%d", name, row.Row)
	if f.Kind == geo.Business {
		pt, ok := f.Geometry.(orb.Point)
		if !ok {
			return badRow(name, row.Row, "geometry", "geometry %s: a business is stored as a point", f.Geometry.GeoJSONType())
		}
		in := BusinessInput{Name: f.Name, Category: string(f.Category), Lat: pt.Lat(), Lon: pt.Lon(), Licence: row.Licence,
			Address: f.Address, Status: string(Proposed), OpenedOn: f.OpenedOn.String()}
		if row.Licence != "" {
			in.Status = string(Licensed)
			if prev, dup := b.seen["licence\x00"+row.Licence]; dup {
				return badRow(name, row.Row, "licence", "licence %q: already used at %s", row.Licence, prev)
			}
			b.seen["licence\x00"+row.Licence] = where
		}
		if err := in.Validate(); err != nil {
			return &imports.RowError{File: name, Row: row.Row, Field: strings.Fields(err.Error())[0], Err: err}
		}
		b.Batch.Businesses = append(b.Batch.Businesses, in)
		return nil
	}
	// Checked here, as Import would, so that the row is reported rather
	// than the whole batch refused.
	for _, c := range []struct{ field, text string }{{"id", f.ID}, {"name", f.Name}} {
		if err := checkChars(c.field, c.text, c.text); err != nil {
			return &imports.RowError{File: name, Row: row.Row, Field: c.field, Err: err}
		}
	}
	if err := checkText("address", f.Address, f.Address, MaxAddressLen, false); err != nil {
		return &imports.RowError{File: name, Row: row.Row, Field: "address", Err: err}
	}
	// IDs such as OBJECTID 1, 2, 3 or row/N repeat from layer to layer: the
	// file's name keeps a school and a river apart, and re-importing a
	// layer under its name replaces its features.
	f.ID = LayerName(name) + "/" + f.ID
	if prev, dup := b.seen["id\x00"+f.ID]; dup {
		return badRow(name, row.Row, "id", "id %q: already used at %s", f.ID, prev)
	}
	b.seen["id\x00"+f.ID] = where
	b.Batch.Features = append(b.Batch.Features, f)
	return nil
}

// LayerName is the name of the layer a file of schools or water bodies
// imports: its name without directory or extension, such as "schools"
// for "data/schools.csv". Its features' IDs start with it.
func LayerName(name string) string {
	return strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
}

// badRow returns a RowError whose reason, format and args, wraps
// geo.ErrInvalidInput without adding its text.
func badRow(name string, row int, field, format string, args ...any) *imports.RowError {
	return &imports.RowError{File: name, Row: row, Field: field, Err: invalidf(format, args...)}
}
