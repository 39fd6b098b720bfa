package main

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/safezone/safezone/store"
)

// importJob is an import job as the admin API answers it.
type importJob struct {
	ID       string
	State    string
	Progress struct {
		File, Files int
		Name        string
		Done, Total int64
	}
	Rows     int
	BadCount int      `json:"bad_count"`
	Ignored  []string `json:"ignored_columns"`
	BadRows  []struct {
		Message string
	} `json:"bad_rows"`
	Imported *struct{ Created, Updated, Unchanged, Features int }
	Reload   *struct {
		OK         bool
		Error      string
		Generation uint64
		TookMS     int64 `json:"took_ms"`
	}
	Error string
}

// importPoll is how often the job is asked how it is going.
const importPoll = 200 * time.Millisecond

// importRemote sends the files to the server, as one multipart upload,
// follows the import job it starts, drawing its progress, and reports as
// importLocal does.
func importRemote(ctx context.Context, c *client, f importFlags, files []string, stdout io.Writer) error {
	for _, path := range files {
		if _, err := os.Stat(path); err != nil {
			return err
		}
	}
	start := time.Now()
	p := newProgress(os.Stderr)
	body, ctype := multipartFiles(files)
	var job importJob
	p.status("sending " + plural(len(files), "file") + " to " + c.base)
	err := c.do(ctx, http.MethodPost, "/api/v1/admin/imports?"+f.query().Encode(), body, ctype, &job)
	p.done()
	if err != nil {
		return err
	}
	for job.State != "done" && job.State != "failed" {
		p.status(job.status())
		select {
		case <-ctx.Done():
			p.done()
			return ctx.Err()
		case <-time.After(importPoll):
		}
		if err := c.do(ctx, http.MethodGet, "/api/v1/admin/imports/"+url.PathEscape(job.ID), nil, "", &job); err != nil {
			p.done()
			return err
		}
	}
	p.done()
	return job.report(stdout, c.base, time.Since(start))
}

// status is the progress line of a job.
func (j *importJob) status() string {
	switch j.State {
	case "reading":
		return fmt.Sprintf("[%d/%d] %s %s", j.Progress.File, j.Progress.Files, j.Progress.Name, bar(j.Progress.Done, j.Progress.Total))
	case "writing":
		return "writing to the store"
	case "indexing":
		return "reloading the map data with the imported schools and water bodies"
	}
	return "waiting for the import before it"
}

// report prints the job's outcome as importLocal does.
func (j *importJob) report(w io.Writer, server string, took time.Duration) error {
	bad := make([]string, len(j.BadRows))
	for i, b := range j.BadRows {
		bad[i] = b.Message
	}
	if j.State == "failed" {
		if j.BadCount == 0 {
			return inputError("server " + server + ": " + j.Error)
		}
		for _, b := range bad {
			fmt.Fprintln(w, b)
		}
		more := ""
		if j.BadCount > len(bad) {
			more = fmt.Sprintf(", the first %d", len(bad))
		}
		return badRowsError(j.BadCount, j.Rows, more)
	}
	var sum store.ImportSummary
	if im := j.Imported; im != nil {
		sum = store.ImportSummary{Created: im.Created, Updated: im.Updated, Unchanged: im.Unchanged, Features: im.Features}
	}
	report(w, server, j.Rows, bad, j.Ignored, sum, took)
	if r := j.Reload; r != nil && r.OK {
		fmt.Fprintf(w, "the server reloaded its data with them in %.1fs (generation %d)\n", float64(r.TookMS)/1000, r.Generation)
	} else if r != nil {
		return fmt.Errorf("imported, but the server's reload failed, so the schools and water bodies are not indexed yet: %s", r.Error)
	}
	return nil
}

// query is the import's options as the API's query parameters.
func (f importFlags) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"crs": f.crs, "kind": f.kind, "encoding": f.encoding, "columns": f.columns, "sheet": f.sheet} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.skipBad {
		q.Set("skip_bad", strconv.FormatBool(true))
	}
	return q
}

// multipartFiles streams files as a multipart/form-data body of parts
// named "file", with the Shapefile parts next to a .shp.
func multipartFiles(files []string) (io.Reader, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := writeParts(mw, files)
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType()
}

func writeParts(mw *multipart.Writer, files []string) error {
	for _, path := range files {
		paths := []string{path}
		if ext := filepath.Ext(path); ext == ".shp" || ext == ".SHP" {
			for _, part := range []string{".shx", ".dbf", ".prj", ".cpg"} {
				if p := path[:len(path)-len(ext)] + part; fileExists(p) {
					paths = append(paths, p)
				}
			}
		}
		for _, p := range paths {
			if err := writePart(mw, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func writePart(mw *multipart.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := mw.CreateFormFile("file", filepath.Base(path))
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	return err
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
