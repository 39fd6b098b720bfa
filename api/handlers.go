package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// inputError is a 400: it wraps geo.ErrInvalidInput with a message that
// names the field and quotes the value.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }
func (e *inputError) Unwrap() error { return geo.ErrInvalidInput }

// notFoundError is a 404 with a message of the handler's own.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }
func (e *notFoundError) Unwrap() error { return geo.ErrNotFound }

// errLonLatRequired is the 400 for a point without both its coordinates.
func errLonLatRequired() error {
	return geo.Refusef("lonlat_required", nil, "lon and lat: both are required")
}

// badBody is the 400 for a body that cannot be read: "body: " and what
// format says, with the code "body".
func badBody(format string, args ...any) error {
	return geo.Refusef("body", nil, "body: "+format, args...)
}

func badRequest(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// decodeJSON reads a JSON body into v, refusing unknown fields, trailing
// data and text that is not valid UTF-8 (which encoding/json would turn
// into U+FFFD without a word), naming the field.
func decodeJSON(c echo.Context, v any) error {
	_, err := decodeJSONRaw(c, v)
	return err
}

// decodeJSONRaw is decodeJSON that also returns the body as it was
// received.
func decodeJSONRaw(c echo.Context, v any) ([]byte, error) {
	body := &bodyReader{r: ctxReader{c.Request().Context(), c.Request().Body}}
	data, err := io.ReadAll(body)
	if err != nil {
		if err := body.tooLarge(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("read body: %w", err)
	}
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if err == io.EOF {
			return nil, badBody("a JSON object is required")
		}
		return nil, badBody("%v", err)
	}
	if dec.More() {
		return nil, badBody("unexpected data after the JSON object")
	}
	return data, nil
}

// invalidUTF8 is the error for a JSON body that is not valid UTF-8: it
// names the first field of the object whose value is not, or the body.
func invalidUTF8(data []byte) error {
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) == nil {
		names := slices.Sorted(maps.Keys(fields))
		for _, name := range names {
			if raw := fields[name]; !utf8.Valid(raw) {
				// %q shows the bad bytes as \xNN; a string loses its JSON quotes.
				val := bytes.TrimSuffix(bytes.TrimPrefix(raw, []byte(`"`)), []byte(`"`))
				return badRequest("%s %q: must be valid UTF-8", name, val)
			}
		}
	}
	return badBody("must be valid UTF-8 (byte %d is not)", len(validPrefix(data)))
}

// validPrefix returns the longest valid UTF-8 prefix of b.
func validPrefix(b []byte) []byte {
	n := 0
	for n < len(b) {
		r, size := utf8.DecodeRune(b[n:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		n += size
	}
	return b[:n]
}

// bodyReader remembers the error of the request body it reads, so that a
// body over the limit is told apart from bad input even when the parser
// wraps the error in its own message.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// tooLarge returns a 413 if reading stopped at the body limit (Echo's
// BodyLimit middleware fails the read once a streamed body passes it).
func (b *bodyReader) tooLarge() error {
	var he *echo.HTTPError
	if errors.As(b.err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		return echo.ErrStatusRequestEntityTooLarge // handleError states the limit
	}
	return nil
}

// number reads a JSON number that may also come as a string, keeping its
// text for error messages.
type number string

func (n *number) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	*n = number(s)
	return nil
}

var packID = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

func (s *Server) handleHealth(c echo.Context) error {
	d := s.data()
	x := d.Index
	return c.JSON(http.StatusOK, map[string]any{
		"status":          "ok",
		"version":         s.cfg.Version,
		"schools":         x.Count(geo.School),
		"businesses":      x.Count(geo.Business),
		"water":           x.Count(geo.WaterBody),
		"rules":           d.Rules.ID,
		"data_generation": d.gen,
	})
}

type checkRequest struct {
	Lon      *number `json:"lon"`
	Lat      *number `json:"lat"`
	Category string  `json:"category"`
	Rules    string  `json:"rules"`
	CRS      string  `json:"crs"`
	Method   string  `json:"method"` // straight or walking; "" keeps each rule's own
	// Record stores the check and its answer as a certificate (测距核查单);
	// it needs a regulator or admin token.
	Record bool `json:"record"`
	// OpenedOn is when the business opened, for a licence being renewed;
	// empty for a new one.
	OpenedOn string `json:"opened_on"`
}

func (s *Server) handleCheck(c echo.Context) error {
	var req checkRequest
	raw, err := decodeJSONRaw(c, &req)
	if err != nil {
		return err
	}
	var actor string
	if req.Record {
		if actor, err = s.recorder(c); err != nil {
			return err
		}
	}
	if req.Lon == nil || req.Lat == nil {
		return errLonLatRequired()
	}
	in, err := geo.ParsePoint(string(*req.Lat), string(*req.Lon))
	if err != nil {
		return err
	}
	system, err := crs.Parse(req.CRS)
	if err != nil {
		return err
	}
	p, err := system.ToWGS84(in)
	if err != nil {
		return err
	}
	cat, err := geo.ParseCategory(req.Category)
	if err != nil {
		return err
	}
	d := s.data()
	pack, err := d.rules(c.Request().Context(), req.Rules)
	if err != nil {
		return err
	}
	method, err := geo.ParseMethod(req.Method)
	if err != nil {
		return err
	}
	opened, err := geo.ParseOpenedOn(req.OpenedOn)
	if err != nil {
		return err
	}
	res, err := d.Index.CheckWith(p, cat, pack, geo.CheckOptions{Method: method, Walk: d.walkFor(method, pack, cat), OpenedOn: opened})
	if err != nil {
		return err
	}
	answer := CheckResponseCRS(in, system, p, cat, pack, res)
	if req.Record {
		return s.recordCheck(c, d, actor, raw, answer.(checkJSON), pack, p)
	}
	return s.writeJSON(c, http.StatusOK, answer)
}

func (s *Server) handleRules(c echo.Context) error {
	pack, err := s.data().rules(c.Request().Context(), c.QueryParam("pack"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, RulesResponse(pack))
}

// handleConfig tells the map what it needs at start: the data's extent, the
// categories, the optional tile URL and the attribution.
func (s *Server) handleConfig(c echo.Context) error {
	d := s.data()
	b, _ := d.Index.Extent()
	cats := make([]string, 0, len(geo.Categories))
	for _, k := range geo.Categories {
		cats = append(cats, string(k))
	}
	return c.JSON(http.StatusOK, map[string]any{
		"version":     s.cfg.Version,
		"extent":      [4]float64{b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat()},
		"categories":  cats,
		"radii_m":     geo.Radii,
		"rules":       d.Rules.ID,
		"tile_url":    s.cfg.TileURL,
		"attribution": s.cfg.Attribution,
	})
}
