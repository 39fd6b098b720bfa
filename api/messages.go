package api

import (
	"regexp"
	"strconv"
	"strings"
)

// errorJSON is the body of every error answer. Error is the message in
// English, as the command line prints it. Code and Params say the same for
// a user interface to put in its user's language: the map looks up "err." +
// Code in frontend/i18n.js and fills in the Params. Codes are stable. An
// error made with geo.Invalid carries its own (newErrorJSON); the
// catalogue below reads the rest from their English, and a message no
// entry describes has the code "other".
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
	msg("lonlat_required", `lon and lat: both are required`),
	msg("token_required", `unauthorized: a bearer token is required`),
	msg("token_invalid", `unauthorized: (?:malformed|unknown|revoked) token`),
	msg("forbidden", `forbidden: role "([^"]*)" may not \S+ \S+`, "role"),
	msg("school_only", `forbidden: this token may only read the report of school "(.*)"`, "school"),
	msg("too_large", `request body over (.+)`, "limit"),
	msg("too_large", `body: larger than the import limit of (.+) \(\d+ bytes; serve --import-limit\)`, "limit"),
	msg("pack_too_large", `body: a rule pack must be at most (\d+) bytes`, "max"),
	msg("stopped", `request stopped at the time limit of (\S+)`, "limit"),
	msg("cancelled", `request cancelled`),
	msg("no_reload", `this server cannot reload its data: .*`),
	msg("restart_rules", `this server cannot reload: restart it for --rules to decide again`),
	msg("pg_backup", `the store is a PostgreSQL database: .*`),
	msg("body", `body: .*`),
	msg("rate_limit", `rate limit exceeded`),
	msg("internal", `internal error`),
	msg("no_endpoint", `no such endpoint: (.*)`, "path"),
	msg("method", `method (\S+): (\S+) takes (.*)`, "method", "path", "allowed"),
	msg("no_junction", `candidates: no road junction within (\S+) m of a school in the area: .*`, "near"),
	msg("no_network", `candidates: the server has no road network loaded: .*`),
	msg("empty_file", `(.+?): empty: a header row is required`, "file"),
	msg("csv_header", `(.+?):(\d+): header: (.*)`, "file", "row", "detail"),
	msg("not_xlsx", `(.+?): not an \.xlsx workbook: .*`, "file"),
	msg("xls", `(.+?): \.xls \(Excel 97-2003\) is not read: .*`, "file"),
	msg("no_sheet", `(.+?): the workbook has no sheet`, "file"),
	msg("sheet_missing", `(.+?): sheet "(.*)": not in the workbook; it has (.*)`, "file", "sheet", "sheets"),
	msg("encoding_utf8", `(.+?):(\d+): encoding utf-8: .*`, "file", "row"),
	msg("no_coords", `no lon and lat columns \(经度, 纬度\) and no wkt column in (.*); .*`, "header"),
	msg("no_column", `column "(.*)" \(for (\w+)\): not in the header (.*)`, "column", "field", "header"),
	msg("csv_syntax", `column (\d+): (.*)`, "column", "detail"),
	msg("site_missing", `site: missing; must be a Point, Polygon or MultiPolygon`),
	msg("site_empty", `site: empty; must have at least one polygon`),
	msg("site_vertices", `site: (\d+) positions: must have at most (\d+)`, "count", "max"),
	msg("site_no_ring", `site: polygon (\d+) has no rings: it must have an outer ring`, "polygon"),
	msg("site_ring_short", `site: a ring of (\d+) positions: a ring must have at least 4, the last equal to the first`, "count"),
	msg("site_unclosed", `site: unclosed ring: its first position (\[[^\]]*\]) and last (\[[^\]]*\]) must be equal`, "first", "last"),
	msg("site_self_intersecting", `site: self-intersecting: the edge from (\[[^\]]*\]) to (\[[^\]]*\]) crosses or touches the edge from (\[[^\]]*\]) to (\[[^\]]*\])`,
		"from", "to", "other_from", "other_to"),
	msg("area_invalid", `([\w.]+): not a valid polygon .*`, "field"),
	msg("area_vertices", `([\w.]+): more than (\d+) vertices: simplify the boundary`, "field", "max"),
	msg("site_gate", `site\.properties\.gates\[(\d+)\] .*: must be \[lon, lat\]`, "gate"),
}

