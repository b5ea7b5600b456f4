package fasthttp

import (
	"context"
	"crypto/tls"
	"errors"
	"math"
	"net"
	"time"

	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/protocol"
)

// DefaultMaxBodyBytes is the response body limit when Options.MaxBodyBytes
// is 0.
const DefaultMaxBodyBytes = 32 << 20

// Options configure a Doer. The zero value is ready to use.
type Options struct {
	// Client sends the requests and is used as is; it should set
	// DisablePathNormalizing (or escaped slashes in paths are decoded),
	// MaxResponseBodySize (or bodies are buffered unbounded before the
	// Doer's limit is checked) and Transport: Transport{} (or a cancelled
	// context takes effect only at the deadline). Nil means a client built
	// by New that does all three, with a 10s dial timeout, 60s read and
	// write timeouts and no response bytes in error messages.
	Client *fh.Client
	// TLS is the client TLS configuration of the default client (roots,
	// client certificate). It is cloned. Ignored when Client is set.
	TLS *tls.Config
	// Timeout bounds each call; 0 means no bound beyond the context's. The
	// earlier of the context's deadline and now+Timeout is given to
	// fasthttp's DoDeadline. When Timeout is the one that expires, Do
	// returns a *protocol.TransportError whose Timeout() is true.
	Timeout time.Duration
	// MaxBodyBytes bounds a response body; a longer one is a
	// *protocol.BodyTooLargeError. 0 or less means DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// Doer sends protocol requests over fasthttp. It is safe for concurrent use.
type Doer struct {
	client  *fh.Client
	timeout time.Duration
	limit   int64 // checked on the body fasthttp returns
	// clientLimit is the client's MaxResponseBodySize, the limit fasthttp
	// itself reports ErrBodyTooLarge against.
	clientLimit int64
}

// New returns a Doer for opts.
func New(opts Options) *Doer {
	d := &Doer{client: opts.Client, timeout: opts.Timeout, limit: opts.MaxBodyBytes}
	if d.limit <= 0 {
		d.limit = DefaultMaxBodyBytes
	}
	if d.client == nil {
		d.client = newClient(opts.TLS, d.limit)
	}
	d.clientLimit = int64(d.client.MaxResponseBodySize)
	return d
}

const dialTimeout = 10 * time.Second

func newClient(tlsConfig *tls.Config, limit int64) *fh.Client {
	return &fh.Client{
		Transport: Transport{},
		DialTimeout: func(addr string, timeout time.Duration) (net.Conn, error) {
			if timeout <= 0 || timeout > dialTimeout {
				timeout = dialTimeout
			}
			return fh.DialTimeout(addr, timeout)
		},
		TLSConfig:           tlsConfig.Clone(),
		ReadTimeout:         60 * time.Second,
		WriteTimeout:        60 * time.Second,
		MaxIdleConnDuration: 90 * time.Second,
		MaxResponseBodySize: int(min(limit, math.MaxInt)),
		// Send the path as built: normalizing would decode %2F.
		DisablePathNormalizing: true,
		ConfigureClient: func(hc *fh.HostClient) error {
			// Keep response bytes out of header parse errors.
			hc.SecureErrorLogMessage = true
			return nil
		},
	}
}

// CloseIdleConnections closes the client's idle keep-alive connections.
func (d *Doer) CloseIdleConnections() { d.client.CloseIdleConnections() }

// Do sends req and fills resp, reusing its Header and Body storage. It
// returns ctx.Err() when ctx ends first (context.DeadlineExceeded when
// fasthttp times out on the context's deadline), a
// *protocol.BodyTooLargeError for a body over the limit, and a
// *protocol.TransportError for any other failure. On error resp is left
// empty.
func (d *Doer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	resp.Reset()
	if err := ctx.Err(); err != nil {
		return err
	}
	freq := fh.AcquireRequest()
	fresp := fh.AcquireResponse()
	defer fh.ReleaseResponse(fresp)
	defer fh.ReleaseRequest(freq)

	fillRequest(freq, req)
	if ctx.Done() != nil {
		freq.SetUserValue(ctxKey{}, ctx)
	}
	deadline, fromCtx := ctx.Deadline()
	if d.timeout > 0 {
		if t := time.Now().Add(d.timeout); !fromCtx || t.Before(deadline) {
			deadline, fromCtx = t, false
		}
	}
	var err error
	if deadline.IsZero() {
		err = d.client.Do(freq, fresp)
	} else {
		err = d.client.DoDeadline(freq, fresp, deadline)
	}
	if err != nil {
		return d.fail(ctx, req, err, deadline, fromCtx)
	}

	body := fresp.Body()
	if int64(len(body)) > d.limit {
		return &protocol.BodyTooLargeError{Limit: d.limit}
	}
	resp.Status = fresp.StatusCode()
	// Read after the round trip: fasthttp resets the flag before it.
	fresp.Header.SetNoDefaultContentType(true)
	resp.Header = appendHeader(resp.Header, &fresp.Header)
	resp.Body = append(resp.Body, body...)
	return nil
}

// fail maps a fasthttp error onto the Doer contract. deadline is the one
// given to fasthttp, fromCtx whether it was the context's.
func (d *Doer) fail(ctx context.Context, req *protocol.Request, err error, deadline time.Time, fromCtx bool) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if errors.Is(err, fh.ErrBodyTooLarge) {
		return &protocol.BodyTooLargeError{Limit: d.clientLimit}
	}
	if isTimeout(err) && !deadline.IsZero() && !time.Now().Before(deadline) {
		if fromCtx {
			// fasthttp timed out on the context's deadline a moment before
			// the context's own timer fired.
			return context.DeadlineExceeded
		}
		err = &timeoutError{d.timeout}
	}
	return protocol.NewTransportError(req, err)
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// timeoutError reports that Options.Timeout expired. It matches
// context.DeadlineExceeded and says Timeout() is true.
type timeoutError struct{ after time.Duration }

func (e *timeoutError) Error() string { return "no complete response within " + e.after.String() }
func (e *timeoutError) Timeout() bool { return true }
func (e *timeoutError) Unwrap() error { return context.DeadlineExceeded }
