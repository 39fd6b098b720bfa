package api

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// errorJSON is the body of every error answer. Error is the message in
// English, as the command line prints it. Code and Params say the same for
// a user interface to put in its user's language: the map looks up "err." +
// Code in frontend/i18n.js and fills in the Params. Codes are stable. An
// error made with geo.Invalid or geo.Refusef, or a 413 made with withCode,
// carries its own (newErrorJSON, sourceCodes); the catalogue below reads
// the rest, messages still made in English only (TestCatalogue_fires names
// their sources), and a message no entry describes has the code "invalid"
// or "other".
type errorJSON struct {
	Error  string            `json:"error"`
	Code   string            `json:"code"`
	Params map[string]string `json:"params,omitempty"`
}

// message is one entry of the catalogue: a message, or the reason part of
// a `field "value": reason` message, that re matches in full, and the
// names of re's groups as parameters ("" drops a group).
type message struct {
	code  string
	re    *regexp.Regexp
	names []string
}

func msg(code, re string, names ...string) message {
	return message{code: code, re: regexp.MustCompile(`^(?:` + re + `)$`), names: names}
}

// wholeMessages describe messages that name no single field and value.
var wholeMessages = []message{
	msg("token_invalid", `unauthorized: (?:malformed|unknown|revoked) token`),
}

// reasons describe the part of a `field "value": reason` message after the
// value.
var reasons = []message{
	msg("between", `must be between (\S+) and (\S+)`, "min", "max"),
	msg("one_of", `must be one of (.*?)(?: \(or (.*)\))?`, "allowed", "also"),
	msg("not_found", `not found`),
}

var (
	// atRow is the "file:row: " a message about one row of a file starts with.
	atRow = regexp.MustCompile(`^([^\s:"]+\.\w+):(\d+): (.*)$`)
	// moreRows is what readLicenceUpload adds after the first bad row.
	moreRows = regexp.MustCompile(`^(.*) \(and (\d+) more bad rows?\)$`)
	// fieldValue is `field "value": reason`, the value quoted as Go quotes it.
	fieldValue = regexp.MustCompile(`^([^"]+?) ("(?:[^"\\]|\\.)*"): (.+)$`)
	// column is a field as an import names it: its column's header, then
	// the field, `经度 (lon)`.
	column = regexp.MustCompile(`^(.+) \(([a-z_]+)\)$`)
)

// describe returns the code and parameters of an error message: the
// file, row and count of more bad rows of an upload; the field and quoted
// value a message names (and the column header an import read it from);
// and the parameters of what it says.
func describe(text string) (string, map[string]string) {
	code, p, _ := describeBy(text)
	return code, p
}

// describeBy is describe that also returns the catalogue's entry that read
// text, nil for "invalid" and "other".
func describeBy(text string) (string, map[string]string, *message) {
	p := map[string]string{}
	if m := moreRows.FindStringSubmatch(text); m != nil {
		text, p["more"] = m[1], m[2]
	}
	if m := atRow.FindStringSubmatch(text); m != nil {
		p["file"], p["row"], text = m[1], m[2], m[3]
	}
	if e := match(wholeMessages, text, p); e != nil {
		return e.code, p, e
	}
	if m := fieldValue.FindStringSubmatch(text); m != nil {
		field := m[1]
		if c := column.FindStringSubmatch(field); c != nil {
			p["column"], field = c[1], c[2]
		}
		p["field"] = field
		p["value"] = paramValue(m[2])
		if e := match(reasons, m[3], p); e != nil {
			return e.code, p, e
		}
		p["reason"] = m[3]
		return "invalid", p, nil
	}
	return "other", p, nil
}

// paramValue returns the value of q, a value quoted as Go quotes it; or,
// when the value is not valid UTF-8 or holds a character that is not
// printable (a control character, a bidi override), q's escaped text
// without its quotes, as the message shows it, so that a parameter puts no
// raw control character on a user's screen.
func paramValue(q string) string {
	v, err := strconv.Unquote(q)
	if err != nil {
		return q[1 : len(q)-1]
	}
	return printable(v)
}

// match finds the first entry of list that matches text in full and adds
// its groups to p; nil if none does.
func match(list []message, text string, p map[string]string) *message {
	for i := range list {
		e := &list[i]
		m := e.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		for i, name := range e.names {
			if name == "" || m[i+1] == "" {
				continue
			}
			if p[name] != "" {
				p[name] += ", " + m[i+1]
			} else {
				p[name] = m[i+1]
			}
		}
		return e
	}
	return nil
}

// coverageCode is the code of a check's coverage note, for the map to say
// in its user's language (frontend/i18n.js, "coverage." + code).
func coverageCode(note string) string {
	switch {
	case note == "":
		return ""
	case strings.HasPrefix(note, "the loaded data does not cover this location"):
		return "outside_data"
	}
	return "other"
}

// sourceCodes are the codes that errors carry from where they are made
// (geo.Invalid, geo.Refusef, withCode) and that the catalogue reads from
// no English: every message of theirs carries its code.
var sourceCodes = []string{
	"whole_range", "required",
	"token_required", "forbidden", "school_only", "body",
	"lonlat_required", "too_large", "pack_too_large", "no_junction", "no_network",
	"stopped", "cancelled", "no_reload", "restart_rules", "pg_backup", "rate_limit", "internal", "no_endpoint", "method",
	"empty_file", "csv_header", "not_xlsx", "xls", "no_sheet", "sheet_missing", "encoding_utf8", "no_coords", "no_column", "csv_syntax",
	"too_many_rows", "too_many_columns", "file_too_large", "zip_parts", "zip_ratio", "unzipped_too_large",
	"site_missing", "site_empty", "site_vertices", "site_no_ring", "site_ring_short", "site_unclosed", "site_self_intersecting",
	"area_invalid", "area_vertices", "site_gate",
	"positive", "clock", "degrees", "category", "school_category", "whole_min", "meters_max", "pack_id", "no_pack", "duplicate", "school_id", "bbox",
	"licence_kind", "no_walk_network", "wkt", "site_type", "area_type", "zoom_in",
	"distances_list", "distance_number", "distance_range", "distances_increase",
}

// errorCodes lists every code an error answer can have, each once: the
// catalogue's in its order, then sourceCodes, then "invalid" and "other".
func errorCodes() []string {
	var out []string
	seen := map[string]bool{}
	add := func(code string) {
		if !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	for _, list := range [][]message{wholeMessages, reasons} {
		for _, e := range list {
			add(e.code)
		}
	}
	for _, c := range slices.Concat(sourceCodes, []string{"invalid", "other"}) {
		add(c)
	}
	return out
}
