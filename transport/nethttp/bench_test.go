package nethttp_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/nethttp"
	"github.com/unwired-go/unwired/transport/transporttest"
)

// BenchmarkDo is a GET answered by a small JSON body over a kept-alive
// loopback connection; the Response is reused as the Runner does.
func BenchmarkDo(b *testing.B) {
	base := transporttest.SchemaServer(b)
	d := nethttp.New(nethttp.Options{})
	b.Cleanup(d.CloseIdleConnections)
	req := &protocol.Request{Method: http.MethodGet, URL: base + "/subjects/orders-value/versions/latest",
		Header: protocol.Header{{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json"}}}
	resp := new(protocol.Response)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Do(ctx, req, resp); err != nil {
			b.Fatal(err)
		}
		if len(resp.Body) != len(transporttest.SchemaJSON) {
			b.Fatalf("body of %d bytes, want %d", len(resp.Body), len(transporttest.SchemaJSON))
		}
	}
}
