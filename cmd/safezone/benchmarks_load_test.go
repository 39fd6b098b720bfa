package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httputil"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// driveLoad sends b.N requests, cycling through reqs, over at least
// loadConns keep-alive connections, one request in flight on each, and
// reports the throughput in rate (requests per second), p50-ms, p99-ms,
// the cores and CPU per op of this process (server and clients) and, for
// checks, hit-%: the share of verdicts other than allowed.
func driveLoad(b *testing.B, addr string, reqs [][]byte, rate string) {
	par := (loadConns + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)
	clients := make([]*loadClient, par*runtime.GOMAXPROCS(0))
	for i := range clients {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		clients[i] = &loadClient{conn: conn, br: bufio.NewReaderSize(conn, 64<<10)}
		// Warm up the connection and the server, untimed.
		for j := range 100 {
			if err := clients[i].do(reqs[(i+j*len(clients))%len(reqs)]); err != nil {
				b.Fatal(err)
			}
		}
		clients[i].latency, clients[i].hits = make([]time.Duration, 0, b.N/len(clients)+1), 0
	}
	var next atomic.Int64
	var failed sync.Once
	b.SetParallelism(par)
	start, cpu0 := time.Now(), cpuTime(b)
	b.RunParallel(func(pb *testing.PB) {
		id := int(next.Add(1) - 1)
		c := clients[id]
		for i := id; pb.Next(); i += len(clients) {
			if err := c.do(reqs[i%len(reqs)]); err != nil {
				failed.Do(func() { b.Error(err) })
				return
			}
		}
	})
	elapsed, cpu := time.Since(start), cpuTime(b)-cpu0
	reportLoad(b, clients, elapsed, rate)
	// On a shared machine, fewer cores than GOMAXPROCS means that other
	// processes held some.
	b.ReportMetric(cpu.Seconds()/elapsed.Seconds(), "cores")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
}

// cpuTime returns the user and system CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportLoad reports the clients' throughput and latency.
func reportLoad(b *testing.B, clients []*loadClient, elapsed time.Duration, rate string) {
	var all []time.Duration
	hits := 0
	for _, c := range clients {
		all = append(all, c.latency...)
		hits += c.hits
	}
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	ms := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))]) / 1e6 }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), rate)
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	if rate == "checks/s" {
		b.ReportMetric(100*float64(hits)/float64(len(all)), "hit-%")
	}
}

// loadClient is one keep-alive connection with one request in flight. It
// reads answers itself, as wrk does, rather than with net/http's client,
// which would take several times the CPU from the server it measures.
type loadClient struct {
	conn    net.Conn
	br      *bufio.Reader
	body    bytes.Buffer
	latency []time.Duration
	hits    int // answers with a verdict other than allowed
}

// do sends req, reads the whole answer and records its latency. An answer
// other than 200 is an error.
func (c *loadClient) do(req []byte) error {
	start := time.Now()
	if _, err := c.conn.Write(req); err != nil {
		return err
	}
	status, err := c.readAnswer()
	if err != nil {
		return err
	}
	c.latency = append(c.latency, time.Since(start))
	if status != 200 {
		return fmt.Errorf("status %d: %s", status, c.body.Bytes())
	}
	if body := c.body.Bytes(); bytes.HasPrefix(body, []byte(`{"verdict":"`)) && !bytes.HasPrefix(body, []byte(`{"verdict":"allowed"`)) {
		c.hits++
	}
	return nil
}

// readAnswer reads an HTTP/1.1 answer's status and headers, and its body,
// of known length or chunked, into c.body.
func (c *loadClient) readAnswer() (status int, err error) {
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("status line %q", line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, fmt.Errorf("status line %q", line)
	}
	length, chunked := -1, false
	for {
		line, err := c.br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return 0, fmt.Errorf("header %q", line)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		}
	}
	c.body.Reset()
	switch {
	case chunked:
		if _, err := c.body.ReadFrom(httputil.NewChunkedReader(c.br)); err != nil {
			return 0, err
		}
		// No trailers: the empty line after the last chunk ends the answer.
		if line, err := c.br.ReadSlice('\n'); err != nil || len(bytes.TrimSpace(line)) != 0 {
			return 0, fmt.Errorf("after the last chunk: %q, %v", line, err)
		}
	case length >= 0:
		if _, err := io.CopyN(&c.body, c.br, int64(length)); err != nil {
			return 0, err
		}
	default:
		return 0, errors.New("answer without Content-Length or chunked encoding")
	}
	return status, nil
}
