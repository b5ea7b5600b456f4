package nethttp_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/nethttp"
	"github.com/unwired-go/unwired/transport/transporttest"
)

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(t *testing.T, cfg transporttest.Config) protocol.Doer {
		d := nethttp.New(nethttp.Options{TLS: cfg.TLS, MaxBodyBytes: cfg.MaxBodyBytes})
		t.Cleanup(d.CloseIdleConnections)
		return d
	})
}

func TestTimeout(t *testing.T) {
	url := transporttest.StalledURL(t)
	d := nethttp.New(nethttp.Options{Timeout: 100 * time.Millisecond})
	t.Cleanup(d.CloseIdleConnections)
	start := time.Now()
	err := d.Do(t.Context(), &protocol.Request{Method: "GET", URL: url}, new(protocol.Response))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Do took %v with a 100ms timeout", took)
	}
	var te *protocol.TransportError
	if !errors.As(err, &te) || !te.Timeout() || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %T %v, want a *protocol.TransportError that is a timeout", err, err)
	}
	if !strings.Contains(err.Error(), "100ms") {
		t.Errorf("err = %v, want it to name the timeout", err)
	}
}

func TestDefaultBodyLimit(t *testing.T) {
	srv := transporttest.NewServer(t, transporttest.EchoHandler())
	d := nethttp.New(nethttp.Options{})
	t.Cleanup(d.CloseIdleConnections)
	for _, tc := range []struct {
		n       int
		tooMany bool
	}{
		{nethttp.DefaultMaxBodyBytes, false},
		{nethttp.DefaultMaxBodyBytes + 1, true},
	} {
		resp := new(protocol.Response)
		err := d.Do(t.Context(), &protocol.Request{Method: "GET", URL: srv.URL + "/bytes?n=" + strconv.Itoa(tc.n)}, resp)
		var tl *protocol.BodyTooLargeError
		if got := errors.As(err, &tl); got != tc.tooMany || (!tc.tooMany && len(resp.Body) != tc.n) {
			t.Errorf("%d bytes: err = %v, body %d bytes", tc.n, err, len(resp.Body))
		}
	}
}

// recorder is a RoundTripper that answers every request itself.
type recorder struct{ seen []string }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.seen = append(r.seen, req.Method+" "+req.URL.String())
	return &http.Response{StatusCode: 418, Header: http.Header{"X-From": {"recorder"}}, Body: http.NoBody, Request: req}, nil
}

func TestUserClientUsedAsIs(t *testing.T) {
	rec := &recorder{}
	client := &http.Client{Transport: rec}
	d := nethttp.New(nethttp.Options{Client: client})
	resp := new(protocol.Response)
	if err := d.Do(t.Context(), &protocol.Request{Method: "DELETE", URL: "http://registry.invalid/subjects/x"}, resp); err != nil {
		t.Fatal(err)
	}
	if resp.Status != 418 || resp.Header.Get("X-From") != "recorder" || len(rec.seen) != 1 || rec.seen[0] != "DELETE http://registry.invalid/subjects/x" {
		t.Fatalf("got %+v, seen %q", resp, rec.seen)
	}
	if client.CheckRedirect != nil || client.Timeout != 0 {
		t.Error("the caller's client was modified")
	}
}

func TestErrorsRedactURL(t *testing.T) {
	d := nethttp.New(nethttp.Options{})
	for _, url := range []string{
		"http://user:hunter2@[::1/path",                // does not parse
		"http://user:hunter2@127.0.0.1:1/?key=hunter2", // parses, refused
		"ftp://user:hunter2@127.0.0.1/?token=hunter2",  // unsupported scheme
	} {
		err := d.Do(t.Context(), &protocol.Request{Method: "GET", URL: url}, new(protocol.Response))
		var te *protocol.TransportError
		if !errors.As(err, &te) {
			t.Errorf("%s: err = %T %v, want a *protocol.TransportError", url, err, err)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error leaks the secret: %v", err)
		}
	}
}

func TestCancelledContextNeverSends(t *testing.T) {
	rec := &recorder{}
	d := nethttp.New(nethttp.Options{Client: &http.Client{Transport: rec}})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	resp := &protocol.Response{Status: 200, Body: []byte("stale")}
	err := d.Do(ctx, &protocol.Request{Method: "GET", URL: "http://registry.invalid/"}, resp)
	if err != context.Canceled || len(rec.seen) != 0 || resp.Status != 0 || len(resp.Body) != 0 {
		t.Fatalf("err = %v, seen %q, resp %+v; want context.Canceled as is, nothing sent, resp reset", err, rec.seen, resp)
	}
}
