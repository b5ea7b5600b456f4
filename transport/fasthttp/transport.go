package fasthttp

import (
	"context"
	"errors"
	"io"
	"time"

	fh "github.com/valyala/fasthttp"
)

// ctxKey carries the caller's context on a fasthttp request as a user value,
// from Do to Transport.RoundTrip.
type ctxKey struct{}

// longAgo is a deadline in the past: setting it on a connection makes every
// blocked and future read or write on it fail at once.
var longAgo = time.Unix(1, 0)

// Transport is a fasthttp RoundTripper that can abort a request in flight.
// fasthttp's own transport has no notion of a context: once a request is
// written, only a deadline ends the wait. Transport does the same round trip
// (one buffered request and response on a pooled connection) but, for a
// request sent by this package's Doer with a cancellable context, arms
// context.AfterFunc to push the connection's deadline into the past; the
// blocked read fails at once and the connection is closed rather than
// pooled.
//
// The default client of New uses it. To keep cancellation with a client of
// your own, set its Transport field to Transport{}. Transport ignores
// StreamResponseBody: responses are always read whole. A connection older
// than the client's MaxConnDuration is closed after its response instead of
// pooled. Connecting (dial and,
// when the client has a WriteTimeout, the TLS handshake) happens inside
// fasthttp before Transport holds the connection, so a cancel takes effect
// only after it, bounded by the dial timeout.
type Transport struct{}

// RoundTrip implements fasthttp.RoundTripper.
func (Transport) RoundTrip(hc *fh.HostClient, req *fh.Request, resp *fh.Response) (retry bool, err error) {
	timeout := req.GetTimeOut()
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	cc, err := hc.AcquireConn(timeout, req.ConnectionClose())
	if err != nil {
		return false, err
	}
	conn := cc.Conn()
	reused := !cc.LastUseTime().IsZero()
	resp.ParseNetConn(conn) // for RemoteAddr, which retry hooks may read

	var ctx context.Context
	var stop func() bool
	if v, ok := req.UserValue(ctxKey{}).(context.Context); ok {
		if err := v.Err(); err != nil {
			hc.ReleaseConn(cc) // unused, still good
			return false, err
		}
		ctx = v
		stop = context.AfterFunc(ctx, func() { _ = conn.SetDeadline(longAgo) })
	}
	// aborted stops the AfterFunc and reports whether it ran (or is running):
	// then the connection's deadline is poisoned and it must not be pooled.
	aborted := func() bool { return stop != nil && !stop() }

	if err = setDeadline(ctx, conn.SetWriteDeadline, earliest(deadline, hc.WriteTimeout)); err != nil {
		aborted()
		hc.CloseConn(cc)
		return false, err
	}
	bw := hc.AcquireWriter(conn)
	err = req.Write(bw)
	if err == nil {
		err = bw.Flush()
	}
	hc.ReleaseWriter(bw)
	if err != nil {
		hc.CloseConn(cc)
		if aborted() {
			return false, ctx.Err()
		}
		// A write that fails, not for time, on a reused connection most
		// likely met one the server had closed while idle: worth another
		// (fresh) connection.
		return reused && !isTimeout(err), timeoutAsErrTimeout(err)
	}

	if err = setDeadline(ctx, conn.SetReadDeadline, earliest(deadline, hc.ReadTimeout)); err != nil {
		aborted()
		hc.CloseConn(cc)
		return false, err
	}
	resp.StreamBody = false
	if req.Header.IsHead() {
		resp.SkipBody = true
	}
	if hc.DisableHeaderNamesNormalizing {
		resp.Header.DisableNormalizing()
	}
	br := hc.AcquireReader(conn)
	err = resp.ReadLimitBody(br, hc.MaxResponseBodySize)
	hc.ReleaseReader(br)
	if aborted() {
		hc.CloseConn(cc)
		if err != nil {
			return false, ctx.Err()
		}
		return false, nil // complete before the cancel landed
	}
	if err != nil {
		hc.CloseConn(cc)
		// Nothing at all read on a reused connection: the server closed it
		// while idle, the request is unanswered.
		return reused && errors.Is(err, io.EOF), timeoutAsErrTimeout(err)
	}
	if req.ConnectionClose() || resp.ConnectionClose() ||
		hc.MaxConnDuration > 0 && time.Since(cc.CreatedTime()) > hc.MaxConnDuration {
		hc.CloseConn(cc)
	} else {
		hc.ReleaseConn(cc)
	}
	return false, nil
}

// setDeadline sets a connection deadline with set, then makes sure a cancel
// that came first is not undone: ctx's error is set before its AfterFunc
// runs, so if ctx has no error yet, the AfterFunc's deadline will land after
// this one.
func setDeadline(ctx context.Context, set func(time.Time) error, t time.Time) error {
	if err := set(t); err != nil {
		return err
	}
	if ctx != nil && ctx.Err() != nil {
		return set(longAgo)
	}
	return nil
}

// earliest returns the earlier of deadline and now+limit, ignoring a zero
// deadline or limit.
func earliest(deadline time.Time, limit time.Duration) time.Time {
	if limit <= 0 {
		return deadline
	}
	t := time.Now().Add(limit)
	if deadline.IsZero() || t.Before(deadline) {
		return t
	}
	return deadline
}

// timeoutAsErrTimeout reports any timeout as fasthttp.ErrTimeout, as
// fasthttp's own transport does.
func timeoutAsErrTimeout(err error) error {
	var t interface{ Timeout() bool }
	if errors.As(err, &t) && t.Timeout() {
		return fh.ErrTimeout
	}
	return err
}
