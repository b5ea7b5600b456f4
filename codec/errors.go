package codec

import (
	"errors"
	"fmt"

	"github.com/unwired-go/unwired/protocol/confluent"
)

// ShortInputError reports input too short to hold the framing.
type ShortInputError struct {
	Len  int // bytes given
	Need int // bytes the framing needs
}

func (e *ShortInputError) Error() string {
	return fmt.Sprintf("codec: input of %d bytes is shorter than the %d-byte Confluent header", e.Len, e.Need)
}

// MagicError reports a first byte that is no known framing: the data was
// not written by a Confluent serializer.
type MagicError struct {
	Magic byte
}

func (e *MagicError) Error() string {
	return fmt.Sprintf("codec: unknown magic byte 0x%02x (want 0x00 or 0x01): not Confluent-framed data", e.Magic)
}

// RegistryError reports a registry call that failed. It wraps the
// registry's error, so errors.Is(err, confluent.ErrSchemaNotFound) and
// errors.As(err, &apiErr) see through it.
type RegistryError struct {
	Op      string // "get schema by id", "register schema", ...
	Subject string // for register and lookup
	Header  Header // for fetches: the schema asked for
	Err     error
}

func (e *RegistryError) Error() string {
	s := "codec: " + e.Op
	switch {
	case e.Subject != "":
		s += " under subject " + e.Subject
	case e.Op == opGetByID || e.Op == opGetByGUID:
		s += " (" + e.Header.String() + ")"
	}
	return s + ": " + e.Err.Error()
}

func (e *RegistryError) Unwrap() error { return e.Err }

// Registry operations named in RegistryError.Op.
const (
	opGetByID   = "get schema by id"
	opGetByGUID = "get schema by GUID"
	opRegister  = "register schema"
	opLookup    = "look up schema"
)

// errNoSchema is a registry that answered neither a schema nor an error.
var errNoSchema = errors.New("registry answered no schema and no error")

// SchemaError reports a schema the codec cannot use: not AVRO, with
// references, or not valid Avro.
type SchemaError struct {
	Header *Header              // the schema's id or GUID, when it came from the registry
	Type   confluent.SchemaType // the schema's type
	Reason string
	Err    error // goavro's error, when it did not compile
}

func (e *SchemaError) Error() string {
	s := "codec: "
	if e.Header != nil {
		s += e.Header.String() + ": "
	}
	s += e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *SchemaError) Unwrap() error { return e.Err }

// DecodeError reports a payload that the writer's schema cannot decode.
type DecodeError struct {
	Header Header
	Err    error // goavro's error
}

func (e *DecodeError) Error() string {
	return "codec: payload does not decode with " + e.Header.String() + ": " + e.Err.Error()
}

func (e *DecodeError) Unwrap() error { return e.Err }

// TrailingBytesError reports bytes left after a complete record: the
// payload is longer than the schema says it is.
type TrailingBytesError struct {
	Header Header
	N      int // bytes left over
}

func (e *TrailingBytesError) Error() string {
	return fmt.Sprintf("codec: %d trailing bytes after a record of %s", e.N, e.Header.String())
}

// EncodeError reports a value that the schema cannot encode.
type EncodeError struct {
	Subject string
	Header  Header
	Err     error // goavro's error
}

func (e *EncodeError) Error() string {
	return "codec: value does not encode with " + e.Header.String() + " (subject " + e.Subject + "): " + e.Err.Error()
}

func (e *EncodeError) Unwrap() error { return e.Err }
