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
