package jsonscan

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// plain marks the bytes a string holds as themselves: printable ASCII but
// the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// What scanString met besides plain bytes.
const (
	escaped  = 1 << iota // a backslash escape
	nonASCII             // a byte of 0x80 or above
)

// Word-at-a-time tests (SWAR) on 8 bytes of a string, the first in the
// lowest byte. Subtracting from a byte borrows only from a byte that
// matched, so the lowest flagged byte is always a true match: the tests
// tell exactly where the first byte of interest is.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special flags the bytes scanString stops at: '"', '\', control
// characters and bytes of 0x80 and above.
func special(x uint64) uint64 {
	return ((x - 0x20*ones) | ((x ^ '"'*ones) - ones) | ((x ^ '\\'*ones) - ones) | x) & highs
}

// scanString finds the closing quote of the string whose text starts at i,
// checking escapes and control characters on the way, and returns its
// index and what the text holds. UTF-8 is not checked here: encoding/json
// accepts any byte in a string and replaces the invalid ones on decoding.
func (d *Decoder) scanString(i int) (end int, flags uint8) {
	data := d.data
	for {
		for i+8 <= len(data) {
			if m := special(binary.LittleEndian.Uint64(data[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(data) {
			d.pos = i
			d.fail(ErrSyntax, "unterminated string")
			return 0, 0
		}
		switch c := data[i]; {
		case plain[c]: // in the last 7 bytes
			i++
		case c == '"':
			return i, flags
		case c == '\\':
			n := escapeLen(data[i:])
			if n == 0 {
				d.pos = i
				d.fail(ErrSyntax, "invalid escape in string")
				return 0, 0
			}
			flags |= escaped
			i += n
		case c < 0x20:
			d.pos = i
			d.fail(ErrSyntax, "control character in string")
			return 0, 0
		default:
			flags |= nonASCII
			i++
		}
	}
}

// escapeLen returns the length of the valid escape s starts with, or 0.
func escapeLen(s []byte) int {
	if len(s) < 2 {
		return 0
	}
	switch s[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(s) >= 6 && hex4(s[2:]) >= 0 {
			return 6
		}
	}
	return 0
}

// hex4 decodes the four hex digits s starts with, or returns -1.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// Str reads a string and returns its value. A value of another kind (null
// included: the caller decides what null means) stops the decoder. It is
// not named String: that would make *Decoder a fmt.Stringer, and printing
// one would consume its input.
func (d *Decoder) Str() string { return string(d.StringBytes()) }

// StringBytes is Str without the copy: the value's bytes point into the
// input, or for a string with escapes or invalid UTF-8 into the decoder's
// scratch buffer, and are valid until the next read.
func (d *Decoder) StringBytes() []byte {
	if d.err != nil {
		return nil
	}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		d.mismatch(String)
		return nil
	}
	start := d.pos + 1
	i := plainRun(d.data, start)
	if i < len(d.data) && d.data[i] == '"' {
		d.pos = i + 1
		return d.data[start:i]
	}
	return d.decodeString(start, i)
}

// plainRun returns the index of the first byte at or after i that
// scanString would stop at, or len(data).
func plainRun(data []byte, i int) int {
	for i+8 <= len(data) {
		if m := special(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(data) && plain[data[i]] {
		i++
	}
	return i
}

// decodeString decodes, checking it, the string whose text starts at
// start, all plain up to i, into the decoder's scratch buffer, and moves
// past its closing quote. It checks and decodes in the same pass: the
// scratch buffer, kept for the decoder's later strings, has room for the
// rest of the input (what the string can hold, but for invalid UTF-8,
// which grows by two bytes a byte) and 8 bytes more, so that the loop can
// store whole words.
func (d *Decoder) decodeString(start, i int) []byte {
	data := d.data
	if need := len(data) - start + 8; len(d.scratch) < need {
		d.scratch = make([]byte, need)
	}
	buf := d.scratch
	w := copy(buf, data[start:i])
	for {
		// Copy a word, then keep what comes before its first byte of
		// interest.
		if i+8 <= len(data) {
			x := binary.LittleEndian.Uint64(data[i:])
			binary.LittleEndian.PutUint64(buf[w:], x)
			m := special(x)
			if m == 0 {
				i += 8
				w += 8
				continue
			}
			n := bits.TrailingZeros64(m) >> 3
			i += n
			w += n
		} else if i >= len(data) {
			d.pos = i
			d.fail(ErrSyntax, "unterminated string")
			return nil
		}
		switch c := data[i]; {
		case c == '\\':
			if i+1 < len(data) {
				if u := unescape[data[i+1]]; u != 0 {
					buf[w] = u
					w++
					i += 2
					continue
				}
			}
			if escapeLen(data[i:]) == 0 {
				d.pos = i
				d.fail(ErrSyntax, "invalid escape in string")
				return nil
			}
			r := hex4(data[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				// Joined with a following \u escape when the two make a
				// pair; otherwise U+FFFD, and the next escape stands on
				// its own (and is checked when read).
				r2 := rune(-1)
				if i+6 <= len(data) && data[i] == '\\' && data[i+1] == 'u' {
					r2 = hex4(data[i+2:])
				}
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					r = pair
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			w += utf8.EncodeRune(buf[w:], r)
		case c == '"':
			d.pos = i + 1
			return buf[:w]
		case c < 0x20:
			d.pos = i
			d.fail(ErrSyntax, "control character in string")
			return nil
		case c < utf8.RuneSelf: // in the last 7 bytes
			buf[w] = c
			w++
			i++
		default:
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				// One byte becomes three: keep room for the rest.
				if need := w + 3 + len(data) - i - 1 + 8; need > len(buf) {
					grown := make([]byte, need)
					copy(grown, buf[:w])
					buf, d.scratch = grown, grown
				}
				w += utf8.EncodeRune(buf[w:], utf8.RuneError)
				i++
				continue
			}
			w += copy(buf[w:], data[i:i+n])
			i += n
		}
	}
}

// unescape maps the letter of a one-letter escape to the byte it stands
// for, and every other byte to 0.
var unescape = [256]byte{
	'"': '"', '\\': '\\', '/': '/',
	'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t',
}
