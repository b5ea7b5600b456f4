package fasthttp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fasthttp"
)

// schemaJSON is a ~200-byte answer of the kind a schema registry gives.
const schemaJSON = `{"subject":"orders-value","version":3,"id":100042,"schemaType":"AVRO",` +
	`"schema":"{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"total\",\"type\":\"double\"}]}"}`

func jsonServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
		_, _ = w.Write([]byte(schemaJSON))
	}))
	b.Cleanup(srv.Close)
	return srv
}

const path = "/subjects/orders-value/versions/latest"

// BenchmarkDo is a GET answered by a small JSON body over a kept-alive
// loopback connection; the Response is reused as the Runner does. The
// cancellable case pays for arming the abort on every call.
func BenchmarkDo(b *testing.B) {
	srv := jsonServer(b)
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
			req := &protocol.Request{Method: http.MethodGet, URL: srv.URL + path,
				Header: protocol.Header{{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json"}}}
			resp := new(protocol.Response)
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Do(bc.ctx, req, resp); err != nil {
					b.Fatal(err)
				}
				if len(resp.Body) != len(schemaJSON) {
					b.Fatalf("body of %d bytes, want %d", len(resp.Body), len(schemaJSON))
				}
			}
		})
	}
}

// BenchmarkRawFasthttp is the same call straight through fasthttp, the
// floor BenchmarkDo is measured against.
func BenchmarkRawFasthttp(b *testing.B) {
	srv := jsonServer(b)
	c := &fh.Client{MaxResponseBodySize: fasthttp.DefaultMaxBodyBytes, DisablePathNormalizing: true}
	b.Cleanup(c.CloseIdleConnections)
	url := srv.URL + path
	b.ReportAllocs()
	for b.Loop() {
		req, resp := fh.AcquireRequest(), fh.AcquireResponse()
		req.SetRequestURI(url)
		req.Header.Add("Accept", "application/vnd.schemaregistry.v1+json")
		if err := c.Do(req, resp); err != nil {
			b.Fatal(err)
		}
		if len(resp.Body()) != len(schemaJSON) {
			b.Fatalf("body of %d bytes, want %d", len(resp.Body()), len(schemaJSON))
		}
		fh.ReleaseRequest(req)
		fh.ReleaseResponse(resp)
	}
}
