package fasthttp_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/transporttest"
)

// TestTransportPooling checks when Transport keeps a connection for the next
// request and when it closes it.
func TestTransportPooling(t *testing.T) {
	for _, tc := range []struct {
		name      string
		client    *fh.Client
		header    protocol.Header
		wantConns int
	}{
		{"kept alive", &fh.Client{Transport: fasthttp.Transport{}}, nil, 1},
		{"older than MaxConnDuration", &fh.Client{Transport: fasthttp.Transport{}, MaxConnDuration: time.Nanosecond}, nil, 3},
		{"Connection: close asked", &fh.Client{Transport: fasthttp.Transport{}}, protocol.Header{{Name: "Connection", Value: "close"}}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			peers := map[string]bool{} // one client address per connection
			srv := transporttest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				peers[r.RemoteAddr] = true
				mu.Unlock()
			}))
			d := fasthttp.New(fasthttp.Options{Client: tc.client})
			t.Cleanup(d.CloseIdleConnections)
			resp := new(protocol.Response)
			for range 3 {
				req := &protocol.Request{Method: "GET", URL: srv.URL + "/echo/x", Header: tc.header}
				if err := d.Do(t.Context(), req, resp); err != nil {
					t.Fatal(err)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if got := len(peers); got != tc.wantConns {
				t.Errorf("3 requests used %d connections, want %d", got, tc.wantConns)
			}
		})
	}
}
