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
	clients, elapsed, cpu := runLoad(b, addr, reqs, nil)
	reportLoad(b, clients, elapsed, rate)
	reportCPU(b, elapsed, cpu)
}

// runLoad sends b.N requests, cycling through reqs, over at least
// loadConns keep-alive connections, one request in flight on each, and
// returns the clients with their latencies, the wall time and the CPU time
// of this process. Requests i with write[i] set (write may be nil) are
// timed apart, in each client's writes.
func runLoad(b *testing.B, addr string, reqs [][]byte, write []bool) ([]*loadClient, time.Duration, time.Duration) {
	par := (loadConns + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)
	clients := make([]*loadClient, par*runtime.GOMAXPROCS(0))
	isWrite := func(i int) bool { return write != nil && write[i%len(reqs)] }
	for i := range clients {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { conn.Close() })
		clients[i] = &loadClient{conn: conn, br: bufio.NewReaderSize(conn, 64<<10)}
		// Warm up the connection and the server, untimed.
		for j := range 100 {
			k := i + j*len(clients)
			if err := clients[i].do(reqs[k%len(reqs)], isWrite(k)); err != nil {
				b.Fatal(err)
			}
		}
		clients[i].latency, clients[i].writes, clients[i].hits = make([]time.Duration, 0, b.N/len(clients)+1), nil, 0
	}
	var next atomic.Int64
	var failed sync.Once
	b.SetParallelism(par)
	start, cpu0 := time.Now(), cpuTime(b)
	b.RunParallel(func(pb *testing.PB) {
		id := int(next.Add(1) - 1)
		c := clients[id]
		for i := id; pb.Next(); i += len(clients) {
			if err := c.do(reqs[i%len(reqs)], isWrite(i)); err != nil {
				failed.Do(func() { b.Error(err) })
				return
			}
		}
	})
	return clients, time.Since(start), cpuTime(b) - cpu0
}

// reportCPU reports the cores this process used over elapsed and its CPU
// time per op. On a shared machine, fewer cores than GOMAXPROCS means that
// other processes held some.
func reportCPU(b *testing.B, elapsed, cpu time.Duration) {
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

// reportLoad reports the throughput and latency of the clients' requests
// other than writes, with prefix before p50-ms and p99-ms.
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
	reportLatency(b, all, elapsed, rate, "")
	if rate == "checks/s" {
		b.ReportMetric(100*float64(hits)/float64(len(all)), "hit-%")
	}
}

// reportLatency reports len(all) over elapsed as rate, and the median and
// 99th percentile of all as prefix+"p50-ms" and prefix+"p99-ms". It sorts all.
func reportLatency(b *testing.B, all []time.Duration, elapsed time.Duration, rate, prefix string) {
	slices.Sort(all)
	ms := func(q float64) float64 { return float64(all[int(q*float64(len(all)-1))]) / 1e6 }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), rate)
	b.ReportMetric(ms(0.50), prefix+"p50-ms")
	b.ReportMetric(ms(0.99), prefix+"p99-ms")
}

// loadClient is one keep-alive connection with one request in flight. It
// reads answers itself, as wrk does, rather than with net/http's client,
// which would take several times the CPU from the server it measures.
type loadClient struct {
	conn    net.Conn
	br      *bufio.Reader
	body    bytes.Buffer
	latency []time.Duration // of requests other than writes
	writes  []time.Duration // of writes
	hits    int             // answers with a verdict other than allowed
}

// do sends req, reads the whole answer and records its latency, in writes
// if write is set. An answer other than 200 or 201 is an error.
func (c *loadClient) do(req []byte, write bool) error {
	start := time.Now()
	if _, err := c.conn.Write(req); err != nil {
		return err
	}
	status, err := c.readAnswer()
	if err != nil {
		return err
	}
	if write {
		c.writes = append(c.writes, time.Since(start))
	} else {
		c.latency = append(c.latency, time.Since(start))
	}
	if status != 200 && status != 201 {
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
