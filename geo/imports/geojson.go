package imports

import (
	"io"

	"github.com/safezone/safezone/geo/crs"

	"github.com/safezone/safezone/geo/geojson"
)

// readGeoJSONImport reads GeoJSON with ReadGeoJSON, which refuses the whole
// file at its first bad feature, and converts the features from opts.CRS to
// WGS84. Features keep their own kind; Row is the feature's place in the
// file, from 1.
func readGeoJSONImport(r io.Reader, name string, opts Options) (*Result, error) {
	fs, err := geojson.Read(r, name)
	if err != nil {
		return nil, err
	}
	out := &Result{File: name, Rows: make([]Row, 0, len(fs))}
	for i, f := range fs {
		g, err := crs.ToWGS84Geometry(f.Geometry, opts.CRS)
		if err != nil {
			out.Bad = append(out.Bad, &RowError{File: name, Row: i + 1, Field: "geometry", Err: err})
			continue
		}
		f.Geometry = g
		for j, p := range f.Gates {
			if f.Gates[j], err = opts.CRS.ToWGS84(p); err != nil {
				break
			}
		}
		if err != nil {
			out.Bad = append(out.Bad, &RowError{File: name, Row: i + 1, Field: "gates", Err: err})
			continue
		}
		out.Rows = append(out.Rows, Row{Feature: f, Row: i + 1})
	}
	return out, nil
}
