package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// Webhook says where the ledger's events go and how their deliveries are
// retried. Events come from the store's durable outbox, written with the
// change they tell of, so a change that was acknowledged is told even if
// the server dies before the delivery: at least once, each delivery of an
// event with the same Idempotency-Key header.
type Webhook struct {
	URL    string       // empty: events are dropped
	Client *http.Client // nil: a client with a 10 s timeout
	// A failed delivery is tried again after MinBackoff, then twice as
	// long each time, up to MaxBackoff, until the receiver answers 2xx.
	MinBackoff, MaxBackoff time.Duration // 0: 1 s and 10 min
	Poll                   time.Duration // how often the outbox is read; 0: 1 s
	OverdueEvery           time.Duration // how often new overdue is looked for; 0: 1 min
}

// outboxLease is how long a claimed event waits for its delivery before
// it may be claimed again (by a replica, or after a crash).
const outboxLease = time.Minute

func (w Webhook) withDefaults() Webhook {
	if w.Client == nil {
		w.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if w.MinBackoff <= 0 {
		w.MinBackoff = time.Second
	}
	if w.MaxBackoff <= 0 {
		w.MaxBackoff = 10 * time.Minute
	}
	if w.Poll <= 0 {
		w.Poll = time.Second
	}
	if w.OverdueEvery <= 0 {
		w.OverdueEvery = time.Minute
	}
	return w
}

// backoff is the wait after the attempts-th failed delivery (from 1).
func (w Webhook) backoff(attempts int) time.Duration {
	d := w.MinBackoff
	for i := 1; i < attempts && d < w.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.MaxBackoff)
}

// RunLedger runs the ledger's background work until ctx is done: every
// OverdueEvery it records the hazards that reached a new escalation level
// (each queues an event), and every Poll it delivers the outbox to the
// webhook. It does nothing without a ledger and a store.
func (s *Server) RunLedger(ctx context.Context) {
	if s.cfg.Ledger == nil || s.cfg.Store == nil {
		return
	}
	w := s.cfg.Webhook.withDefaults()
	poll, overdue := time.NewTicker(w.Poll), time.NewTicker(w.OverdueEvery)
	defer poll.Stop()
	defer overdue.Stop()
	s.announceOverdue(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-overdue.C:
			s.announceOverdue(ctx)
		case <-poll.C:
			s.deliverOutbox(ctx, w)
		}
	}
}

func (s *Server) announceOverdue(ctx context.Context) {
	if n, err := s.cfg.Store.AnnounceOverdue(ctx, s.cfg.Ledger, s.now()); err != nil && ctx.Err() == nil {
		s.log.Error("ledger: announce overdue", "err", err)
	} else if n > 0 {
		s.log.Info("ledger: hazards reached a new escalation level", "hazards", n)
	}
}

// deliverOutbox sends the events due, one at a time, oldest first. Leases
// and retries go by the wall clock, not Config.Now, which is the ledger's
// clock for deadlines.
func (s *Server) deliverOutbox(ctx context.Context, w Webhook) {
	for ctx.Err() == nil {
		evs, err := s.cfg.Store.ClaimOutbox(ctx, time.Now(), outboxLease, 50)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("ledger: read the outbox", "err", err)
			}
			return
		}
		for _, ev := range evs {
			s.deliver(ctx, w, ev)
		}
		if len(evs) < 50 {
			return
		}
	}
}

// deliver sends one event; a 2xx removes it, anything else schedules the
// next attempt. Without a URL the event is dropped.
func (s *Server) deliver(ctx context.Context, w Webhook, ev store.OutboxEvent) {
	err := s.post(ctx, w, ev)
	if ctx.Err() != nil {
		return // the lease runs out and the event is sent again
	}
	if err == nil {
		if err := s.cfg.Store.AckOutbox(ctx, ev.Seq); err != nil {
			s.log.Error("ledger: acknowledge an event", "key", ev.Key, "err", err)
		}
		return
	}
	next := time.Now().Add(w.backoff(ev.Attempts + 1))
	s.log.Warn("ledger: webhook delivery failed", "key", ev.Key, "attempt", ev.Attempts+1, "retry_at", next, "err", err)
	if err := s.cfg.Store.RetryOutbox(ctx, ev.Seq, next, err.Error()); err != nil {
		s.log.Error("ledger: schedule a retry", "key", ev.Key, "err", err)
	}
}

func (s *Server) post(ctx context.Context, w Webhook, ev store.OutboxEvent) error {
	if w.URL == "" {
		return nil
	}
	body, err := json.Marshal(s.newEventJSON(ev))
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", ev.Key)
	req.Header.Set("X-Safezone-Event", ev.Type)
	req.Header.Set("User-Agent", "safezone/"+s.cfg.Version)
	resp, err := w.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// eventJSON is the body of a webhook delivery.
type eventJSON struct {
	ID         string            `json:"id"` // the Idempotency-Key
	Type       string            `json:"type"`
	Time       string            `json:"time"`
	Attempt    int               `json:"attempt"`
	Hazard     *ledgerHazardJSON `json:"hazard,omitempty"`
	Entry      *entryJSON        `json:"entry,omitempty"`
	Level      int               `json:"escalation_level,omitempty"`
	LevelLabel string            `json:"escalation_label,omitempty"`
	Sync       *syncJSON         `json:"sync,omitempty"`
}

func (s *Server) newEventJSON(ev store.OutboxEvent) eventJSON {
	j := eventJSON{ID: ev.Key, Type: ev.Type, Time: rfc3339(ev.CreatedAt), Attempt: ev.Attempts + 1, Level: ev.Level}
	if ev.Type == store.EventSynced {
		sj := newSyncJSON(ev.Pack, ev.Sync)
		j.Sync = &sj
		return j
	}
	hj := newLedgerHazardJSON(s.cfg.Ledger, &ev.Hazard, ev.CreatedAt, ledger.Actor{})
	j.Hazard = &hj
	if ev.Entry.Seq != 0 {
		ej := newEntryJSON(ev.Entry)
		j.Entry = &ej
	}
	if levels := s.cfg.Ledger.Escalation.Levels.Value; ev.Level > 0 && ev.Level <= len(levels) {
		j.LevelLabel = levels[ev.Level-1]
	}
	return j
}
