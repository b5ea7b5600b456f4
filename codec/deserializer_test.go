package codec_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

func TestDeserializerRoundTrip(t *testing.T) {
	for _, useGUID := range []bool{false, true} {
		reg := &codectest.Registry{}
		reg.Add("orders-value", confluent.Schema{Schema: orderSchema})
		s, err := codec.NewSerializer(t.Context(), reg, "users-value", userSchema, codec.SerializerOptions{UseGUID: useGUID})
		if err != nil {
			t.Fatal(err)
		}
		msg, err := s.Encode(nil, user())
		if err != nil {
			t.Fatal(err)
		}
		d := codec.NewDeserializer(reg, codec.DeserializerOptions{})
		for i := range 3 {
			v, h, err := d.Decode(t.Context(), msg)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(userDecoded(), v); diff != "" {
				t.Errorf("GUID %v, decode %d: value (-want +got):\n%s", useGUID, i, diff)
			}
			want := s.Header()
			if !useGUID {
				want.GUID = codec.GUID{}
			} else {
				want.ID = 0 // a V1 header carries no id
			}
			if diff := cmp.Diff(want, h); diff != "" {
				t.Errorf("GUID %v: header (-want +got):\n%s", useGUID, diff)
			}
		}
		wantCalls := map[string]int{"RegisterSchema": 1, "GetSchemaByID": 1}
		if useGUID {
			wantCalls = map[string]int{"RegisterSchema": 1, "LookupSchema": 1, "GetSchemaByGUID": 1}
		}
		if diff := cmp.Diff(wantCalls, calls(reg)); diff != "" {
			t.Errorf("GUID %v: registry calls (-want +got):\n%s", useGUID, diff)
		}
	}
}

func TestDeserializerErrors(t *testing.T) {
	reg := &codectest.Registry{}
	users := reg.Add("users-value", confluent.Schema{Schema: userSchema})
	proto := reg.Add("p-value", confluent.Schema{Schema: `syntax = "proto3"; message M {}`, SchemaType: confluent.Protobuf})
	withRefs := reg.Add("r-value", confluent.Schema{Schema: `{"type":"record","name":"R","fields":[{"name":"u","type":"com.example.User"}]}`,
		References: []confluent.Reference{{Name: "com.example.User", Subject: "users-value", Version: 1}}})
	invalid := reg.Add("bad-value", confluent.Schema{Schema: `{"type":"record","name":"Bad","fields":[{"name":"x","type":"nope"}]}`})
	s, err := codec.NewSerializer(t.Context(), reg, "users-value", userSchema, codec.SerializerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := s.Encode(nil, user())

	v0 := func(id int, payload ...byte) []byte { return append(codec.AppendHeaderV0(nil, id), payload...) }
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		in    []byte
		check func(t *testing.T, err error)
	}{
		{"empty", nil, nil, wantAs[*codec.ShortInputError]},
		{"short header", nil, []byte{0, 0, 1}, wantAs[*codec.ShortInputError]},
		{"unknown magic", nil, []byte{9, 0, 0, 0, 1, 2}, wantAs[*codec.MagicError]},
		{"unknown id", nil, v0(999, 0), func(t *testing.T, err error) {
			var re *codec.RegistryError
			var ae *protocol.APIError
			if !errors.As(err, &re) || re.Header.ID != 999 || !errors.Is(err, confluent.ErrSchemaNotFound) ||
				!errors.As(err, &ae) || ae.Status != 404 {
				t.Errorf("error = %v (%T); want *RegistryError for id 999 matching ErrSchemaNotFound", err, err)
			}
		}},
		{"unknown GUID", nil, codec.AppendHeaderV1(nil, guid), func(t *testing.T, err error) {
			var re *codec.RegistryError
			if !errors.As(err, &re) || re.Header.GUID != guid || !errors.Is(err, confluent.ErrSchemaNotFound) {
				t.Errorf("error = %v (%T)", err, err)
			}
		}},
		{"protobuf schema", nil, v0(proto.ID, 0), func(t *testing.T, err error) {
			var se *codec.SchemaError
			if !errors.As(err, &se) || se.Type != confluent.Protobuf || se.Header == nil || se.Header.ID != proto.ID {
				t.Errorf("error = %v (%T)", err, err)
			}
		}},
		{"schema with references", nil, v0(withRefs.ID, 0), wantAs[*codec.SchemaError]},
		{"invalid Avro in the registry", nil, v0(invalid.ID, 0), wantAs[*codec.SchemaError]},
		{"truncated payload", nil, good[:len(good)-3], func(t *testing.T, err error) {
			var de *codec.DecodeError
			if !errors.As(err, &de) || de.Header.ID != s.Header().ID {
				t.Errorf("error = %v (%T)", err, err)
			}
		}},
		{"header only", nil, good[:5], wantAs[*codec.DecodeError]},
		{"trailing bytes", nil, append(append([]byte{}, good...), 1, 2), func(t *testing.T, err error) {
			var te *codec.TrailingBytesError
			if !errors.As(err, &te) || te.N != 2 {
				t.Errorf("error = %v (%T)", err, err)
			}
		}},
		{"cancelled before the fetch", cancelled, v0(users.ID, 0), func(t *testing.T, err error) {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error = %v, want context.Canceled", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			d := codec.NewDeserializer(reg, codec.DeserializerOptions{})
			v, _, err := d.Decode(ctx, tt.in)
			if err == nil {
				t.Fatalf("Decode = %v, want an error", v)
			}
			if v != nil {
				t.Errorf("Decode value = %v on error, want nil", v)
			}
			tt.check(t, err)
		})
	}
}

