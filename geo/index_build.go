package geo

import (
	"runtime"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo/internal/bulk"
	"github.com/safezone/safezone/geo/internal/geodist"
)

// build indexes the rows of b, which it keeps until it returns. Rows are
// put in Hilbert order, which keeps neighbours together in memory and gives
// the R-trees tighter nodes than input order would; ties keep input order.
//
// Filling the businesses' R-tree takes longest and cannot be split: it
// starts on the first block of rows gathered, and once all are, the rest
// (the other trees, the text, the ID order) runs beside it on one CPU. Work
// moved here from reading, where every CPU is busy, costs nothing while
// it fits beside the tree; more CPUs for it would slow the tree.
func (b *RowBatch) build() (*Index, error) {
	if b.tooMuchText {
		return nil, errTooMuchText
	}
	x := &Index{}
	t := &x.t
	perm := bulk.RadixOrder(b.key) // perm[row] is the input row
	ready := b.gatherColumns(t, perm)
	var wg sync.WaitGroup
	wg.Go(func() { x.fillTree(kindCode(Business), ready) })
	for _, c := range ready {
		<-c
	}
	// The rest on one CPU, beside the businesses' tree. The trees read
	// shapes in input order, as gathered, until renumberShapes.
	x.fillTree(kindCode(School), nil)
	x.fillTree(kindCode(WaterBody), nil)
	t.ids.s = stringInPieces(b.text) // the text stays in the order it was read
	t.names.s, t.addrs.s = t.ids.s, t.ids.s
	keys := b.sortIDs(1)
	err := b.duplicateError(keys)
	if err == nil {
		rowOf := make([]uint32, len(perm))
		for row, in := range perm {
			rowOf[in] = uint32(row)
		}
		t.byID = make([]uint32, len(keys))
		for i, k := range keys {
			t.byID[i] = rowOf[k.row]
		}
	}
	wg.Wait()
	t.renumberShapes()
	if err != nil {
		return nil, err
	}
	if b.Len() > 0 {
		x.extent = b.extent
	}
	return x, nil
}

// fillTree inserts the rows of kind k, in row order, into its R-tree,
// each once its block is ready, if ready is not nil. A school's box holds
// its gates as well as its campus: a gate at the end of its own lane may
// stand off the campus, and gate rules measure from it.
func (x *Index) fillTree(k uint8, ready []chan struct{}) {
	for i := range x.t.kind {
		if ready != nil && i%gatherBlock == 0 {
			<-ready[i/gatherBlock]
		}
		if x.t.kind[i] != k {
			continue
		}
		b := x.t.bound(uint32(i))
		for _, g := range x.t.gates(uint32(i)) {
			b = b.Extend(orb.Point{g.Lon, g.Lat})
		}
		lo, hi := geodist.Box32(b)
		x.trees[k].Insert(lo, hi, uint32(i))
	}
}

// runs splits n rows into one run per CPU, or fewer for few rows.
func runs(n int) [][2]int { return runsOf(n, runtime.GOMAXPROCS(0)) }

// runsOf splits n rows into at most cpus runs.
func runsOf(n, cpus int) [][2]int {
	workers := max(1, min(cpus, n/4096))
	size := (n + workers - 1) / workers
	r := make([][2]int, workers)
	for w := range r {
		r[w] = [2]int{min(w*size, n), min((w+1)*size, n)}
	}
	return r
}

// each calls fn on every run at once, with its index in runs.
func each(runs [][2]int, fn func(w, lo, hi int)) {
	var wg sync.WaitGroup
	for w, r := range runs {
		wg.Go(func() { fn(w, r[0], r[1]) })
	}
	wg.Wait()
}

// gatherBlock is how many rows gatherColumns gathers at a time.
const gatherBlock = 4096

// gatherColumns fills t's columns from b's rows, in the order of perm, and
// the starts of their text: a block of rows at a time, alternately on each
// CPU, closing the block's channel when it is done, so that the trees can
// start at once. Until renumberShapes, shapes are b's, in input order.
func (b *RowBatch) gatherColumns(t *table, perm []uint32) []chan struct{} {
	n := len(perm)
	t.kind, t.cat, t.sub = make([]uint8, n), make([]uint8, n), make([]uint8, n)
	t.lat, t.lon, t.shape = make([]float64, n), make([]float64, n), make([]int32, n)
	starts := make([]uint32, n)
	t.ids, t.names, t.addrs = strtab{starts: starts}, strtab{starts: starts, skip: 1}, strtab{starts: starts, skip: 2}
	if b.dated {
		t.opened = make([]Date, n)
	}
	t.shapes = b.shapes
	ready := make([]chan struct{}, (n+gatherBlock-1)/gatherBlock)
	for k := range ready {
		ready[k] = make(chan struct{})
	}
	cpus := len(runs(n))
	for w := range cpus {
		go func() {
			for k := w; k < len(ready); k += cpus {
				for i := k * gatherBlock; i < min((k+1)*gatherBlock, n); i++ {
					r := &b.rows[perm[i]]
					t.kind[i], t.cat[i], t.sub[i] = r.kind, r.cat, r.sub
					t.lat[i], t.lon[i], t.shape[i] = r.lat, r.lon, r.shape
					starts[i] = r.textAt
					if t.opened != nil {
						t.opened[i] = r.opened
					}
				}
				close(ready[k])
			}
		}()
	}
	return ready
}

// renumberShapes puts the shapes in row order, as the table expects.
func (t *table) renumberShapes() {
	shapes := make([]shapeRec, 0, len(t.shapes))
	for i, s := range t.shape {
		if s >= 0 {
			t.shape[i] = int32(len(shapes))
			shapes = append(shapes, t.shapes[s])
		}
	}
	t.shapes = shapes
}

// stringInPieces is string(b), copied a piece at a time (see bulk.AppendInPieces).
func stringInPieces(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		n := min(len(b), 1<<16)
		sb.Write(b[:n])
		b = b[n:]
	}
	return sb.String()
}
