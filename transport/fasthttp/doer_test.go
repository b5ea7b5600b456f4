package fasthttp_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/transporttest"
)

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(t *testing.T, cfg transporttest.Config) protocol.Doer {
		d := fasthttp.New(fasthttp.Options{TLS: cfg.TLS, MaxBodyBytes: cfg.MaxBodyBytes})
		t.Cleanup(d.CloseIdleConnections)
		return d
	})
}

func newDoer(t *testing.T, opts fasthttp.Options) *fasthttp.Doer {
	d := fasthttp.New(opts)
	t.Cleanup(d.CloseIdleConnections)
	return d
}

func TestTimeouts(t *testing.T) {
	url := transporttest.StalledURL(t)
	for _, tc := range []struct {
		name      string
		timeout   time.Duration
		ctxWait   time.Duration
		transport bool // a *protocol.TransportError, or else the context's error
	}{
		{"option first", 100 * time.Millisecond, 10 * time.Second, true},
		{"option alone", 100 * time.Millisecond, 0, true},
		{"context first", 10 * time.Second, 100 * time.Millisecond, false},
		{"context alone", 0, 100 * time.Millisecond, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDoer(t, fasthttp.Options{Timeout: tc.timeout})
			ctx := t.Context()
			if tc.ctxWait > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.ctxWait)
				defer cancel()
			}
			start := time.Now()
			err := d.Do(ctx, &protocol.Request{Method: "GET", URL: url}, new(protocol.Response))
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("Do took %v", took)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %T %v, want one matching context.DeadlineExceeded", err, err)
			}
			var te *protocol.TransportError
			if got := errors.As(err, &te); got != tc.transport || (got && !te.Timeout()) {
				t.Fatalf("err = %T %v, want a transport error: %v", err, err, tc.transport)
			}
		})
	}
}

// TestCancelAtAnyMoment cancels at many points of a round trip (before the
// write, during it, while the response is awaited, as it arrives): Do must
// always return promptly with either the response or context.Canceled, and
// the Doer must stay usable.
func TestCancelAtAnyMoment(t *testing.T) {
	srv := transporttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(time.Millisecond)
		_, _ = w.Write([]byte("ok"))
	}))
	d := newDoer(t, fasthttp.Options{})
	var ok, cancelled int
	for i := range 60 {
		ctx, cancel := context.WithCancel(t.Context())
		timer := time.AfterFunc(time.Duration(i)*50*time.Microsecond, cancel)
		resp := new(protocol.Response)
		start := time.Now()
		err := d.Do(ctx, &protocol.Request{Method: "GET", URL: srv.URL}, resp)
		took := time.Since(start)
		timer.Stop()
		cancel()
		switch {
		case took > 2*time.Second:
			t.Fatalf("cancel after %v: Do took %v", time.Duration(i)*50*time.Microsecond, took)
		case err == nil && string(resp.Body) == "ok":
			ok++
		case errors.Is(err, context.Canceled):
			cancelled++
		default:
			t.Fatalf("cancel after %v: err = %v, body %q", time.Duration(i)*50*time.Microsecond, err, resp.Body)
		}
	}
	t.Logf("%d answered, %d cancelled", ok, cancelled)
	if cancelled == 0 {
		t.Error("no call was cancelled")
	}
	resp := new(protocol.Response)
	if err := d.Do(t.Context(), &protocol.Request{Method: "GET", URL: srv.URL}, resp); err != nil || string(resp.Body) != "ok" {
		t.Fatalf("after the cancels: %v, %q", err, resp.Body)
	}
}