func wantAs[E error](t *testing.T, err error) {
	t.Helper()
	var target E
	if !errors.As(err, &target) {
		t.Errorf("error = %v (%T), want %T", err, err, target)
	}
}

// An unusable schema is remembered; a failing registry is asked again.
func TestDeserializerCaching(t *testing.T) {
	reg := &codectest.Registry{}
	proto := reg.Add("p-value", confluent.Schema{Schema: `message M {}`, SchemaType: confluent.Protobuf})
	avro := reg.Add("u-value", confluent.Schema{Schema: orderSchema})
	d := codec.NewDeserializer(reg, codec.DeserializerOptions{})
	msg := codec.AppendHeaderV0(nil, proto.ID)
	for range 3 {
		d.Decode(t.Context(), msg)
	}
	if n := reg.Calls("GetSchemaByID"); n != 1 {
		t.Errorf("unusable schema fetched %d times, want once", n)
	}

	reg.Err = func(string) error { return &protocol.APIError{API: "confluent", Status: 500} }
	msg = codec.AppendHeaderV0(nil, avro.ID)
	for range 2 {
		if _, _, err := d.Decode(t.Context(), msg); !errors.Is(err, protocol.ErrServer) {
			t.Fatalf("Decode error = %v, want the server error", err)
		}
	}
	if n := reg.Calls("GetSchemaByID"); n != 3 {
		t.Errorf("GetSchemaByID called %d times, want 3: server errors are not cached", n)
	}
	reg.Err = nil
	msg = append(msg, 2, 'A', 4) // sku "A", qty 2
	v, _, err := d.Decode(t.Context(), msg)
	if diff := cmp.Diff(map[string]any{"sku": "A", "qty": int32(2)}, v); diff != "" || err != nil {
		t.Errorf("Decode after recovery: %v (-want +got):\n%s", err, diff)
	}
}

// A registry that answers neither a schema nor an error.
type nilRegistry struct{ codectest.Registry }

func (*nilRegistry) GetSchemaByID(context.Context, int) (*confluent.Schema, error) { return nil, nil }

func TestDeserializerNilSchema(t *testing.T) {
	d := codec.NewDeserializer(&nilRegistry{}, codec.DeserializerOptions{})
	_, _, err := d.Decode(t.Context(), codec.AppendHeaderV0(nil, 1))
	wantAs[*codec.RegistryError](t, err)
}
