package conformance

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// fixedRegistry holds one schema under one id: enough for a codec, and it
// lets the test pick ids whose four bytes all differ.
type fixedRegistry struct {
	id     int
	schema string
}

func (r fixedRegistry) GetSchemaByID(_ context.Context, id int) (*confluent.Schema, error) {
	if id != r.id {
		return nil, fmt.Errorf("fixedRegistry: no schema %d", id)
	}
	return &confluent.Schema{Schema: r.schema}, nil
}

func (r fixedRegistry) GetSchemaByGUID(context.Context, string) (*confluent.Schema, error) {
	return nil, fmt.Errorf("fixedRegistry: no GUIDs")
}

func (r fixedRegistry) RegisterSchema(_ context.Context, _ string, s confluent.Schema) (int, error) {
	if s.Schema != r.schema {
		return 0, fmt.Errorf("fixedRegistry: unexpected schema")
	}
	return r.id, nil
}

func (r fixedRegistry) LookupSchema(_ context.Context, subject string, s confluent.Schema) (*confluent.SubjectSchema, error) {
	id, err := r.RegisterSchema(context.Background(), subject, s)
	if err != nil {
		return nil, err
	}
	return &confluent.SubjectSchema{Subject: subject, Version: 1, ID: id, Schema: s}, nil
}

// interopIDs cover the smallest id, one whose bytes are all different (so a
// byte-order mistake shows) and the largest the wire format holds.
var interopIDs = []int{1, 0x01020304, 0x7fffffff}

// TestInteropV0 checks our V0 framing and Avro encoding against franz-go's
// serde with hamba/avro, both ways: with hamba/avro writing blocks as
// counts alone, as our encoder does, the bytes are identical; and each side
// decodes the other's, including hamba/avro's default blocks that carry
// their size.
func TestInteropV0(t *testing.T) {
	for _, id := range interopIDs {
		reg := fixedRegistry{id: id, schema: orderSchema}
		peer, err := peerSerde(id, hambaCountOnly)
		if err != nil {
			t.Fatal(err)
		}
		sized, err := peerSerde(id, hambaDefault)
		if err != nil {
			t.Fatal(err)
		}
		ser, err := codec.NewSerializer(t.Context(), reg, "orders-value", orderSchema, codec.SerializerOptions{})
		if err != nil {
			t.Fatal(err)
		}
		de := codec.NewDeserializer(reg, codec.DeserializerOptions{})
		for _, tc := range orderCases {
			t.Run(fmt.Sprintf("id=%d/%s", id, tc.name), func(t *testing.T) {
				ours, err := ser.Encode(nil, tc.ours)
				if err != nil {
					t.Fatal(err)
				}
				theirs, err := peer.Encode(tc.peer)
				if err != nil {
					t.Fatal(err)
				}
				if !tc.blocks && !bytes.Equal(ours, theirs) {
					t.Errorf("encodings differ:\nours   %x\ntheirs %x", ours, theirs)
				}
				wantHeader := binary.BigEndian.AppendUint32([]byte{codec.MagicV0}, uint32(id))
				if !bytes.HasPrefix(ours, wantHeader) {
					t.Errorf("our framing %x, want prefix %x", ours[:min(5, len(ours))], wantHeader)
				}
				theirsSized, err := sized.Encode(tc.peer)
				if err != nil {
					t.Fatal(err)
				}

				// We decode theirs, in both block forms.
				for _, in := range [][]byte{theirs, theirsSized} {
					got, h, err := de.Decode(t.Context(), in)
					if err != nil {
						t.Fatalf("decoding %x: %v", in, err)
					}
					diff(t, "header", h, codec.Header{Magic: codec.MagicV0, ID: id})
					diff(t, "our decoding of their bytes", got, any(tc.ours))
				}

				// They decode ours. hamba/avro reads an empty array as nil.
				var back peerOrder
				if err := sized.Decode(ours, &back); err != nil {
					t.Fatal(err)
				}
				diff(t, "their decoding of our bytes", back, tc.peer, cmpopts.EquateEmpty())
			})
		}
	}
}

// TestInteropRejects checks that both sides refuse the same broken input:
// the serde's framing errors are ours too.
func TestInteropRejects(t *testing.T) {
	const id = 7
	reg := fixedRegistry{id: id, schema: orderSchema}
	peer, err := peerSerde(id, hambaDefault)
	if err != nil {
		t.Fatal(err)
	}
	de := codec.NewDeserializer(reg, codec.DeserializerOptions{})
	good := peer.MustEncode(orderCases[0].peer)
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"short header", good[:3]},
		{"bad magic", append([]byte{9}, good[1:]...)},
		{"unknown id", append(binary.BigEndian.AppendUint32([]byte{0}, id+1), good[5:]...)},
		{"truncated payload", good[:len(good)-3]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := de.Decode(t.Context(), tc.in); err == nil {
				t.Errorf("we decoded %x", tc.in)
			}
			var v peerOrder
			if err := peer.Decode(tc.in, &v); err == nil {
				t.Errorf("franz-go decoded %x", tc.in)
			}
		})
	}
	var v peerOrder
	if _, _, err := de.Decode(t.Context(), good); err != nil {
		t.Errorf("we refuse good input: %v", err)
	}
	if err := peer.Decode(good, &v); err != nil {
		t.Errorf("franz-go refuses good input: %v", err)
	}
}
