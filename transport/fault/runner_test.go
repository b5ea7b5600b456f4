package fault_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fault"
)

type schema struct {
	ID int `json:"id"`
}

// parseSchema is the kind of parser an API package writes: an error status
// is an *APIError, a 2xx body that is not the expected JSON a
// *MalformedError.
func parseSchema(resp *protocol.Response) (schema, error) {
	if !resp.OK() {
		return schema{}, &protocol.APIError{API: "test", Status: resp.Status, Message: protocol.Snippet(resp.Body), Retryable: protocol.RetryableStatus(resp.Status)}
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		return schema{}, &protocol.MalformedError{API: "test", Op: "GetSchema", Status: resp.Status, Reason: "content type " + ct, Snippet: protocol.Snippet(resp.Body)}
	}
	var s schema
	if err := json.Unmarshal(resp.Body, &s); err != nil {
		return schema{}, &protocol.MalformedError{API: "test", Op: "GetSchema", Status: resp.Status, Reason: "invalid JSON", Snippet: protocol.Snippet(resp.Body), Err: err}
	}
	return s, nil
}

// clock is a Runner's Now and Sleep: Sleep records the wait and moves the
// clock on at once.
type clock struct {
	now   time.Time
	waits []time.Duration
}

func newClock() *clock { return &clock{now: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { return c.now }

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return nil
}

var policy = protocol.RetryPolicy{MaxAttempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}

const ms = time.Millisecond

func getSchema() *protocol.Request {
	return &protocol.Request{Method: "GET", URL: "https://sr.example/schemas/ids/1", Idempotent: true}
}

// errKind names the type of err, for tables.
func errKind(err error) string {
	var (
		te *protocol.TransportError
		ae *protocol.APIError
		me *protocol.MalformedError
		tl *protocol.BodyTooLargeError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &te) && te.Timeout():
		return "transport timeout"
	case errors.As(err, &te) && errors.Is(err, syscall.ECONNRESET):
		return "transport reset"
	case errors.As(err, &te):
		return "transport"
	case errors.As(err, &ae):
		return "api " + strconv.Itoa(ae.Status)
	case errors.As(err, &me):
		return "malformed " + me.Reason
	case errors.As(err, &tl):
		return "too large"
	}
	return "other: " + err.Error()
}

