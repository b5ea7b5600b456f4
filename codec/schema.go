package codec

import (
	"errors"
	"fmt"
	"time"

	"github.com/linkedin/goavro/v2"
	"github.com/unwired-go/unwired/cache"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// DefaultMaxSchemas bounds each schema cache of a serializer or
// deserializer whose options leave it 0.
const DefaultMaxSchemas = 1000

// schemaErrorTTL is how long a deserializer remembers that the schema of an
// id or GUID is unusable (not AVRO, with references, not valid), so a
// stream of such messages does not reach the registry for each one. Such a
// schema never becomes usable: ids are immutable.
const schemaErrorTTL = time.Minute

func isSchemaError(err error) bool {
	var se *SchemaError
	return errors.As(err, &se)
}

// check refuses what the Avro codec cannot handle. h is nil for a schema
// given by the caller.
func check(s *confluent.Schema, h *Header) error {
	if t := s.Type(); t != confluent.Avro {
		return &SchemaError{Header: h, Type: t, Reason: "schema type " + string(t) + " is not supported; only AVRO is"}
	}
	if len(s.References) > 0 {
		return &SchemaError{Header: h, Type: confluent.Avro, Reason: "schema has references, which the Avro codec does not resolve"}
	}
	return nil
}

// compile builds the goavro codec of an Avro schema text. goavro panics on
// some malformed schemas (a decimal whose precision is not a number), and
// schemas come from the registry, so a panic is turned into a *SchemaError.
func compile(text string, h *Header) (c *goavro.Codec, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, &SchemaError{Header: h, Type: confluent.Avro, Reason: "schema is not valid Avro", Err: fmt.Errorf("goavro panicked: %v", r)}
		}
	}()
	c, err = goavro.NewCodec(text)
	if err != nil {
		return nil, &SchemaError{Header: h, Type: confluent.Avro, Reason: "schema is not valid Avro", Err: err}
	}
	return c, nil
}

// decoder is a compiled schema ready to read untrusted payloads.
type decoder struct {
	codec *goavro.Codec
	guard *guard // nil when the schema needs none
}

// compileDecoder compiles text and its guard.
func compileDecoder(text string, h *Header) (*decoder, error) {
	c, err := compile(text, h)
	if err != nil {
		return nil, err
	}
	g, err := newGuard(text)
	if err != nil {
		// goavro took the schema but the guard cannot follow it: refuse
		// rather than decode unguarded.
		return nil, &SchemaError{Header: h, Type: confluent.Avro, Reason: "schema is beyond the decoder's safety checks", Err: err}
	}
	return &decoder{codec: c, guard: g}, nil
}

// decode reads exactly one value from payload.
func (d *decoder) decode(payload []byte, h Header) (any, error) {
	if d.guard != nil {
		if err := d.guard.check(payload); err != nil {
			return nil, &DecodeError{Header: h, Err: err}
		}
	}
	v, rest, err := d.codec.NativeFromBinary(payload)
	if err != nil {
		return nil, &DecodeError{Header: h, Err: err}
	}
	if len(rest) > 0 {
		return nil, &TrailingBytesError{Header: h, N: len(rest)}
	}
	return v, nil
}

// codecs is a bounded cache of compiled codecs by schema text, shared by the
// id and GUID caches of a deserializer so that one schema known under
// several ids is compiled once.
type codecs struct {
	byText *cache.Cache[string, *decoder]
}

func newCodecs(max int) codecs {
	return codecs{byText: cache.New[string, *decoder](cache.Options{MaxEntries: max})}
}

// get returns the codec of s, compiling it on first use. Two callers that
// miss at once both compile, which is harmless; the callers above it are
// single-flight per id already.
func (c codecs) get(s *confluent.Schema, h *Header) (*decoder, error) {
	if err := check(s, h); err != nil {
		return nil, err
	}
	if d, ok := c.byText.Get(s.Schema); ok {
		return d, nil
	}
	d, err := compileDecoder(s.Schema, h)
	if err != nil {
		return nil, err
	}
	c.byText.Put(s.Schema, d)
	return d, nil
}
