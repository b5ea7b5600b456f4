package fasthttp

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/protocol"
)

func TestFillRequest(t *testing.T) {
	req := &protocol.Request{Method: "PUT", URL: "http://h:1/subjects/a%2Fb//versions?x=1&x=2", Body: []byte(`{"a":1}`), Header: protocol.Header{
		{Name: "X-Rep", Value: "1"},
		{Name: "Content-Type", Value: "application/json"},
		{Name: "Host", Value: "virtual.example"},
		{Name: "X-Rep", Value: "2"},
		{Name: "content-length", Value: "99"},
		{Name: "Transfer-Encoding", Value: "chunked"},
		{Name: "x-rep", Value: "3"},
	}}
	orig := req.Clone()
	freq := fh.AcquireRequest()
	defer fh.ReleaseRequest(freq)
	fillRequest(freq, req)
	freq.URI().DisablePathNormalizing = true

	var wire bytes.Buffer
	w := bufio.NewWriter(&wire)
	if err := freq.Write(w); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	got := strings.Split(wire.String(), "\r\n")
	for i, l := range got {
		if strings.HasPrefix(l, "User-Agent:") {
			got = append(got[:i], got[i+1:]...)
			break
		}
	}
	want := []string{
		"PUT /subjects/a%2Fb//versions?x=1&x=2 HTTP/1.1",
		"Host: virtual.example",
		"Content-Type: application/json",
		"Content-Length: 7",
		"X-Rep: 1",
		"X-Rep: 2",
		"X-Rep: 3",
		"",
		`{"a":1}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("request on the wire (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(orig, req); diff != "" {
		t.Errorf("request modified (-before +after):\n%s", diff)
	}
}

func parseHeader(t testing.TB, raw string) *fh.ResponseHeader {
	var h fh.ResponseHeader
	if err := h.Read(bufio.NewReader(strings.NewReader(raw))); err != nil {
		t.Skipf("fasthttp rejects the header: %v", err)
	}
	h.SetNoDefaultContentType(true)
	return &h
}

func TestAppendHeader(t *testing.T) {
	h := parseHeader(t, "HTTP/1.1 200 OK\r\n"+
		"X-Multi: one\r\nDate: today\r\nX-Multi: two\r\nSet-Cookie: a=1\r\nContent-Length: 2\r\n"+
		"Set-Cookie: b=2\r\nx-multi: three\r\nContent-Type: application/json\r\n\r\n")
	stale := make(protocol.Header, 1, 16)
	stale[0] = protocol.Field{Name: "Stale", Value: "x"}
	got := appendHeader(stale, h)
	want := protocol.Header{
		{Name: "Content-Length", Value: "2"},
		{Name: "Content-Type", Value: "application/json"},
		{Name: "Set-Cookie", Value: "a=1"},
		{Name: "Set-Cookie", Value: "b=2"},
		{Name: "X-Multi", Value: "one"},
		{Name: "Date", Value: "today"},
		{Name: "X-Multi", Value: "two"},
		{Name: "X-Multi", Value: "three"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if &got[0] != &stale[0] {
		t.Error("storage with room was not reused")
	}
	// No Content-Type made up for a response without one.
	if got := appendHeader(nil, parseHeader(t, "HTTP/1.1 204 No Content\r\n\r\n")); len(got) != 0 {
		t.Errorf("204 without fields: got %v", got)
	}
}

// FuzzAppendHeader checks that the copied fields are exactly what fasthttp
// parsed, in its order, whatever the header bytes.
func FuzzAppendHeader(f *testing.F) {
	f.Add("X-A: 1\r\nX-A: 2\r\nContent-Type: text/plain\r\n")
	f.Add("Set-Cookie: a=1\r\nServer: s\r\nContent-Length: 0\r\nConnection: close\r\n")
	f.Add("Content-Encoding: gzip\r\nX-Empty:\r\nX-Sp:  padded  \r\nTrailer: X-T\r\n")
	f.Fuzz(func(t *testing.T, fields string) {
		h := parseHeader(t, "HTTP/1.1 200 OK\r\n"+fields+"\r\n")
		var want protocol.Header
		for k, v := range h.All() {
			want = append(want, protocol.Field{Name: string(k), Value: string(v)})
		}
		got := appendHeader(protocol.Header{{Name: "Stale", Value: "x"}}, h)
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("fields (-want +got):\n%s", diff)
		}
	})
}
