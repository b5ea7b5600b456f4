package codec_test

import (
	"context"
	"errors"
	"testing"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// FuzzDeserialize feeds arbitrary bytes to a Deserializer whose registry
// knows a few schemas: it must never panic, and every error must be one of
// the package's types.
func FuzzDeserialize(f *testing.F) {
	reg := &codectest.Registry{}
	reg.Add("users-value", confluent.Schema{Schema: userSchema})
	reg.Add("mixed-value", confluent.Schema{Schema: mixedSchema})
	reg.Add("orders-value", confluent.Schema{Schema: orderSchema})
	reg.Add("p-value", confluent.Schema{Schema: `message M {}`, SchemaType: confluent.Protobuf})

	ctx := context.Background()
	for _, w := range []struct {
		schema string
		value  map[string]any
	}{
		{userSchema, user()},
		{orderSchema, map[string]any{"sku": "x", "qty": int32(-3)}},
		{mixedSchema, map[string]any{
			"tags":  []any{"a", "b"},
			"attrs": map[string]any{"k": map[string]any{"long": int64(5)}, "z": nil},
			"hash":  make([]byte, 16),
			"next":  map[string]any{"Mixed": map[string]any{"tags": []any{}, "attrs": map[string]any{}, "hash": make([]byte, 16), "next": nil, "f": float32(1)}},
			"f":     float32(2.5),
		}},
	} {
		for _, useGUID := range []bool{false, true} {
			s, err := codec.NewSerializer(ctx, reg, "seed", w.schema, codec.SerializerOptions{UseGUID: useGUID})
			if err != nil {
				f.Fatal(err)
			}
			b, err := s.Encode(nil, w.value)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
			f.Add(b[:len(b)-1])
		}
	}
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 4})
	f.Add([]byte{0, 0, 0, 0, 99, 1})
	f.Add([]byte{0, 0, 0, 0, 2, 0xfe, 0xff, 0xff, 0xff, 0x0f}) // a huge array block count
	f.Add([]byte{3})

	d := codec.NewDeserializer(reg, codec.DeserializerOptions{})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, _, err := d.Decode(ctx, b)
		if err == nil {
			if v == nil {
				t.Fatal("no value and no error")
			}
			return
		}
		var (
			short    *codec.ShortInputError
			magic    *codec.MagicError
			regErr   *codec.RegistryError
			schema   *codec.SchemaError
			decode   *codec.DecodeError
			trailing *codec.TrailingBytesError
		)
		if !errors.As(err, &short) && !errors.As(err, &magic) && !errors.As(err, &regErr) &&
			!errors.As(err, &schema) && !errors.As(err, &decode) && !errors.As(err, &trailing) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
	})
}
