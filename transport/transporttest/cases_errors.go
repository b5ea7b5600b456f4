package transporttest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

// What the kit accepts when a context ends before the response is complete:
//
//   - cancelled: an error for which errors.Is(err, context.Canceled) holds,
//     that is ctx.Err() itself or a *protocol.TransportError wrapping it;
//   - past its deadline: an error for which errors.Is(err,
//     context.DeadlineExceeded) holds, or a *protocol.TransportError whose
//     Timeout() is true (a driver that enforces the deadline itself, as
//     fasthttp does, sees its own timeout first).
//
// Either way Do must return promptly: within promptly of the cancel or the
// deadline, while the server is still holding the response back.
const promptly = 5 * time.Second

// hold bounds how long the slow handler holds a response back, so a Doer
// that ignores its context fails the case instead of hanging the test.
const hold = 20 * time.Second

// slowServer starts a server whose handler signals started and then holds
// its response back until the client goes away, the test ends or e.hold
// passes.
func (e *env) slowServer(hits *atomic.Int64) (url string, started <-chan struct{}) {
	ch := make(chan struct{}, 1)
	release := make(chan struct{})
	srv := NewServer(e.t, counted(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case ch <- struct{}{}:
		default:
		}
		select {
		case <-r.Context().Done():
		case <-release:
		case <-time.After(e.hold):
		}
		_, _ = w.Write([]byte("too late"))
	}), hits))
	// Cleanups run last-in first-out: release the handler before the server
	// waits for it to finish.
	e.t.Cleanup(func() { close(release) })
	return srv.URL + "/slow", ch
}

func isCanceled(err error) bool { return errors.Is(err, context.Canceled) }

func isDeadline(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var te *protocol.TransportError
	return errors.As(err, &te) && te.Timeout()
}

func checkCancelBefore(e *env) error {
	var hits atomic.Int64
	srv := NewServer(e.t, counted(EchoHandler(), &hits))
	d := e.doer(Config{})
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	var p problems
	if _, err := get(ctx, d, srv.URL+"/echo/never"); !isCanceled(err) {
		p.addf("cancelled context: got %s, want an error matching context.Canceled", describe(err))
	}
	if n := hits.Load(); n != 0 {
		p.addf("cancelled context: the server got %d requests, want none", n)
	}
	return p.err()
}

func checkCancelDuring(e *env) error {
	url, started := e.slowServer(nil)
	d := e.doer(Config{})
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	var cancelled atomic.Int64 // UnixNano of the cancel
	go func() {
		select {
		case <-started:
			cancelled.Store(time.Now().UnixNano())
			cancel()
		case <-ctx.Done():
		}
	}()
	_, err := get(ctx, d, url)
	end := time.Now()
	var p problems
	if !isCanceled(err) {
		p.addf("cancel while waiting for the response: got %s, want an error matching context.Canceled", describe(err))
	}
	if at := cancelled.Load(); at == 0 {
		p.addf("Do returned before the server got the request")
	} else if took := end.Sub(time.Unix(0, at)); took > e.promptly {
		p.addf("Do returned %v after the cancel, want at most %v", took, e.promptly)
	}
	return p.err()
}

func checkDeadline(e *env) error {
	url, _ := e.slowServer(nil)
	d := e.doer(Config{})
	var p problems

	expired, cancel := context.WithDeadline(e.ctx, time.Now().Add(-time.Second))
	defer cancel()
	if _, err := get(expired, d, url); !isDeadline(err) {
		p.addf("expired deadline: got %s, want context.DeadlineExceeded or a timeout TransportError", describe(err))
	}

	const wait = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(e.ctx, wait)
	defer cancel()
	start := time.Now()
	_, err := get(ctx, d, url)
	took := time.Since(start)
	if !isDeadline(err) {
		p.addf("deadline while waiting for the response: got %s, want context.DeadlineExceeded or a timeout TransportError", describe(err))
	}
	if took > wait+e.promptly {
		p.addf("Do returned after %v, want at most %v", took, wait+e.promptly)
	}
	return p.err()
}

func checkRefused(e *env) error {
	const secret = "hunter2"
	url := strings.Replace(RefusedURL(e.t), "http://", "http://user:"+secret+"@", 1) + "/path?token=" + secret
	d := e.doer(Config{})
	var p problems
	_, err := get(e.ctx, d, url)
	p.transportError(err, secret)
	return p.err()
}

func checkClosed(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{})
	var p problems
	_, err := get(e.ctx, d, srv.URL+"/close")
	p.transportError(err)
	return p.err()
}

func checkTruncated(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{})
	var p problems
	for _, q := range []string{"n=100&send=50", "send=50&n=100&chunked=1"} {
		_, err := get(e.ctx, d, srv.URL+"/truncate?"+q)
		if err == nil {
			p.addf("truncated body (%s): got no error, want a *protocol.TransportError", q)
			continue
		}
		p.transportError(err)
	}
	return p.err()
}

func (e *env) tlsServer() (*PKI, string) {
	pki := NewPKI(e.t)
	srv := NewTLSServer(e.t, EchoHandler(), pki.ServerTLS())
	return pki, srv.URL
}

func checkTLS(e *env) error {
	pki, url := e.tlsServer()
	d := e.doer(Config{TLS: pki.ClientTLS(true)})
	resp, err := get(e.ctx, d, url+"/echo/tls")
	if err != nil {
		return fmt.Errorf("Do with a client certificate: %w", err)
	}
	var p problems
	p.status(resp, http.StatusOK)
	p.field(resp, EchoMethod, http.MethodGet)
	return p.err()
}

func checkTLSNoClientCert(e *env) error {
	pki, url := e.tlsServer()
	d := e.doer(Config{TLS: pki.ClientTLS(false)})
	var p problems
	_, err := get(e.ctx, d, url+"/echo/tls")
	p.transportError(err)
	return p.err()
}

func checkTLSUnknownAuthority(e *env) error {
	pki, url := e.tlsServer()
	d := e.doer(Config{TLS: &tls.Config{Certificates: []tls.Certificate{pki.Client}, MinVersion: tls.VersionTLS12}})
	var p problems
	_, err := get(e.ctx, d, url+"/echo/tls")
	p.transportError(err)
	return p.err()
}
