package nethttp

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
)

func TestNewRequest(t *testing.T) {
	for _, tc := range []struct {
		name       string
		req        protocol.Request
		wantHeader http.Header
		wantHost   string
		wantLen    int64
	}{
		{
			name:       "no fields",
			req:        protocol.Request{Method: "GET", URL: "http://h:1/p"},
			wantHeader: http.Header{},
			wantHost:   "h:1",
		},
		{
			name: "repeats adjacent and apart, names canonicalised",
			req: protocol.Request{Method: "GET", URL: "http://h/p", Header: protocol.Header{
				{Name: "x-a", Value: "1"}, {Name: "X-A", Value: "2"}, {Name: "Accept", Value: "j"}, {Name: "x-A", Value: "3"}, {Name: "X-A", Value: "4"},
			}},
			wantHeader: http.Header{"X-A": {"1", "2", "3", "4"}, "Accept": {"j"}},
			wantHost:   "h",
		},
		{
			name: "Host overrides, body decides length",
			req: protocol.Request{Method: "POST", URL: "http://h/p", Body: []byte("abc"), Header: protocol.Header{
				{Name: "host", Value: "virtual.example"}, {Name: "Content-Length", Value: "99"}, {Name: "Transfer-Encoding", Value: "chunked"},
				{Name: "Content-Type", Value: "application/json"},
			}},
			wantHeader: http.Header{"Content-Type": {"application/json"}},
			wantHost:   "virtual.example",
			wantLen:    3,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig := tc.req.Clone()
			hreq, err := newRequest(context.Background(), &tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantHeader, hreq.Header); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			if hreq.Host != tc.wantHost || hreq.ContentLength != tc.wantLen {
				t.Errorf("host %q length %d, want %q %d", hreq.Host, hreq.ContentLength, tc.wantHost, tc.wantLen)
			}
			if tc.wantLen > 0 {
				for i := range 2 { // the body, then a fresh one from GetBody
					b, err := io.ReadAll(hreq.Body)
					if err != nil || string(b) != string(tc.req.Body) {
						t.Errorf("body %d: %q, %v", i, b, err)
					}
					if hreq.Body, err = hreq.GetBody(); err != nil {
						t.Fatal(err)
					}
				}
			}
			if diff := cmp.Diff(orig, &tc.req); diff != "" {
				t.Errorf("request modified (-before +after):\n%s", diff)
			}
		})
	}
}

func TestNewRequestRejectsBadInput(t *testing.T) {
	for _, tc := range []protocol.Request{
		{Method: "GET", URL: "http://[::1"},
		{Method: "BAD METHOD", URL: "http://h/"},
	} {
		if _, err := newRequest(context.Background(), &tc); err == nil {
			t.Errorf("%s %s: no error", tc.Method, tc.URL)
		}
	}
}
