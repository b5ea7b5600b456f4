package nethttp

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
)

// countingReader serves data in pieces of at most step bytes and counts what
// it hands out.
type countingReader struct {
	data []byte
	step int
	read int
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.read >= len(r.data) {
		return 0, io.EOF
	}
	n := min(len(p), r.step, len(r.data)-r.read)
	copy(p, r.data[r.read:r.read+n])
	r.read += n
	return n, nil
}

func TestReadBody(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 100) // 1000 bytes
	for _, tc := range []struct {
		name      string
		size      int   // bytes the server sends
		announced int64 // Content-Length, -1 for none
		limit     int64
		step      int
		wantErr   bool
		maxRead   int // the reader must not be drained past this
	}{
		{"known under limit", 1000, 1000, 4096, 1000, false, 1000},
		{"known at limit", 1000, 1000, 1000, 7, false, 1000},
		{"known over limit", 1000, 1000, 999, 1000, true, 0},
		{"unknown under limit", 1000, -1, 4096, 13, false, 1000},
		{"unknown at limit", 1000, -1, 1000, 1000, false, 1000},
		{"unknown one over limit", 1000, -1, 999, 1000, true, 1000},
		{"unknown far over limit", 1000, -1, 100, 1000, true, 101},
		{"unknown far over limit, small steps", 1000, -1, 100, 3, true, 101},
		{"empty", 0, 0, 10, 1, false, 0},
		{"empty unknown", 0, -1, 10, 1, false, 0},
		{"zero limit", 1, -1, 0, 1, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &countingReader{data: data[:tc.size], step: tc.step}
			got, err := readBody(r, nil, tc.announced, tc.limit)
			var tl *protocol.BodyTooLargeError
			if tc.wantErr {
				if !errors.As(err, &tl) || tl.Limit != tc.limit {
					t.Fatalf("err = %v, want BodyTooLargeError{%d}", err, tc.limit)
				}
				if len(got) != 0 {
					t.Errorf("body kept: %d bytes", len(got))
				}
			} else {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if diff := cmp.Diff(data[:tc.size], got); diff != "" {
					t.Errorf("body (-want +got):\n%s", diff)
				}
			}
			if r.read > tc.maxRead {
				t.Errorf("read %d bytes from the body, want at most %d", r.read, tc.maxRead)
			}
		})
	}
}

func TestReadBodyReusesStorage(t *testing.T) {
	buf := make([]byte, 3, 2048)
	got, err := readBody(bytes.NewReader([]byte("hello")), buf, 5, 100)
	if err != nil || string(got) != "hello" {
		t.Fatalf("got %q, %v", got, err)
	}
	if &got[0] != &buf[:1][0] {
		t.Error("a buffer with room was not reused")
	}
	// A body of unknown length also lands in the caller's buffer.
	got, err = readBody(iotest.OneByteReader(bytes.NewReader([]byte("again"))), got, -1, 100)
	if err != nil || string(got) != "again" || &got[0] != &buf[:1][0] {
		t.Fatalf("got %q, %v, reused %v", got, err, len(got) > 0 && &got[0] == &buf[:1][0])
	}
}

func TestReadBodyErrors(t *testing.T) {
	boom := errors.New("boom")
	got, err := readBody(iotest.ErrReader(boom), make([]byte, 0, 8), -1, 100)
	if !errors.Is(err, boom) || len(got) != 0 {
		t.Fatalf("got %q, %v; want nothing and %v", got, err, boom)
	}
	got, err = readBody(http.NoBody, []byte("stale"), 1<<40, 10)
	if err != nil || len(got) != 0 {
		t.Fatalf("NoBody: got %q, %v; want an empty body whatever the announced length", got, err)
	}
}

func FuzzReadBody(f *testing.F) {
	f.Add([]byte("hello, world"), int64(5), uint8(3), true)
	f.Add([]byte("hello, world"), int64(12), uint8(1), false)
	f.Add([]byte{}, int64(0), uint8(1), true)
	f.Add(bytes.Repeat([]byte{0xff}, 600), int64(599), uint8(255), false)
	f.Fuzz(func(t *testing.T, data []byte, limit int64, step uint8, announce bool) {
		if limit < 0 {
			limit = -limit
		}
		n := int64(-1)
		if announce {
			n = int64(len(data))
		}
		r := &countingReader{data: data, step: int(step) + 1}
		got, err := readBody(r, nil, n, limit)
		if int64(len(data)) > limit {
			var tl *protocol.BodyTooLargeError
			if !errors.As(err, &tl) {
				t.Fatalf("%d bytes over a limit of %d: err = %v", len(data), limit, err)
			}
		} else if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes under a limit of %d: got %d bytes, %v", len(data), limit, len(got), err)
		}
		if int64(r.read) > limit+1 {
			t.Fatalf("read %d bytes with a limit of %d", r.read, limit)
		}
	})
}

func TestAppendHeader(t *testing.T) {
	src := http.Header{
		"X-B":          {"2", "1"},
		"Content-Type": {"application/json"},
		"X-A":          {"z"},
	}
	stale := protocol.Header{{Name: "Stale", Value: "x"}, {Name: "Stale", Value: "y"}, {Name: "Stale", Value: "z"}, {Name: "Stale", Value: "w"}, {Name: "Stale", Value: "v"}}
	got := appendHeader(stale, src)
	want := protocol.Header{
		{Name: "Content-Type", Value: "application/json"},
		{Name: "X-A", Value: "z"},
		{Name: "X-B", Value: "2"},
		{Name: "X-B", Value: "1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if &got[0] != &stale[0] {
		t.Error("storage with room was not reused")
	}
}
