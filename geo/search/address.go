package search

import (
	"strings"
	"unicode"
)

// addresses are the addresses of the entries that have one: their folded
// text and its pinyin, one block entry per address, and the name entry
// each belongs to. Most features have no address, and cost nothing here.
type addresses struct {
	text, pinyin block
	entry        []int32
}

func (a *addresses) add(entry int, addr string, sp *speller) {
	py, _ := sp.spell(addr)
	a.text.add(addr)
	a.pinyin.add(py)
	a.entry = append(a.entry, int32(entry))
}

func (a *addresses) seal() {
	for _, b := range []*block{&a.text, &a.pinyin} {
		b.starts = append(b.starts, uint32(len(b.text)))
	}
}

func (a *addresses) bytes() int {
	return len(a.text.text) + len(a.pinyin.text) + 4*(len(a.text.starts)+len(a.pinyin.starts)+len(a.entry))
}

// maxAddressMatches bounds the matches by address Find collects: a short
// street name may be in many addresses, and they rank after names.
const maxAddressMatches = 5000

// find calls fn with the name entry of every address q matches (see
// addressQuery), by its characters or its pinyin, up to maxAddressMatches.
func (a *addresses) find(q addressQuery, fn func(entry int)) {
	n := 0
	for _, side := range []struct {
		b      *block
		tokens []string
	}{{&a.text, q.text}, {&a.pinyin, q.pinyin}} {
		if len(side.tokens) == 0 || side.tokens[0] == "" {
			continue
		}
		side.b.scan([]byte(side.tokens[0]), func(e int) bool {
			if q.matches(side.b.get(e), side.tokens) {
				fn(int(a.entry[e]))
				n++
			}
			return n < maxAddressMatches
		})
	}
}

// addressQuery is a query as addresses are matched: its words and house
// numbers, in characters and in pinyin. "府青路二段12号" is the word 府青路二段
// and the number 12, which an address holds as a whole number (not 112 or
// 120).
type addressQuery struct {
	text, pinyin []string // the words first, then the numbers
	numbers      int      // how many of the tokens, at the end, are numbers
}

// newAddressQuery splits folded q into words and numbers; ok is false for
// a query without a word, such as a number alone, which would match the
// addresses of a whole city.
func newAddressQuery(q string, sp *speller) (addressQuery, bool) {
	var words, numbers []string
	var cur strings.Builder
	digits := false
	flush := func() {
		if cur.Len() > 0 {
			if digits {
				numbers = append(numbers, cur.String())
			} else if w := strings.TrimFunc(cur.String(), isFiller); w != "" {
				words = append(words, w)
			}
		}
		cur.Reset()
	}
	for _, r := range q {
		d := r >= '0' && r <= '9'
		if d != digits {
			flush()
			digits = d
		}
		cur.WriteRune(r)
	}
	flush()
	if len(words) == 0 {
		return addressQuery{}, false
	}
	aq := addressQuery{numbers: len(numbers)}
	for _, w := range words {
		py, _ := sp.spell(w)
		aq.text, aq.pinyin = append(aq.text, w), append(aq.pinyin, py)
	}
	aq.text, aq.pinyin = append(aq.text, numbers...), append(aq.pinyin, numbers...)
	return aq, true
}

// isFiller is what may stand between a street and its number in a query:
// 号, 第, a dash or other punctuation.
func isFiller(r rune) bool {
	return r == '号' || r == '第' || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// matches reports whether addr holds the words among tokens in order, and
// each number among them as a whole number anywhere (12 Avenue Prince
// Pierre has its number first).
func (q addressQuery) matches(addr string, tokens []string) bool {
	words := len(tokens) - q.numbers
	at := 0
	for _, w := range tokens[:words] {
		j := strings.Index(addr[at:], w)
		if j < 0 {
			return false
		}
		at += j + len(w)
	}
	for _, n := range tokens[words:] {
		if !holdsNumber(addr, n) {
			return false
		}
	}
	return true
}

// holdsNumber reports whether s holds n with no digit either side.
func holdsNumber(s, n string) bool {
	for at := 0; ; {
		j := strings.Index(s[at:], n)
		if j < 0 {
			return false
		}
		start, end := at+j, at+j+len(n)
		if !digitAt(s, start-1) && !digitAt(s, end) {
			return true
		}
		at = start + 1
	}
}

func digitAt(s string, i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
