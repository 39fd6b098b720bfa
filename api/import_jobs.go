package api

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
	"github.com/safezone/safezone/store"
)

const (
	// keptImportJobs is how many import jobs the server remembers.
	keptImportJobs = 50
	// maxListedBadRows caps the bad rows a job lists; BadCount counts all.
	maxListedBadRows = 1000
)

// The states of an import job, in order; it ends done or failed.
const (
	importQueued   = "queued"   // waiting for the import before it
	importReading  = "reading"  // reading the files
	importWriting  = "writing"  // writing to the store, in one transaction
	importIndexing = "indexing" // reloading the data with the imported schools and water
	importDone     = "done"
	importFailed   = "failed"
)

// importJobs are the server's recent import jobs. Jobs run one at a time.
type importJobs struct {
	mu   sync.Mutex
	seq  uint64
	jobs []*importJob // oldest first
	run  sync.Mutex   // held by the job running
}

func newImportJobs() *importJobs { return &importJobs{} }

// importJob is one upload being imported. Its fields change under mu.
type importJob struct {
	id      string
	by      string // the actor, for the store's log
	up      *upload
	opts    imports.Options
	skipBad bool

	mu sync.Mutex
	v  importJobResponse
}

// importJobResponse is an import job as the API shows it.
type importJobResponse struct {
	ID         string         `json:"id"`
	State      string         `json:"state"`
	Files      []string       `json:"files"`
	CreatedBy  string         `json:"created_by"`
	CreatedAt  string         `json:"created_at"`
	FinishedAt string         `json:"finished_at,omitempty"`
	Progress   importProgress `json:"progress"`
	Rows       int            `json:"rows"`
	BadCount   int            `json:"bad_count"`
	BadRows    []badRowJSON   `json:"bad_rows"`
	Ignored    []string       `json:"ignored_columns,omitempty"`
	Imported   *importedJSON  `json:"imported,omitempty"`
	Reload     *reloadOutcome `json:"reload,omitempty"`
	Error      string         `json:"error,omitempty"`
}

