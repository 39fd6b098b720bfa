package geo

import "strconv"

// A Reason says what is wrong with a value, for Invalid: in English, the
// part of a `field "value": reason` message after the value, and as a
// stable Code with the Params that fill it in. The constructors below make
// the common ones, so that the code and the English cannot disagree.
type Reason struct {
	Code   string
	Text   string
	Params map[string]string
}

// Between is "must be between min and max", code "between".
func Between(min, max float64) Reason {
	lo, hi := ftoa(min), ftoa(max)
	return Reason{Code: "between", Text: "must be between " + lo + " and " + hi,
		Params: map[string]string{"min": lo, "max": hi}}
}

// Degrees is "must be a number of degrees", code "degrees".
func Degrees() Reason {
	return Reason{Code: "degrees", Text: "must be a number of degrees"}
}

// OneOf is "must be one of a, b, c", code "one_of" with the list as
// allowed.
func OneOf[S ~string](allowed []S) Reason {
	list := JoinNames(allowed)
	return Reason{Code: "one_of", Text: "must be one of " + list, Params: map[string]string{"allowed": list}}
}

// Either is "must be a or b", code "one_of" with allowed "a, b".
func Either(a, b string) Reason {
	return Reason{Code: "one_of", Text: "must be " + a + " or " + b, Params: map[string]string{"allowed": a + ", " + b}}
}

// Required is "must not be empty", code "required".
func Required() Reason {
	return Reason{Code: "required", Text: "must not be empty"}
}

// WholeMin is "must be a whole number of at least min", code "whole_min".
func WholeMin(min int) Reason {
	m := strconv.Itoa(min)
	return Reason{Code: "whole_min", Text: "must be a whole number of at least " + m, Params: map[string]string{"min": m}}
}

// WholeRange is "must be a whole number from min to max", code
// "whole_range".
func WholeRange(min, max int) Reason {
	lo, hi := strconv.Itoa(min), strconv.Itoa(max)
	return Reason{Code: "whole_range", Text: "must be a whole number from " + lo + " to " + hi,
		Params: map[string]string{"min": lo, "max": hi}}
}

// MetersMax is "must be a number of meters above 0 and at most max", code
// "meters_max".
func MetersMax(max int) Reason {
	m := strconv.Itoa(max)
	return Reason{Code: "meters_max", Text: "must be a number of meters above 0 and at most " + m,
		Params: map[string]string{"max": m}}
}

// Positive is "must be a number above 0", code "positive".
func Positive() Reason {
	return Reason{Code: "positive", Text: "must be a number above 0"}
}

// Clock is "must be HH:MM from 00:00 to 23:59", code "clock".
func Clock() Reason {
	return Reason{Code: "clock", Text: "must be HH:MM from 00:00 to 23:59"}
}

// PackID is "must be the id of a rule pack", code "pack_id".
func PackID() Reason {
	return Reason{Code: "pack_id", Text: "must be the id of a rule pack"}
}

// NoPack is "no such rule pack; available: a, b", code "no_pack" with the
// list as available; without the list when available is "".
func NoPack(available string) Reason {
	if available == "" {
		return Reason{Code: "no_pack", Text: "no such rule pack"}
	}
	return Reason{Code: "no_pack", Text: "no such rule pack; available: " + available,
		Params: map[string]string{"available": available}}
}

// NoWalkNetwork is "no road network is loaded; walking distances need
// OpenStreetMap data (.osm.pbf or .osm)", code "no_walk_network".
func NoWalkNetwork() Reason {
	return Reason{Code: "no_walk_network",
		Text: "no road network is loaded; walking distances need OpenStreetMap data (.osm.pbf or .osm)"}
}

// OneOfAlso is "must be one of a, b (or x, y)", code "one_of" with the
// list as allowed and the other names it takes (Chinese ones) as also.
func OneOfAlso[S ~string](allowed []S, also string) Reason {
	r := OneOf(allowed)
	r.Text += " (or " + also + ")"
	r.Params["also"] = also
	return r
}

// RequiredFor is "must not be empty for a kind", code "required" with
// the kind.
func RequiredFor(kind string) Reason {
	return Reason{Code: "required", Text: "must not be empty for a " + kind, Params: map[string]string{"kind": kind}}
}

// Swapped adds "; are lon and lat swapped?" to r, and the same as its
// swapped parameter, for a latitude that would be a fine longitude.
func Swapped(r Reason) Reason {
	const s = "; are lon and lat swapped?"
	p := map[string]string{"swapped": s}
	for k, v := range r.Params {
		p[k] = v
	}
	return Reason{Code: r.Code, Text: r.Text + s, Params: p}
}

// UsedOnRow is "already used on row n", code "duplicate" with the row as
// other.
func UsedOnRow(n int) Reason {
	s := strconv.Itoa(n)
	return Reason{Code: "duplicate", Text: "already used on row " + s, Params: map[string]string{"other": s}}
}

// Because is a reason with no code of its own, code "invalid" with the
// text as reason: a user interface has only the English to show.
func Because(text string) Reason {
	return Reason{Code: "invalid", Text: text, Params: map[string]string{"reason": text}}
}

// Hint returns r with more said after its text, its code and parameters
// unchanged.
func Hint(r Reason, more string) Reason {
	r.Text += more
	return r
}

// BusinessCategory is "must be a business category: one of a, b, or a
// Chinese name such as 网吧", code "category" with the list as allowed.
func BusinessCategory[S ~string](allowed []S) Reason {
	list := JoinNames(allowed)
	return Reason{Code: "category", Text: "must be a business category: one of " + list + ", or a Chinese name such as 网吧",
		Params: map[string]string{"allowed": list}}
}
