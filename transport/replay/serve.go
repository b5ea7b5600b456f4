package replay

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/unwired-go/unwired/protocol"
)

// serverFraming are stored fields net/http writes itself.
var serverFraming = []string{"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"}

// maxServeBody bounds a request body Serve reads.
const maxServeBody = 64 << 20

// Serve starts an HTTP server on 127.0.0.1 that answers f's exchanges in
// order and returns its base URL ("http://127.0.0.1:port"). Each incoming
// request is matched like NewDoer's; a mismatch is reported with t.Errorf
// and answered 400 with the diff as body. The server stops when the test
// ends, and exchanges never requested fail the test. This runs a fixture
// corpus through a real driver.
//
// The response carries the stored fields plus a Content-Length; the server
// adds no Date and sniffs no Content-Type.
func Serve(t testing.TB, f *Fixture, opts ...Option) string {
	t.Helper()
	d := NewDoer(f, "", opts...)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("replay.Serve: %v", err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: serveHandler(t, d)}}
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		if err := d.Leftovers(); err != nil {
			t.Errorf("replay.Serve: %v", err)
		}
	})
	return srv.URL
}

func serveHandler(t testing.TB, d *Doer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxServeBody+1))
		if err != nil || len(body) > maxServeBody {
			t.Errorf("replay.Serve: reading the body of %s %s: %v (limit %d bytes)", r.Method, protocol.RedactURL(r.RequestURI), err, maxServeBody)
			http.Error(w, "replay: unreadable request body", http.StatusBadRequest)
			return
		}
		req := protocol.Request{Method: r.Method, URL: r.RequestURI, Header: fieldsOf(r.Header), Body: body}
		var resp protocol.Response
		if err := d.Do(r.Context(), &req, &resp); err != nil {
			t.Errorf("replay.Serve: %v", err)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		h := w.Header()
		h["Date"] = nil // suppressed unless the fixture has one
		for _, f := range resp.Header {
			if !slices.ContainsFunc(serverFraming, func(n string) bool { return strings.EqualFold(n, f.Name) }) {
				h.Add(f.Name, f.Value)
			}
		}
		if _, ok := h["Content-Type"]; !ok {
			h["Content-Type"] = nil // no sniffing
		}
		hasBody := resp.Status != http.StatusNoContent && resp.Status != http.StatusNotModified
		if hasBody {
			h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
		}
		w.WriteHeader(resp.Status)
		if hasBody && r.Method != http.MethodHead {
			_, _ = w.Write(resp.Body)
		}
	})
}

// fieldsOf turns a net/http header into fields, sorted by name; net/http
// has already lost the order across names.
func fieldsOf(h http.Header) protocol.Header {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	var out protocol.Header
	for _, name := range names {
		for _, v := range h[name] {
			out = append(out, protocol.Field{Name: name, Value: v})
		}
	}
	return out
}
