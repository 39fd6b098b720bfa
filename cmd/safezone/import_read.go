package main

import (
	"fmt"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
	"github.com/safezone/safezone/store"
)

// readImports reads every file and turns its rows into the store's batch
// (see store.ImportBuilder). A file that cannot be read at all is an
// error; bad rows are collected.
func readImports(files []string, opts imports.Options, p *progress) (*store.ImportBuilder, error) {
	b := &store.ImportBuilder{}
	for i, path := range files {
		o := opts
		o.Progress = p.reader(fmt.Sprintf("[%d/%d] %s", i+1, len(files), path))
		r, err := imports.Read(path, o)
		p.done()
		if err != nil {
			return nil, err
		}
		b.Add(path, r)
	}
	return b, nil
}

// inputError is a message about bad input: it wraps geo.ErrInvalidInput,
// so the command exits 2, and prints as itself.
type inputError string

func (e inputError) Error() string { return string(e) }
func (e inputError) Unwrap() error { return geo.ErrInvalidInput }
