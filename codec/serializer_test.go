package codec_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/linkedin/goavro/v2"
	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/codec/codectest"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// calls returns the registry's call counts, for diffs.
func calls(r *codectest.Registry) map[string]int {
	m := map[string]int{}
	for _, op := range []string{"GetSchemaByID", "GetSchemaByGUID", "RegisterSchema", "LookupSchema"} {
		if n := r.Calls(op); n > 0 {
			m[op] = n
		}
	}
	return m
}

func TestSerializer(t *testing.T) {
	tests := []struct {
		name      string
		opt       codec.SerializerOptions
		preload   bool // schema registered beforehand
		wantCalls map[string]int
		wantMagic byte
	}{
		{"register", codec.SerializerOptions{}, false, map[string]int{"RegisterSchema": 1}, codec.MagicV0},
		{"register existing", codec.SerializerOptions{}, true, map[string]int{"RegisterSchema": 1}, codec.MagicV0},
		{"lookup only", codec.SerializerOptions{LookupOnly: true}, true, map[string]int{"LookupSchema": 1}, codec.MagicV0},
		{"register, GUID", codec.SerializerOptions{UseGUID: true}, false, map[string]int{"RegisterSchema": 1, "LookupSchema": 1}, codec.MagicV1},
		{"lookup only, GUID", codec.SerializerOptions{LookupOnly: true, UseGUID: true}, true, map[string]int{"LookupSchema": 1}, codec.MagicV1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := &codectest.Registry{}
			reg.Add("other-value", confluent.Schema{Schema: orderSchema}) // so ids are not all 1
			var want confluent.SubjectSchema
			if tt.preload {
				want = reg.Add("users-value", confluent.Schema{Schema: userSchema})
			}
			s, err := codec.NewSerializer(t.Context(), reg, "users-value", userSchema, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.preload {
				ss, err := reg.LookupSchema(t.Context(), "users-value", confluent.Schema{Schema: userSchema})
				if err != nil {
					t.Fatalf("schema not registered: %v", err)
				}
				want = *ss
				tt.wantCalls["LookupSchema"]++
			}
			for range 3 {
				if _, err := s.Encode(nil, user()); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.wantCalls, calls(reg)); diff != "" {
				t.Errorf("registry calls (-want +got):\n%s", diff)
			}

			wantHeader := codec.Header{Magic: codec.MagicV0, ID: want.ID}
			if tt.wantMagic == codec.MagicV1 {
				g, _ := codec.ParseGUID(want.GUID)
				wantHeader = codec.Header{Magic: codec.MagicV1, ID: want.ID, GUID: g}
			}
			if diff := cmp.Diff(wantHeader, s.Header()); diff != "" {
				t.Errorf("Header (-want +got):\n%s", diff)
			}
			if s.Subject() != "users-value" {
				t.Errorf("Subject = %q", s.Subject())
			}

			// Encode appends: the prefix survives, the framing follows, and
			// the payload is goavro's encoding.
			prefix := []byte("prefix")
			out, err := s.Encode(bytes.Clone(prefix), user())
			if err != nil {
				t.Fatal(err)
			}
			raw, err := s.Codec().BinaryFromNative(nil, user())
			if err != nil {
				t.Fatal(err)
			}
			wantOut := codec.AppendHeader(bytes.Clone(prefix), wantHeader)
			wantOut = append(wantOut, raw...)
			if !bytes.Equal(out, wantOut) {
				t.Errorf("Encode = % x\nwant     % x", out, wantOut)
			}
		})
	}
}

func TestSerializerErrors(t *testing.T) {
	boom := &protocol.APIError{API: "confluent", Status: 500, Code: "50001", Message: "store error"}
	tests := []struct {
		name      string
		reg       codec.Registry
		schema    string
		opt       codec.SerializerOptions
		check     func(error) bool
		wantCalls int
	}{
		{
			name: "invalid schema, before any call", reg: &codectest.Registry{}, schema: `{"type":"record","name":"X"}`,
			check: func(err error) bool { var se *codec.SchemaError; return errors.As(err, &se) },
		},
		{
			name: "lookup of an unregistered subject", reg: &codectest.Registry{}, schema: userSchema,
			opt: codec.SerializerOptions{LookupOnly: true},
			check: func(err error) bool {
				var re *codec.RegistryError
				return errors.As(err, &re) && re.Subject == "users-value" && errors.Is(err, confluent.ErrSubjectNotFound)
			},
			wantCalls: 1,
		},
		{
			name: "registry failure", reg: &codectest.Registry{Err: func(string) error { return boom }}, schema: userSchema,
			check: func(err error) bool {
				var ae *protocol.APIError
				return errors.As(err, &ae) && ae.Status == 500 && errors.Is(err, protocol.ErrServer)
			},
			wantCalls: 1,
		},
		{
			name: "no GUID from an old registry", reg: noGUID{&codectest.Registry{}}, schema: userSchema,
			opt: codec.SerializerOptions{UseGUID: true},
			check: func(err error) bool {
				var re *codec.RegistryError
				return errors.As(err, &re) && re.Op == "look up schema"
			},
		},
		{
			name: "id out of the wire format's range", reg: bigID{&codectest.Registry{}}, schema: userSchema,
			check: func(err error) bool {
				var re *codec.RegistryError
				return errors.As(err, &re) && re.Op == "register schema"
			},
		},
		{
			name: "looked-up id out of the wire format's range", reg: bigLookupID{&codectest.Registry{}}, schema: userSchema,
			opt: codec.SerializerOptions{LookupOnly: true},
			check: func(err error) bool {
				var re *codec.RegistryError
				return errors.As(err, &re) && re.Op == "look up schema"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := codec.NewSerializer(t.Context(), tt.reg, "users-value", tt.schema, tt.opt)
			if s != nil || err == nil || !tt.check(err) {
				t.Fatalf("NewSerializer = %v, %v (%T)", s, err, err)
			}
			if r, ok := tt.reg.(*codectest.Registry); ok {
				if n := r.Calls("RegisterSchema") + r.Calls("LookupSchema"); n != tt.wantCalls {
					t.Errorf("registry calls = %d, want %d", n, tt.wantCalls)
				}
			}
		})
	}
}

