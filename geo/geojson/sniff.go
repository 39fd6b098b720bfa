package geojson

import (
	"bytes"
	"io"
	"os"
)

// estimateFeatures guesses, a little high, how many features r holds, from
// the number of "Feature" strings (the type of each feature) in head, its
// first bytes, and in samples across r when r is a file or in memory. It
// returns 0 if it cannot tell.
func estimateFeatures(r io.Reader, head []byte, whole bool) int {
	n := int64(bytes.Count(head, []byte(`"Feature"`)))
	if whole {
		return int(n)
	}
	size := inputSize(r)
	if size <= 0 {
		return 0
	}
	sampled := int64(len(head))
	if ra, ok := r.(io.ReaderAt); ok {
		// Files are often sorted by kind, and schools with campuses take
		// more bytes than businesses: sample 16 places instead.
		n, sampled = 0, 0
		buf := make([]byte, 64<<10)
		for k := range int64(16) {
			m, _ := ra.ReadAt(buf, size*(2*k+1)/32)
			n += int64(bytes.Count(buf[:m], []byte(`"Feature"`)))
			sampled += int64(m)
		}
	}
	if sampled == 0 {
		return 0
	}
	n = n*size/sampled + n*size/sampled/8 + 1
	return int(min(n, size/64)) // no feature takes fewer than 64 bytes
}

// inputSize returns the size of r if it is a regular file or in memory
// (bytes.Reader, strings.Reader), or -1.
func inputSize(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Size() int64 }:
		return r.Size()
	case *os.File:
		info, err := r.Stat()
		if err != nil || !info.Mode().IsRegular() {
			return -1
		}
		return info.Size()
	}
	return -1
}

// trimSpaceRS trims leading JSON white space, a UTF-8 byte order mark and
// the record separators of GeoJSON text sequences (RFC 8142).
func TrimSpaceRS(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r' || b[0] == 0x1e:
			b = b[1:]
		case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
			b = b[3:]
		default:
			return b
		}
	}
	return b
}

// sniffGeoJSON looks at the first object, at the start of head. It reports
// whether it is a FeatureCollection (it has a "type" of "FeatureCollection"
// or a "features" member) and whether it ends before the first line break
// (or head ends first, as with a long line).
func sniffGeoJSON(head []byte) (collection, oneLine bool) {
	depth, key, wantKey, afterColon := 0, "", false, false
	oneLine = true
	for i := 0; i < len(head); i++ {
		switch c := head[i]; c {
		case '\n':
			oneLine = false
		case '{', '[':
			depth++
			wantKey = c == '{' && depth == 1
		case '}', ']':
			if depth--; depth == 0 {
				return collection, oneLine
			}
		case ',':
			wantKey = depth == 1
		case ':':
			afterColon = depth == 1
		case '"':
			j := i + 1
			for j < len(head) && head[j] != '"' {
				if head[j] == '\\' {
					j++
				}
				j++
			}
			s := string(head[i+1 : min(j, len(head))])
			switch {
			case wantKey:
				key, wantKey = s, false
				collection = collection || key == "features"
			case afterColon && key == "type":
				collection = collection || s == "FeatureCollection"
			}
			afterColon = false
			i = j
		}
	}
	return collection, oneLine
}
