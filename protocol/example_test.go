package protocol_test

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

// A Call retries an idempotent request as the server asks; the Runner does
// the waiting. Here the Doer is a function that is busy once, and Sleep is
// replaced so the example runs instantly.
func ExampleRunner() {
	busy := true
	doer := protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		if busy {
			busy = false
			resp.Status = 503
			resp.Header.Add("Retry-After", "2")
			return nil
		}
		resp.Status = 200
		resp.Body = append(resp.Body, `{"id":42}`...)
		return nil
	})
	r := &protocol.Runner{
		Doer: doer,
		Sleep: func(ctx context.Context, d time.Duration) error {
			fmt.Println("waiting", d)
			return nil
		},
	}
	req := &protocol.Request{Method: "GET", URL: "https://sr.example/schemas/ids/42", Idempotent: true}
	call := protocol.NewCall(req, func(resp *protocol.Response) (string, error) {
		if !resp.OK() {
			return "", &protocol.APIError{API: "example", Status: resp.Status}
		}
		return string(resp.Body), nil
	}, protocol.DefaultRetryPolicy)

	if err := r.Run(context.Background(), call); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(call.Result, "after", call.Attempts, "attempts")
	// Output:
	// waiting 2s
	// {"id":42} after 2 attempts
}

// poll is a custom Exchange: it asks for a job's state every second until
// the job is done, at most five times. It decides; it never waits.
type poll struct {
	url   string
	polls int
	State string
}

func (p *poll) Step(now time.Time, resp *protocol.Response, ioErr error) (protocol.Step, error) {
	req := &protocol.Request{Method: "GET", URL: p.url, Idempotent: true}
	switch {
	case ioErr != nil:
		return protocol.Step{}, ioErr
	case resp == nil: // first step
		p.polls++
		return protocol.Step{Req: req}, nil
	case !resp.OK():
		return protocol.Step{}, &protocol.APIError{API: "example", Status: resp.Status}
	}
	p.State = string(resp.Body) // copied: resp is reused after Step returns
	if p.State == "done" || p.polls == 5 {
		return protocol.Step{}, nil
	}
	p.polls++
	return protocol.Step{Req: req, Wait: time.Second}, nil
}

func ExampleExchange() {
	n := 0
	doer := protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		n++
		resp.Status = 200
		if n < 3 {
			resp.Body = append(resp.Body, "running"...)
		} else {
			resp.Body = append(resp.Body, "done"...)
		}
		return nil
	})
	var waited time.Duration
	r := &protocol.Runner{Doer: doer, Sleep: func(ctx context.Context, d time.Duration) error {
		waited += d
		return nil
	}}
	p := &poll{url: "https://api.example/jobs/7"}
	if err := r.Run(context.Background(), p); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(p.State, "after", p.polls, "polls, waited", waited)
	// Output: done after 3 polls, waited 2s
}

// A Signer is applied by the Runner to every attempt. The credential never
// shows when the signer is printed.
func ExampleBasicAuth() {
	signer := protocol.BasicAuth("Aladdin", "open sesame")
	req := &protocol.Request{Method: "GET", URL: "https://sr.example/subjects"}
	if err := signer.Sign(req, time.Now()); err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(req.Header.Get("Authorization"))
	fmt.Printf("%v\n", signer)
	// Output:
	// Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==
	// Authorization: REDACTED
}

func ExamplePages() {
	doer := protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		resp.Status = 200
		if req.URL == "https://api.example/items" {
			resp.Header.Add("Next", "https://api.example/items?page=2")
			resp.Body = append(resp.Body, "1,2"...)
		} else {
			resp.Body = append(resp.Body, "3"...)
		}
		return nil
	})
	parse := func(req *protocol.Request, resp *protocol.Response) ([]int, *protocol.Request, error) {
		var items []int
		for _, b := range resp.Body {
			if b != ',' {
				n, _ := strconv.Atoi(string(b))
				items = append(items, n)
			}
		}
		var next *protocol.Request
		if u := resp.Header.Get("Next"); u != "" {
			next = &protocol.Request{Method: "GET", URL: u, Idempotent: true}
		}
		return items, next, nil
	}
	first := &protocol.Request{Method: "GET", URL: "https://api.example/items", Idempotent: true}
	for item, err := range protocol.Pages(context.Background(), &protocol.Runner{Doer: doer}, first, protocol.DefaultRetryPolicy, parse) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(item)
	}
	// Output:
	// 1
	// 2
	// 3
}

func ExampleExpandTemplate() {
	u, err := protocol.ExpandTemplate("/subjects/{subject}/versions{?deleted}", protocol.Vars{"subject": "orders-value", "deleted": "true"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(protocol.ResolveURL("https://sr.example/", u))
	// Output: https://sr.example/subjects/orders-value/versions?deleted=true
}

func ExampleRedactURL() {
	fmt.Println(protocol.RedactURL("https://alice:hunter2@ams.example/v1/projects/p/topics?key=abc123&max=10"))
	// Output: https://alice:REDACTED@ams.example/v1/projects/p/topics?key=REDACTED&max=10
}
