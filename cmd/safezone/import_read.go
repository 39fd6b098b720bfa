package main

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"

	"github.com/safezone/safezone/geo/imports"
)

// imported is what the files of one import hold: the batch for the store,
// and every bad row.
type imported struct {
	batch store.ImportBatch
	bad   []error
	rows  int // data rows read, good and bad
}

// readImports reads every file and turns its rows into the store's batch:
// businesses as registered businesses (licensed if they have a licence
// number, else proposed), schools and water bodies as imported features.
// A file that cannot be read at all is an error; bad rows are collected.
func readImports(files []string, opts imports.Options, p *progress) (*imported, error) {
	imp := &imported{}
	seen := map[string]string{} // feature ID -> file:row
	for i, path := range files {
		o := opts
		o.Progress = p.reader(fmt.Sprintf("[%d/%d] %s", i+1, len(files), path))
		r, err := imports.Read(path, o)
		p.done()
		if err != nil {
			return nil, err
		}
		imp.rows += len(r.Rows) + len(r.Bad)
		for _, b := range r.Bad {
			imp.bad = append(imp.bad, b)
		}
		for _, row := range r.Rows {
			if err := imp.add(path, row, seen); err != nil {
				imp.bad = append(imp.bad, err)
			}
		}
	}
	return imp, nil
}

// add adds one good row to the batch. It returns a *geo.RowError if the
// store would refuse the row, or if another row has its ID or licence
// number: one import must not hold two versions of a business or feature.
func (imp *imported) add(path string, row imports.Row, seen map[string]string) error {
	f := row.Feature
	where := fmt.Sprintf("%s:%d", path, row.Row)
	if f.Kind == geo.Business {
		pt, ok := f.Geometry.(orb.Point)
		if !ok {
			return badRow(path, row.Row, "geometry", "geometry %s: a business is stored as a point", f.Geometry.GeoJSONType())
		}
		in := store.BusinessInput{Name: f.Name, Category: string(f.Category), Lat: pt.Lat(), Lon: pt.Lon(), Licence: row.Licence,
			Status: string(store.Proposed), OpenedOn: f.OpenedOn.String()}
		if row.Licence != "" {
			in.Status = string(store.Licensed)
			if prev, dup := seen["licence\x00"+row.Licence]; dup {
				return badRow(path, row.Row, "licence", "licence %q: already used at %s", row.Licence, prev)
			}
			seen["licence\x00"+row.Licence] = where
		}
		if err := in.Validate(); err != nil {
			return &imports.RowError{File: path, Row: row.Row, Field: strings.Fields(err.Error())[0], Err: err}
		}
		imp.batch.Businesses = append(imp.batch.Businesses, in)
		return nil
	}
	// IDs such as OBJECTID 1, 2, 3 or row/N repeat from layer to layer: the
	// file's name keeps a school and a river apart, and re-importing a
	// layer under its name replaces its features.
	f.ID = baseName(path) + "/" + f.ID
	if prev, dup := seen["id\x00"+f.ID]; dup {
		return badRow(path, row.Row, "id", "id %q: already used at %s", f.ID, prev)
	}
	seen["id\x00"+f.ID] = where
	imp.batch.Features = append(imp.batch.Features, f)
	return nil
}

// badRow returns a RowError whose reason, format and args, wraps
// geo.ErrInvalidInput without adding its text.
func badRow(path string, row int, field, format string, args ...any) *imports.RowError {
	return &imports.RowError{File: path, Row: row, Field: field, Err: inputError(fmt.Sprintf(format, args...))}
}

// inputError is a message about bad input: it wraps geo.ErrInvalidInput,
// so the command exits 2, and prints as itself.
type inputError string

func (e inputError) Error() string { return string(e) }
func (e inputError) Unwrap() error { return geo.ErrInvalidInput }