// importProgress says how far reading has got: file File of Files, Done of
// Total (bytes of a CSV file, records of a Shapefile; Total is 0 when
// unknown, as for sheets, whose rows are counted).
type importProgress struct {
	File  int    `json:"file"`
	Files int    `json:"files"`
	Name  string `json:"name"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
}

// badRowJSON is a bad row: Message is the line `safezone import` prints.
type badRowJSON struct {
	File    string `json:"file"`
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

type importedJSON struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Features  int `json:"features"` // schools and water bodies
}

// add records a new queued job for up, dropping the oldest finished jobs
// past keptImportJobs.
func (js *importJobs) add(up *upload, opts imports.Options, skipBad bool, by string) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.seq++
	j := &importJob{id: strconv.FormatUint(js.seq, 10), by: by, up: up, opts: opts, skipBad: skipBad}
	j.v = importJobResponse{ID: j.id, State: importQueued, Files: up.files, CreatedBy: by, CreatedAt: time.Now().UTC().Format(time.RFC3339),
		Progress: importProgress{Files: len(up.files)}, BadRows: []badRowJSON{}}
	js.jobs = append(js.jobs, j)
	for i := 0; len(js.jobs) > keptImportJobs && i < len(js.jobs); {
		if js.jobs[i].finished() {
			js.jobs = append(js.jobs[:i], js.jobs[i+1:]...)
			continue
		}
		i++
	}
	return j
}

func (js *importJobs) get(id string) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	for _, j := range js.jobs {
		if j.id == id {
			return j
		}
	}
	return nil
}

func (js *importJobs) list() []importJobResponse {
	js.mu.Lock()
	defer js.mu.Unlock()
	out := make([]importJobResponse, 0, len(js.jobs))
	for i := len(js.jobs) - 1; i >= 0; i-- {
		out = append(out, js.jobs[i].view())
	}
	return out
}

// view returns a copy of the job's state.
func (j *importJob) view() importJobResponse {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.v
}

func (j *importJob) finished() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.v.State == importDone || j.v.State == importFailed
}

// update changes the job's state under its lock.
func (j *importJob) update(fn func(v *importJobResponse)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fn(&j.v)
	if j.v.State == importDone || j.v.State == importFailed {
		j.v.FinishedAt = time.Now().UTC().Format(time.RFC3339)
	}
}

// fail ends the job with msg.
func (j *importJob) fail(msg string) {
	j.update(func(v *importJobResponse) { v.State, v.Error = importFailed, msg })
}

// runImport runs j after the jobs before it: it reads its files, writes
// them to the store in one transaction unless a row is bad (and skip_bad
// is not set), and reloads the data if schools or water bodies were
// imported, so that they are indexed. It removes the uploaded files.
func (s *Server) runImport(j *importJob) {
	defer os.RemoveAll(j.up.dir)
	s.imports.run.Lock()
	defer s.imports.run.Unlock()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("import failed", "id", j.id, "panic", r)
			j.fail("internal error: see the server's log")
		}
	}()
	b, ok := s.readImport(j)
	if !ok {
		return
	}
	if len(b.Bad) > 0 && !j.skipBad {
		j.fail(fmt.Sprintf("%s in %s read; nothing was imported: fix them, or import again with skip_bad=true to import the other %s",
			plural(len(b.Bad), "bad row"), plural(b.Rows, "row"), plural(b.Rows-len(b.Bad), "row")))
		return
	}
	j.update(func(v *importJobResponse) { v.State = importWriting })
	b.Batch.Source = strings.Join(j.up.files, " ")
	sum, err := s.cfg.Store.Import(context.Background(), j.by, b.Batch)
	if err != nil {
		j.fail(s.importError(j, err))
		return
	}
	j.update(func(v *importJobResponse) {
		v.Imported = &importedJSON{Created: sum.Created, Updated: sum.Updated, Unchanged: sum.Unchanged, Features: sum.Features}
	})
	if sum.Features > 0 && s.cfg.Reload != nil {
		j.update(func(v *importJobResponse) { v.State = importIndexing })
		st, _ := s.Reload(context.Background(), "import "+j.id+" by "+j.by)
		j.update(func(v *importJobResponse) { v.Reload = outcome(st) })
	}
	j.update(func(v *importJobResponse) { v.State = importDone })
}

// readImport reads j's files into a batch, recording progress and bad
// rows; false if a file cannot be read at all (the job has failed).
func (s *Server) readImport(j *importJob) (*store.ImportBuilder, bool) {
	b := &store.ImportBuilder{}
	for i, name := range j.up.files {
		j.update(func(v *importJobResponse) {
			v.State, v.Progress = importReading, importProgress{File: i + 1, Files: len(j.up.files), Name: name}
		})
		opts := j.opts
		opts.Progress = func(done, total int64) {
			j.update(func(v *importJobResponse) { v.Progress.Done, v.Progress.Total = done, total })
		}
		im, err := imports.Read(filepath.Join(j.up.dir, name), opts)
		if err != nil {
			j.fail(s.importError(j, err))
			return nil, false
		}
		b.Add(name, im)
		j.update(func(v *importJobResponse) {
			v.Rows, v.BadCount, v.BadRows, v.Ignored = b.Rows, len(b.Bad), badRows(b.Bad), b.Ignored
		})
	}
	return b, true
}

// importError is the message of a failed import: bad input as it is, with
// the uploaded files' names instead of their temporary paths; other
// errors only in the log.
func (s *Server) importError(j *importJob, err error) string {
	if errors.Is(err, geo.ErrInvalidInput) || errors.Is(err, geo.ErrNotFound) {
		return strings.ReplaceAll(err.Error(), j.up.dir+string(filepath.Separator), "")
	}
	s.log.Error("import failed", "id", j.id, "err", err)
	return "internal error: see the server's log"
}

// badRows lists up to maxListedBadRows of bad.
func badRows(bad []*imports.RowError) []badRowJSON {
	out := make([]badRowJSON, 0, min(len(bad), maxListedBadRows))
	for _, e := range bad[:min(len(bad), maxListedBadRows)] {
		out = append(out, badRowJSON{File: e.File, Row: e.Row, Field: e.Field, Reason: e.Err.Error(), Message: e.Error()})
	}
	return out
}

// outcome is a reload's outcome as the API shows it.
func outcome(st ReloadStatus) *reloadOutcome {
	o := &reloadOutcome{Reason: st.Reason, Full: st.Full, StartedAt: st.Started.Format(time.RFC3339), FinishedAt: st.Finished.Format(time.RFC3339),
		TookMS: st.Finished.Sub(st.Started).Milliseconds(), OK: st.Err == nil, Generation: st.Generation}
	if st.Err != nil {
		o.Error = st.Err.Error()
	}
	return o
}

// plural is "1 row" or "2 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
