package fault

import (
	"context"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

// Fault is what a Doer does with one request (or, with Times, with several
// in a row). Build one with the functions of this package or with Func.
type Fault struct {
	name  string
	times int
	do    func(ctx context.Context, req *protocol.Request, resp *protocol.Response, next protocol.Doer) error
}

// Func returns a Fault that calls fn. resp has been emptied; next is the
// wrapped Doer, possibly nil. fn must honour the Doer contract: fill resp
// and return nil, or return a *protocol.TransportError, a
// *protocol.BodyTooLargeError or ctx.Err().
func Func(name string, fn func(ctx context.Context, req *protocol.Request, resp *protocol.Response, next protocol.Doer) error) Fault {
	return Fault{name: name, times: 1, do: fn}
}

// Times returns f applied to n requests in a row instead of one: a burst.
// n < 1 makes a fault that is skipped.
func (f Fault) Times(n int) Fault {
	f.times = max(n, 0)
	return f
}

// String names the fault, for test failure messages.
func (f Fault) String() string { return f.name }

// Pass passes the request to the wrapped Doer unchanged.
func Pass() Fault {
	return Func("pass", func(ctx context.Context, req *protocol.Request, resp *protocol.Response, next protocol.Doer) error {
		if next == nil {
			return ErrUnscripted
		}
		return next.Do(ctx, req, resp)
	})
}

// connReset is the error a read on a connection the peer reset returns on
// most systems; errors.Is(err, syscall.ECONNRESET) holds.
func connReset() error {
	return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
}

// Reset fails as a connection reset before any response: a
// *protocol.TransportError wrapping syscall.ECONNRESET. The request never
// reaches the wrapped Doer.
func Reset() Fault {
	return Func("connection reset", func(_ context.Context, req *protocol.Request, _ *protocol.Response, _ protocol.Doer) error {
		return protocol.NewTransportError(req, connReset())
	})
}

// ResetAfterSend passes the request to the wrapped Doer and then loses the
// response to a connection reset: the server acted, the client cannot know.
// This is the case that makes a non-idempotent request unsafe to repeat.
func ResetAfterSend() Fault {
	return Func("connection reset after send", func(ctx context.Context, req *protocol.Request, resp *protocol.Response, next protocol.Doer) error {
		if next == nil {
			return ErrUnscripted
		}
		if err := next.Do(ctx, req, resp); err != nil {
			return err
		}
		resp.Reset()
		return protocol.NewTransportError(req, connReset())
	})
}

// Timeout fails as a read timeout: a *protocol.TransportError whose
// Timeout() is true and which matches os.ErrDeadlineExceeded. It returns at
// once; use Hang for a request that blocks.
func Timeout() Fault {
	return Func("timeout", func(_ context.Context, req *protocol.Request, _ *protocol.Response, _ protocol.Doer) error {
		return protocol.NewTransportError(req, &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded})
	})
}

// BodyTooLarge fails as a driver does for a body longer than limit: a
// *protocol.BodyTooLargeError.
func BodyTooLarge(limit int64) Fault {
	return Func("body too large", func(context.Context, *protocol.Request, *protocol.Response, protocol.Doer) error {
		return &protocol.BodyTooLargeError{Limit: limit}
	})
}

// Respond answers with status, header and body, without reaching the
// wrapped Doer.
func Respond(status int, header protocol.Header, body string) Fault {
	header = header.Clone()
	return Func("status "+strconv.Itoa(status), func(_ context.Context, _ *protocol.Request, resp *protocol.Response, _ protocol.Doer) error {
		resp.Status = status
		resp.Header = append(resp.Header, header...)
		resp.Body = append(resp.Body, body...)
		return nil
	})
}

// TooManyRequests answers 429 with a Retry-After of retryAfter: a number of
// seconds ("3") or an HTTP-date (see HTTPDate). An empty retryAfter sends
// none.
func TooManyRequests(retryAfter string) Fault {
	h := protocol.Header{{Name: "Content-Type", Value: "text/plain; charset=utf-8"}}
	if retryAfter != "" {
		h.Add("Retry-After", retryAfter)
	}
	f := Respond(429, h, "Too Many Requests\n")
	f.name = "429 Retry-After " + retryAfter
	return f
}

// Unavailable answers 503 with no Retry-After. Unavailable().Times(n) is a
// burst of n.
func Unavailable() Fault {
	return Respond(503, protocol.Header{{Name: "Content-Type", Value: "text/plain; charset=utf-8"}}, "Service Unavailable\n")
}

// BadGatewayHTML answers 502 with the HTML page a reverse proxy sends when
// the service behind it is down: a body that is not the API's JSON.
func BadGatewayHTML() Fault {
	return Respond(502, protocol.Header{{Name: "Content-Type", Value: "text/html"}}, badGatewayPage)
}

const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

// TruncatedJSON answers 200 with a JSON content type and a body that stops
// in the middle of a value, as when a connection drops and the driver fails
// to notice.
func TruncatedJSON() Fault {
	f := Respond(200, protocol.Header{{Name: "Content-Type", Value: "application/json"}}, `{"subject":"orders-value","version":3,"id":`)
	f.name = "truncated JSON"
	return f
}

// Truncate passes the request to the wrapped Doer and keeps only the first
// keep bytes of the body it answers with.
func Truncate(keep int) Fault {
	return Func("truncate to "+strconv.Itoa(keep)+" bytes", func(ctx context.Context, req *protocol.Request, resp *protocol.Response, next protocol.Doer) error {
		if next == nil {
			return ErrUnscripted
		}
		if err := next.Do(ctx, req, resp); err != nil {
			return err
		}
		if keep >= 0 && keep < len(resp.Body) {
			clear(resp.Body[keep:])
			resp.Body = resp.Body[:keep]
		}
		return nil
	})
}

// Hang never answers: it blocks until ctx ends and returns ctx.Err(), as a
// driver does for a server that accepted the request and went silent.
func Hang() Fault {
	return Func("hang", func(ctx context.Context, _ *protocol.Request, _ *protocol.Response, _ protocol.Doer) error {
		<-ctx.Done()
		return ctx.Err()
	})
}

// Hold blocks until release is closed, then passes the request to the
// wrapped Doer; if ctx ends first it returns ctx.Err(). It holds requests in
// flight, to test what concurrent callers do meanwhile.
func Hold(release <-chan struct{}) Fault {
	return Func("hold", func(ctx context.Context, req *protocol.Request, resp *protocol.Response, next protocol.Doer) error {
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		if next == nil {
			return ErrUnscripted
		}
		return next.Do(ctx, req, resp)
	})
}

// HTTPDate formats t as an HTTP-date (IMF-fixdate), for a Retry-After.
func HTTPDate(t time.Time) string {
	return t.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")
}
