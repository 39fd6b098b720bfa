package geo

import (
	"errors"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// rowBatch holds index rows in columns, in the order they were read, before
// build sorts them into a table. Text is kept in two byte buffers with the
// end of each row's, and nothing but the few shapes holds a pointer, so a
// batch is cheap to append to another and costs the garbage collector
// little while 2 million rows are read. Rows are added by workers, one
// batch each, and appended in order.
type rowBatch struct {
	ids, names       []byte
	idEnds, nameEnds []uint32 // ends of each row's text in ids and names
	kind, cat, sub   []uint8
	lat, lon         []float64 // the point, or the centre of the shape's box
	key              []uint32  // the Hilbert key of (lon, lat)
	shape            []int32   // index into shapes, or -1 for a plain point
	shapes           []shapeRec
	extent           orb.Bound // of every row's box, once there are rows
	tooMuchText      bool      // ids or names passed 4 GiB: ends would wrap
}

// errTooMuchText is returned for an index whose IDs or names pass 4 GiB,
// which strtab's 32-bit ends cannot address.
var errTooMuchText = errors.New("geo: more than 4 GiB of strings in one index")

func (b *rowBatch) len() int { return len(b.shape) }

// reset empties b, keeping its memory but dropping its shapes' geometries.
func (b *rowBatch) reset() {
	clear(b.shapes)
	*b = rowBatch{
		ids: b.ids[:0], names: b.names[:0], idEnds: b.idEnds[:0], nameEnds: b.nameEnds[:0],
		kind: b.kind[:0], cat: b.cat[:0], sub: b.sub[:0], lat: b.lat[:0], lon: b.lon[:0],
		key: b.key[:0], shape: b.shape[:0], shapes: b.shapes[:0],
	}
}

// grow makes room for n more rows.
func (b *rowBatch) grow(n int) {
	b.idEnds = slices.Grow(b.idEnds, n)
	b.nameEnds = slices.Grow(b.nameEnds, n)
	b.kind = slices.Grow(b.kind, n)
	b.cat = slices.Grow(b.cat, n)
	b.sub = slices.Grow(b.sub, n)
	b.lat = slices.Grow(b.lat, n)
	b.lon = slices.Grow(b.lon, n)
	b.key = slices.Grow(b.key, n)
	b.shape = slices.Grow(b.shape, n)
}

// addRow adds the columns every row has: f supplies the kind, category and
// school or water kind, which must be valid; (lon, lat) is the point or the
// centre of box, the row's box.
func addRow[S string | []byte](b *rowBatch, id, name S, f *Feature, lon, lat float64, box orb.Bound) {
	if b.len() == 0 {
		b.extent = box
	} else {
		b.extent = b.extent.Union(box)
	}
	b.ids = append(b.ids, id...)
	b.names = append(b.names, name...)
	b.tooMuchText = b.tooMuchText || len(b.ids) > math.MaxUint32 || len(b.names) > math.MaxUint32
	b.idEnds = append(b.idEnds, uint32(len(b.ids)))
	b.nameEnds = append(b.nameEnds, uint32(len(b.names)))
	b.kind = append(b.kind, kindCode(f.Kind))
	b.cat = append(b.cat, categoryCode(f.Category))
	b.sub = append(b.sub, subCode(f))
	b.lat = append(b.lat, lat)
	b.lon = append(b.lon, lon)
	b.key = append(b.key, uint32(hilbertKey(orb.Point{lon, lat})))
}

// addPoint adds a point feature without gates, whose ID, name and point are
// given apart from f. The box of a point is the point: geodesicBound gives
// the same, and so does its centre.
func addPoint[S string | []byte](b *rowBatch, id, name S, f *Feature, p orb.Point) {
	addRow(b, id, name, f, p[0], p[1], orb.Bound{Min: p, Max: p})
	b.shape = append(b.shape, -1)
}

// addFeature adds f, which must be valid.
func (b *rowBatch) addFeature(f *Feature) {
	if p, ok := f.Geometry.(orb.Point); ok && len(f.Gates) == 0 {
		addPoint(b, f.ID, f.Name, f, p)
		return
	}
	box := geodesicBound(f.Geometry) // a vertex box misses an edge's poleward bow
	c := box.Center()
	addRow(b, f.ID, f.Name, f, c[0], c[1], box)
	b.shape = append(b.shape, int32(len(b.shapes)))
	rec := shapeRec{geom: f.Geometry, bound: box, gates: f.Gates}
	if len(f.Gates) > 0 {
		mp := make(orb.MultiPoint, len(f.Gates))
		for i, g := range f.Gates {
			mp[i] = orb.Point{g.Lon, g.Lat}
		}
		rec.gateGeom = mp
	}
	b.shapes = append(b.shapes, rec)
}

// append adds the rows of c after b's.
func (b *rowBatch) append(c *rowBatch) {
	if c.len() == 0 {
		return
	}
	if b.len() == 0 {
		b.extent = c.extent
	} else {
		b.extent = b.extent.Union(c.extent)
	}
	idBase, nameBase, shapeBase := len(b.ids), len(b.names), int32(len(b.shapes))
	b.ids = append(b.ids, c.ids...)
	b.names = append(b.names, c.names...)
	b.tooMuchText = b.tooMuchText || c.tooMuchText || len(b.ids) > math.MaxUint32 || len(b.names) > math.MaxUint32
	b.idEnds = appendShifted(b.idEnds, c.idEnds, uint32(idBase))
	b.nameEnds = appendShifted(b.nameEnds, c.nameEnds, uint32(nameBase))
	b.kind = append(b.kind, c.kind...)
	b.cat = append(b.cat, c.cat...)
	b.sub = append(b.sub, c.sub...)
	b.lat = append(b.lat, c.lat...)
	b.lon = append(b.lon, c.lon...)
	b.key = append(b.key, c.key...)
	n := len(b.shape)
	b.shape = append(b.shape, c.shape...)
	if len(c.shapes) > 0 {
		for i, s := range b.shape[n:] {
			if s >= 0 {
				b.shape[n+i] = s + shapeBase
			}
		}
		b.shapes = append(b.shapes, c.shapes...)
	}
}

// appendShifted appends the ends in src, each plus base, to dst.
func appendShifted(dst, src []uint32, base uint32) []uint32 {
	n := len(dst)
	dst = append(dst, src...)
	for i := range dst[n:] {
		dst[n+i] += base
	}
	return dst
}

// featureRows validates the features, on every CPU, and returns their rows
// in order. The error is that of the first invalid feature.
func featureRows(features []Feature) (*rowBatch, error) {
	rs := runs(len(features))
	parts := make([]rowBatch, len(rs))
	errs := make([]error, len(rs))
	each(rs, func(w, lo, hi int) {
		p := &parts[w]
		p.grow(hi - lo)
		for i := lo; i < hi; i++ {
			if errs[w] = validateFeature(&features[i]); errs[w] != nil {
				return
			}
			p.addFeature(&features[i])
		}
	})
	for _, err := range errs { // in feature order, so the first error is the first feature's
		if err != nil {
			return nil, err
		}
	}
	rows := &parts[0]
	rows.grow(len(features) - rows.len())
	for i := 1; i < len(parts); i++ {
		rows.append(&parts[i])
		parts[i] = rowBatch{}
	}
	return rows, nil
}
