package replay

import (
	"context"
	"net/textproto"
	"slices"
	"strings"
	"sync"

	"github.com/unwired-go/unwired/protocol"
)

// Recorder is a protocol.Doer that forwards every request to another Doer
// and remembers each complete exchange, redacted, for a Fixture. It is safe
// for concurrent use; exchanges are kept in the order their responses came.
type Recorder struct {
	d protocol.Doer

	mu sync.Mutex
	ex []Exchange
}

// NewRecorder returns a Recorder forwarding to d.
func NewRecorder(d protocol.Doer) *Recorder { return &Recorder{d: d} }

// Do implements protocol.Doer. A request that ends in an error (no complete
// response) is not recorded: a fixture holds responses only.
func (r *Recorder) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	if err := r.d.Do(ctx, req, resp); err != nil {
		return err
	}
	x := Exchange{Request: recordRequest(req), Response: recordResponse(resp)}
	r.mu.Lock()
	r.ex = append(r.ex, x)
	r.mu.Unlock()
	return nil
}

// recordRequest is the stored form of a live request: the request target
// with secrets redacted, volatile fields dropped, secret fields and JSON
// members redacted.
func recordRequest(req *protocol.Request) protocol.Request {
	var h protocol.Header
	for _, f := range req.Header {
		if !IsVolatileHeader(f.Name) {
			h = append(h, f)
		}
	}
	return protocol.Request{Method: req.Method, URL: targetOf(req.URL), Header: redactHeader(h), Body: redactBody(req.Body)}
}

// responseFraming are response fields that describe one connection's
// framing or the moment of sending, not the answer.
var responseFraming = []string{"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Date"}

// recordResponse is the stored form of a live response: framing fields and
// Date dropped, fields sorted by name so re-recording diffs cleanly,
// secrets redacted.
func recordResponse(resp *protocol.Response) protocol.Response {
	var h protocol.Header
	for _, f := range resp.Header {
		if !slices.ContainsFunc(responseFraming, func(n string) bool { return strings.EqualFold(n, f.Name) }) {
			h = append(h, f)
		}
	}
	slices.SortStableFunc(h, func(a, b protocol.Field) int {
		return strings.Compare(textproto.CanonicalMIMEHeaderKey(a.Name), textproto.CanonicalMIMEHeaderKey(b.Name))
	})
	return protocol.Response{Status: resp.Status, Header: redactHeader(h), Body: redactBody(resp.Body)}
}

// Fixture returns the exchanges recorded so far as a Fixture, with comment,
// call and want (JSON, may be nil). Trailing newlines are dropped from all
// three and secrets are redacted from call and want; the result shares no
// memory with the Recorder. comment must say where the recording came from.
func (r *Recorder) Fixture(comment string, call, want []byte) *Fixture {
	r.mu.Lock()
	f := (&Fixture{Exchanges: r.ex}).clone()
	r.mu.Unlock()
	f.Comment = trimCommentNL(comment)
	f.Call = redactBody(trimNL(call))
	f.Want = redactBody(trimNL(want))
	return f
}

// Len returns the number of exchanges recorded.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ex)
}

// Reset forgets every recorded exchange.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.ex = nil
	r.mu.Unlock()
}
