package imports

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing/fstest"
)

// testShape is one record of a test Shapefile: a point (one ring of one
// point), a polygon (rings of closed points) or, with no rings, a null
// shape. attrs are the .dbf values, already encoded as the file should
// hold them.
type testShape struct {
	rings [][][2]float64
	attrs []string
}

// testShapefile is a Shapefile to encode: polygon if any record has a ring
// of more than one point, else point. Empty prj or cpg are left out.
type testShapefile struct {
	fields   []string // .dbf character field names, raw bytes
	shapes   []testShape
	prj, cpg string
}

// encodeShapefile writes s as base.shp, .shx, .dbf (and .prj, .cpg) into a
// MapFS, following the ESRI Shapefile Technical Description (1998) and the
// dBase III table format. It is only for tests: fields are type C, 40
// bytes wide.
func encodeShapefile(base string, s testShapefile) fstest.MapFS {
	shapeType := int32(1)
	for _, sh := range s.shapes {
		if len(sh.rings) > 0 && len(sh.rings[0]) > 1 {
			shapeType = 5
		}
	}
	var shp, shx bytes.Buffer
	le, be := binary.LittleEndian, binary.BigEndian
	offset := 50 // in 16-bit words, after the 100-byte header
	for i, sh := range s.shapes {
		var c bytes.Buffer
		switch {
		case len(sh.rings) == 0:
			binary.Write(&c, le, int32(0))
		case shapeType == 1:
			binary.Write(&c, le, int32(1))
			binary.Write(&c, le, sh.rings[0][0])
		default:
			binary.Write(&c, le, int32(5))
			binary.Write(&c, le, ringsBox(sh.rings))
			n := 0
			for _, r := range sh.rings {
				n += len(r)
			}
			binary.Write(&c, le, [2]int32{int32(len(sh.rings)), int32(n)})
			start := int32(0)
			for _, r := range sh.rings {
				binary.Write(&c, le, start)
				start += int32(len(r))
			}
			for _, r := range sh.rings {
				binary.Write(&c, le, r)
			}
		}
		binary.Write(&shp, be, [2]int32{int32(i + 1), int32(c.Len() / 2)})
		shp.Write(c.Bytes())
		binary.Write(&shx, be, [2]int32{int32(offset), int32(c.Len() / 2)})
		offset += 4 + c.Len()/2
	}
	fsys := fstest.MapFS{
		base + ".shp": {Data: append(shpHeader(shapeType, 50+shp.Len()/2), shp.Bytes()...)},
		base + ".shx": {Data: append(shpHeader(shapeType, 50+shx.Len()/2), shx.Bytes()...)},
		base + ".dbf": {Data: encodeDBF(s.fields, s.shapes)},
	}
	if s.prj != "" {
		fsys[base+".prj"] = &fstest.MapFile{Data: []byte(s.prj)}
	}
	if s.cpg != "" {
		fsys[base+".cpg"] = &fstest.MapFile{Data: []byte(s.cpg)}
	}
	return fsys
}

func ringsBox(rings [][][2]float64) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, r := range rings {
		for _, p := range r {
			b = [4]float64{min(b[0], p[0]), min(b[1], p[1]), max(b[2], p[0]), max(b[3], p[1])}
		}
	}
	return b
}

func shpHeader(shapeType int32, words int) []byte {
	h := make([]byte, 100)
	binary.BigEndian.PutUint32(h[0:], 9994)
	binary.BigEndian.PutUint32(h[24:], uint32(words))
	binary.LittleEndian.PutUint32(h[28:], 1000)
	binary.LittleEndian.PutUint32(h[32:], uint32(shapeType))
	return h
}

const dbfFieldLen = 40

func encodeDBF(fields []string, shapes []testShape) []byte {
	var b bytes.Buffer
	h := make([]byte, 32)
	h[0], h[1], h[2], h[3] = 3, 124, 1, 1
	binary.LittleEndian.PutUint32(h[4:], uint32(len(shapes)))
	binary.LittleEndian.PutUint16(h[8:], uint16(32+32*len(fields)+1))
	binary.LittleEndian.PutUint16(h[10:], uint16(1+dbfFieldLen*len(fields)))
	b.Write(h)
	for _, name := range fields {
		d := make([]byte, 32)
		copy(d[:11], name)
		d[11], d[16] = 'C', dbfFieldLen
		b.Write(d)
	}
	b.WriteByte(0x0D)
	for _, sh := range shapes {
		b.WriteByte(' ')
		for i := range fields {
			v := make([]byte, dbfFieldLen)
			for j := range v {
				v[j] = ' '
			}
			if i < len(sh.attrs) {
				copy(v, sh.attrs[i])
			}
			b.Write(v)
		}
	}
	b.WriteByte(0x1A)
	return b.Bytes()
}
