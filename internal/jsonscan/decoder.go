// Package jsonscan decodes JSON in a single validating pass, for parsers
// that know the shape of what they read. The caller pulls the values it
// wants (objects member by member, strings, integers, booleans, raw values)
// and skips the rest; everything read or skipped is checked against the
// JSON grammar on the way, so there is no separate validation scan.
//
// Strings decode as encoding/json decodes them: every escape, surrogate
// pairs joined, a lone or broken surrogate and each byte of invalid UTF-8
// replaced by U+FFFD.
//
// It is meant as a fast path in front of encoding/json, not a replacement:
// input it does not handle the way encoding/json would (a member name with
// escapes, a number with a fraction where an integer is asked for, a value
// of another type than asked for, very deep nesting) is reported as
// ErrUnsupported, so the caller can hand the whole input to encoding/json
// and get its result and error exactly.
//
// Errors are sticky: after the first one every method returns a zero value
// and loops end, so a caller checks Err once, at the end.
package jsonscan

import (
	"errors"
	"strconv"
)

var (
	// ErrSyntax reports input that is not valid JSON.
	ErrSyntax = errors.New("jsonscan: invalid JSON")
	// ErrUnsupported reports valid JSON (as far as read) that the decoder
	// or its caller does not handle.
	ErrUnsupported = errors.New("jsonscan: unsupported input")
)

// Error is the error a Decoder stops at: ErrSyntax or ErrUnsupported, where
// and why.
type Error struct {
	Err    error // ErrSyntax or ErrUnsupported
	Offset int   // byte offset in the input
	Reason string
}

func (e *Error) Error() string {
	return e.Err.Error() + " at offset " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

func (e *Error) Unwrap() error { return e.Err }

// MaxDepth is how deep Skip and Raw follow nested objects and arrays; a
// value nested deeper is ErrUnsupported (encoding/json accepts up to
// 10000 levels).
const MaxDepth = 1000

// Kind is the type of a JSON value, as told by its first byte.
type Kind uint8

const (
	Invalid Kind = iota // not the start of a value, or the end of the input
	Null
	Bool
	Number
	String
	Object
	Array
)

var kindNames = [...]string{"invalid", "null", "bool", "number", "string", "object", "array"}

func (k Kind) String() string { return kindNames[k] }

// Decoder reads one JSON text. The zero value reads empty input; use New.
// Byte slices it returns (Key, Raw) point into the input.
type Decoder struct {
	data    []byte
	pos     int
	err     *Error
	scratch []byte // where strings with escapes are decoded
}

// New returns a Decoder reading data, which it does not modify.
func New(data []byte) Decoder { return Decoder{data: data} }

// NewScratch is New with a buffer to decode strings with escapes in, such
// as an array on the caller's stack; a string that does not fit gets a
// larger one from the heap.
func NewScratch(data, scratch []byte) Decoder { return Decoder{data: data, scratch: scratch} }

// Err returns the first error met, or nil.
func (d *Decoder) Err() error {
	if d.err == nil {
		return nil
	}
	return d.err
}

// Decline stops the decoder with ErrUnsupported at the current offset, for
// a caller that meets something it does not handle. An earlier error stays.
func (d *Decoder) Decline(reason string) { d.fail(ErrUnsupported, reason) }

func (d *Decoder) fail(err error, reason string) {
	if d.err == nil {
		d.err = &Error{Err: err, Offset: d.pos, Reason: reason}
	}
}

// mismatch stops the decoder at a value of another kind than want: a
// syntax error if no value starts here, else unsupported.
func (d *Decoder) mismatch(want Kind) {
	got := kindAt(d.data, d.pos)
	if got == Invalid {
		d.fail(ErrSyntax, "expected "+want.String())
		return
	}
	d.fail(ErrUnsupported, "expected "+want.String()+", found "+got.String())
}

func kindAt(data []byte, i int) Kind {
	if i >= len(data) {
		return Invalid
	}
	switch c := data[i]; c {
	case '"':
		return String
	case '{':
		return Object
	case '[':
		return Array
	case 't', 'f':
		return Bool
	case 'n':
		return Null
	default:
		if c == '-' || '0' <= c && c <= '9' {
			return Number
		}
		return Invalid
	}
}

// skipSpace moves past JSON whitespace.
func (d *Decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// Peek returns the kind of the next value without reading it.
func (d *Decoder) Peek() Kind {
	if d.err != nil {
		return Invalid
	}
	d.skipSpace()
	return kindAt(d.data, d.pos)
}

// End checks that nothing but whitespace follows the value read.
func (d *Decoder) End() {
	if d.err != nil {
		return
	}
	d.skipSpace()
	if d.pos != len(d.data) {
		d.fail(ErrSyntax, "data after the top-level value")
	}
}
