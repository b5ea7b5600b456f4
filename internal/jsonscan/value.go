package jsonscan

import "math"

// Null reads a null if one comes next and reports whether it did; any
// other value is left unread.
func (d *Decoder) Null() bool {
	if d.err != nil {
		return false
	}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != 'n' {
		return false
	}
	return d.literal("null")
}

// Bool reads true or false.
func (d *Decoder) Bool() bool {
	if d.err != nil {
		return false
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case 't':
			return d.literal("true")
		case 'f':
			d.literal("false")
			return false
		}
	}
	d.mismatch(Bool)
	return false
}

// literal reads lit, which the input must hold at the current offset.
func (d *Decoder) literal(lit string) bool {
	if len(d.data)-d.pos < len(lit) || string(d.data[d.pos:d.pos+len(lit)]) != lit {
		d.fail(ErrSyntax, "invalid literal")
		return false
	}
	d.pos += len(lit)
	return true
}

// Int reads an integer that fits an int. A number with a fraction or an
// exponent, or out of range, is ErrUnsupported (encoding/json refuses
// both for an int), as is a value of another kind.
func (d *Decoder) Int() int {
	if d.err != nil {
		return 0
	}
	d.skipSpace()
	data, i := d.data, d.pos
	neg := i < len(data) && data[i] == '-'
	if neg {
		i++
	}
	if i >= len(data) || data[i] < '0' || data[i] > '9' {
		if neg {
			d.fail(ErrSyntax, "invalid number")
		} else {
			d.mismatch(Number)
		}
		return 0
	}
	start := i
	var n uint64
	if data[i] == '0' {
		i++ // a leading 0 stands alone; a digit after it is a syntax error for the caller's next read
	} else {
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			n = n*10 + uint64(data[i]-'0')
			i++
		}
	}
	if i < len(data) && (data[i] == '.' || data[i] == 'e' || data[i] == 'E') {
		d.fail(ErrUnsupported, "number is not an integer")
		return 0
	}
	limit := uint64(math.MaxInt)
	if neg {
		limit++
	}
	// 19 digits never overflow n; more always exceed limit.
	if i-start > 19 || n > limit {
		d.fail(ErrUnsupported, "integer out of range")
		return 0
	}
	d.pos = i
	if neg {
		return -int(n) // n == limit wraps to math.MinInt, as it should
	}
	return int(n)
}

// Skip reads a value of any kind, checking it, and drops it.
func (d *Decoder) Skip() {
	if d.err != nil {
		return
	}
	d.skip(0)
}

// Raw reads a value of any kind, checking it, and returns its text from
// its first byte to its last (pointing into the input).
func (d *Decoder) Raw() []byte {
	if d.err != nil {
		return nil
	}
	d.skipSpace()
	start := d.pos
	d.skip(0)
	if d.err != nil {
		return nil
	}
	return d.data[start:d.pos]
}

// skip reads one value at nesting depth depth.
func (d *Decoder) skip(depth int) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		d.fail(ErrSyntax, "unexpected end of input")
		return
	}
	switch c := d.data[d.pos]; c {
	case '{', '[':
		if depth >= MaxDepth {
			d.fail(ErrUnsupported, "nested too deeply")
			return
		}
		if c == '{' {
			for more := d.EnterObject(); more; more = d.NextMember() {
				d.skipKey()
				d.skip(depth + 1)
			}
		} else {
			for more := d.EnterArray(); more; more = d.NextElem() {
				d.skip(depth + 1)
			}
		}
	case '"':
		end, _ := d.scanString(d.pos + 1)
		if d.err == nil {
			d.pos = end + 1
		}
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	default:
		d.skipNumber()
	}
}

// skipKey reads a member name, escapes allowed, and its ':'.
func (d *Decoder) skipKey() {
	if d.err != nil {
		return
	}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		d.fail(ErrSyntax, "expected a member name")
		return
	}
	end, _ := d.scanString(d.pos + 1)
	if d.err != nil {
		return
	}
	d.pos = end + 1
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != ':' {
		d.fail(ErrSyntax, "expected ':' after a member name")
		return
	}
	d.pos++
}

// skipNumber reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *Decoder) skipNumber() {
	data, i := d.data, d.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = digits(data, i)
	default:
		d.pos = i
		d.fail(ErrSyntax, "invalid value")
		return
	}
	if i < len(data) && data[i] == '.' {
		j := digits(data, i+1)
		if j == i+1 {
			d.pos = j
			d.fail(ErrSyntax, "no digit after the decimal point")
			return
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(data, i)
		if j == i {
			d.pos = j
			d.fail(ErrSyntax, "no digit in the exponent")
			return
		}
		i = j
	}
	d.pos = i
}

// digits returns the index of the first non-digit at or after i.
func digits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}
