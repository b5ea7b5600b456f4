package codec

import (
	"context"

	"github.com/linkedin/goavro/v2"
)

// SerializerOptions configure a Serializer. The zero value registers the
// schema and frames values in V0.
type SerializerOptions struct {
	// LookupOnly looks the schema up under the subject instead of
	// registering it (Kafka's auto.register.schemas=false): the schema
	// must have been registered already.
	LookupOnly bool
	// UseGUID frames values in V1, with the schema GUID instead of its id.
	// It needs a registry that assigns GUIDs (Confluent 8 and later).
	UseGUID bool
}

// Serializer encodes values with one fixed Avro schema registered under one
// subject. The registry is called only by NewSerializer; Encode is pure and
// safe for concurrent use.
type Serializer struct {
	codec   *goavro.Codec
	subject string
	h       Header
	frame   [HeaderLenV1]byte // the header, framed once
	n       int               // its length
}

// NewSerializer compiles schema, an Avro schema text, then registers it
// under subject (or, with LookupOnly, looks it up) once. Use a
// SubjectNameStrategy to name the subject; an empty subject is the schema's
// full name, as RecordNameStrategy and kafkit name it.
//
// Registering is done here, with ctx, rather than on the first Encode, so
// that Encode needs no context and never waits on the network.
func NewSerializer(ctx context.Context, reg Registry, subject, schema string, opt SerializerOptions) (*Serializer, error) {
	codec, err := compile(schema, nil)
	if err != nil {
		return nil, err
	}
	if subject == "" {
		if subject, err = RecordName(schema); err != nil {
			return nil, err
		}
	}
	h, err := resolve(ctx, reg, subject, schema, opt.LookupOnly, opt.UseGUID)
	if err != nil {
		return nil, err
	}
	s := &Serializer{codec: codec, subject: subject, h: h}
	s.n = len(AppendHeader(s.frame[:0], h))
	return s, nil
}

// Encode appends the framing and the Avro binary encoding of native to dst
// and returns the extended buffer. On error it returns dst unchanged and an
// *EncodeError. native is in goavro's native form (map[string]any for a
// record).
func (s *Serializer) Encode(dst []byte, native any) ([]byte, error) {
	n := len(dst)
	out, err := s.codec.BinaryFromNative(append(dst, s.frame[:s.n]...), native)
	if err != nil {
		return dst[:n], &EncodeError{Subject: s.subject, Header: s.h, Err: err}
	}
	return out, nil
}

// Header returns the framing Encode writes: the schema id, and the GUID
// with UseGUID.
func (s *Serializer) Header() Header { return s.h }

// Subject returns the subject the schema is registered under.
func (s *Serializer) Subject() string { return s.subject }

// Codec returns the compiled schema.
func (s *Serializer) Codec() *goavro.Codec { return s.codec }
