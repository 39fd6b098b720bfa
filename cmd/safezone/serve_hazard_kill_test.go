package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	hz "github.com/safezone/safezone/geo/ledger"
)

// TestServe_KillDuringTransitions is TestServe_KillDuringWrites for the
// hazard ledger: concurrent clients move hazards around their cycle (found
// → assigned → rectifying → an evidence upload → verifying → closed →
// found) through the API, each transition sent with the version it
// follows; the server is SIGKILLed at a random moment, restarted, and every
// hazard must be at least at its last acknowledged version, exactly there
// unless the write in flight on it committed, with its history complete.
// Over the rounds more than 1,000 writes are acknowledged. Checked as
// the business test is: with store.update answering before its commit
// (go tx.Commit()), the acknowledged reports of the setup are missing
// after the first kill.
func TestServe_KillDuringTransitions(t *testing.T) {
	const rounds, clients, hazards = 5, 8, 64
	k := newKillStore(t, 50, "admin")
	c := &hazardClient{token: k.token, http: &http.Client{Timeout: 10 * time.Second}}
	hl := &hazardLedger{acked: map[uint64]hazardAck{}, pending: make([]*hazardOp, clients)}
	rng := rand.New(rand.NewPCG(14, 0))
	srv, total := killRounds{
		rounds: rounds, clients: clients, rng: rng,
		killAfter: func() int { return 150 + rng.IntN(150) },
		maxDelay:  3 * time.Millisecond, wait: 60 * time.Second,
		setup: func(t *testing.T, url string) {
			c.url = url
			for i := range hazards {
				h, err := c.report(i%30 + 1)
				if err != nil {
					t.Fatal(err)
				}
				hl.acked[h.ID] = hazardAck{version: h.Version, state: h.State}
			}
		},
		reconcile: func(t *testing.T, url string) {
			c.url = url
			hl.reconcile(t, c)
		},
		write: func(rng *rand.Rand, _, client, _ int) error {
			id := uint64(client + clients*rng.IntN(hazards/clients))
			if id == 0 {
				id = uint64(clients)
			}
			return hl.do(c, client, hl.next(client, id))
		},
	}.run(t, k)
	if srv == nil {
		return
	}
	srv.stop(t)
	if total < 1000 {
		t.Errorf("%d writes acknowledged over %d rounds, want at least 1,000", total, rounds)
	}
	t.Logf("%d acknowledged writes; %d in flight had committed, of %d", total, hl.committed, hl.inFlight)
}

// hazardAck is what the server acknowledged of a hazard.
type hazardAck struct {
	version  int
	state    string
	evidence string // the SHA-256 uploaded for the next move to verifying
}

// hazardOp is one write on a hazard: a transition to a state, or an
// upload when to is empty.
type hazardOp struct {
	id       uint64
	from, to string
	version  int    // the version it follows
	evidence string // for a move to verifying
}

// hazardLedger is what the server acknowledged, and each client's write
// in flight. Client i writes only hazards with ID%clients == i, one at a
// time, so each hazard has one writer. Safe for concurrent use.
type hazardLedger struct {
	mu                  sync.Mutex
	acked               map[uint64]hazardAck
	pending             []*hazardOp
	committed, inFlight int
}

// next is the write that moves hazard id along its cycle.
func (hl *hazardLedger) next(client int, id uint64) hazardOp {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	a := hl.acked[id]
	op := hazardOp{id: id, from: a.state, version: a.version, evidence: a.evidence}
	op.to = map[string]string{"found": "assigned", "assigned": "rectifying", "rectifying": "verifying", "verifying": "closed", "closed": "found"}[a.state]
	if op.to == "verifying" && a.evidence == "" {
		op.to = "" // upload the evidence first
	}
	hl.pending[client] = &op
	return op
}

// do sends op, an upload of evidence when op.to is empty, and records its
// acknowledgement.
func (hl *hazardLedger) do(c *hazardClient, client int, op hazardOp) error {
	var h wireHazard
	var err error
	evidence := ""
	if op.to == "" {
		evidence, err = c.upload(op.id)
		h = wireHazard{ID: op.id, Version: op.version + 1, State: op.from}
	} else {
		h, err = c.move(op)
	}
	if err != nil {
		return err
	}
	hl.mu.Lock()
	defer hl.mu.Unlock()
	hl.pending[client] = nil
	hl.acked[op.id] = hazardAck{version: h.Version, state: h.State, evidence: evidence}
	return nil
}