// reasons describe the part of a `field "value": reason` message after the
// value.
var reasons = []message{
	msg("between", `must be between (\S+) and (\S+?)(; are lon and lat swapped\?)?`, "min", "max", "swapped"),
	msg("degrees", `must be a number of degrees`),
	msg("category", `must be a business category(?: such as \S+|: one of (.*), or a Chinese name such as .*)`, "allowed"),
	msg("one_of", `must be one of (.*?)(?: \(or (.*)\))?`, "allowed", "also"),
	msg("one_of", `must be (\w+) or (\w+)(?: \(or empty for one sheet\))?`, "allowed", "allowed"),
	msg("whole_min", `must be a whole number of at least (\d+)`, "min"),
	msg("whole_range", `must be a whole number from (\d+) to (\d+)`, "min", "max"),
	msg("meters_max", `must be a number of meters above 0 and at most (\d+)`, "max"),
	msg("positive", `must be a number above 0`),
	msg("clock", `must be (?:a time )?HH:MM from 00:00 to 23:59`),
	msg("required", `must not be empty(?: for a (\w+))?`, "kind"),
	msg("pack_id", `must be the id of a rule pack`),
	msg("no_pack", `no such rule pack(?:; available: (.*))?`, "available"),
	msg("not_found", `not found`),
	msg("duplicate", `already used on row (\d+)`, "other"),
	msg("school_id", `a school id such as \S+ is required`),
	msg("bbox", `must be minLon,minLat,maxLon,maxLat.*`),
	msg("licence_kind", `a licence list holds businesses only`),
	msg("no_walk_network", `no road network is loaded; .*`),
	msg("wkt", `must be a WKT geometry such as .*`),
	msg("site_type", `must be (?:a GeoJSON )?Point, Polygon or MultiPolygon(?:, or a Feature with one)?`),
	msg("area_type", `must be (?:a GeoJSON )?Polygon or MultiPolygon(?:, or a Feature with one)?`),
	msg("distances_list", `must list 1 to (\d+) distances in meters, increasing, such as .*`, "max"),
	msg("distance_number", `"(.*)" is not a number of meters`, "item"),
	msg("distance_range", `"(.*)" must be above 0 and at most the rule limit, (\d+) m`, "item", "max"),
	msg("distances_increase", `must increase, but "(.*)" follows (\S+)`, "item", "previous"),
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
	p := map[string]string{}
	if m := moreRows.FindStringSubmatch(text); m != nil {
		text, p["more"] = m[1], m[2]
	}
	if m := atRow.FindStringSubmatch(text); m != nil && !strings.HasPrefix(m[3], "header: ") && !strings.HasPrefix(m[3], "encoding ") {
		p["file"], p["row"], text = m[1], m[2], m[3]
	}
	if code, ok := match(wholeMessages, text, p); ok {
		return code, p
	}
	if m := fieldValue.FindStringSubmatch(text); m != nil {
		field := m[1]
		if c := column.FindStringSubmatch(field); c != nil {
			p["column"], field = c[1], c[2]
		}
		p["field"] = field
		p["value"] = paramValue(m[2])
		if code, ok := match(reasons, m[3], p); ok {
			return code, p
		}
		p["reason"] = m[3]
		return "invalid", p
	}
	return "other", p
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
// its groups to p.
func match(list []message, text string, p map[string]string) (string, bool) {
	for _, e := range list {
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
		return e.code, true
	}
	return "", false
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

// errorCodes lists every code an error answer can have, in catalogue order,
// each once.
func errorCodes() []string {
	var out []string
	seen := map[string]bool{}
	for _, list := range [][]message{wholeMessages, reasons, {{code: "invalid"}, {code: "other"}}} {
		for _, e := range list {
			if !seen[e.code] {
				seen[e.code] = true
				out = append(out, e.code)
			}
		}
	}
	return out
}
