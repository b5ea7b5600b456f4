package jsonscan

// Objects and arrays are read with a loop whose condition is the container
// itself:
//
//	for more := d.EnterObject(); more; more = d.NextMember() {
//		switch string(d.Key()) { ... read or skip the value ... }
//	}
//
// The decoder keeps no stack: each loop is the state of its container.

// EnterObject reads the '{' that opens an object and reports whether a
// member follows. For an empty object it reads the '}' too and returns
// false. A value of another kind stops the decoder.
func (d *Decoder) EnterObject() bool { return d.enter('{', '}', Object) }

// EnterArray reads the '[' that opens an array and reports whether an
// element follows, as EnterObject does.
func (d *Decoder) EnterArray() bool { return d.enter('[', ']', Array) }

func (d *Decoder) enter(open, close byte, k Kind) bool {
	if d.err != nil {
		return false
	}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != open {
		d.mismatch(k)
		return false
	}
	d.pos++
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == close {
		d.pos++
		return false
	}
	return true
}

// NextMember reads what follows a member's value: ',' (another member
// follows: true) or the object's closing '}' (false).
func (d *Decoder) NextMember() bool { return d.next('}') }

// NextElem reads what follows an element: ',' (true) or ']' (false).
func (d *Decoder) NextElem() bool { return d.next(']') }

func (d *Decoder) next(close byte) bool {
	if d.err != nil {
		return false
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ',':
			d.pos++
			return true
		case close:
			d.pos++
			return false
		}
	}
	d.fail(ErrSyntax, "expected ',' or '"+string(close)+"'")
	return false
}

// Key reads a member's name and the ':' after it, and returns the name as
// it stands between the quotes (pointing into the input). A name with an
// escape is ErrUnsupported: its text is not its value. A name with bytes
// of 0x80 and above is returned as is, invalid UTF-8 included.
func (d *Decoder) Key() []byte {
	if d.err != nil {
		return nil
	}
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		d.fail(ErrSyntax, "expected a member name")
		return nil
	}
	start := d.pos + 1
	end, flags := d.scanString(start)
	if d.err != nil {
		return nil
	}
	if flags&escaped != 0 {
		d.fail(ErrUnsupported, "member name with an escape")
		return nil
	}
	d.pos = end + 1
	d.skipSpace()
	if d.pos >= len(d.data) || d.data[d.pos] != ':' {
		d.fail(ErrSyntax, "expected ':' after a member name")
		return nil
	}
	d.pos++
	return d.data[start:end]
}