// TestStaleConnection has a server that closes each connection right after
// answering, without saying so. The next request meets a dead pooled
// connection: an idempotent one is resent on a fresh connection, a POST is
// not (the server may have acted on it).
func TestStaleConnection(t *testing.T) {
	var hits atomic.Int64
	srv := transporttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		_ = buf.Flush()
		_ = conn.Close()
	}))
	for _, tc := range []struct {
		method string
		ok     bool
	}{
		{"GET", true},
		{"PUT", true},
		{"POST", false},
	} {
		t.Run(tc.method, func(t *testing.T) {
			d := newDoer(t, fasthttp.Options{})
			if err := d.Do(t.Context(), &protocol.Request{Method: tc.method, URL: srv.URL}, new(protocol.Response)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(10 * time.Millisecond) // let the close reach the client
			before := hits.Load()
			err := d.Do(t.Context(), &protocol.Request{Method: tc.method, URL: srv.URL}, new(protocol.Response))
			var te *protocol.TransportError
			if tc.ok && err != nil || !tc.ok && !errors.As(err, &te) {
				t.Fatalf("second %s on a dead connection: err = %v, want success %v", tc.method, err, tc.ok)
			}
			if tc.ok && hits.Load() != before+1 {
				t.Errorf("server saw %d requests, want 1", hits.Load()-before)
			}
		})
	}
}

func TestUserClient(t *testing.T) {
	echo := transporttest.NewServer(t, transporttest.EchoHandler())
	url := echo.URL + "/bytes?n=101"

	t.Run("its body limit", func(t *testing.T) {
		c := &fh.Client{MaxResponseBodySize: 100}
		d := fasthttp.New(fasthttp.Options{Client: c, MaxBodyBytes: 1000})
		t.Cleanup(d.CloseIdleConnections)
		err := d.Do(t.Context(), &protocol.Request{Method: "GET", URL: url}, new(protocol.Response))
		var tl *protocol.BodyTooLargeError
		if !errors.As(err, &tl) || tl.Limit != 100 {
			t.Fatalf("err = %v, want BodyTooLargeError{100}", err)
		}
		if c.Transport != nil || c.DisablePathNormalizing {
			t.Error("the caller's client was modified")
		}
	})
	t.Run("the Doer's body limit", func(t *testing.T) {
		d := fasthttp.New(fasthttp.Options{Client: &fh.Client{}, MaxBodyBytes: 100})
		t.Cleanup(d.CloseIdleConnections)
		err := d.Do(t.Context(), &protocol.Request{Method: "GET", URL: url}, new(protocol.Response))
		var tl *protocol.BodyTooLargeError
		if !errors.As(err, &tl) || tl.Limit != 100 {
			t.Fatalf("err = %v, want BodyTooLargeError{100}", err)
		}
	})
	// Without this package's Transport a cancel cannot abort the round trip:
	// it takes effect when the client's ReadTimeout ends it.
	for _, tc := range []struct {
		name      string
		transport fh.RoundTripper
		atLeast   time.Duration
		atMost    time.Duration
	}{
		{"cancel with fasthttp's transport", nil, 400 * time.Millisecond, 5 * time.Second},
		{"cancel with Transport", fasthttp.Transport{}, 0, 300 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slow := transporttest.StalledURL(t)
			c := &fh.Client{ReadTimeout: 500 * time.Millisecond, MaxIdemponentCallAttempts: 1, Transport: tc.transport}
			d := fasthttp.New(fasthttp.Options{Client: c})
			t.Cleanup(d.CloseIdleConnections)
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(50*time.Millisecond, cancel)
			start := time.Now()
			err := d.Do(ctx, &protocol.Request{Method: "GET", URL: slow}, new(protocol.Response))
			took := time.Since(start)
			if !errors.Is(err, context.Canceled) || took < tc.atLeast || took > tc.atMost {
				t.Fatalf("err = %v after %v, want context.Canceled after between %v and %v", err, took, tc.atLeast, tc.atMost)
			}
		})
	}
}

func TestErrorsRedactURL(t *testing.T) {
	d := newDoer(t, fasthttp.Options{})
	for _, url := range []string{
		"http://user:hunter2@[::1/path",
		"http://user:hunter2@127.0.0.1:1/?key=hunter2",
		"ftp://user:hunter2@127.0.0.1/?token=hunter2",
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
