package fault_test

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fault"
)

// A registry that resets the first connection and then is overloaded twice
// before it answers. The Runner's Sleep records the waits instead of
// sleeping.
func Example() {
	registry := protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		resp.Status = 200
		resp.Body = append(resp.Body, `{"id":7}`...)
		return nil
	})
	d := fault.New(registry,
		fault.Reset(),
		fault.TooManyRequests("2"),
		fault.Unavailable(),
	)
	r := &protocol.Runner{Doer: d, Sleep: func(ctx context.Context, w time.Duration) error {
		fmt.Println("wait", w)
		return nil
	}}
	req := &protocol.Request{Method: "GET", URL: "https://sr.example/schemas/ids/7", Idempotent: true}
	call := protocol.NewCall(req, func(resp *protocol.Response) (string, error) {
		if !resp.OK() {
			return "", &protocol.APIError{API: "example", Status: resp.Status}
		}
		return string(resp.Body), nil
	}, protocol.RetryPolicy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second})

	err := r.Run(context.Background(), call)
	fmt.Println(call.Result, err, d.Count(), "requests")
	// Output:
	// wait 100ms
	// wait 2s
	// wait 400ms
	// {"id":7} <nil> 4 requests
}

// A standalone Doer: a connection reset is a *protocol.TransportError.
func ExampleReset() {
	d := fault.New(nil, fault.Reset())
	err := d.Do(context.Background(), &protocol.Request{Method: "GET", URL: "https://sr.example/subjects?key=s3cret"}, &protocol.Response{})
	var te *protocol.TransportError
	if errors.As(err, &te) {
		fmt.Println(te.Method, te.URL)
	}
	fmt.Println(errors.Is(err, syscall.ECONNRESET), protocol.IsRetryable(err))
	// Output:
	// GET https://sr.example/subjects?key=REDACTED
	// true true
}
