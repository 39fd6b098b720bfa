package geojson

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// WriteLines writes features to w as newline-delimited GeoJSON, one
// Feature per line, in the format Read reads. Coordinates are [lon,
// lat] rounded to 7 decimals (about 1 cm, OpenStreetMap's precision), so
// that every reader of the file, PostGIS included, gets the same numbers.
// It returns an error wrapping ErrInvalidInput, before writing the feature,
// if a feature is invalid as Read would find it (except that IDs are
// not checked for uniqueness).
func WriteLines(w io.Writer, features []geo.Feature) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	for i, f := range features {
		var err error
		if buf, err = AppendFeature(buf[:0], f); err != nil {
			return fmt.Errorf("features[%d]: %w", i, err)
		}
		if _, err := bw.Write(append(buf, '\n')); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteFeatureCollection writes features to w as a GeoJSON
// FeatureCollection, one feature per line, like WriteLines.
func WriteFeatureCollection(w io.Writer, features []geo.Feature) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := []byte(`{"type":"FeatureCollection","features":[` + "\n")
	for i, f := range features {
		var err error
		if buf, err = AppendFeature(buf, f); err != nil {
			return fmt.Errorf("features[%d]: %w", i, err)
		}
		if i < len(features)-1 {
			buf = append(buf, ',')
		}
		if _, err := bw.Write(append(buf, '\n')); err != nil {
			return err
		}
		buf = buf[:0]
	}
	if _, err := bw.Write(append(buf, "]}\n"...)); err != nil {
		return err
	}
	return bw.Flush()
}

// AppendFeature appends f to dst as one line of GeoJSON, without the line
// break, as WriteLines writes it. It is the streaming form of
// WriteLines, e.g. for the output of Synthesize. Empty school_kind and
// water_kind are written as their defaults. It returns dst unchanged and an
// error wrapping ErrInvalidInput if f is invalid.
func AppendFeature(dst []byte, f geo.Feature) ([]byte, error) {
	if err := CheckFeature(&f); err != nil {
		if f.ID == "" {
			return dst, err
		}
		return dst, fmt.Errorf("feature %q: %w", f.ID, err)
	}
	b := append(dst, `{"type":"Feature","properties":{"id":`...)
	b = appendJSONString(b, f.ID)
	b = appendMember(b, "kind", string(f.Kind))
	b = appendMember(b, "name", f.Name)
	b = appendMember(b, "category", string(f.Category))
	b = appendMember(b, "school_kind", string(f.SchoolKind))
	b = appendMember(b, "water_kind", string(f.WaterKind))
	b = appendMember(b, "opened_on", f.OpenedOn.String())
	b = appendMember(b, "address", f.Address)
	if len(f.Gates) > 0 {
		b = append(b, `,"gates":[`...)
		for i, g := range f.Gates {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPosition(b, orb.Point{g.Lon, g.Lat})
		}
		b = append(b, ']')
	}
	b = append(b, `},"geometry":{"type":"`...)
	b = append(b, f.Geometry.GeoJSONType()...)
	b = append(b, `","coordinates":`...)
	switch g := f.Geometry.(type) {
	case orb.Point:
		b = appendPosition(b, g)
	case orb.LineString:
		b = appendPositions(b, g)
	case orb.MultiLineString:
		b = appendNested(b, g, appendPositions)
	case orb.Polygon:
		b = appendNested(b, g, appendPositions)
	case orb.MultiPolygon:
		b = appendNested(b, g, func(b []byte, p orb.Polygon) []byte { return appendNested(b, p, appendPositions) })
	}
	return append(b, "}}"...), nil
}

// appendMember appends ,"key":"value" unless value is empty.
func appendMember(b []byte, key, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendJSONString(b, value)
}

func appendPosition(b []byte, p orb.Point) []byte {
	b = append(b, '[')
	b = appendDegrees(b, p[0])
	b = append(b, ',')
	b = appendDegrees(b, p[1])
	return append(b, ']')
}

// appendDegrees appends v rounded to 7 decimals, without trailing zeros.
func appendDegrees(b []byte, v float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', 7, 64)
	b = bytes.TrimRight(b, "0")
	b = bytes.TrimSuffix(b, []byte("."))
	if string(b[n:]) == "-0" {
		b = append(b[:n], '0')
	}
	return b
}

func appendPositions[S ~[]orb.Point](b []byte, ps S) []byte {
	return appendNested(b, ps, appendPosition)
}

func appendNested[S ~[]E, E any](b []byte, s S, appendElem func([]byte, E) []byte) []byte {
	b = append(b, '[')
	for i, e := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendElem(b, e)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as with encoding/json.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if c >= utf8.RuneSelf && (r != utf8.RuneError || size > 1) {
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, `\n`...)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, `\ufffd`...)
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
