package geo

import (
	"errors"
	"math"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/bulk"
	"github.com/safezone/safezone/geo/internal/geodist"
)

// RowBatch holds index rows in the order they were read, before build
// sorts them into a table. Text is kept in one byte buffer, and nothing but
// the few shapes holds a pointer, so a batch is cheap to append to another
// and costs the garbage collector little while 2 million rows are read.
// Rows are added by workers, one batch each, and appended in order.
type RowBatch struct {
	text        []byte // each row's ID, name and address, as strtab entries
	rows        []row
	key         []uint32 // the Hilbert key of each row's (lon, lat)
	shapes      []shapeRec
	extent      orb.Bound // of every row's box, once there are rows
	tooMuchText bool      // text passed 4 GiB: starts would wrap
	dated       bool      // some row has an opening date
}

// row is a table row before it is sorted into place. Its fields are kept
// together, not in columns as in the table, because build reads rows in
// an order of its own: one cache line a row instead of one a column.
type row struct {
	lat, lon       float64 // the point, or the centre of the shape's box
	textAt         uint32  // where the row's ID, then its name and address, start in text
	shape          int32   // index into shapes, or -1 for a plain point
	opened         Date
	kind, cat, sub uint8
}

// errTooMuchText is returned for an index whose IDs or names pass 4 GiB,
// which strtab's 32-bit starts cannot address.
var errTooMuchText = errors.New("geo: more than 4 GiB of strings in one index")

func (b *RowBatch) Len() int { return len(b.rows) }

// reset empties b, keeping its memory but dropping its shapes' geometries.
func (b *RowBatch) Reset() {
	clear(b.shapes)
	*b = RowBatch{text: b.text[:0], rows: b.rows[:0], key: b.key[:0], shapes: b.shapes[:0]}
}

// grow makes room for n more rows, with a guess at their text and shapes.
// Growing the text as it comes would copy it several times.
func (b *RowBatch) Grow(n int) {
	b.text = bulk.GrowCap(b.text, 32*n)
	b.rows, b.key = bulk.GrowCap(b.rows, n), bulk.GrowCap(b.key, n)
	b.shapes = bulk.GrowCap(b.shapes, n/16)
}

// addRow adds a row: f supplies the kind, category and school or water
// kind, which must be valid; (lon, lat) is the point or the centre of box,
// the row's box.
func addRow[S string | []byte](b *RowBatch, id, name S, f *Feature, lon, lat float64, box orb.Bound, shape int32) {
	switch {
	case b.Len() == 0:
		b.extent = box
	case box.Min == box.Max: // a point: Union would extend by it 4 times
		b.extent = b.extent.Extend(box.Min)
	default:
		b.extent = b.extent.Union(box)
	}
	b.rows = append(b.rows, row{
		lat: lat, lon: lon, textAt: uint32(len(b.text)), shape: shape, opened: f.OpenedOn,
		kind: kindCode(f.Kind), cat: categoryCode(f.Category), sub: subCode(f),
	})
	b.dated = b.dated || f.OpenedOn != 0
	b.tooMuchText = b.tooMuchText || len(b.text) > math.MaxUint32
	b.text = appendEntry(appendEntry(appendEntry(b.text, id), name), f.Address)
	b.key = append(b.key, uint32(hilbertKey(orb.Point{lon, lat})))
}

// AddPoint adds a point feature without gates, whose ID, name and point are
// given apart from f. The box of a point is the point: geodist.Bound gives
// the same, and so does its centre.
func AddPoint[S string | []byte](b *RowBatch, id, name S, f *Feature, p orb.Point) {
	addRow(b, id, name, f, p[0], p[1], orb.Bound{Min: p, Max: p}, -1)
}

// addFeature adds f, which must be valid.
func (b *RowBatch) AddFeature(f *Feature) {
	if p, ok := f.Geometry.(orb.Point); ok && len(f.Gates) == 0 {
		AddPoint(b, f.ID, f.Name, f, p)
		return
	}
	box := geodist.Bound(f.Geometry) // a vertex box misses an edge's poleward bow
	c := box.Center()
	addRow(b, f.ID, f.Name, f, c[0], c[1], box, int32(len(b.shapes)))
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
func (b *RowBatch) Append(c *RowBatch) {
	if c.Len() == 0 {
		return
	}
	if b.Len() == 0 {
		b.extent = c.extent
	} else {
		b.extent = b.extent.Union(c.extent)
	}
	textBase, shapeBase := uint32(len(b.text)), int32(len(b.shapes))
	b.tooMuchText = b.tooMuchText || c.tooMuchText || len(b.text)+len(c.text) > math.MaxUint32
	b.dated = b.dated || c.dated
	b.text = bulk.AppendInPieces(b.text, c.text)
	n := len(b.rows)
	b.rows = bulk.AppendInPieces(b.rows, c.rows)
	for i := range b.rows[n:] {
		r := &b.rows[n+i]
		r.textAt += textBase
		if r.shape >= 0 {
			r.shape += shapeBase
		}
	}
	b.key = bulk.AppendInPieces(b.key, c.key)
	b.shapes = append(b.shapes, c.shapes...)
}

// id returns the ID of row i.
func (b *RowBatch) ID(i uint32) []byte {
	id, _ := entry(b.text, b.rows[i].textAt)
	return id
}

// featureRows validates the features, on every CPU, and returns their rows
// in order. The error is that of the first invalid feature.
func featureRows(features []Feature) (*RowBatch, error) {
	rs := runs(len(features))
	parts := make([]RowBatch, len(rs))
	errs := make([]error, len(rs))
	each(rs, func(w, lo, hi int) {
		p := &parts[w]
		p.Grow(hi - lo)
		for i := lo; i < hi; i++ {
			if errs[w] = ValidateFeature(&features[i]); errs[w] != nil {
				return
			}
			p.AddFeature(&features[i])
		}
	})
	for _, err := range errs { // in feature order, so the first error is the first feature's
		if err != nil {
			return nil, err
		}
	}
	rows := &parts[0]
	rows.Grow(len(features) - rows.Len())
	for i := 1; i < len(parts); i++ {
		rows.Append(&parts[i])
		parts[i] = RowBatch{}
	}
	return rows, nil
}
