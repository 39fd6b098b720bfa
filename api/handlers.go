package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

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

func badRequest(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// decodeJSON reads a JSON body into v, refusing unknown fields and trailing
// data.
func decodeJSON(c echo.Context, v any) error {
	return decodeJSONBody(&bodyReader{r: c.Request().Body}, v)
}

// decodeJSONRaw is decodeJSON that also returns the body as it was
// received.
func decodeJSONRaw(c echo.Context, v any) ([]byte, error) {
	var raw bytes.Buffer
	body := &bodyReader{r: io.TeeReader(c.Request().Body, &raw)}
	if err := decodeJSONBody(body, v); err != nil {
		return nil, err
	}
	io.Copy(io.Discard, body) // the tee keeps what the decoder left: trailing space
	return raw.Bytes(), nil
}

func decodeJSONBody(body *bodyReader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if err := body.tooLarge(); err != nil {
			return err
		}
		if err == io.EOF {
			return badRequest("body: a JSON object is required")
		}
		return badRequest("body: %v", err)
	}
	if dec.More() {
		return badRequest("body: unexpected data after the JSON object")
	}
	return nil
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
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "body: larger than the limit")
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

// rules returns the pack a request names, or the default pack.
func (s *Server) rules(name string) (*geo.RulePack, error) {
	if name == "" || name == s.cfg.Rules.ID {
		return s.cfg.Rules, nil
	}
	// geo.LoadRules reads a name ending in .yaml as a path from the working
	// directory, so such names are refused here: a request only names a pack.
	if !packID.MatchString(name) || strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || s.cfg.RulesDir == "" {
		return nil, badRequest("rules %q: must be the id of a rule pack", name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.packs[name]; ok {
		return p, nil
	}
	p, err := geo.LoadRules(name, s.cfg.RulesDir)
	if errors.Is(err, geo.ErrNotFound) {
		// geo's message names the file on the server: keep only the list.
		msg := fmt.Sprintf("rules %q: no such rule pack", name)
		if _, list, ok := strings.Cut(err.Error(), "; available: "); ok {
			msg += "; available: " + list
		}
		return nil, &notFoundError{msg: msg}
	}
	if err != nil {
		// The name was fine but the server's pack file does not load: a
		// server fault, not bad input, and geo's message names the file,
		// so it goes to the log only (%v drops ErrInvalidInput: a 500).
		return nil, fmt.Errorf("rules %q: %v", name, err)
	}
	s.packs[name] = p
	return p, nil
}

func (s *Server) handleHealth(c echo.Context) error {
	x := s.cfg.Index
	return c.JSON(http.StatusOK, map[string]any{
		"status":     "ok",
		"version":    s.cfg.Version,
		"schools":    x.Count(geo.School),
		"businesses": x.Count(geo.Business),
		"water":      x.Count(geo.WaterBody),
		"rules":      s.cfg.Rules.ID,
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
		return badRequest("lon and lat: both are required")
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
	pack, err := s.rules(req.Rules)
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
	res, err := s.cfg.Index.CheckWith(p, cat, pack, geo.CheckOptions{Method: method, Walk: s.walkFor(method, pack, cat), OpenedOn: opened})
	if err != nil {
		return err
	}
	answer := CheckResponseCRS(in, system, p, cat, pack, res)
	if req.Record {
		return s.recordCheck(c, actor, raw, answer.(checkJSON), pack, p)
	}
	return s.writeJSON(c, http.StatusOK, answer)
}

func (s *Server) handleRules(c echo.Context) error {
	pack, err := s.rules(c.QueryParam("pack"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, RulesResponse(pack))
}

// handleConfig tells the map what it needs at start: the data's extent, the
// categories, the optional tile URL and the attribution.
func (s *Server) handleConfig(c echo.Context) error {
	b, _ := s.cfg.Index.Extent()
	cats := make([]string, 0, len(geo.Categories))
	for _, k := range geo.Categories {
		cats = append(cats, string(k))
	}
	return c.JSON(http.StatusOK, map[string]any{
		"version":     s.cfg.Version,
		"extent":      [4]float64{b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat()},
		"categories":  cats,
		"radii_m":     geo.Radii,
		"rules":       s.cfg.Rules.ID,
		"tile_url":    s.cfg.TileURL,
		"attribution": s.cfg.Attribution,
	})
}
