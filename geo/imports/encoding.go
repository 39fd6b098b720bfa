package imports

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/safezone/safezone/geo"
)

// Encoding is a text encoding that imported files may be in.
type Encoding string

// The encodings. GB18030 decodes GBK and GB2312 too: it is a superset of
// both, so they are read as GB18030.
const (
	UTF8    Encoding = "utf-8"
	GB18030 Encoding = "gb18030"
	UTF16   Encoding = "utf-16"
)

// ParseEncoding returns the encoding named s, ignoring case: utf-8 (or
// utf8), gb18030, gbk, gb2312, cp936 or utf-16. The empty string returns
// "", which means detect. It returns an error wrapping ErrInvalidInput that
// quotes s and lists the names if s is unknown.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "gb18030", "gbk", "gb2312", "cp936", "936":
		return GB18030, nil
	case "utf-16", "utf16", "utf-16le", "ucs-2":
		return UTF16, nil
	}
	return "", geo.Invalid("encoding", s, geo.OneOf([]string{"utf-8", "gb18030", "gbk", "gb2312", "utf-16"}))
}

// detectEncoding returns the encoding of data: UTF-16 or UTF-8 if it starts
// with their byte order mark, else UTF-8 if it is valid UTF-8, else GB18030.
// Chinese text in GBK is almost never valid UTF-8: a GBK lead byte (0x81 to
// 0xFE) followed by a trail byte of 0x40 to 0x7E, or by another lead byte, is
// not a UTF-8 sequence.
func detectEncoding(data []byte) Encoding {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return UTF16
	case utf8.Valid(data):
		return UTF8
	}
	return GB18030
}

// decodeText returns data as UTF-8 without a byte order mark, decoded from
// enc ("" detects it), and the encoding used. Bytes that are not valid in
// enc become U+FFFD; for UTF-8 the error names the line of the first.
func decodeText(data []byte, name string, enc Encoding) ([]byte, Encoding, error) {
	if enc == "" {
		enc = detectEncoding(data)
	}
	var dec *encoding.Decoder
	switch enc {
	case UTF8:
		data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
		if !utf8.Valid(data) {
			line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte{'\n'})
			return nil, enc, refuse("encoding_utf8", params("file", name, "row", strconv.Itoa(line)),
				"%s:%d: encoding utf-8: the text is not valid UTF-8 here; give the encoding (gb18030 for GBK files)", name, line)
		}
		return data, enc, nil
	case GB18030:
		dec = simplifiedchinese.GB18030.NewDecoder()
	case UTF16:
		// A BOM, if any, picks the byte order; without one, little-endian
		// as Windows ("Unicode text" in Excel) writes it.
		dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	default:
		return nil, enc, geo.Invalid("encoding", string(enc), geo.OneOf([]Encoding{UTF8, GB18030, UTF16}))
	}
	out, err := dec.Bytes(data)
	if err != nil {
		return nil, enc, geo.Invalidf("%s: encoding %s: %v", name, enc, err)
	}
	return bytes.TrimPrefix(out, []byte{0xEF, 0xBB, 0xBF}), enc, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// decodeString decodes s, text in enc that a library read as ISO 8859-1
// (one rune per byte), to UTF-8: a Shapefile's attributes without a .cpg.
func decodeString(s string, enc Encoding) string {
	raw := appendLatin1(nil, s)
	if enc == "" {
		enc = detectEncoding(raw)
	}
	out, _, err := decodeText(raw, "", enc)
	if err != nil {
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	return string(out)
}

// appendLatin1 appends s, text read as ISO 8859-1, as the bytes it was read
// from. A rune past U+00FF (not Latin-1 after all) is appended as UTF-8.
func appendLatin1(dst []byte, s string) []byte {
	for _, r := range s {
		if r > 0xFF {
			dst = utf8.AppendRune(dst, r)
			continue
		}
		dst = append(dst, byte(r))
	}
	return dst
}
