package codec_test

import (
	"testing"

	"github.com/linkedin/goavro/v2"
	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
)

// The Encode and Decode benchmarks run goavro alone and the codec on the
// same 10-field record in one run, so their ratio is meaningful.

func BenchmarkEncode(b *testing.B) {
	native := user()
	b.Run("goavro", func(b *testing.B) {
		c, err := goavro.NewCodec(userSchema)
		if err != nil {
			b.Fatal(err)
		}
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			if buf, err = c.BinaryFromNative(buf[:0], native); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Serializer", func(b *testing.B) {
		s, err := codec.NewSerializer(b.Context(), &codectest.Registry{}, "users-value", userSchema, codec.SerializerOptions{})
		if err != nil {
			b.Fatal(err)
		}
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			if buf, err = s.Encode(buf[:0], native); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("PolySerializer", func(b *testing.B) {
		p := codec.NewPolySerializer(&codectest.Registry{}, codec.PolySerializerOptions{})
		ctx := b.Context()
		var buf []byte
		var err error
		b.ReportAllocs()
		for b.Loop() {
			if buf, err = p.Encode(ctx, buf[:0], "users", userSchema, native); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	benchDecode(b, userSchema, user())
}

// BenchmarkDecodeGuarded decodes a schema with arrays, maps and recursion,
// which the Deserializer walks before goavro reads it.
func BenchmarkDecodeGuarded(b *testing.B) {
	benchDecode(b, mixedSchema, mixedValue())
}

func benchDecode(b *testing.B, schema string, native any) {
	reg := &codectest.Registry{}
	s, err := codec.NewSerializer(b.Context(), reg, "bench-value", schema, codec.SerializerOptions{})
	if err != nil {
		b.Fatal(err)
	}
	msg, err := s.Encode(nil, native)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("goavro", func(b *testing.B) {
		c, err := goavro.NewCodec(schema)
		if err != nil {
			b.Fatal(err)
		}
		payload := msg[codec.HeaderLenV0:]
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := c.NativeFromBinary(payload); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Deserializer", func(b *testing.B) {
		d := codec.NewDeserializer(reg, codec.DeserializerOptions{})
		ctx := b.Context()
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := d.Decode(ctx, msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}
