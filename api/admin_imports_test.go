package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

type importJob struct {
	ID       string   `json:"id"`
	State    string   `json:"state"`
	Files    []string `json:"files"`
	Progress struct {
		File, Files int
		Name        string
		Done, Total int64
	} `json:"progress"`
	Rows     int `json:"rows"`
	BadCount int `json:"bad_count"`
	BadRows  []struct {
		File, Field, Reason, Message string
		Row                          int
	} `json:"bad_rows"`
	Imported *struct{ Created, Updated, Unchanged, Features int } `json:"imported"`
	Reload   *struct {
		OK         bool
		Generation uint64
	} `json:"reload"`
	Error string `json:"error"`
}

const (
	licencesCSV = "名称,类别,经度,纬度,许可证号\n星空网吧,网吧,104.002,30.0015,L1\n好运彩票,彩票,104.0025,30.0005,L2\n"
	badRowCSV   = "坏网吧,网吧,104.07,130.66,L3\n"
	schoolsCSV  = "编号,名称,学段,经度,纬度\ns1,新建小学,小学,104.02,30.0205\n"
)

// postImport uploads body as the raw body of an import, named name, with
// query parameters query, and returns the answer.
func (ts *TestServer) postImport(tb testing.TB, name, query, body string) *httptest.ResponseRecorder {
	tb.Helper()
	r := ts.NewRequest("POST", "/api/v1/admin/imports?name="+name+query, store.RoleAdmin, body)
	r.Header.Set("Content-Type", "application/octet-stream")
	return ts.Serve(r)
}

// MustImport waits for the job that answer w started to end, and returns
// it.
func (ts *TestServer) MustImport(tb testing.TB, w *httptest.ResponseRecorder) importJob {
	tb.Helper()
	var j importJob
	MustJSON(tb, w, http.StatusAccepted, &j)
	if loc := w.Header().Get("Location"); loc != "/api/v1/admin/imports/"+j.ID {
		tb.Fatalf("Location %q for job %q", loc, j.ID)
	}
	for deadline := time.Now().Add(10 * time.Second); j.State != "done" && j.State != "failed"; {
		if time.Now().After(deadline) {
			tb.Fatalf("import %s still %s", j.ID, j.State)
		}
		time.Sleep(10 * time.Millisecond)
		MustJSON(tb, ts.Do(tb, "GET", "/api/v1/admin/imports/"+j.ID, store.RoleAdmin, ""), 200, &j)
	}
	return j
}

func TestAdmin_import(t *testing.T) {
	ts, _ := MustReloadServer(t)
	j := ts.MustImport(t, ts.postImport(t, "licences.csv", "", licencesCSV))
	if j.State != "done" || j.Rows != 2 || j.BadCount != 0 || j.Imported == nil || j.Imported.Created != 2 || j.Reload != nil {
		t.Fatalf("job %+v", j)
	}
	if j.Progress.Name != "licences.csv" || j.Progress.Total != int64(len(licencesCSV)) || j.Progress.Done != j.Progress.Total {
		t.Errorf("progress %+v, want the file's %d bytes read", j.Progress, len(licencesCSV))
	}
	bs, err := ts.Store.Businesses(t.Context())
	if err != nil || len(bs) != 2 || bs[0].Licence != "L1" || bs[0].Status != store.Licensed {
		t.Fatalf("stored %+v, %v", bs, err)
	}
	// Importing again changes nothing.
	if j := ts.MustImport(t, ts.postImport(t, "licences.csv", "", licencesCSV)); j.Imported.Unchanged != 2 {
		t.Errorf("re-import %+v", j.Imported)
	}
	var list []importJob
	MustJSON(t, ts.Do(t, "GET", "/api/v1/admin/imports", store.RoleAdmin, ""), 200, &list)
	if len(list) != 2 || list[0].ID != "2" || list[1].ID != "1" {
		t.Errorf("jobs %+v", list)
	}
}

// TestAdmin_import_badRows checks the bad-row report: nothing imported
// and every bad row listed, or with skip_bad the good rows imported.
func TestAdmin_import_badRows(t *testing.T) {
	ts := MustServer(t)
	j := ts.MustImport(t, ts.postImport(t, "licences.csv", "", licencesCSV+badRowCSV))
	want := `licences.csv:4: 纬度 (lat) "130.66": must be between -90 and 90`
	if j.State != "failed" || j.BadCount != 1 || len(j.BadRows) != 1 || j.BadRows[0].Message != want || j.BadRows[0].Row != 4 || j.BadRows[0].Field != "lat" ||
		j.Error != "1 bad row in 3 rows read; nothing was imported: fix them, or import again with skip_bad=true to import the other 2 rows" {
		t.Fatalf("job %+v", j)
	}
	if bs, _ := ts.Store.Businesses(t.Context()); len(bs) != 0 {
		t.Fatalf("a refused import stored %d businesses", len(bs))
	}
	j = ts.MustImport(t, ts.postImport(t, "licences.csv", "&skip_bad=true", licencesCSV+badRowCSV))
	if j.State != "done" || j.Imported.Created != 2 || j.BadCount != 1 || j.BadRows[0].Message != want {
		t.Fatalf("skip_bad: %+v", j)
	}
}

