package fixturecall

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// Encoded is the result of a Serialize step. It is recorded as the framed
// bytes in hex; the rest is for whoever shows the step.
type Encoded struct {
	Wire   []byte       // the framed bytes
	Header codec.Header // their framing
	// Value is the value as the serializer's codec writes it, in Avro's
	// JSON encoding.
	Value []byte
}

// MarshalJSON writes e as its bytes in hex.
func (e Encoded) MarshalJSON() ([]byte, error) {
	return json.Marshal(hex.EncodeToString(e.Wire))
}

// Decoded is the result of a Deserialize step: the schema id and the
// value, in Avro's JSON encoding with object members sorted by name (the
// order goavro writes them in changes from run to run).
type Decoded struct {
	ID    int             `json:"id"`
	Value json.RawMessage `json:"value"`

	Header codec.Header `json:"-"` // the framing read
	Schema string       `json:"-"` // the writer's schema, as the registry sent it
}

// serialize is a Serialize step: a codec.Serializer for the subject and
// schema, then Encode of the value.
func serialize(ctx context.Context, c *confluent.Client, a Args, opts codec.SerializerOptions) (Encoded, error) {
	ser, err := codec.NewSerializer(ctx, c, a.Subject, a.Schema.Schema, opts)
	if err != nil {
		return Encoded{}, err
	}
	native, rest, err := ser.Codec().NativeFromTextual(a.Value)
	if err != nil {
		return Encoded{}, fmt.Errorf("the value does not fit the schema: %w", err)
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return Encoded{}, errors.New("the value is followed by other data")
	}
	wire, err := ser.Encode(nil, native)
	if err != nil {
		return Encoded{}, err
	}
	text, err := ser.Codec().TextualFromNative(nil, native)
	if err != nil {
		return Encoded{}, err
	}
	return Encoded{Wire: wire, Header: ser.Header(), Value: text}, nil
}

// deserialize is a Deserialize step: Decode with a new codec.Deserializer.
func deserialize(ctx context.Context, c *confluent.Client, wire []byte) (Decoded, error) {
	de := codec.NewDeserializer(c, codec.DeserializerOptions{})
	v, h, err := de.Decode(ctx, wire)
	if err != nil {
		return Decoded{}, err
	}
	cd, err := de.Codec(ctx, h)
	if err != nil {
		return Decoded{}, err
	}
	text, err := cd.TextualFromNative(nil, v)
	if err != nil {
		return Decoded{}, err
	}
	text, err = sortedJSON(text)
	if err != nil {
		return Decoded{}, err
	}
	return Decoded{ID: h.ID, Value: text, Header: h, Schema: cd.Schema()}, nil
}

// sortedJSON rewrites a JSON document with its object members sorted by
// name and its numbers as they were.
func sortedJSON(b []byte) ([]byte, error) {
	v, err := jsonValue(b)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
