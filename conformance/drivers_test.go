package conformance

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/nethttp"
)

// driver builds a Doer over one HTTP stack; close releases its idle
// connections so no goroutine outlives the test.
type driver struct {
	name string
	new  func() (d protocol.Doer, close func())
}

var drivers = []driver{
	{"nethttp", func() (protocol.Doer, func()) {
		d := nethttp.New(nethttp.Options{Timeout: 10 * time.Second})
		return d, d.CloseIdleConnections
	}},
	{"fasthttp", func() (protocol.Doer, func()) {
		d := fasthttp.New(fasthttp.Options{Timeout: 10 * time.Second})
		return d, d.CloseIdleConnections
	}},
}

// countingDoer counts the requests that reach the registry.
type countingDoer struct {
	protocol.Doer
	mu sync.Mutex
	n  int
}

func (c *countingDoer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.Doer.Do(ctx, req, resp)
}

func (c *countingDoer) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// newClient returns a client over drv for base with the caches off, so
// every call reaches the registry, and no retries, so a failure shows at
// once. The counter sees every request.
func newClient(t testing.TB, drv driver, base string, opts ...confluent.Option) (*confluent.Client, *countingDoer) {
	t.Helper()
	d, closeIdle := drv.new()
	t.Cleanup(closeIdle)
	cd := &countingDoer{Doer: d}
	opts = append([]confluent.Option{
		confluent.URLs(base),
		confluent.Caching(confluent.CacheConfig{Disabled: true}),
		confluent.Retry(protocol.RetryPolicy{}),
	}, opts...)
	c, err := confluent.NewClient(cd, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, cd
}

// wantAPIError checks that err is the registry's error with this status,
// code and sentinel.
func wantAPIError(t testing.TB, err error, sentinel error, status int, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want HTTP %d code %s", status, code)
	}
	var ae *protocol.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %T %v, want *protocol.APIError", err, err)
	}
	if ae.Status != status || ae.Code != code {
		t.Errorf("got HTTP %d code %q (%v), want HTTP %d code %q", ae.Status, ae.Code, err, status, code)
	}
	if sentinel != nil && !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(%v, %v) = false", err, sentinel)
	}
}
