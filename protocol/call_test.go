package protocol_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

// outcome is what the server does with one request: a status (and optional
// Retry-After) or a Doer error.
type outcome struct {
	status     int
	retryAfter string
	err        error
}

// sent is what a Call asked for at one step.
type sent struct {
	URL  string
	Wait time.Duration
}

var (
	resetErr   = errors.New("connection reset by peer")
	errTooBig  = &protocol.BodyTooLargeError{Limit: 10}
	callPolicy = protocol.RetryPolicy{MaxAttempts: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
)

func transportFail() outcome  { return outcome{err: resetErr} }
func status(code int) outcome { return outcome{status: code} }

// parseText turns a 2xx response into its body and anything else into an
// *APIError.
func parseText(resp *protocol.Response) (string, error) {
	if !resp.OK() {
		return "", &protocol.APIError{API: "test", Status: resp.Status, Message: string(resp.Body), Retryable: protocol.RetryableStatus(resp.Status)}
	}
	return string(resp.Body), nil
}

// driveCall runs c by hand, answering its requests with outcomes in order,
// and returns what it asked for. It fails the test if the Call asks for more
// requests than there are outcomes.
func driveCall(t *testing.T, c *protocol.Call[string], outcomes []outcome) ([]sent, error) {
	t.Helper()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var got []sent
	st, err := c.Step(now, nil, nil)
	for i := 0; ; i++ {
		if err != nil || st.Done() {
			if i != len(outcomes) {
				t.Errorf("call ended after %d requests, %d outcomes scripted", i, len(outcomes))
			}
			return got, err
		}
		if i == len(outcomes) {
			t.Fatalf("call wants request %d (%+v), only %d scripted", i+1, st, len(outcomes))
		}
		got = append(got, sent{st.Req.URL, st.Wait})
		now = now.Add(st.Wait)
		o := outcomes[i]
		if o.err != nil {
			ioErr := o.err
			if ioErr == resetErr {
				ioErr = protocol.NewTransportError(st.Req, resetErr)
			}
			st, err = c.Step(now, nil, ioErr)
			continue
		}
		resp := &protocol.Response{Status: o.status, Body: []byte(fmt.Sprintf("answer %d from %s", i+1, st.Req.URL))}
		if o.retryAfter != "" {
			resp.Header.Add("Retry-After", o.retryAfter)
		}
		st, err = c.Step(now, resp, nil)
	}
}

func TestCall(t *testing.T) {
	const (
		a = "https://a.example/api"
		b = "https://b.example"
		c = "https://c.example/v2"
	)
	const ms = time.Millisecond
	get := func(url string) *protocol.Request {
		return &protocol.Request{Method: "GET", URL: url, Idempotent: true}
	}
	post := func(url string) *protocol.Request { return &protocol.Request{Method: "POST", URL: url} }
	idempotentPost := func(url string) *protocol.Request {
		return &protocol.Request{Method: "POST", URL: url, Idempotent: true}
	}

	tests := []struct {
		desc         string
		req          *protocol.Request
		policy       protocol.RetryPolicy
		bases        []string
		outcomes     []outcome
		want         []sent
		wantResult   string
		wantStatus   int   // of the *APIError returned, 0 for none
		wantErr      error // matched with errors.Is, when wantStatus is 0
		wantAttempts int
	}{
		{
			desc: "success at once", req: get(a + "/subjects"), policy: callPolicy,
			outcomes:   []outcome{status(200)},
			want:       []sent{{a + "/subjects", 0}},
			wantResult: "answer 1 from " + a + "/subjects", wantAttempts: 1,
		},
		{
			desc: "retries a 503 after backoff, then parses", req: get(a + "/x"), policy: callPolicy,
			outcomes:   []outcome{status(503), status(503), status(200)},
			want:       []sent{{a + "/x", 0}, {a + "/x", 100 * ms}, {a + "/x", 200 * ms}},
			wantResult: "answer 3 from " + a + "/x", wantAttempts: 3,
		},
		{
			desc: "gives up after MaxAttempts and parses the final response", req: get(a + "/x"), policy: callPolicy,
			outcomes:   []outcome{status(503), status(502), status(504)},
			want:       []sent{{a + "/x", 0}, {a + "/x", 100 * ms}, {a + "/x", 200 * ms}},
			wantStatus: 504, wantAttempts: 3,
		},
		{
			desc: "a 404 is parsed at once", req: get(a + "/x"), policy: callPolicy,
			outcomes:   []outcome{status(404)},
			want:       []sent{{a + "/x", 0}},
			wantStatus: 404, wantAttempts: 1,
		},
		{
			desc: "Retry-After beats backoff", req: get(a + "/x"), policy: callPolicy,
			outcomes:   []outcome{{status: 429, retryAfter: "3"}, {status: 429, retryAfter: "Thu, 01 Jan 2026 00:00:10 GMT"}, status(200)},
			want:       []sent{{a + "/x", 0}, {a + "/x", 3 * time.Second}, {a + "/x", 7 * time.Second}},
			wantResult: "answer 3 from " + a + "/x", wantAttempts: 3,
		},
		{
			desc: "transport error without bases: retried in place", req: get(a + "/x"), policy: callPolicy,
			outcomes:   []outcome{transportFail(), transportFail(), status(200)},
			want:       []sent{{a + "/x", 0}, {a + "/x", 100 * ms}, {a + "/x", 200 * ms}},
			wantResult: "answer 3 from " + a + "/x", wantAttempts: 3,
		},
		{
			desc: "transport error until the end", req: get(a + "/x"), policy: callPolicy,
			outcomes: []outcome{transportFail(), transportFail(), transportFail()},
			want:     []sent{{a + "/x", 0}, {a + "/x", 100 * ms}, {a + "/x", 200 * ms}},
			wantErr:  resetErr, wantAttempts: 3,
		},
		{
			desc: "failover to the next base at once", req: get(a + "/subjects?deleted=true"), policy: callPolicy, bases: []string{a, b, c},
			outcomes:   []outcome{transportFail(), status(200)},
			want:       []sent{{a + "/subjects?deleted=true", 0}, {b + "/subjects?deleted=true", 0}},
			wantResult: "answer 2 from " + b + "/subjects?deleted=true", wantAttempts: 1,
		},
		{
			desc: "every base once per attempt, round robin, waits between rounds", req: get(a + "/x"), policy: callPolicy, bases: []string{a, b, c},
			outcomes: []outcome{transportFail(), transportFail(), transportFail(), transportFail(), transportFail(), status(200)},
			want: []sent{
				{a + "/x", 0}, {b + "/x", 0}, {c + "/x", 0},
				{a + "/x", 100 * ms}, {b + "/x", 0}, {c + "/x", 0},
			},
			wantResult: "answer 6 from " + c + "/x", wantAttempts: 2,
		},
		{
			desc: "round robin continues from the base that failed last", req: get(a + "/x"), policy: callPolicy, bases: []string{a, b},
			outcomes: []outcome{transportFail(), transportFail(), transportFail(), transportFail(), transportFail(), transportFail()},
			want: []sent{
				{a + "/x", 0}, {b + "/x", 0},
				{a + "/x", 100 * ms}, {b + "/x", 0},
				{a + "/x", 200 * ms}, {b + "/x", 0},
			},
			wantErr: resetErr, wantAttempts: 3,
		},
		{
			desc: "a 503 is retried on the same base, not failed over", req: get(a + "/x"), policy: callPolicy, bases: []string{a, b},
			outcomes:   []outcome{status(503), status(200)},
			want:       []sent{{a + "/x", 0}, {a + "/x", 100 * ms}},
			wantResult: "answer 2 from " + a + "/x", wantAttempts: 2,
		},
		{
			desc: "after a failover a 503 stays on the new base", req: get(a + "/x"), policy: callPolicy, bases: []string{a, b},
			outcomes:   []outcome{transportFail(), status(503), status(200)},
			want:       []sent{{a + "/x", 0}, {b + "/x", 0}, {b + "/x", 100 * ms}},
			wantResult: "answer 3 from " + b + "/x", wantAttempts: 2,
		},
		{
			desc: "non-idempotent POST: no failover, no retry", req: post(a + "/subjects/s/versions"), policy: callPolicy, bases: []string{a, b},
			outcomes: []outcome{transportFail()},
			want:     []sent{{a + "/subjects/s/versions", 0}},
			wantErr:  resetErr, wantAttempts: 1,
		},
		{
			desc: "non-idempotent POST: a 503 is not retried", req: post(a + "/x"), policy: callPolicy,
			outcomes:   []outcome{status(503)},
			want:       []sent{{a + "/x", 0}},
			wantStatus: 503, wantAttempts: 1,
		},
		{
			desc: "idempotent POST fails over and retries", req: idempotentPost(a + "/x"), policy: callPolicy, bases: []string{a, b},
			outcomes:   []outcome{transportFail(), status(503), status(200)},
			want:       []sent{{a + "/x", 0}, {b + "/x", 0}, {b + "/x", 100 * ms}},
			wantResult: "answer 3 from " + b + "/x", wantAttempts: 2,
		},
		{
			desc: "a body over the limit is neither failed over nor retried", req: get(a + "/x"), policy: callPolicy, bases: []string{a, b},
			outcomes: []outcome{{err: errTooBig}},
			want:     []sent{{a + "/x", 0}},
			wantErr:  errTooBig, wantAttempts: 1,
		},
		{
			desc: "URL not under Bases[0]: no failover, plain retries", req: get("https://elsewhere.example/x"), policy: callPolicy, bases: []string{a, b},
			outcomes:   []outcome{transportFail(), status(200)},
			want:       []sent{{"https://elsewhere.example/x", 0}, {"https://elsewhere.example/x", 100 * ms}},
			wantResult: "answer 2 from https://elsewhere.example/x", wantAttempts: 2,
		},
		{
			desc: "zero policy with bases still fails over, but never waits", req: get(a + "/x"), bases: []string{a, b},
			outcomes: []outcome{transportFail(), transportFail()},
			want:     []sent{{a + "/x", 0}, {b + "/x", 0}},
			wantErr:  resetErr, wantAttempts: 1,
		},
		{
			desc: "one base given: like none", req: get(a + "/x"), policy: callPolicy, bases: []string{a},
			outcomes:   []outcome{transportFail(), status(200)},
			want:       []sent{{a + "/x", 0}, {a + "/x", 100 * ms}},
			wantResult: "answer 2 from " + a + "/x", wantAttempts: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			call := protocol.NewCall(tt.req, parseText, tt.policy, tt.bases...)
			got, err := driveCall(t, call, tt.outcomes)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			switch {
			case tt.wantStatus != 0:
				var ae *protocol.APIError
				if !errors.As(err, &ae) || ae.Status != tt.wantStatus {
					t.Errorf("err = %v, want an *APIError with status %d", err, tt.wantStatus)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
				if tt.wantErr == resetErr {
					var te *protocol.TransportError
					if !errors.As(err, &te) {
						t.Errorf("err = %T, want *protocol.TransportError", err)
					}
				}
			default:
				if err != nil {
					t.Errorf("err = %v", err)
				}
			}
			if call.Result != tt.wantResult {
				t.Errorf("Result = %q, want %q", call.Result, tt.wantResult)
			}
			if call.Attempts != tt.wantAttempts {
				t.Errorf("Attempts = %d, want %d", call.Attempts, tt.wantAttempts)
			}
		})
	}
}

func TestCallFirstStep(t *testing.T) {
	req := &protocol.Request{Method: "GET", URL: "https://a.example/x", Idempotent: true}
	call := protocol.NewCall(req, parseText, callPolicy)
	st, err := call.Step(time.Time{}, nil, nil)
	if err != nil || st.Req != req || st.Wait != 0 || st.Done() {
		t.Errorf("first step = (%+v, %v), want the request itself at once", st, err)
	}
	if call.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", call.Attempts)
	}
}

