package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// wireBusiness is a business as the API sends it.
type wireBusiness struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Category  string  `json:"category"`
	Lon       float64 `json:"lon"`
	Lat       float64 `json:"lat"`
	Licence   string  `json:"licence"`
	Status    string  `json:"status"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
	CreatedBy string  `json:"created_by"`
}

// bizInput is the body of a POST or PUT.
type bizInput struct {
	Name     string  `json:"name"`
	Category string  `json:"category"`
	Lon      float64 `json:"lon"`
	Lat      float64 `json:"lat"`
	Licence  string  `json:"licence"`
	Status   string  `json:"status"`
}

func (in bizInput) matches(b wireBusiness) bool {
	return b.Name == in.Name && b.Category == in.Category && b.Lon == in.Lon && b.Lat == in.Lat &&
		b.Licence == in.Licence && b.Status == in.Status
}

// bizOp is one write: a POST, or a PUT or DELETE of id.
type bizOp struct {
	client int
	method string
	id     string
	in     bizInput
}

// logAction is the audit log action of an acknowledged op.
func (op bizOp) logAction() string {
	return map[string]string{
		http.MethodPost: store.ActionBusinessCreate, http.MethodPut: store.ActionBusinessUpdate,
		http.MethodDelete: store.ActionBusinessDelete,
	}[op.method]
}

// ledger is what the server acknowledged: the state of every business after
// its last acknowledged write, and each client's write in flight when the
// server died, which may or may not have committed. Each client writes only
// its own businesses, one request at a time, so the order of the writes to
// a business is known. Safe for concurrent use.
type ledger struct {
	clients int

	mu       sync.Mutex
	state    map[string]*wireBusiness // by ID; nil after an acknowledged delete
	owner    map[string]int           // client by business ID
	live     [][]string               // each client's businesses
	pending  []*bizOp                 // by client
	acks     []bizOp                  // with the ID of a create
	inFlight int                      // pending writes over all kills
}

func newLedger(clients int) *ledger {
	return &ledger{clients: clients, state: map[string]*wireBusiness{}, owner: map[string]int{},
		live: make([][]string, clients), pending: make([]*bizOp, clients)}
}

var businessCategories = slices.DeleteFunc(slices.Clone(geo.Categories), func(c geo.Category) bool { return c == geo.Water })

// next picks client's next write, records it as pending and returns it:
// 60% creates, 25% updates, 15% deletes of the client's own businesses.
func (l *ledger) next(rng *rand.Rand, client, round, n int) bizOp {
	l.mu.Lock()
	defer l.mu.Unlock()
	op := bizOp{client: client, method: http.MethodPost}
	if live := l.live[client]; len(live) > 0 {
		switch r := rng.Float64(); {
		case r < 0.25:
			op.method, op.id = http.MethodPut, live[rng.IntN(len(live))]
		case r < 0.40:
			op.method, op.id = http.MethodDelete, live[rng.IntN(len(live))]
		}
	}
	if op.method != http.MethodDelete {
		op.in = bizInput{
			Name:     fmt.Sprintf("网吧 c%d r%d n%d", client, round, n),
			Category: string(businessCategories[rng.IntN(len(businessCategories))]),
			Lon:      103.9 + rng.Float64()*0.3, Lat: 30.5 + rng.Float64()*0.3,
			Status: []string{"licensed", "proposed"}[rng.IntN(2)],
		}
		if op.in.Status == "licensed" {
			op.in.Licence = fmt.Sprintf("JY%014d", rng.Int64N(1e14))
		}
	}
	l.pending[client] = &op
	return op
}

// do sends op and records its acknowledgement. An error wrapping
// errBadAnswer is an answer the server should not have given; any other
// error means no answer, and op stays pending.
func (l *ledger) do(c *bizClient, op bizOp) error {
	b, err := c.write(op)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.pending[op.client] = nil
	switch op.method {
	case http.MethodPost:
		op.id = b.ID
		l.owner[b.ID] = op.client
		l.live[op.client] = append(l.live[op.client], b.ID)
		l.state[b.ID] = &b
	case http.MethodPut:
		l.state[op.id] = &b
	case http.MethodDelete:
		l.state[op.id] = nil
		l.live[op.client] = slices.DeleteFunc(l.live[op.client], func(id string) bool { return id == op.id })
	}
	l.acks = append(l.acks, op)
	return nil
}

// reconcile checks the businesses the restarted server lists against the
// ledger, then takes them as the new state: a pending write may have
// committed or not, but nothing else may differ. It returns how many pending
// writes had committed.
func (l *ledger) reconcile(t *testing.T, list []wireBusiness) (committed int) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	got := make(map[string]wireBusiness, len(list))
	for _, b := range list {
		got[b.ID] = b
	}
	for id, want := range l.state {
		b, ok := got[id]
		p := l.pendingOn(id)
		switch {
		case want == nil && ok:
			t.Errorf("%s: acknowledged delete, but it is stored: %+v", id, b)
		case want == nil:
		case !ok && p != nil && p.method == http.MethodDelete:
			committed++
		case !ok:
			t.Errorf("%s: acknowledged %+v, but it is missing", id, *want)
		case b == *want:
		case p != nil && p.method == http.MethodPut && p.in.matches(b) && b.CreatedAt == want.CreatedAt && b.CreatedBy == want.CreatedBy:
			committed++
		default:
			t.Errorf("%s: stored %+v, acknowledged %+v", id, b, *want)
		}
	}
	for id, b := range got {
		if _, ok := l.state[id]; ok {
			continue
		}
		if p := l.pendingCreate(b); p != nil {
			l.owner[id] = p.client
			committed++
		} else {
			t.Errorf("%s: stored %+v, but never written", id, b)
		}
	}
	l.adopt(got)
	return committed
}

// pendingOn returns the pending PUT or DELETE of id, or nil.
func (l *ledger) pendingOn(id string) *bizOp {
	for _, p := range l.pending {
		if p != nil && p.id == id {
			return p
		}
	}
	return nil
}

// pendingCreate returns the pending POST that created b, or nil; each
// matches at most once.
func (l *ledger) pendingCreate(b wireBusiness) *bizOp {
	for i, p := range l.pending {
		if p != nil && p.method == http.MethodPost && p.in.matches(b) {
			l.pending[i] = nil
			return p
		}
	}
	return nil
}

// adopt makes got the ledger's state, after reconcile checked it.
func (l *ledger) adopt(got map[string]wireBusiness) {
	for id := range l.state {
		l.state[id] = nil
	}
	l.live = make([][]string, l.clients)
	for id, b := range got {
		l.state[id] = &b
		l.live[l.owner[id]] = append(l.live[l.owner[id]], id)
	}
	for _, live := range l.live {
		slices.Sort(live) // map order would make the clients' choices random
	}
	clear(l.pending)
}

// countInFlight counts the writes in flight when the server died, before
// reconcile clears them.
func (l *ledger) countInFlight() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, p := range l.pending {
		if p != nil {
			n++
		}
	}
	l.inFlight += n
	return n
}

// checkLog checks that the audit log has an entry for every acknowledged
// write, and at most one more for each write that was in flight.
func (l *ledger) checkLog(t *testing.T, dir string) {
	t.Helper()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatalf("open store after the last stop: %v", err)
	}
	defer s.Close()
	logged := map[string]int{}
	total := 0
	for after := uint64(0); ; {
		es, err := s.LogEntries(t.Context(), after, store.MaxLogEntries)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) == 0 {
			break
		}
		for _, e := range es {
			if e.Action == store.ActionBusinessCreate || e.Action == store.ActionBusinessUpdate || e.Action == store.ActionBusinessDelete {
				logged[e.Action+" "+e.Target]++
				total++
			}
		}
		after = es[len(es)-1].Seq
	}
	for _, op := range l.acks {
		key := op.logAction() + " " + op.id
		if logged[key] == 0 {
			t.Errorf("acknowledged %s has no (or too few) log entries", key)
		}
		logged[key]--
	}
	if extra := total - len(l.acks); extra < 0 || extra > l.inFlight {
		t.Errorf("%d business entries in the log for %d acknowledged writes and %d in flight", total, len(l.acks), l.inFlight)
	}
}
