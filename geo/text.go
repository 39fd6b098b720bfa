package geo

import "strings"

// JoinNames lists names for an error message: "a, b, c".
func JoinNames[S ~string](names []S) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

// Clip shortens s to at most n runes for an error message, marking the cut
// with "…".
func Clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
