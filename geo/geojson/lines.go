package geojson

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// decodeLines reads one feature per line. One goroutine cuts the input into
// chunks of whole lines, GOMAXPROCS goroutines decode them, and the calling
// goroutine appends their features in order; a fixed set of chunks is
// reused, so memory stays bounded.
func (d *geojsonDecoder) decodeLines(r io.Reader) error {
	workers := runtime.GOMAXPROCS(0)
	free := make(chan *lineChunk, 2*workers+2)
	for range cap(free) {
		free <- &lineChunk{}
	}
	work, done := make(chan *lineChunk, cap(free)), make(chan struct{})
	results := make(chan *lineChunk, cap(free))
	go cutLines(r, free, work, done)
	file := len(d.files) - 1
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range work {
				d.decodeChunk(c, file)
				results <- c
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	var err error
	pending := map[int]*lineChunk{}
	next := 0
	for c := range results {
		pending[c.seq] = c
		for c := pending[next]; c != nil && err == nil; c = pending[next] {
			delete(pending, next)
			next++
			switch {
			case c.readErr != nil:
				err = fmt.Errorf("read %s: %w", d.name(), c.readErr)
			case c.err != nil:
				err = c.err
			}
			if err != nil {
				close(done) // stop cutting; drain what is under way
				break
			}
			if d.rows != nil {
				d.rows.Append(&c.rows)
			} else {
				d.features = append(d.features, c.features...)
			}
			d.lines = append(d.lines, c.lines...)
			free <- c
		}
	}
	return err
}

// lineChunk is a run of whole lines and what was decoded from it.
type lineChunk struct {
	seq     int
	data    []byte
	line    int // number of the first line in data
	readErr error

	features []geo.Feature
	rows     geo.RowBatch // instead of features, if the decoder has rows
	points   []orb.Point  // scratch for decodeRow
	lines    []int32
	err      error // about the first bad line
}

// lineChunkSize is about how many bytes of lines a chunk holds: enough to
// make handing it over cheap, small enough to keep all CPUs busy.
const lineChunkSize = 256 << 10

// cutLines reads r into chunks taken from free, cut after a line break, and
// sends them on work until the input ends, a read fails or done is closed.
func cutLines(r io.Reader, free <-chan *lineChunk, work chan<- *lineChunk, done <-chan struct{}) {
	defer close(work)
	var carry []byte // the start of a line that did not fit
	line := 1
	for seq := 0; ; seq++ {
		var c *lineChunk
		select {
		case c = <-free:
		case <-done:
			return
		}
		c.seq, c.line, c.readErr, c.err = seq, line, nil, nil
		c.data = append(c.data[:0], carry...)
		carry = carry[:0]
		eof := false
		for !eof {
			c.data = slices.Grow(c.data, 64<<10)
			n, err := r.Read(c.data[len(c.data):cap(c.data)])
			read := c.data[len(c.data) : len(c.data)+n]
			c.data = c.data[:len(c.data)+n]
			if err != nil {
				eof = true
				if err != io.EOF {
					c.readErr = err
				}
			} else if k := bytes.LastIndexByte(read, '\n'); k >= 0 && len(c.data) >= lineChunkSize {
				cut := len(c.data) - n + k + 1
				carry = append(carry, c.data[cut:]...)
				c.data = c.data[:cut]
				break
			}
		}
		line += bytes.Count(c.data, []byte{'\n'})
		work <- c
		if eof {
			return
		}
	}
}

// decodeChunk decodes the lines of c, which are in file, stopping at the
// first bad one.
func (d *geojsonDecoder) decodeChunk(c *lineChunk, file int) {
	c.features, c.lines = c.features[:0], c.lines[:0]
	c.rows.Reset()
	for data, line := c.data, c.line; len(data) > 0; line++ {
		var l []byte
		if k := bytes.IndexByte(data, '\n'); k >= 0 {
			l, data = data[:k+1], data[k+1:]
		} else {
			l, data = data, nil
		}
		if l = TrimSpaceRS(l); len(l) == 0 {
			continue
		}
		rows := &c.rows
		if d.rows == nil {
			rows = nil
		}
		if err := decodeInto(rows, &c.points, &c.features, l); err != nil {
			c.err = fmt.Errorf("%s: %w", d.where(file, line, 0), err)
			return
		}
		c.lines = append(c.lines, int32(line))
	}
}
