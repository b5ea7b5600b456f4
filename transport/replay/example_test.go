package replay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/replay"
)

// Replaying a fixture against the pure core: no sockets. In a test, use
// replay.New(t, f, base) instead, which also fails t on a mismatch or on
// exchanges left unrequested; and replay.Serve(t, f) to run the same
// fixture through a real driver.
func ExampleNewDoer() {
	// Hand-written fixtures may leave out Content-Length: the body then runs
	// to the end of the file, less its final newline.
	f, err := replay.ParseFixture([]byte(`Written by hand for ExampleNewDoer.
-- 001.request --
GET /schemas/ids/1 HTTP/1.1
Accept: application/vnd.schemaregistry.v1+json
Authorization: REDACTED

-- 001.response --
HTTP/1.1 200 OK
Content-Type: application/vnd.schemaregistry.v1+json

{"schema":"\"string\""}
`))
	if err != nil {
		fmt.Println(err)
		return
	}

	doer := replay.NewDoer(f, "http://registry:8081")
	runner := &protocol.Runner{Doer: doer, Signer: protocol.BasicAuth("user", "secret")}
	req := &protocol.Request{
		Method:     "GET",
		URL:        "http://registry:8081/schemas/ids/1",
		Header:     protocol.Header{{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json"}},
		Idempotent: true,
	}
	call := protocol.NewCall(req, func(resp *protocol.Response) (string, error) {
		var v struct{ Schema string }
		err := json.Unmarshal(resp.Body, &v)
		return v.Schema, err
	}, protocol.RetryPolicy{})
	if err := runner.Run(context.Background(), call); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(call.Result)
	fmt.Println("leftovers:", doer.Leftovers())
	// Output:
	// "string"
	// leftovers: <nil>
}

// Recording: wrap the driver that talks to the real server, run the calls,
// and write the Fixture. Every credential comes out REDACTED, and the
// headers a driver adds on its own are left out.
func ExampleRecorder() {
	// Stands in for a real driver (nethttp.New(...)) talking to a server.
	server := protocol.DoerFunc(func(_ context.Context, req *protocol.Request, resp *protocol.Response) error {
		resp.Status = 200
		resp.Header = append(resp.Header[:0],
			protocol.Field{Name: "Date", Value: "Mon, 02 Jan 2006 15:04:05 GMT"},
			protocol.Field{Name: "Content-Type", Value: "application/json"})
		resp.Body = append(resp.Body[:0], `{"user":"ann","token":"eyJhbGciOi"}`...)
		return nil
	})

	rec := replay.NewRecorder(server)
	runner := &protocol.Runner{Doer: rec, Signer: protocol.BearerToken("my-bearer-token")}
	req := &protocol.Request{
		Method: "POST",
		URL:    "https://registry.example.com/login?key=my-api-key",
		Header: protocol.Header{
			{Name: "Content-Type", Value: "application/json"},
			{Name: "User-Agent", Value: "unwired"},
		},
		Body: []byte(`{"user":"ann","password":"hunter2"}`),
	}
	call := protocol.NewCall(req, func(*protocol.Response) (struct{}, error) { return struct{}{}, nil }, protocol.RetryPolicy{})
	if err := runner.Run(context.Background(), call); err != nil {
		fmt.Println(err)
		return
	}

	f := rec.Fixture("Recorded from a fake server by ExampleRecorder.", []byte(`{"op":"Login","args":{"user":"ann"}}`), nil)
	os.Stdout.Write(f.Marshal())
	// Output:
	// Recorded from a fake server by ExampleRecorder.
	// -- call --
	// {"op":"Login","args":{"user":"ann"}}
	// -- 001.request --
	// POST /login?key=REDACTED HTTP/1.1
	// Content-Type: application/json
	// Authorization: REDACTED
	// Content-Length: 36
	//
	// {"user":"ann","password":"REDACTED"}
	// -- 001.response --
	// HTTP/1.1 200 OK
	// Content-Type: application/json
	// Content-Length: 33
	//
	// {"user":"ann","token":"REDACTED"}
}
