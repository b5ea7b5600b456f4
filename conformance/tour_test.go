package conformance

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// The tour is one multi-step fixture, testdata/confluent/tour.txtar, that
// `unwired tour` replays. Its call is {"op": "tour", "steps": [...]}; each
// step is a client call as in the other fixtures, or one of two codec steps:
//
//	{"op": "Serialize", "subject": s, "schema": {...}, "options": {...}, "value": <Avro JSON>}
//	    codec.NewSerializer(ctx, client, s, schema.schema, options) then
//	    Encode of the value; the result is the framed bytes in hex.
//	{"op": "Deserialize", "wire": "<hex>"}
//	    Decode with a new codec.Deserializer over the client; the result is
//	    {"id": <schema id>, "value": <Avro JSON>}.
//
// Its want is {"steps": [<want of each step>]}. The client has its caches
// off, so every step's requests appear in the fixture, in order.

// tourOp names the tour in its call.
const tourOp = "tour"

// tourDecoded is the result of a Deserialize step.
type tourDecoded struct {
	ID    int             `json:"id"`
	Value json.RawMessage `json:"value"`
}

// runTourStep makes one step of the tour.
func runTourStep(ctx context.Context, c *confluent.Client, step fixtureCall) (any, error) {
	switch step.Op {
	case "Serialize":
		opts, err := decodeOptions[codec.SerializerOptions](step.Options)
		if err != nil {
			return nil, err
		}
		ser, err := codec.NewSerializer(ctx, c, step.Subject, schemaArg(step).Schema, opts)
		if err != nil {
			return nil, err
		}
		native, _, err := ser.Codec().NativeFromTextual(step.Value)
		if err != nil {
			return nil, fmt.Errorf("value: %w", err)
		}
		wire, err := ser.Encode(nil, native)
		if err != nil {
			return nil, err
		}
		return hex.EncodeToString(wire), nil
	case "Deserialize":
		wire, err := hex.DecodeString(step.Wire)
		if err != nil {
			return nil, fmt.Errorf("wire: %w", err)
		}
		de := codec.NewDeserializer(c, codec.DeserializerOptions{})
		v, h, err := de.Decode(ctx, wire)
		if err != nil {
			return nil, err
		}
		cd, err := de.Codec(ctx, h)
		if err != nil {
			return nil, err
		}
		text, err := cd.TextualFromNative(nil, v)
		if err != nil {
			return nil, err
		}
		text, err = sortedJSON(text)
		if err != nil {
			return nil, err
		}
		return tourDecoded{ID: h.ID, Value: text}, nil
	}
	return dispatch(ctx, c, step)
}

// codecLookupOnly is the tour's serializer: the schema is registered
// already, so it only looks it up, as a producer with
// auto.register.schemas=false does.
var codecLookupOnly = codec.SerializerOptions{LookupOnly: true}

// sortedJSON rewrites a JSON document with its object members sorted by
// name (goavro writes a record's fields in map order) and its numbers as
// they were.
func sortedJSON(b []byte) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