// TestAdmin_import_schools checks that a school layer, sent as a multipart
// form, is indexed by the reload that follows it.
func TestAdmin_import_schools(t *testing.T) {
	ts := MustServer(t, withStoreLoader(t))
	body, ctype := multipartBody(t, map[string]string{"schools.csv": schoolsCSV})
	r := ts.NewRequest("POST", "/api/v1/admin/imports?kind=school", store.RoleAdmin, "")
	r.Body = httptestBody(body)
	r.Header.Set("Content-Type", ctype)
	j := ts.MustImport(t, ts.Serve(r))
	if j.State != "done" || j.Imported.Features != 1 || j.Reload == nil || !j.Reload.OK || j.Reload.Generation != 2 {
		t.Fatalf("job %+v reload %+v", j, j.Reload)
	}
	var found []struct{ ID string }
	MustJSON(t, ts.Do(t, "GET", "/api/v1/schools/search?q=%E6%96%B0%E5%BB%BA", "", ""), 200, &found)
	if len(found) != 1 || found[0].ID != "imp/schools/s1" {
		t.Fatalf("search for the imported school: %+v", found)
	}
}

// withStoreLoader gives the server a loader of the fixtures with the
// schools and water bodies imported into its store, as the command's is.
func withStoreLoader(tb testing.TB) func(*api.Config) {
	return func(c *api.Config) {
		st, rules := c.Store, c.Rules
		c.Reload = func(ctx context.Context) (api.Data, error) {
			extra, err := st.Features(ctx)
			if err != nil {
				return api.Data{}, err
			}
			idx, err := geo.NewIndex(append(MustFeatures(tb), extra...))
			return api.Data{Index: idx, Rules: rules}, err
		}
	}
}

func multipartBody(tb testing.TB, files map[string]string) (*bytes.Buffer, string) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, data := range files {
		w, err := mw.CreateFormFile("file", name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(data))
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func httptestBody(b *bytes.Buffer) *readCloser { return &readCloser{b} }

type readCloser struct{ *bytes.Buffer }

func (readCloser) Close() error { return nil }

func TestAdmin_import_errors(t *testing.T) {
	ts := MustServer(t, func(c *api.Config) { c.ImportLimit = 1 << 10 })
	big := licencesCSV + strings.Repeat("# padding\n", 200)
	tests := []struct {
		name, file, query, body string
		code                    int
		want                    string
	}{
		{"Kind", "a.csv", "&kind=shop", licencesCSV, 400, `kind "shop": must be one of school, business, water`},
		{"CRS", "a.csv", "&crs=mars", licencesCSV, 400, `crs "mars": must be one of wgs84, cgcs2000, gcj02, bd09`},
		{"Columns", "a.csv", "&columns=name", licencesCSV, 400, `columns "name": must be field=header pairs`},
		{"SkipBad", "a.csv", "&skip_bad=maybe", licencesCSV, 400, `skip_bad "maybe": must be true or false`},
		{"Extension", "a.pdf", "", licencesCSV, 400, `file "a.pdf": extension ".pdf": must be one of .csv`},
		{"Path", "..%2Fa.csv", "", licencesCSV, 400, `file "../a.csv": must be a file name without a directory`},
		{"TooLarge", "a.csv", "", big, 413, "body: larger than the import limit of 1 KiB (1024 bytes; serve --import-limit)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.postImport(t, tc.file, tc.query, tc.body), tc.code, tc.want)
		})
	}
	r := ts.NewRequest("POST", "/api/v1/admin/imports", store.RoleAdmin, licencesCSV)
	r.Header.Set("Content-Type", "text/plain")
	MustError(t, ts.Serve(r), 400, `name: required with a "text/plain" body`)
	MustError(t, ts.Do(t, "GET", "/api/v1/admin/imports/99", store.RoleAdmin, ""), 404, `import "99": no such import`)
	MustError(t, ts.Do(t, "GET", "/api/v1/admin/imports", store.RoleRegulator, ""), 403, `role "regulator"`)
	// A file that cannot be read fails the job, naming it as it was sent.
	j := ts.MustImport(t, ts.postImport(t, "layer.geojson", "", `{"type":"FeatureCollection","features":[{]}`))
	if j.State != "failed" || !strings.HasPrefix(j.Error, "layer.geojson") || strings.Contains(j.Error, "safezone-import-") {
		t.Errorf("an unreadable file: %+v", j)
	}
	// A body over the limit is refused while it is read, without a length.
	r = ts.NewRequest("POST", "/api/v1/admin/imports?name=a.csv", store.RoleAdmin, "")
	r.Body, r.ContentLength = httptestBody(bytes.NewBufferString(big)), -1
	MustError(t, ts.Serve(r), 413, "larger than the import limit of 1 KiB")
	body, ctype := multipartBody(t, map[string]string{"a.csv": big})
	r = ts.NewRequest("POST", "/api/v1/admin/imports", store.RoleAdmin, "")
	r.Body, r.ContentLength = httptestBody(body), -1
	r.Header.Set("Content-Type", ctype)
	if b := MustError(t, ts.Serve(r), 413, "larger than the import limit of 1 KiB"); b.Code != "too_large" || b.Params["limit"] != "1 KiB" {
		t.Errorf("code %q params %v, want too_large with the limit 1 KiB", b.Code, b.Params)
	}
}
