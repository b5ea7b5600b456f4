package nethttp

import (
	"context"
	"io"
	"net/http"
	"net/textproto"

	"github.com/unwired-go/unwired/protocol"
)

// newRequest converts req. Header values share one backing array, so a
// request costs one slice however many fields it has; a name that repeats
// out of line grows its own slice. Host overrides the Host sent;
// Content-Length and Transfer-Encoding are dropped because the body decides
// them.
func newRequest(ctx context.Context, req *protocol.Request) (*http.Request, error) {
	hreq, err := http.NewRequestWithContext(ctx, req.Method, req.URL, nil)
	if err != nil {
		return nil, err
	}
	if len(req.Header) > 0 {
		vals := make([]string, len(req.Header))
		for i, f := range req.Header {
			name := textproto.CanonicalMIMEHeaderKey(f.Name)
			switch name {
			case "Host":
				hreq.Host = f.Value
				continue
			case "Content-Length", "Transfer-Encoding":
				continue
			}
			vs, seen := hreq.Header[name]
			switch {
			case !seen:
				vals[i] = f.Value
				hreq.Header[name] = vals[i : i+1 : i+1]
			case i > 0 && len(vs) > 0 && &vs[len(vs)-1] == &vals[i-1]:
				// A repeat right after its previous value: extend in place.
				vals[i] = f.Value
				hreq.Header[name] = vals[i-len(vs) : i+1 : i+1]
			default:
				hreq.Header[name] = append(vs, f.Value)
			}
		}
	}
	if len(req.Body) > 0 {
		body := req.Body
		hreq.ContentLength = int64(len(body))
		hreq.Body = &bodyReader{b: body}
		// GetBody lets net/http resend the body on a fresh connection when a
		// reused one turns out dead, and for HTTP/2 retries.
		hreq.GetBody = func() (io.ReadCloser, error) { return &bodyReader{b: body}, nil }
	}
	return hreq, nil
}

// bodyReader is a request body over a byte slice it does not own or modify.
type bodyReader struct {
	b   []byte
	off int
}

func (r *bodyReader) Read(p []byte) (int, error) {
	if r.off >= len(r.b) {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.off:])
	r.off += n
	return n, nil
}

// WriteTo lets io.Copy write the body in one call.
func (r *bodyReader) WriteTo(w io.Writer) (int64, error) {
	if r.off >= len(r.b) {
		return 0, nil
	}
	n, err := w.Write(r.b[r.off:])
	r.off += n
	return int64(n), err
}

func (r *bodyReader) Close() error { return nil }
