package fasthttp_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fasthttp"
)

func ExampleNew() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
		fmt.Fprint(w, `{"schema":"\"string\""}`)
	}))
	defer srv.Close()

	d := fasthttp.New(fasthttp.Options{MaxBodyBytes: 1 << 20})
	defer d.CloseIdleConnections()

	// A Runner drives exchanges through the Doer; one request is shown here.
	resp := new(protocol.Response)
	err := d.Do(context.Background(), &protocol.Request{Method: "GET", URL: srv.URL + "/schemas/ids/1"}, resp)
	fmt.Println(err, resp.Status, resp.Header.Get("Content-Type"), string(resp.Body))
	// Output: <nil> 200 application/vnd.schemaregistry.v1+json {"schema":"\"string\""}
}
