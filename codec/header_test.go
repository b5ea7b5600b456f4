package codec_test

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/codec"
)

var guid = codec.GUID{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x4d, 0xef, 0x80, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07}

func TestHeaderRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		h    codec.Header
		wire []byte
	}{
		{"v0 id 1", codec.Header{Magic: codec.MagicV0, ID: 1}, []byte{0, 0, 0, 0, 1}},
		{"v0 id 0", codec.Header{Magic: codec.MagicV0, ID: 0}, []byte{0, 0, 0, 0, 0}},
		{"v0 big endian", codec.Header{Magic: codec.MagicV0, ID: 0x01020304}, []byte{0, 1, 2, 3, 4}},
		{"v0 max", codec.Header{Magic: codec.MagicV0, ID: math.MaxInt32}, []byte{0, 0x7f, 0xff, 0xff, 0xff}},
		{"v1", codec.Header{Magic: codec.MagicV1, GUID: guid}, append([]byte{1}, guid[:]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("kept")
			got := codec.AppendHeader(bytes.Clone(prefix), tt.h)
			if want := append(bytes.Clone(prefix), tt.wire...); !bytes.Equal(got, want) {
				t.Fatalf("AppendHeader = % x, want % x", got, want)
			}
			if n := tt.h.Len(); n != len(tt.wire) {
				t.Errorf("Len = %d, want %d", n, len(tt.wire))
			}
			payload := []byte{9, 8, 7}
			h, rest, err := codec.ParseHeader(append(bytes.Clone(tt.wire), payload...))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.h, h); diff != "" {
				t.Errorf("ParseHeader header (-want +got):\n%s", diff)
			}
			if !bytes.Equal(rest, payload) {
				t.Errorf("payload = % x, want % x", rest, payload)
			}
		})
	}
}

func TestParseHeaderNegativeID(t *testing.T) {
	h, _, err := codec.ParseHeader([]byte{0, 0xff, 0xff, 0xff, 0xfe})
	if err != nil || h.ID != -2 {
		t.Errorf("ParseHeader = %+v, %v; want id -2 as a signed 32-bit id", h, err)
	}
}

func TestParseHeaderErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"nil", nil, &codec.ShortInputError{Len: 0, Need: 1}},
		{"empty", []byte{}, &codec.ShortInputError{Len: 0, Need: 1}},
		{"v0 magic only", []byte{0}, &codec.ShortInputError{Len: 1, Need: 5}},
		{"v0 short id", []byte{0, 0, 0, 1}, &codec.ShortInputError{Len: 4, Need: 5}},
		{"v1 short guid", append([]byte{1}, guid[:15]...), &codec.ShortInputError{Len: 16, Need: 17}},
		{"magic 2", []byte{2, 0, 0, 0, 1}, &codec.MagicError{Magic: 2}},
		{"json", []byte(`{"a":1}`), &codec.MagicError{Magic: '{'}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rest, err := codec.ParseHeader(tt.in)
			if diff := cmp.Diff(tt.want, err); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if rest != nil {
				t.Errorf("payload = % x on error, want nil", rest)
			}
			if err != nil && err.Error() == "" {
				t.Error("empty error message")
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&codec.ShortInputError{Len: 3, Need: 5}, "codec: input of 3 bytes is shorter than the 5-byte Confluent header"},
		{&codec.MagicError{Magic: 0x7b}, "codec: unknown magic byte 0x7b (want 0x00 or 0x01): not Confluent-framed data"},
		{&codec.TrailingBytesError{Header: codec.Header{ID: 4}, N: 2}, "codec: 2 trailing bytes after a record of schema id 4"},
		{&codec.DecodeError{Header: codec.Header{Magic: codec.MagicV1, GUID: guid}, Err: errors.New("short buffer")},
			"codec: payload does not decode with schema GUID 12345678-9abc-4def-8001-020304050607: short buffer"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestAppendHeaderV0OutOfRange(t *testing.T) {
	for _, id := range []int{-1, math.MaxInt32 + 1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AppendHeaderV0(%d) did not panic", id)
				}
			}()
			codec.AppendHeaderV0(nil, id)
		}()
	}
}

func TestGUID(t *testing.T) {
	const text = "12345678-9abc-4def-8001-020304050607"
	if got := guid.String(); got != text {
		t.Errorf("String = %q, want %q", got, text)
	}
	tests := []struct {
		in      string
		want    codec.GUID
		wantErr bool
	}{
		{in: text, want: guid},
		{in: "12345678-9ABC-4DEF-8001-020304050607", want: guid},
		{in: "00000000-0000-0000-0000-000000000000"},
		{in: "", wantErr: true},
		{in: "123456789abc4def8001020304050607", wantErr: true},
		{in: "12345678-9abc-4def-8001-02030405060g", wantErr: true},
		{in: "12345678-9abc-4def-8001-0203040506077", wantErr: true},
		{in: "1234567-89abc-4def-8001-020304050607", wantErr: true},
		{in: "12345678-9abc-4def-8001--20304050607", wantErr: true},
	}
	for _, tt := range tests {
		got, err := codec.ParseGUID(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseGUID(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 1, 2, 3})
	f.Add([]byte{0, 0xff, 0xff, 0xff, 0xff})
	f.Add(append([]byte{1}, guid[:]...))
	f.Add([]byte{1, 2, 3})
	f.Add([]byte{7})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, payload, err := codec.ParseHeader(b)
		if err != nil {
			var se *codec.ShortInputError
			var me *codec.MagicError
			if !errors.As(err, &se) && !errors.As(err, &me) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		if h.Len()+len(payload) != len(b) {
			t.Fatalf("header %d + payload %d != input %d", h.Len(), len(payload), len(b))
		}
		var again []byte
		if h.Magic == codec.MagicV0 && h.ID < 0 {
			again = append([]byte{0}, b[1:5]...)
		} else {
			again = codec.AppendHeader(nil, h)
		}
		if !bytes.Equal(append(again, payload...), b) {
			t.Fatalf("re-framed % x, input % x", append(again, payload...), b)
		}
		if _, err := codec.ParseGUID(h.GUID.String()); err != nil {
			t.Fatalf("GUID text does not parse back: %v", err)
		}
	})
}
