package ledger_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

var (
	jpeg = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	pdf  = []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
)

func TestNewAttachment(t *testing.T) {
	tests := []struct {
		claimed string
		data    []byte
		typ     string
	}{
		{"image/jpeg", jpeg, ledger.JPEG},
		{"IMAGE/PNG", png, ledger.PNG},
		{"application/pdf; name=x.pdf", pdf, ledger.PDF},
	}
	for _, tc := range tests {
		a, err := ledger.NewAttachment(tc.claimed, "照片.jpg", tc.data)
		if err != nil || a.Type != tc.typ || a.Size != int64(len(tc.data)) || !ledger.ValidSHA256(a.SHA256) {
			t.Errorf("%s: %+v, %v", tc.claimed, a, err)
		}
	}
	a, _ := ledger.NewAttachment("image/png", "", png)
	b, _ := ledger.NewAttachment("image/png", "other.png", png)
	if sum := sha256.Sum256(png); a.SHA256 != b.SHA256 || a.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA-256 %s and %s, want both %x", a.SHA256, b.SHA256, sum)
	}
}

func TestNewAttachment_errors(t *testing.T) {
	tests := []struct {
		name, claimed, file string
		data                []byte
		msg                 string
	}{
		{"PNGClaimedJPEG", "image/jpeg", "", png, `content type "image/jpeg": the file is image/png by its first bytes`},
		{"TextClaimedPDF", "application/pdf", "", []byte("hello"), `the file is not a JPEG, PNG or PDF`},
		{"GIF", "image/gif", "", []byte("GIF89a"), `content type "image/gif": must be one of image/jpeg, image/png, application/pdf`},
		{"NoType", "", "", jpeg, `content type "": must be one of`},
		{"Empty", "image/png", "", nil, "file: empty"},
		{"TooLarge", "image/jpeg", "", append(bytes.Clone(jpeg), make([]byte, ledger.MaxAttachmentBytes)...), "larger than the limit of 5242880 bytes (5 MiB)"},
		{"PathName", "image/png", "../x.png", png, `name "../x.png"`},
		{"LongName", "image/png", strings.Repeat("a", 201), png, "at most 200 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ledger.NewAttachment(tc.claimed, tc.file, tc.data)
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

func TestAttach(t *testing.T) {
	h := MustReport(t, MustConfig(t))
	a, _ := ledger.NewAttachment("image/png", "p.png", png)
	h2, e, err := ledger.Attach(h, a, "现场照片", school1, now)
	if err != nil || h2.Version != 2 || e.Action != ledger.ActAttach || e.From != ledger.Found || e.To != ledger.Found || len(e.Attachments) != 1 {
		t.Fatalf("Attach = %+v, %+v, %v", h2, e, err)
	}
	if _, _, err := ledger.Attach(h, a, "", school2, now); !errors.Is(err, ledger.ErrForbidden) {
		t.Errorf("attach by another school: %v", err)
	}
}
