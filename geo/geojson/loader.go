package geojson

import (
	"io"

	"github.com/safezone/safezone/geo"
)

// A Loader reads GeoJSON files into an Index without holding a Feature for
// each: every CPU decodes straight into rows of the index's table, which
// Build sorts and indexes with any features added. It reads the forms
// Read reads, validates them the same way and reports the same
// errors, which wrap geo.ErrInvalidInput and name the file and line; an ID
// used twice, in one file or across the files read, is an error naming both
// places. For 2 million features that takes well under half the time of
// ReadDir and NewIndex, and less memory.
//
// The zero Loader is ready to use. It is not safe for concurrent use.
// After an error, or after Build, it is of no further use.
type Loader struct {
	d    geojsonDecoder
	rows geo.RowBatch
	b    geo.IndexBuilder
}

// Read reads the features in r, which is named name in error messages.
func (l *Loader) Read(r io.Reader, name string) error {
	l.d.rows = &l.rows
	if err := l.d.decode(r, name); err != nil {
		return err
	}
	return l.d.checkIDs()
}

// ReadDir reads the GeoJSON files in dir as ReadDir does, with
// Read, and reports the same errors. A directory with no such file is not
// an error.
func (l *Loader) ReadDir(dir string) error {
	l.d.rows = &l.rows
	if err := l.d.decodeDir(dir); err != nil {
		return err
	}
	return l.d.checkIDs()
}

// Add adds features to be indexed with those read, as
// geo.IndexBuilder.Add does.
func (l *Loader) Add(features []geo.Feature) { l.b.Add(features) }

// Build indexes the features read and added. It returns the errors
// geo.NewIndex returns.
func (l *Loader) Build() (*geo.Index, error) {
	l.b.AddRows(&l.rows)
	return l.b.Build()
}
