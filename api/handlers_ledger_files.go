package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo/ledger"
)

// attachmentPath is the route of uploads, which have their own body limit
// (ledger.MaxAttachmentBytes) instead of the server's.
const attachmentPath = "/api/v1/ledger/hazards/:id/attachments"

// isAttachmentUpload reports whether c is an upload of an attachment.
func isAttachmentUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == attachmentPath
}

// isLongLedgerRequest reports whether c is a sync or an export of the
// ledger, which may take minutes at national scale and must not be cut
// short by the request timeout (a sync cut short is completed by the next,
// but an export would be lost). The server's write timeout still bounds
// them.
func isLongLedgerRequest(c echo.Context) bool {
	switch c.Path() {
	case "/api/v1/ledger/sync":
		return true
	case "/api/v1/ledger/hazards":
		f := c.QueryParam("format")
		return c.Request().Method == http.MethodGet && (f == "csv" || f == "xlsx")
	}
	return false
}

// handleAttach stores the request body, a JPEG, PNG or PDF of at most
// ledger.MaxAttachmentBytes sent with its Content-Type, as an attachment
// of hazard :id (name= and comment= in the query). The type is checked
// against the file's first bytes. 413 if the file is too large; nothing is
// stored from a refused upload.
func (s *Server) handleAttach(c echo.Context) error {
	h, err := s.visibleHazard(c, false)
	if err != nil {
		return err
	}
	r := c.Request()
	if r.ContentLength > ledger.MaxAttachmentBytes {
		return tooLargeFile(r.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, ledger.MaxAttachmentBytes+1))
	if err != nil {
		return badRequest("file: the upload was cut short: %v", err)
	}
	if len(data) > ledger.MaxAttachmentBytes {
		return tooLargeFile(-1)
	}
	a, err := ledger.NewAttachment(r.Header.Get(echo.HeaderContentType), c.QueryParam("name"), data)
	if err != nil {
		return err
	}
	by := ledgerActor(c)
	h, err = s.cfg.Store.AttachToHazard(r.Context(), h.ID, a, data, c.QueryParam("comment"), by, s.now())
	if err != nil {
		return err
	}
	a.AddedAt, a.AddedBy = h.UpdatedAt, by.ID
	c.Response().Header().Set("Location", hazardURL(h.ID)+"/attachments/"+a.SHA256)
	return c.JSON(http.StatusCreated, newAttachmentJSON(h.ID, a))
}

// tooLargeFile is the 413 of an upload over the limit; n is its size, or
// -1 when only reading found it out.
func tooLargeFile(n int64) error {
	size := "more than " + strconv.Itoa(ledger.MaxAttachmentBytes)
	if n >= 0 {
		size = strconv.FormatInt(n, 10)
	}
	return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
		fmt.Sprintf("file: %s bytes, larger than the limit of %d bytes (5 MiB)", size, ledger.MaxAttachmentBytes))
}

// handleListAttachments lists the files attached to hazard :id.
func (s *Server) handleListAttachments(c echo.Context) error {
	h, err := s.visibleHazard(c, false)
	if err != nil {
		return err
	}
	as, err := s.cfg.Store.HazardAttachments(c.Request().Context(), h.ID)
	if err != nil {
		return err
	}
	out := make([]attachmentJSON, 0, len(as))
	for _, a := range as {
		out = append(out, newAttachmentJSON(h.ID, a))
	}
	return c.JSON(http.StatusOK, out)
}

// handleGetAttachment answers one attached file's bytes, with its type,
// only to those who may see the hazard. It is never sniffed by the
// browser, and PDFs are downloaded rather than shown.
func (s *Server) handleGetAttachment(c echo.Context) error {
	h, err := s.visibleHazard(c, false)
	if err != nil {
		return err
	}
	a, data, err := s.cfg.Store.HazardAttachment(c.Request().Context(), h.ID, c.Param("sha"))
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, max-age=31536000, immutable") // content-addressed
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	disposition := "inline"
	if a.Type == ledger.PDF {
		disposition = "attachment"
	}
	name := a.Name
	if name == "" {
		name = a.SHA256[:12] + map[string]string{ledger.JPEG: ".jpg", ledger.PNG: ".png", ledger.PDF: ".pdf"}[a.Type]
	}
	hd.Set(echo.HeaderContentDisposition, mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, a.Type, data)
}
