package api

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/safezone/safezone/geo"
)

// ErrNoReload is returned by Server.Reload when the server was not given
// Config.Reload.
var ErrNoReload = errors.New("api: this server cannot reload its data")

// ReloadStatus is the outcome of a reload.
type ReloadStatus struct {
	Reason     string // who or what asked, such as "SIGHUP" or "admin:ab12cd34"
	Full       bool   // the map data was read again; false: only rule packs changed
	Started    time.Time
	Finished   time.Time
	Generation uint64 // of the data serving when it finished
	Err        error  // why it failed; the data of Generation kept serving
}

// reloader runs reloads one at a time. A reload asked for while one runs is
// queued to run after it, since it may be about files changed after that
// one read them; requests queued meanwhile share it.
type reloader struct {
	mu      sync.Mutex
	running *reloadRun
	next    *reloadRun
	last    *reloadRun // the last one finished
}

// reloadRun is one reload: of everything (full), or of the rule packs only,
// with pack as the new default (nil: the current default).
type reloadRun struct {
	full   bool
	pack   *geo.RulePack
	reason string
	done   chan struct{}
	status ReloadStatus // set before done is closed
}

// Reload loads the data again with Config.Reload in the background and,
// if that works, swaps it in: requests under way finish on the old data,
// later ones get the new. It waits for the reload (one that starts after
// this call, so it sees every file changed before it) until ctx is done;
// the reload goes on regardless. A reload that fails leaves the old data
// serving, and ReloadStatus.Err says why. It returns ErrNoReload if the
// server has no Config.Reload, and ctx's error if ctx ends first. Safe for
// concurrent use.
func (s *Server) Reload(ctx context.Context, reason string) (ReloadStatus, error) {
	if s.cfg.Reload == nil {
		return ReloadStatus{}, ErrNoReload
	}
	return s.waitReload(ctx, s.queueReload(&reloadRun{full: true, reason: reason}))
}

// waitReload waits for run until ctx is done.
func (s *Server) waitReload(ctx context.Context, run *reloadRun) (ReloadStatus, error) {
	select {
	case <-run.done:
		return run.status, nil
	case <-ctx.Done():
		return ReloadStatus{}, ctx.Err()
	}
}

// queueReload starts run, or queues it after the one running, merged with
// any queued already, and returns the run that will do its work.
func (s *Server) queueReload(run *reloadRun) *reloadRun {
	r := &s.reloads
	r.mu.Lock()
	defer r.mu.Unlock()
	run.done = make(chan struct{})
	if r.running == nil {
		r.running = run
		go s.runReloads(run)
		return run
	}
	if r.next == nil {
		r.next = run
		return run
	}
	// A full reload reads the default pack from the store, where it was
	// written before this was queued; of two rule changes, the later wins.
	r.next.full = r.next.full || run.full
	if run.pack != nil {
		r.next.pack = run.pack
	}
	r.next.reason += ", " + run.reason
	return r.next
}

// runReloads runs run, then those queued meanwhile.
func (s *Server) runReloads(run *reloadRun) {
	for run != nil {
		run.status = s.reloadOnce(run)
		r := &s.reloads
		r.mu.Lock()
		r.last = run
		close(run.done)
		run, r.running, r.next = r.next, r.next, nil
		r.mu.Unlock()
	}
}

// reloadOnce does one reload and swaps its result in.
func (s *Server) reloadOnce(run *reloadRun) ReloadStatus {
	st := ReloadStatus{Reason: run.reason, Full: run.full, Started: time.Now().UTC()}
	old := s.data()
	var next *dataset
	if run.full {
		next, st.Err = s.loadDataset(old)
	} else {
		next = old.withRules(run.pack)
	}
	st.Finished = time.Now().UTC()
	if st.Err != nil {
		st.Generation = old.gen
		s.log.Error("reload failed: still serving the data loaded before", "reason", run.reason, "generation", old.gen, "err", st.Err)
		return st
	}
	next.took = st.Finished.Sub(st.Started)
	s.cur.Store(next)
	st.Generation = next.gen
	s.log.Info("reloaded", "reason", run.reason, "full", run.full, "generation", next.gen, "took_ms", next.took.Milliseconds(),
		"schools", next.Index.Count(geo.School), "businesses", next.Index.Count(geo.Business), "water", next.Index.Count(geo.WaterBody), "rules", next.Rules.ID)
	return st
}

// loadDataset loads the next generation after old with Config.Reload. A
// panic in the loaders is an error: the old data keeps serving. If the
// pedestrian graph of old was built, the new one is built before the
// swap, so that the first walking check after it does not wait for it.
func (s *Server) loadDataset(old *dataset) (next *dataset, err error) {
	defer func() {
		if r := recover(); r != nil {
			next, err = nil, fmt.Errorf("panic while loading: %v", r)
		}
	}()
	d, err := s.cfg.Reload(context.Background())
	if err != nil {
		return nil, err
	}
	if d.Index == nil || d.Rules == nil {
		return nil, errors.New("the loader returned no index or no rules")
	}
	next = newDataset(d, old.gen+1, old.lookup)
	if old.walkBuilt.Load() {
		next.walk()
	}
	// The old generation's memory goes once the last request on it ends;
	// the new one's temporaries can go now (see cmd/safezone loadTimed).
	runtime.GC()
	return next, nil
}

// reloadState is what GET /api/v1/admin/reload reports.
func (s *Server) reloadState() (cur *dataset, running bool, last *ReloadStatus) {
	r := &s.reloads
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last != nil {
		st := r.last.status
		last = &st
	}
	return s.data(), r.running != nil, last
}
