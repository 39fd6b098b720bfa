package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
)

// DefaultImportLimit is the largest upload to import, in bytes, unless
// Config.ImportLimit says otherwise.
const DefaultImportLimit = 256 << 20

// importExts are the extensions of the files imports.Read reads;
// shapefileParts those that may come with a .shp of the same name.
var (
	importExts     = []string{".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".shp", ".zip", ".geojson", ".json", ".geojsonl", ".ndjson"}
	shapefileParts = []string{".shx", ".dbf", ".prj", ".cpg"}
)

// contentTypeNames names a raw body without a name parameter by its type.
var contentTypeNames = map[string]string{
	"text/csv":                  "upload.csv",
	xlsxType:                    "upload.xlsx",
	"application/geo+json":      "upload.geojson",
	"application/zip":           "upload.zip",
	"application/x-ndjson":      "upload.ndjson",
	"text/tab-separated-values": "upload.tsv",
}

// upload is what receiveUpload wrote: the files to read, in the order
// sent, in dir.
type upload struct {
	dir   string
	files []string // names, without the Shapefile parts
}

// receiveUpload writes the files of an import request into a new
// temporary directory: the body itself, named by the name parameter (or
// its content type), or each part named "file" of a multipart/form-data
// body, named by its file name. At most limit bytes are read in all; more
// is a 413 that states the limit. The caller removes the directory.
func receiveUpload(c echo.Context, limit int64) (*upload, error) {
	r := c.Request()
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	dir, err := os.MkdirTemp("", "safezone-import-")
	if err != nil {
		return nil, err
	}
	up := &upload{dir: dir}
	body := &limitedBody{r: r.Body, left: limit, limit: limit}
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if mt == "multipart/form-data" {
		err = up.receiveParts(c, body)
	} else {
		err = up.receiveBody(c, mt, body)
	}
	if err == nil {
		err = up.check()
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return up, nil
}

// receiveBody writes a raw body as one file.
func (up *upload) receiveBody(c echo.Context, mt string, body *limitedBody) error {
	name := c.QueryParam("name")
	if name == "" {
		name = contentTypeNames[mt]
	}
	if name == "" {
		return badRequest("name: required with a %q body: the file's name, such as licences.csv, tells its format", clip(mt))
	}
	return up.write(name, body)
}

// receiveParts writes each file part of a multipart body.
func (up *upload) receiveParts(c echo.Context, body *limitedBody) error {
	c.Request().Body = io.NopCloser(body)
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return badBody("%v", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return body.orBadRequest(err)
		}
		if part.FormName() != "file" || part.FileName() == "" {
			return badRequest("form field %q: send files as parts named \"file\", and options as query parameters", clip(part.FormName()))
		}
		if err := up.write(part.FileName(), part); err != nil {
			return body.orBadRequest(err)
		}
	}
}

// write writes one file, refusing a bad or repeated name.
func (up *upload) write(name string, r io.Reader) error {
	if err := checkFileName("file", name); err != nil {
		return err
	}
	path := filepath.Join(up.dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return badRequest("file %q: sent twice", name)
	}
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(name))
	if !slices.Contains(shapefileParts, ext) {
		up.files = append(up.files, name)
	}
	return nil
}

// check refuses an upload with no file, a file of a format not read, and
// a Shapefile part without its .shp.
func (up *upload) check() error {
	if len(up.files) == 0 {
		return badRequest("file: none sent: send a CSV, XLSX, Shapefile (.zip) or GeoJSON file")
	}
	for _, name := range up.files {
		if ext := strings.ToLower(filepath.Ext(name)); !slices.Contains(importExts, ext) {
			return badRequest("file %q: extension %q: must be one of %s", name, ext, strings.Join(importExts, ", "))
		}
	}
	entries, err := os.ReadDir(up.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if !slices.Contains(shapefileParts, strings.ToLower(ext)) {
			continue
		}
		if !slices.ContainsFunc(up.files, func(f string) bool { return strings.EqualFold(f, strings.TrimSuffix(e.Name(), ext)+".shp") }) {
			return badRequest("file %q: a Shapefile part without its .shp", e.Name())
		}
	}
	return nil
}

// limitedBody reads a request body of at most limit bytes; past it, reads
// fail with the 413 that states the limit.
type limitedBody struct {
	r           io.Reader
	left, limit int64
	err         error // the body's own read error, such as Echo's BodyLimit
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly limit bytes from a longer one.
		var one [1]byte
		if n, _ := b.r.Read(one[:]); n > 0 {
			return 0, tooLarge(b.limit)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// orBadRequest returns the 413 if reading stopped at the limit, else err
// as bad input.
func (b *limitedBody) orBadRequest(err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	if b.err != nil {
		return fmt.Errorf("read body: %w", b.err)
	}
	return badBody("%v", err)
}

// tooLarge is the 413 for an upload over limit bytes.
func tooLarge(limit int64) error {
	return withCode(echo.NewHTTPError(http.StatusRequestEntityTooLarge,
		fmt.Sprintf("body: larger than the import limit of %s (%d bytes; serve --import-limit)", formatBytes(limit), limit)),
		"too_large", map[string]string{"limit": formatBytes(limit)})
}

// formatBytes is n in MiB or KiB.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
