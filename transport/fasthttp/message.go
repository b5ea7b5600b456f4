package fasthttp

import (
	"strings"

	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/protocol"
)

// fillRequest copies req into freq, fields in order. The body is not
// copied: freq is released before Do returns. Host overrides the Host sent;
// Content-Length and Transfer-Encoding are dropped because the body decides
// them.
func fillRequest(freq *fh.Request, req *protocol.Request) {
	if req.Method != "" {
		freq.Header.SetMethod(req.Method)
	}
	freq.SetRequestURI(req.URL)
	for _, f := range req.Header {
		switch {
		case strings.EqualFold(f.Name, "Host"):
			freq.UseHostHeader = true
			freq.Header.SetHost(f.Value)
		case strings.EqualFold(f.Name, "Content-Length"), strings.EqualFold(f.Name, "Transfer-Encoding"):
		default:
			freq.Header.Add(f.Name, f.Value)
		}
	}
	if len(req.Body) > 0 {
		freq.SetBodyRaw(req.Body)
	}
}

// appendHeader appends the fields of h to dst[:0], in fasthttp's order: the
// fields it keeps apart (Content-Length, Content-Type, Content-Encoding,
// Server, Set-Cookie) first, then the others as received. Each repeated
// name keeps its order. The names and values of one response share one
// string, so the header costs a single allocation.
func appendHeader(dst protocol.Header, h *fh.ResponseHeader) protocol.Header {
	size, n := 0, 0
	for k, v := range h.All() {
		size += len(k) + len(v)
		n++
	}
	dst = dst[:0]
	if cap(dst) < n {
		dst = make(protocol.Header, 0, n)
	}
	var b strings.Builder
	b.Grow(size)
	for k, v := range h.All() {
		b.Write(k)
		b.Write(v)
	}
	all := b.String()
	off := 0
	for k, v := range h.All() {
		name := all[off : off+len(k)]
		off += len(k)
		value := all[off : off+len(v)]
		off += len(v)
		dst = append(dst, protocol.Field{Name: name, Value: value})
	}
	return dst
}
