package fasthttp_test

import (
	"context"
	"net/http"
	"testing"

	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/transporttest"
)

const path = "/subjects/orders-value/versions/latest"

// BenchmarkDo is a GET answered by a small JSON body over a kept-alive
// loopback connection; the Response is reused as the Runner does. The
// cancellable case pays for arming the abort on every call.
func BenchmarkDo(b *testing.B) {
	base := transporttest.SchemaServer(b)
	cancellable, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	for _, bc := range []struct {
		name string
		ctx  context.Context
	}{
		{"background", context.Background()},
		{"cancellable", cancellable},
	} {
		b.Run(bc.name, func(b *testing.B) {
			d := fasthttp.New(fasthttp.Options{})
			b.Cleanup(d.CloseIdleConnections)
			req := &protocol.Request{Method: http.MethodGet, URL: base + path,
				Header: protocol.Header{{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json"}}}
			resp := new(protocol.Response)
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Do(bc.ctx, req, resp); err != nil {
					b.Fatal(err)
				}
				if len(resp.Body) != len(transporttest.SchemaJSON) {
					b.Fatalf("body of %d bytes, want %d", len(resp.Body), len(transporttest.SchemaJSON))
				}
			}
		})
	}
}

// BenchmarkRawFasthttp is the same call straight through fasthttp, the
// floor BenchmarkDo is measured against.
func BenchmarkRawFasthttp(b *testing.B) {
	base := transporttest.SchemaServer(b)
	c := &fh.Client{MaxResponseBodySize: fasthttp.DefaultMaxBodyBytes, DisablePathNormalizing: true}
	b.Cleanup(c.CloseIdleConnections)
	url := base + path
	b.ReportAllocs()
	for b.Loop() {
		req, resp := fh.AcquireRequest(), fh.AcquireResponse()
		req.SetRequestURI(url)
		req.Header.Add("Accept", "application/vnd.schemaregistry.v1+json")
		if err := c.Do(req, resp); err != nil {
			b.Fatal(err)
		}
		if len(resp.Body()) != len(transporttest.SchemaJSON) {
			b.Fatalf("body of %d bytes, want %d", len(resp.Body()), len(transporttest.SchemaJSON))
		}
		fh.ReleaseRequest(req)
		fh.ReleaseResponse(resp)
	}
}