// reconcile reads every hazard from the restarted server and checks it
// against what was acknowledged, then takes it as the truth.
func (hl *hazardLedger) reconcile(t *testing.T, c *hazardClient) {
	t.Helper()
	hl.mu.Lock()
	defer hl.mu.Unlock()
	for id, a := range hl.acked {
		h, err := c.get(id)
		if err != nil {
			t.Fatal(err)
		}
		p := hl.pendingOn(id)
		switch {
		case h.Version == a.version && h.State == a.state:
		case p != nil && h.Version == a.version+1 && (p.to == "" && h.State == a.state || p.to != "" && h.State == p.to):
			hl.committed++
		default:
			t.Errorf("hazard %d: stored version %d in %s; acknowledged %d in %s, in flight %+v", id, h.Version, h.State, a.version, a.state, p)
		}
		if len(h.History) != h.Version || h.History[len(h.History)-1].Seq != h.Version {
			t.Errorf("hazard %d: version %d with %d history entries", id, h.Version, len(h.History))
		}
		a.version, a.state = h.Version, h.State
		if a.state != "rectifying" {
			a.evidence = ""
		}
		hl.acked[id] = a
	}
	for i, p := range hl.pending {
		if p != nil {
			hl.inFlight++
			hl.pending[i] = nil
		}
	}
}

func (hl *hazardLedger) pendingOn(id uint64) *hazardOp {
	for _, p := range hl.pending {
		if p != nil && p.id == id {
			return p
		}
	}
	return nil
}

// wireHazard is a hazard as the API sends it, what the test reads.
type wireHazard struct {
	ID      uint64 `json:"id"`
	Version int    `json:"version"`
	State   string `json:"state"`
	History []struct {
		Seq int `json:"seq"`
	} `json:"history"`
}

// hazardClient drives the ledger's API with an admin's token.
type hazardClient struct {
	url, token string
	http       *http.Client
	uploads    atomic.Int64
}

func (c *hazardClient) report(school int) (wireHazard, error) {
	body := fmt.Sprintf(`{"school_id":"school/%d","lon":104.1,"lat":30.6,"description":"池塘无护栏"}`, school)
	var h wireHazard
	return h, c.send(http.MethodPost, "/api/v1/ledger/hazards", "application/json", []byte(body), http.StatusCreated, &h)
}

func (c *hazardClient) get(id uint64) (wireHazard, error) {
	var h wireHazard
	return h, c.send(http.MethodGet, fmt.Sprintf("/api/v1/ledger/hazards/%d", id), "", nil, http.StatusOK, &h)
}

// move sends op as a transition; to verifying it lists the evidence
// uploaded in the step before.
func (c *hazardClient) move(op hazardOp) (wireHazard, error) {
	in := map[string]any{"to": op.to, "version": op.version}
	switch op.to {
	case "assigned":
		in["unit"], in["person"], in["deadline"] = "镇水利站", "李四", hz.DateOf(time.Now()).AddDays(30).String()
	case "verifying":
		in["attachments"] = []string{op.evidence}
	case "found":
		in["comment"] = "复查发现护栏又坏了"
	}
	body, _ := json.Marshal(in)
	var h wireHazard
	err := c.send(http.MethodPost, fmt.Sprintf("/api/v1/ledger/hazards/%d/transitions", op.id), "application/json", body, http.StatusOK, &h)
	if err == nil && (h.Version != op.version+1 || h.State != op.to) {
		err = fmt.Errorf("%w: %+v: answered version %d in %s", errBadAnswer, op, h.Version, h.State)
	}
	return h, err
}

// upload attaches a new PNG to hazard id and returns its SHA-256.
func (c *hazardClient) upload(id uint64) (string, error) {
	png := fmt.Appendf([]byte("\x89PNG\r\n\x1a\n"), "evidence %d", c.uploads.Add(1))
	var a struct {
		SHA256 string `json:"sha256"`
	}
	err := c.send(http.MethodPost, fmt.Sprintf("/api/v1/ledger/hazards/%d/attachments", id), "image/png", png, http.StatusCreated, &a)
	return a.SHA256, err
}

// send makes one request and decodes an answer with status want into v. A
// complete answer with another status wraps errBadAnswer.
func (c *hazardClient) send(method, path, ctype string, body []byte, want int, v any) error {
	b, err := request(c.http, c.url, c.token, method, path, ctype, bytes.NewReader(body), want)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
