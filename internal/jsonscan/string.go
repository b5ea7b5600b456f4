package jsonscan

import (
	"strings"
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

// scanString finds the closing quote of the string whose text starts at i,
// checking escapes and control characters on the way, and returns its
// index and what the text holds. UTF-8 is not checked here: encoding/json
// accepts any byte in a string and replaces the invalid ones on decoding.
func (d *Decoder) scanString(i int) (end int, flags uint8) {
	data := d.data
	for i < len(data) {
		c := data[i]
		if plain[c] {
			i++
			continue
		}
		switch {
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
	d.pos = i
	d.fail(ErrSyntax, "unterminated string")
	return 0, 0
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

// String reads a string and returns its value. A value of another kind
// (null included: the caller decides what null means) stops the decoder.
func (d *Decoder) String() string {
	if d.err != nil {
		return ""
	}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		d.mismatch(String)
		return ""
	}
	start := d.pos + 1
	end, flags := d.scanString(start)
	if d.err != nil {
		return ""
	}
	d.pos = end + 1
	raw := d.data[start:end]
	if flags == 0 || flags == nonASCII && utf8.Valid(raw) {
		return string(raw)
	}
	return unquote(raw)
}

// unquote decodes the text of a string scanString accepted (every escape
// complete and valid) into a new string.
func unquote(raw []byte) string {
	var b strings.Builder
	// Exact unless invalid UTF-8 grows the text: an escape is never
	// shorter than what it stands for.
	b.Grow(len(raw))
	span := 0 // start of the bytes not yet written that stand for themselves
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c < utf8.RuneSelf && c != '\\':
			i++
			continue
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[i:])
			if r != utf8.RuneError || n != 1 {
				i += n
				continue
			}
			b.Write(raw[span:i])
			b.WriteRune(utf8.RuneError)
			i++
			span = i
			continue
		}
		b.Write(raw[span:i])
		if raw[i+1] != 'u' {
			b.WriteByte(unescape[raw[i+1]])
			i += 2
			span = i
			continue
		}
		r := hex4(raw[i+2:])
		i += 6
		if utf16.IsSurrogate(r) {
			// Joined with a following \u escape when the two make a pair;
			// otherwise U+FFFD, and the next escape stands on its own.
			r2 := rune(-1)
			if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
				r2 = hex4(raw[i+2:])
			}
			if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
				r = pair
				i += 6
			} else {
				r = utf8.RuneError
			}
		}
		b.WriteRune(r)
		span = i
	}
	b.Write(raw[span:])
	return b.String()
}

// unescape maps the letter of a one-letter escape to the byte it stands for.
var unescape = [256]byte{
	'"': '"', '\\': '\\', '/': '/',
	'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t',
}
