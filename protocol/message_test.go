package protocol_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

func TestRequestClone(t *testing.T) {
	tests := []struct {
		desc string
		req  *protocol.Request
	}{
		{"full", &protocol.Request{
			Method: "POST", URL: "https://sr.example/subjects/a/versions",
			Header:     protocol.Header{{"Content-Type", "application/json"}},
			Body:       []byte(`{"schema":"x"}`),
			Idempotent: true,
		}},
		{"no header, no body", &protocol.Request{Method: "GET", URL: "https://sr.example/"}},
		{"empty body", &protocol.Request{Method: "PUT", URL: "https://sr.example/", Body: []byte{}}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			keep := snapshotRequest(tt.req)
			c := tt.req.Clone()
			if c == tt.req {
				t.Fatal("Clone returned the same pointer")
			}
			if diff := cmp.Diff(tt.req, c); diff != "" {
				t.Fatalf("clone differs (-orig +clone):\n%s", diff)
			}
			c.Method = "DELETE"
			c.URL = "https://other.example/"
			c.Idempotent = !c.Idempotent
			for i := range c.Header {
				c.Header[i].Value = "changed"
			}
			c.Header.Add("X", "y")
			for i := range c.Body {
				c.Body[i] = '!'
			}
			if diff := cmp.Diff(keep, tt.req); diff != "" {
				t.Errorf("editing the clone changed the original (-want +got):\n%s", diff)
			}
		})
	}
}

// snapshotRequest copies r by hand, independently of Clone.
func snapshotRequest(r *protocol.Request) *protocol.Request {
	s := &protocol.Request{Method: r.Method, URL: r.URL, Idempotent: r.Idempotent}
	for _, f := range r.Header {
		s.Header = append(s.Header, f)
	}
	if r.Body != nil {
		s.Body = append([]byte{}, r.Body...)
	}
	return s
}

func TestResponseReset(t *testing.T) {
	r := &protocol.Response{
		Status: 503,
		Header: protocol.Header{{"Retry-After", "3"}, {"Set-Cookie", "session=abc"}},
		Body:   []byte("busy"),
	}
	headerBacking := r.Header[:cap(r.Header)]
	bodyCap := cap(r.Body)
	r.Reset()
	if r.Status != 0 || len(r.Header) != 0 || len(r.Body) != 0 {
		t.Fatalf("after Reset: %+v, want empty", r)
	}
	if r.Header == nil || cap(r.Header) != cap(headerBacking) || cap(r.Body) != bodyCap {
		t.Errorf("Reset dropped storage: header cap %d (want %d), body cap %d (want %d)",
			cap(r.Header), cap(headerBacking), cap(r.Body), bodyCap)
	}
	for i, f := range headerBacking {
		if f != (protocol.Field{}) {
			t.Errorf("header backing[%d] = %+v after Reset, want cleared", i, f)
		}
	}

	var zero protocol.Response
	zero.Reset() // must not panic on nil storage
	if zero.Status != 0 || len(zero.Header) != 0 || len(zero.Body) != 0 {
		t.Errorf("zero Response after Reset: %+v", zero)
	}
}

func TestResponseOK(t *testing.T) {
	for _, tt := range []struct {
		status int
		want   bool
	}{{0, false}, {199, false}, {200, true}, {204, true}, {299, true}, {300, false}, {404, false}, {500, false}} {
		if got := (&protocol.Response{Status: tt.status}).OK(); got != tt.want {
			t.Errorf("OK() for %d = %v, want %v", tt.status, got, tt.want)
		}
	}
}
