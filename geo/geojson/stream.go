package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/safezone/safezone/geo"
)

// decodeSequence reads Features one after the other, as in a file holding a
// single pretty-printed Feature.
func (d *geojsonDecoder) decodeSequence(s *jsonStream) error {
	for i := 0; s.peek() != 0; i++ {
		line := s.line
		v, err := s.value()
		if err != nil {
			return d.syntaxError(s, err)
		}
		if err := d.decodeFeature(v, line, i); err != nil {
			return err
		}
	}
	return nil
}

// decodeCollection reads a FeatureCollection, one feature at a time. Members
// other than "type" and "features" are checked to be JSON and skipped.
func (d *geojsonDecoder) decodeCollection(s *jsonStream) error {
	s.peek()
	s.pos++ // '{', checked by sniffGeoJSON
	for first := true; ; first = false {
		if first && s.peek() == '}' {
			break
		}
		key, err := s.key()
		if err != nil {
			return d.syntaxError(s, err)
		}
		switch key {
		case "features":
			err = d.decodeFeatures(s)
		case "type":
			var typ string
			if err = s.decodeValue(&typ); err == nil && typ != "FeatureCollection" {
				return geo.Invalidf("%s:%d: type %q: must be \"FeatureCollection\"", d.name(), s.line, typ)
			}
		default:
			err = s.decodeValue(nil)
		}
		if err != nil {
			return d.syntaxError(s, err)
		}
		if closed, err := s.next('}'); err != nil {
			return d.syntaxError(s, err)
		} else if closed {
			break
		}
	}
	if s.peek() != 0 {
		return d.syntaxError(s, errors.New("data after the FeatureCollection"))
	}
	return nil
}

// decodeFeatures reads the array of features.
func (d *geojsonDecoder) decodeFeatures(s *jsonStream) error {
	if s.peek() != '[' {
		return geo.Invalidf("%s:%d: features: must be an array", d.name(), s.line)
	}
	s.pos++
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for i := 0; ; i++ {
		s.peek()
		line := s.line
		v, err := s.value()
		if err != nil {
			return err
		}
		if err := d.decodeFeature(v, line, i); err != nil {
			return err
		}
		if closed, err := s.next(']'); closed || err != nil {
			return err
		}
	}
}

func (d *geojsonDecoder) syntaxError(s *jsonStream, err error) error {
	if errors.Is(err, geo.ErrInvalidInput) {
		return err
	}
	if s.err != nil {
		return fmt.Errorf("read %s: %w", d.name(), s.err)
	}
	return geo.Invalidf("%s:%d: invalid JSON: %v", d.name(), s.line, err)
}

// jsonStream reads JSON values from r one at a time, without holding more
// than the value at hand, and counts lines. Its methods skip white space
// before what they read; peek returns 0 at the end of input or on a read
// error, which is kept in err.
type jsonStream struct {
	r    io.Reader
	buf  []byte // unread input is buf[pos:]
	pos  int
	line int // of buf[pos]
	err  error
	eof  bool
}

// fill reads more input, keeping buf[keep:]; it reports false at the end.
func (s *jsonStream) fill(keep int) bool {
	if s.eof {
		return false
	}
	n := copy(s.buf[:cap(s.buf)], s.buf[keep:])
	s.buf, s.pos = s.buf[:n], s.pos-keep
	if n == cap(s.buf) {
		s.buf = slices.Grow(s.buf, n)
	}
	m, err := s.r.Read(s.buf[n:cap(s.buf)])
	s.buf = s.buf[:n+m]
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
		}
	}
	return m > 0 || !s.eof
}

func (s *jsonStream) peek() byte {
	for {
		for ; s.pos < len(s.buf); s.pos++ {
			switch c := s.buf[s.pos]; c {
			case '\n':
				s.line++
			case ' ', '\t', '\r', 0x1e: // 0x1e: see trimSpaceRS
			default:
				return c
			}
		}
		if !s.fill(s.pos) {
			return 0
		}
	}
}

// next consumes a ',' or the closing byte, reporting whether it was the
// closing byte.
func (s *jsonStream) next(closing byte) (closed bool, err error) {
	switch c := s.peek(); c {
	case ',', closing:
		s.pos++
		return c == closing, nil
	case 0:
		return false, io.ErrUnexpectedEOF
	}
	return false, fmt.Errorf("want ',' or '%c', got %q", closing, s.buf[s.pos])
}

// value returns the next value, whose syntax it checks only as far as needed
// to find its end. The result is valid until the next call.
func (s *jsonStream) value() ([]byte, error) {
	c := s.peek()
	switch c {
	case 0:
		return nil, io.ErrUnexpectedEOF
	case ',', ':', ']', '}':
		return nil, fmt.Errorf("unexpected %q", c)
	case '"':
		j, ok := s.skipString(0)
		if !ok {
			return nil, io.ErrUnexpectedEOF
		}
		return s.take(j + 1), nil
	case '{', '[':
		depth := 0
		for j := 0; s.more(j); j++ {
			switch s.buf[s.pos+j] {
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return s.take(j + 1), nil
				}
			case '"':
				var ok bool
				if j, ok = s.skipString(j); !ok {
					return nil, io.ErrUnexpectedEOF
				}
			}
		}
		return nil, io.ErrUnexpectedEOF
	}
	j := 0
	for s.more(j) && !bytes.ContainsRune([]byte(",:]} \t\r\n{[\""), rune(s.buf[s.pos+j])) {
		j++
	}
	return s.take(j), nil
}

// skipString returns the offset of the quote closing the string that opens
// at offset j.
func (s *jsonStream) skipString(j int) (int, bool) {
	for j++; s.more(j); j++ {
		switch s.buf[s.pos+j] {
		case '\\':
			j++
		case '"':
			return j, true
		}
	}
	return j, false
}

// more makes buf[pos+j] available, reporting false at the end of input.
func (s *jsonStream) more(j int) bool {
	for s.pos+j >= len(s.buf) {
		if !s.fill(s.pos) {
			return false
		}
	}
	return true
}

// take consumes and returns the next n bytes.
func (s *jsonStream) take(n int) []byte {
	v := s.buf[s.pos : s.pos+n]
	s.pos += n
	s.line += bytes.Count(v, []byte{'\n'})
	return v
}

// key reads a member name and the colon after it.
func (s *jsonStream) key() (string, error) {
	if s.peek() != '"' {
		return "", errors.New("want a member name in double quotes")
	}
	v, err := s.value()
	var k string
	if err == nil {
		err = json.Unmarshal(v, &k)
	}
	if err != nil {
		return "", err
	}
	if s.peek() != ':' {
		return "", errors.New("want ':' after a member name")
	}
	s.pos++
	return k, nil
}

// decodeValue reads a value into dst, or checks it is JSON if dst is nil.
func (s *jsonStream) decodeValue(dst any) error {
	v, err := s.value()
	switch {
	case err != nil:
		return err
	case dst != nil:
		return json.Unmarshal(v, dst)
	case !json.Valid(v):
		return json.Unmarshal(v, new(any)) // for the error
	}
	return nil
}