func TestRunnerWithFaults(t *testing.T) {
	start := newClock().now
	tests := []struct {
		desc      string
		script    []fault.Fault
		policy    protocol.RetryPolicy
		wantErr   string // errKind of the result
		wantReqs  int
		wantWaits []time.Duration
		wantHits  int // requests that reached the server behind the faults
	}{
		{
			desc: "a 503 burst longer than MaxAttempts: bounded", script: []fault.Fault{fault.Unavailable().Times(10)}, policy: policy,
			wantErr: "api 503", wantReqs: 4, wantWaits: []time.Duration{100 * ms, 200 * ms, 400 * ms},
		},
		{
			desc: "resets until the end: bounded, typed", script: []fault.Fault{fault.Reset().Times(10)}, policy: policy,
			wantErr: "transport reset", wantReqs: 4, wantWaits: []time.Duration{100 * ms, 200 * ms, 400 * ms},
		},
		{
			desc: "timeouts until the end", script: []fault.Fault{fault.Timeout().Times(10)}, policy: policy,
			wantErr: "transport timeout", wantReqs: 4, wantWaits: []time.Duration{100 * ms, 200 * ms, 400 * ms},
		},
		{
			desc: "HTML 502 pages until the end: an APIError, not a parse failure", script: []fault.Fault{fault.BadGatewayHTML().Times(10)}, policy: policy,
			wantErr: "api 502", wantReqs: 4, wantWaits: []time.Duration{100 * ms, 200 * ms, 400 * ms},
		},
		{
			desc: "a burst shorter than MaxAttempts: recovered", script: []fault.Fault{fault.Unavailable().Times(3)}, policy: policy,
			wantReqs: 4, wantWaits: []time.Duration{100 * ms, 200 * ms, 400 * ms}, wantHits: 1,
		},
		{
			desc: "Retry-After seconds, then a date, then backoff", policy: policy,
			script: []fault.Fault{
				fault.TooManyRequests("3"),
				fault.TooManyRequests(fault.HTTPDate(start.Add(13 * time.Second))), // 10s after the first wait
				fault.Unavailable(),
			},
			wantReqs: 4, wantWaits: []time.Duration{3 * time.Second, 10 * time.Second, 400 * ms}, wantHits: 1,
		},
		{
			desc: "Retry-After beyond MaxServerWait: given up at once", script: []fault.Fault{fault.TooManyRequests("600")}, policy: policy,
			wantErr: "api 429", wantReqs: 1,
		},
		{
			desc: "mixed faults, each retried", script: []fault.Fault{fault.Reset(), fault.Timeout(), fault.BadGatewayHTML()}, policy: policy,
			wantReqs: 4, wantWaits: []time.Duration{100 * ms, 200 * ms, 400 * ms}, wantHits: 1,
		},
		{
			desc: "truncated JSON: malformed, not retried", script: []fault.Fault{fault.TruncatedJSON()}, policy: policy,
			wantErr: "malformed invalid JSON", wantReqs: 1,
		},
		{
			desc: "truncated body from the server: malformed", script: []fault.Fault{fault.Truncate(4)}, policy: policy,
			wantErr: "malformed invalid JSON", wantReqs: 1, wantHits: 1,
		},
		{
			desc: "body too large: not retried", script: []fault.Fault{fault.BodyTooLarge(16)}, policy: policy,
			wantErr: "too large", wantReqs: 1,
		},
		{
			desc: "response lost after the server acted: an idempotent request is sent again", script: []fault.Fault{fault.ResetAfterSend()}, policy: policy,
			wantReqs: 2, wantWaits: []time.Duration{100 * ms}, wantHits: 2,
		},
		{
			desc: "no retry policy: one attempt", script: []fault.Fault{fault.Unavailable()},
			wantErr: "api 503", wantReqs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			srv := &server{}
			d := fault.New(srv, tt.script...)
			c := newClock()
			r := &protocol.Runner{Doer: d, Now: c.Now, Sleep: c.Sleep}
			call := protocol.NewCall(getSchema(), parseSchema, tt.policy)
			err := r.Run(context.Background(), call)
			if got := errKind(err); got != tt.wantErr {
				t.Errorf("error %q (%v), want %q", got, err, tt.wantErr)
			}
			if tt.wantErr == "" && call.Result != (schema{ID: 1}) {
				t.Errorf("Result = %+v", call.Result)
			}
			if d.Count() != tt.wantReqs {
				t.Errorf("%d requests, want %d", d.Count(), tt.wantReqs)
			}
			if diff := cmp.Diff(tt.wantWaits, c.waits); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if len(srv.hits) != tt.wantHits {
				t.Errorf("%d requests reached the server, want %d", len(srv.hits), tt.wantHits)
			}
		})
	}
}

func TestMalformedKeepsTheCause(t *testing.T) {
	r := &protocol.Runner{Doer: fault.New(nil, fault.TruncatedJSON())}
	err := r.Run(context.Background(), protocol.NewCall(getSchema(), parseSchema, policy))
	var me *protocol.MalformedError
	var se *json.SyntaxError
	if !errors.As(err, &me) || !errors.As(err, &se) || me.Snippet == "" {
		t.Errorf("err = %#v, want a *MalformedError with a snippet wrapping a *json.SyntaxError", err)
	}
}

