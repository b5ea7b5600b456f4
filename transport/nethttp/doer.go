package nethttp

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

// DefaultMaxBodyBytes is the response body limit when Options.MaxBodyBytes
// is 0.
const DefaultMaxBodyBytes = 32 << 20

// Options configure a Doer. The zero value is ready to use.
type Options struct {
	// Client sends the requests and is used as is. Nil means a client built
	// by New: dial and TLS handshake timeouts of 10s, a response header
	// timeout of 60s, 64 idle connections per host, no redirects followed,
	// no transparent compression, proxies from the environment.
	Client *http.Client
	// TLS is the client TLS configuration of the default client (roots,
	// client certificate). It is cloned. Ignored when Client is set.
	TLS *tls.Config
	// Timeout bounds each call, from sending the request to reading the
	// whole body; 0 means no bound beyond the context's. When it expires
	// Do returns a *protocol.TransportError whose Timeout() is true.
	Timeout time.Duration
	// MaxBodyBytes bounds a response body; a longer one is a
	// *protocol.BodyTooLargeError. 0 or less means DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// Doer sends protocol requests over net/http. It is safe for concurrent
// use.
type Doer struct {
	client  *http.Client
	timeout time.Duration
	limit   int64
}

// New returns a Doer for opts.
func New(opts Options) *Doer {
	d := &Doer{client: opts.Client, timeout: opts.Timeout, limit: opts.MaxBodyBytes}
	if d.client == nil {
		d.client = newClient(opts.TLS)
	}
	if d.limit <= 0 {
		d.limit = DefaultMaxBodyBytes
	}
	return d
}

// newClient builds the default client: bounded waits for every phase that
// can stall before a response starts, and enough idle connections per host
// for concurrent callers (net/http keeps only 2 by default).
func newClient(tlsConfig *tls.Config) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			TLSClientConfig:       tlsConfig.Clone(),
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 60 * time.Second,
			ExpectContinueTimeout: time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConns:          256,
			MaxIdleConnsPerHost:   64,
			// What is sent and received is what the caller built and will
			// parse; fasthttp does not decompress either.
			DisableCompression: true,
			ForceAttemptHTTP2:  true,
		},
		// A Doer sends one request; a redirect is a response for the
		// exchange to judge.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// CloseIdleConnections closes the client's idle keep-alive connections.
func (d *Doer) CloseIdleConnections() { d.client.CloseIdleConnections() }

// Do sends req and fills resp, reusing its Header and Body storage. It
// returns ctx.Err() when ctx ends first, a *protocol.BodyTooLargeError for a
// body over the limit, and a *protocol.TransportError for any other failure.
// On error resp is left empty.
func (d *Doer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	resp.Reset()
	if err := ctx.Err(); err != nil {
		return err
	}
	parent := ctx
	if d.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.timeout)
		defer cancel()
	}
	hreq, err := newRequest(ctx, req)
	if err != nil {
		return d.fail(parent, ctx, req, err)
	}
	hresp, err := d.client.Do(hreq)
	if err != nil {
		return d.fail(parent, ctx, req, err)
	}
	resp.Status = hresp.StatusCode
	resp.Header = appendHeader(resp.Header, hresp.Header)
	resp.Body, err = readBody(hresp.Body, resp.Body, hresp.ContentLength, d.limit)
	// A body read to EOF hands the connection back for reuse; closing one
	// that is not (over the limit) drops it rather than read on.
	hresp.Body.Close()
	if err != nil {
		resp.Reset()
		if _, tooLarge := err.(*protocol.BodyTooLargeError); tooLarge {
			return err
		}
		return d.fail(parent, ctx, req, err)
	}
	return nil
}

// fail turns a net/http error into what the Doer contract allows: the
// caller's context error as is, or a transport error. net/http's *url.Error
// is dropped because its text repeats the URL, query secrets included;
// protocol.NewTransportError adds a redacted one.
func (d *Doer) fail(parent, ctx context.Context, req *protocol.Request, err error) error {
	if perr := parent.Err(); perr != nil {
		return perr
	}
	if ue, ok := err.(*url.Error); ok {
		err = ue.Err
	}
	if ctx != parent && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = &timeoutError{d.timeout}
	}
	return protocol.NewTransportError(req, err)
}

// timeoutError reports that Options.Timeout expired. It matches
// context.DeadlineExceeded and says Timeout() is true.
type timeoutError struct{ after time.Duration }

func (e *timeoutError) Error() string { return "no complete response within " + e.after.String() }
func (e *timeoutError) Timeout() bool { return true }
func (e *timeoutError) Unwrap() error { return context.DeadlineExceeded }
