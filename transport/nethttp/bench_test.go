package nethttp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/nethttp"
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

// BenchmarkDo is a GET answered by a small JSON body over a kept-alive
// loopback connection; the Response is reused as the Runner does.
func BenchmarkDo(b *testing.B) {
	srv := jsonServer(b)
	d := nethttp.New(nethttp.Options{})
	b.Cleanup(d.CloseIdleConnections)
	req := &protocol.Request{Method: http.MethodGet, URL: srv.URL + "/subjects/orders-value/versions/latest",
		Header: protocol.Header{{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json"}}}
	resp := new(protocol.Response)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Do(ctx, req, resp); err != nil {
			b.Fatal(err)
		}
		if len(resp.Body) != len(schemaJSON) {
			b.Fatalf("body of %d bytes, want %d", len(resp.Body), len(schemaJSON))
		}
	}
}
