package osm

import (
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/safezone/safezone/geo"
)

// osmpbf v0.8.0 trusts its input: a negative blob size, a string-table
// index out of range, more way coordinates than node refs, or a block of
// non-dense nodes make it panic on a decoder goroutine, which no recover in
// our code can catch. pbfGuard sits between the file and osmpbf, reads the
// stream block by block, checks every value that osmpbf uses as an index,
// and hands each block on as an uncompressed blob (so osmpbf does not
// inflate it a second time). Anything wrong becomes an error wrapping
// ErrInvalidInput, which osmpbf passes back from Scanner.Err.
//
// The PBF format: https://wiki.openstreetmap.org/wiki/PBF_Format, and
// osmformat.proto / fileformat.proto for the field numbers used below.

const (
	pbfMaxHeader = 64 << 10 // osmpbf's maxBlobHeaderSize
	pbfMaxBlob   = 32 << 20 // osmpbf's maxBlobSize; also the format's limit
	pbfMaxRaw    = pbfMaxBlob - 64
)

// pbfKinds is a set of element kinds, for the groups a block holds and the
// ones a pass wants. osmpbf never decodes the groups its Skip fields
// exclude, so those need no checks.
type pbfKinds uint8

const (
	pbfNodes pbfKinds = 1 << iota
	pbfWays
	pbfRelations
)

// pbfIndex remembers which kinds each block holds, learnt by the first pass
// over a file, so that later passes skip the blocks they have no use for
// without inflating them: in a sorted file the node pass then reads only
// node blocks, and the way pass only way blocks. Safe for concurrent use.
type pbfIndex struct {
	mu       sync.Mutex
	kinds    []pbfKinds
	complete bool // a pass has read every block
}

func (x *pbfIndex) record(block int, k pbfKinds) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.complete {
		return
	}
	for len(x.kinds) <= block {
		x.kinds = append(x.kinds, 0)
	}
	x.kinds[block] = k
}

// lacks reports whether block is known to hold none of want.
func (x *pbfIndex) lacks(block int, want pbfKinds) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.complete && block < len(x.kinds) && x.kinds[block]&want == 0
}

func (x *pbfIndex) finish() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.complete = true
}

type pbfGuard struct {
	r     io.Reader
	want  pbfKinds
	index *pbfIndex
	queue chan chan pbfBlock // blocks in file order, each filled by a worker
	done  chan struct{}
	wg    sync.WaitGroup
	cur   []byte
	err   error
}

type pbfBlock struct {
	data []byte
	err  error
}

// newPBFGuard starts reading r for the element kinds in want. Up to procs
// blocks are inflated and checked at once, so the checks keep up with
// osmpbf's parallel decoding. Close stops it.
func newPBFGuard(r io.Reader, want pbfKinds, index *pbfIndex, procs int) *pbfGuard {
	g := &pbfGuard{r: r, want: want, index: index,
		queue: make(chan chan pbfBlock, procs), done: make(chan struct{})}
	g.wg.Add(1)
	go g.produce(max(procs, 1))
	return g
}

func (g *pbfGuard) Read(p []byte) (int, error) {
	for len(g.cur) == 0 {
		if g.err != nil {
			return 0, g.err
		}
		next, ok := <-g.queue
		if !ok {
			g.err = io.EOF
			continue
		}
		b := <-next
		g.cur, g.err = b.data, b.err
	}
	n := copy(p, g.cur)
	g.cur = g.cur[n:]
	return n, nil
}

// Close stops reading ahead and waits for the workers. It does not close r.
func (g *pbfGuard) Close() error {
	close(g.done)
	g.wg.Wait()
	return nil
}

// produce reads the blocks in order and hands each to a worker.
func (g *pbfGuard) produce(procs int) {
	defer g.wg.Done()
	defer close(g.queue)
	sem := make(chan struct{}, procs)
	for i := 0; ; i++ {
		typ, size, err := g.readHeader(i)
		if err == io.EOF {
			return
		}
		if err == nil && typ == "OSMData" && g.index.lacks(i, g.want) {
			if err = g.discard(i, size); err == nil {
				continue
			}
		}
		var blob []byte
		if err == nil {
			blob = make([]byte, size)
			err = g.readFull(i, blob, "blob")
		}
		next := make(chan pbfBlock, 1)
		select {
		case g.queue <- next:
		case <-g.done:
			return
		}
		if err != nil {
			next <- pbfBlock{err: err}
			return
		}
		select {
		case sem <- struct{}{}:
		case <-g.done:
			next <- pbfBlock{err: io.ErrClosedPipe}
			return
		}
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			data, err := g.process(i, typ, blob)
			<-sem
			next <- pbfBlock{data: data, err: err}
		}()
	}
}

func pbfFail(block int, format string, args ...any) error {
	return geo.Invalidf("pbf block %d: "+format, append([]any{block}, args...)...)
}

// readFull reads len(b) bytes; a short read is a truncated file.
func (g *pbfGuard) readFull(block int, b []byte, what string) error {
	_, err := io.ReadFull(g.r, b)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return pbfFail(block, "%s: file truncated", what)
	}
	return err
}

// readHeader reads the framing of one block up to its Blob: the size and the
// BlobHeader. It returns io.EOF at a clean end of the file.
func (g *pbfGuard) readHeader(block int) (typ string, blobSize int64, err error) {
	var size [4]byte
	n, err := io.ReadFull(g.r, size[:])
	switch {
	case errors.Is(err, io.EOF) && block == 0:
		return "", 0, geo.Invalidf("pbf: empty file")
	case errors.Is(err, io.EOF):
		return "", 0, io.EOF
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "", 0, pbfFail(block, "blob header size: file truncated after %d bytes", n)
	case err != nil:
		return "", 0, err
	}
	hsize := binary.BigEndian.Uint32(size[:])
	if hsize >= pbfMaxHeader {
		return "", 0, pbfFail(block, "blob header size %d: must be less than %d", hsize, pbfMaxHeader)
	}
	header := make([]byte, hsize)
	if err := g.readFull(block, header, "blob header"); err != nil {
		return "", 0, err
	}
	typ, dsize, err := pbfBlobHeader(header)
	switch {
	case err != nil:
		return "", 0, pbfFail(block, "blob header: %v", err)
	case dsize < 0 || dsize >= pbfMaxBlob:
		return "", 0, pbfFail(block, "blob datasize %d: must be between 0 and %d", dsize, pbfMaxBlob-1)
	case block == 0 && typ != "OSMHeader":
		return "", 0, pbfFail(block, "type %q: the first block must be an OSMHeader", typ)
	}
	return typ, dsize, nil
}

// discard skips a blob, seeking where the reader allows it.
func (g *pbfGuard) discard(block int, size int64) error {
	if s, ok := g.r.(io.Seeker); ok {
		_, err := s.Seek(size, io.SeekCurrent)
		return err
	}
	_, err := io.CopyN(io.Discard, g.r, size)
	if errors.Is(err, io.EOF) {
		return pbfFail(block, "blob: file truncated")
	}
	return err
}

// process inflates and checks one block and frames it for osmpbf.
func (g *pbfGuard) process(block int, typ string, blob []byte) ([]byte, error) {
	raw, err := pbfInflate(block, blob)
	if err != nil {
		return nil, err
	}
	if typ == "OSMData" {
		kinds, err := checkPBFBlock(raw, g.want)
		if err != nil {
			return nil, pbfFail(block, "%v", err)
		}
		g.index.record(block, kinds)
	}
	return pbfEncodeBlock(nil, typ, raw), nil
}