func TestCallParseErrorIsReturned(t *testing.T) {
	bad := errors.New("bad body")
	call := protocol.NewCall(&protocol.Request{Method: "GET", URL: "https://a.example/"},
		func(*protocol.Response) (int, error) { return 7, bad }, callPolicy)
	if _, err := call.Step(time.Time{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	st, err := call.Step(time.Time{}, &protocol.Response{Status: 200}, nil)
	if !errors.Is(err, bad) || !st.Done() {
		t.Errorf("got (%+v, %v), want done with the parse error", st, err)
	}
	if call.Result != 7 {
		t.Errorf("Result = %d, want what Parse returned", call.Result)
	}
}

// A Doer that wraps its transport error (to add context) keeps failover and
// retries: Call looks through the wrapping.
func TestCallWrappedTransportError(t *testing.T) {
	req := &protocol.Request{Method: "GET", URL: "http://a/x", Idempotent: true}
	c := protocol.NewCall(req, parseText, callPolicy, "http://a", "http://b")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st, _ := c.Step(now, nil, nil)
	wrapped := fmt.Errorf("my transport: %w", protocol.NewTransportError(st.Req, resetErr))
	st, err := c.Step(now, nil, wrapped)
	if err != nil || st.Done() {
		t.Fatalf("wrapped transport error ended the call: %v", err)
	}
	if st.Req.URL != "http://b/x" || st.Wait != 0 {
		t.Errorf("after a wrapped transport error got %s after %v, want http://b/x at once", st.Req.URL, st.Wait)
	}
	st, err = c.Step(now, nil, wrapped)
	if err != nil || st.Done() || st.Wait == 0 {
		t.Errorf("second wrapped transport error: step %+v, err %v; want a retry after backoff", st, err)
	}
}