// noGUID is a registry from before GUIDs.
type noGUID struct{ *codectest.Registry }

func (r noGUID) LookupSchema(ctx context.Context, subject string, s confluent.Schema) (*confluent.SubjectSchema, error) {
	ss, err := r.Registry.LookupSchema(ctx, subject, s)
	if ss != nil {
		ss.GUID = ""
	}
	return ss, err
}

// bigID answers ids the wire format cannot carry.
type bigID struct{ *codectest.Registry }

func (bigID) RegisterSchema(context.Context, string, confluent.Schema) (int, error) {
	return math.MaxInt32 + 1, nil
}

// bigLookupID answers a lookup with an id the wire format cannot carry.
type bigLookupID struct{ *codectest.Registry }

func (bigLookupID) LookupSchema(_ context.Context, subject string, s confluent.Schema) (*confluent.SubjectSchema, error) {
	return &confluent.SubjectSchema{Subject: subject, Version: 1, ID: math.MaxInt32 + 1, Schema: s}, nil
}

func TestSerializerEncodeError(t *testing.T) {
	reg := &codectest.Registry{}
	s, err := codec.NewSerializer(t.Context(), reg, "users-value", userSchema, codec.SerializerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bad := user()
	delete(bad, "email")
	dst := make([]byte, 3, 64)
	copy(dst, "abc")
	out, err := s.Encode(dst, bad)
	var ee *codec.EncodeError
	if !errors.As(err, &ee) || ee.Subject != "users-value" || ee.Header != s.Header() {
		t.Fatalf("Encode error = %#v, want *EncodeError", err)
	}
	if string(out) != "abc" {
		t.Errorf("Encode returned %q on error, want dst unchanged", out)
	}
}

func TestSerializerConcurrentEncode(t *testing.T) {
	s, err := codec.NewSerializer(t.Context(), &codectest.Registry{}, "users-value", userSchema, codec.SerializerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.Encode(nil, user())
	done := make(chan []byte)
	for range 4 {
		go func() {
			var buf []byte
			for range 50 {
				buf, _ = s.Encode(buf[:0], user())
			}
			done <- buf
		}()
	}
	for range 4 {
		if got := <-done; !bytes.Equal(got, want) {
			t.Errorf("concurrent Encode = % x, want % x", got, want)
		}
	}
}

// decode decodes b with goavro after checking its framing.
func decode(t *testing.T, b []byte, schema string, h codec.Header) any {
	t.Helper()
	got, payload, err := codec.ParseHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Magic != h.Magic || (h.Magic == codec.MagicV0 && got.ID != h.ID) || got.GUID != h.GUID {
		t.Fatalf("framing %+v, want %+v", got, h)
	}
	c, err := goavro.NewCodec(schema)
	if err != nil {
		t.Fatal(err)
	}
	v, rest, err := c.NativeFromBinary(payload)
	if err != nil || len(rest) != 0 {
		t.Fatalf("NativeFromBinary: %v, %d bytes left", err, len(rest))
	}
	return v
}

// An empty subject is the schema's full name, as kafkit's register_schema
// and RecordNameStrategy have it, with GUID framing too (whose lookup needs
// the subject).
func TestSerializerDefaultSubject(t *testing.T) {
	for _, opt := range []codec.SerializerOptions{{}, {UseGUID: true}} {
		reg := &codectest.Registry{}
		s, err := codec.NewSerializer(t.Context(), reg, "", orderSchema, opt)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := s.Subject(), "com.example.Order"; got != want {
			t.Errorf("Subject() = %q, want %q", got, want)
		}
		if _, err := reg.LookupSchema(t.Context(), "com.example.Order", confluent.Schema{Schema: orderSchema}); err != nil {
			t.Errorf("not registered under the full name: %v", err)
		}
	}
	if _, err := codec.NewSerializer(t.Context(), &codectest.Registry{}, "", `"string"`, codec.SerializerOptions{}); err == nil {
		t.Error("a primitive schema with no subject was accepted")
	}
}
