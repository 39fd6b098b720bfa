package imports

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/safezone/safezone/geo/catalogue"
)

// words finds the catalogue entry a word of a licence list names: exactly
// (the entry's ID or one of its import values, compared by
// catalogue.NormalizeWord), or else by the longest import value the word
// contains, so that 成华区星空网吧 names the internet cafes. A value in
// Latin letters is found only as a word of its own (量贩KTV, not "bar" in
// "barber").
type words struct {
	exact map[string]string
	subs  []word // longest first
}

type word struct {
	text, id string
}

func newWords[E any](entries []E, of func(E) (id string, values []string)) *words {
	w := &words{exact: map[string]string{}}
	for _, e := range entries {
		id, values := of(e)
		w.exact[id] = id
		for _, v := range values {
			v = catalogue.NormalizeWord(v)
			w.exact[v] = id
			w.subs = append(w.subs, word{v, id})
		}
	}
	slices.SortStableFunc(w.subs, func(a, b word) int { return cmp.Compare(len(b.text), len(a.text)) })
	return w
}

// lookup returns the ID s names. When s holds values of several entries,
// the longest wins; if two entries' values are as long, ok is false and
// tied names them.
func (w *words) lookup(s string) (id string, ok bool, tied []string) {
	key := catalogue.NormalizeWord(s)
	if id, ok := w.exact[key]; ok {
		return id, true, nil
	}
	n := -1
	for _, sub := range w.subs {
		if len(sub.text) < n {
			break
		}
		if containsWord(key, sub.text) && !slices.Contains(tied, sub.id) {
			id, n = sub.id, len(sub.text)
			tied = append(tied, sub.id)
		}
	}
	if len(tied) == 1 {
		return id, true, nil
	}
	return "", false, tied
}

// containsWord reports whether s contains w, not next to a Latin letter
// where w starts or ends with one.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[end:])
		first, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		if !(isLatin(first) && isLatin(before)) && !(isLatin(last) && isLatin(after)) {
			return true
		}
		i = j + 1
	}
}

func isLatin(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }

// headerCategories maps the normalised headers of catalogue entries to
// their category.
func headerCategories(cats []catalogue.Category) map[string]string {
	out := map[string]string{}
	for _, k := range cats {
		for _, h := range k.Import.Headers {
			out[normHeader(h)] = k.ID
		}
	}
	return out
}
