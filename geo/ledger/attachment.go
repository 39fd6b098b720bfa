package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxAttachmentBytes is the largest file the ledger takes: 5 MiB, enough
// for a phone photo or a scanned page of a rectification report.
const MaxAttachmentBytes = 5 << 20

// MaxAttachmentNameLen bounds a file's name, in runes.
const MaxAttachmentNameLen = 200

// The media types the ledger takes, told by their first bytes.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	PDF  = "application/pdf"
)

// AttachmentTypes lists the media types allowed.
var AttachmentTypes = []string{JPEG, PNG, PDF}

var magic = map[string][]byte{
	JPEG: {0xFF, 0xD8, 0xFF},
	PNG:  {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
	PDF:  []byte("%PDF-"),
}

// Attachment is a file attached to a hazard: a photo of the place, the
// unit's evidence of rectification. Files are content-addressed: the same
// bytes attached twice are stored once.
type Attachment struct {
	SHA256  string // lowercase hex of the content's SHA-256
	Type    string // JPEG, PNG or PDF
	Size    int64  // bytes
	Name    string // the name it was uploaded under; may be empty
	AddedAt time.Time
	AddedBy string // token ID
}

// NewAttachment checks data, uploaded as the media type claimed under the
// given name, and returns its Attachment (without AddedAt and AddedBy).
// data must be the whole file. It returns an error wrapping
// geo.ErrInvalidInput that names the field if the type is not JPEG, PNG or
// PDF, if the bytes are not of the type claimed, if the file is empty or
// larger than MaxAttachmentBytes, or if the name is too long.
func NewAttachment(claimed, name string, data []byte) (Attachment, error) {
	typ, _, err := mime.ParseMediaType(claimed)
	if err != nil || magic[strings.ToLower(typ)] == nil {
		return Attachment{}, invalidf("content type %q: must be one of %s", claimed, strings.Join(AttachmentTypes, ", "))
	}
	typ = strings.ToLower(typ)
	switch {
	case len(data) == 0:
		return Attachment{}, invalidf("file: empty; a %s file is expected", typ)
	case len(data) > MaxAttachmentBytes:
		return Attachment{}, invalidf("file: %d bytes, larger than the limit of %d bytes (5 MiB)", len(data), MaxAttachmentBytes)
	case !bytes.HasPrefix(data, magic[typ]):
		return Attachment{}, invalidf("content type %q: the file is %s by its first bytes", claimed, Sniff(data))
	case !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxAttachmentNameLen || strings.ContainsAny(name, "/\\") || strings.ContainsFunc(name, unicode.IsControl):
		return Attachment{}, invalidf("name %q: must be a file name of at most %d characters, without / or \\ or control characters", name, MaxAttachmentNameLen)
	}
	sum := sha256.Sum256(data)
	return Attachment{SHA256: hex.EncodeToString(sum[:]), Type: typ, Size: int64(len(data)), Name: name}, nil
}

// Sniff names what data is by its first bytes: one of AttachmentTypes, or
// "not a JPEG, PNG or PDF".
func Sniff(data []byte) string {
	for _, t := range AttachmentTypes {
		if bytes.HasPrefix(data, magic[t]) {
			return t
		}
	}
	return "not a JPEG, PNG or PDF"
}

// Attach returns h with a, uploaded by by at now, recorded in its history,
// and the entry. It returns an error wrapping ErrForbidden if by may not
// act on h (CheckAct), and geo.ErrInvalidInput if comment is too long.
func Attach(h Hazard, a Attachment, comment string, by Actor, now time.Time) (Hazard, Entry, error) {
	if err := CheckAct(&h, by); err != nil {
		return h, Entry{}, err
	}
	if err := checkText("comment", comment, MaxCommentLen, false); err != nil {
		return h, Entry{}, err
	}
	e := Entry{Time: now.UTC(), Actor: by.ID, Role: by.Role, Action: ActAttach, From: h.State, To: h.State,
		Comment: strings.TrimSpace(comment), Attachments: []string{a.SHA256}}
	record(&h, &e)
	return h, e, nil
}