func TestNonIdempotentNotRetried(t *testing.T) {
	tests := []struct {
		desc     string
		f        fault.Fault
		wantErr  string
		wantHits int
	}{
		{"reset before send", fault.Reset(), "transport reset", 0},
		{"reset after the server acted", fault.ResetAfterSend(), "transport reset", 1},
		{"timeout", fault.Timeout(), "transport timeout", 0},
		{"503", fault.Unavailable(), "api 503", 0},
		{"429 with Retry-After", fault.TooManyRequests("1"), "api 429", 0},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			srv := &server{}
			d := fault.New(srv, tt.f)
			c := newClock()
			r := &protocol.Runner{Doer: d, Now: c.Now, Sleep: c.Sleep}
			post := &protocol.Request{Method: "POST", URL: "https://a.example/subjects/s/versions", Body: []byte(`{"schema":"\"string\""}`)}
			err := r.Run(context.Background(), protocol.NewCall(post, parseSchema, policy, "https://a.example", "https://b.example"))
			if got := errKind(err); got != tt.wantErr {
				t.Errorf("error %q (%v), want %q", got, err, tt.wantErr)
			}
			if d.Count() != 1 || len(srv.hits) != tt.wantHits || len(c.waits) != 0 {
				t.Errorf("requests %d, hits %d, waits %v: want one request, %d hits, no wait", d.Count(), len(srv.hits), c.waits, tt.wantHits)
			}
		})
	}
}

func TestFailoverWithFaults(t *testing.T) {
	srv := &server{}
	d := fault.New(srv, fault.Reset(), fault.Timeout(), fault.Reset())
	c := newClock()
	r := &protocol.Runner{Doer: d, Now: c.Now, Sleep: c.Sleep}
	req := &protocol.Request{Method: "GET", URL: "https://a.example/schemas/ids/1", Idempotent: true}
	call := protocol.NewCall(req, parseSchema, policy, "https://a.example", "https://b.example")
	if err := r.Run(context.Background(), call); err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, r := range d.Requests() {
		urls = append(urls, r.URL)
	}
	want := []string{
		"https://a.example/schemas/ids/1", "https://b.example/schemas/ids/1", // first attempt, both bases
		"https://a.example/schemas/ids/1", "https://b.example/schemas/ids/1", // after one backoff
	}
	if diff := cmp.Diff(want, urls); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{100 * ms}, c.waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

// TestContextDuringSlowResponse cancels while a request hangs: the run ends
// with context.Canceled at once and nothing is retried.
func TestContextDuringSlowResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		d := fault.New(&server{}, fault.Hang())
		r := &protocol.Runner{Doer: d}
		done := make(chan error)
		go func() { done <- r.Run(ctx, protocol.NewCall(getSchema(), parseSchema, policy)) }()
		time.Sleep(time.Minute)
		synctest.Wait()
		if d.Count() != 1 {
			t.Fatalf("%d requests in flight, want 1", d.Count())
		}
		start := time.Now()
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
		if time.Since(start) != 0 || d.Count() != 1 {
			t.Errorf("returned after %v with %d requests, want at once with 1", time.Since(start), d.Count())
		}
	})
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		d := fault.New(&server{}, fault.Hang())
		start := time.Now()
		err := (&protocol.Runner{Doer: d}).Run(ctx, protocol.NewCall(getSchema(), parseSchema, policy))
		if err != context.DeadlineExceeded || time.Since(start) != 5*time.Second || d.Count() != 1 {
			t.Errorf("Run = %v after %v with %d requests, want the deadline after 5s with 1", err, time.Since(start), d.Count())
		}
	})
}

// TestContextDuringRetryAfter cancels in the middle of a wait the server
// asked for, with the runner's real Sleep on synctest's fake clock.
func TestContextDuringRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		d := fault.New(&server{}, fault.TooManyRequests("30"))
		var waits []time.Duration
		r := &protocol.Runner{Doer: d, Sleep: func(ctx context.Context, w time.Duration) error {
			waits = append(waits, w)
			return protocol.Sleep(ctx, w)
		}}
		done := make(chan error)
		start := time.Now()
		go func() { done <- r.Run(ctx, protocol.NewCall(getSchema(), parseSchema, policy)) }()
		time.Sleep(10 * time.Second)
		synctest.Wait()
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
		if got := time.Since(start); got != 10*time.Second {
			t.Errorf("Run returned after %v, want at the cancel, 10s into the 30s wait", got)
		}
		if d.Count() != 1 || !cmp.Equal(waits, []time.Duration{30 * time.Second}) {
			t.Errorf("requests %d, waits %v: want 1 request and one 30s wait", d.Count(), waits)
		}
	})
}
