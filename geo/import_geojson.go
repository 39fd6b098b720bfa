package geo

import "io"

// readGeoJSONImport reads GeoJSON with ReadGeoJSON, which refuses the whole
// file at its first bad feature, and converts the features from opts.CRS to
// WGS84. Features keep their own kind; Row is the feature's place in the
// file, from 1.
func readGeoJSONImport(r io.Reader, name string, opts ImportOptions) (*Import, error) {
	fs, err := ReadGeoJSON(r, name)
	if err != nil {
		return nil, err
	}
	out := &Import{File: name, Rows: make([]ImportRow, 0, len(fs))}
	for i, f := range fs {
		g, err := toWGS84Geometry(f.Geometry, opts.CRS)
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
		out.Rows = append(out.Rows, ImportRow{Feature: f, Row: i + 1})
	}
	return out, nil
}
