package protocol_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

// fakeClock is a Runner's Now and Sleep: sleeping advances the clock at once
// and records the wait.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	waits  []time.Duration
	during func() // called inside Sleep, before the context is checked
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.during != nil {
		c.during()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return nil
}

// scriptDoer answers with statuses in order and records what it saw.
type scriptDoer struct {
	statuses []int
	seen     []seenReq
	resps    []*protocol.Response
	onDo     func(n int) // called before answering request n (0-based)
}

type seenReq struct {
	URL, Auth string
	// Fresh reports that the Response handed in was empty.
	Fresh bool
}

func (d *scriptDoer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	n := len(d.seen)
	d.seen = append(d.seen, seenReq{req.URL, req.Header.Get("Authorization"), resp.Status == 0 && len(resp.Header) == 0 && len(resp.Body) == 0})
	d.resps = append(d.resps, resp)
	if d.onDo != nil {
		d.onDo(n)
	}
	if n >= len(d.statuses) {
		return errors.New("scriptDoer: no more answers")
	}
	resp.Status = d.statuses[n]
	resp.Header = append(resp.Header, protocol.Field{Name: "X-N", Value: "v"})
	resp.Body = append(resp.Body, "a body long enough to need storage"...)
	return nil
}

func getReq() *protocol.Request {
	return &protocol.Request{Method: "GET", URL: "https://a.example/x", Idempotent: true}
}

func TestRunnerSignsEveryAttemptAfterTheWait(t *testing.T) {
	clock := newFakeClock()
	start := clock.Now()
	var signedAt []time.Time
	doer := &scriptDoer{statuses: []int{503, 503, 200}}
	r := &protocol.Runner{
		Doer: doer,
		Signer: protocol.SignerFunc(func(req *protocol.Request, now time.Time) error {
			signedAt = append(signedAt, now)
			req.Header.Set("Authorization", "Sig t="+now.Format(time.RFC3339Nano))
			return nil
		}),
		Now:   clock.Now,
		Sleep: clock.Sleep,
	}
	call := protocol.NewCall(getReq(), parseText, callPolicy)
	if err := r.Run(context.Background(), call); err != nil {
		t.Fatal(err)
	}
	wantTimes := []time.Time{start, start.Add(100 * time.Millisecond), start.Add(300 * time.Millisecond)}
	if diff := cmp.Diff(wantTimes, signedAt); diff != "" {
		t.Errorf("signing times (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{100 * time.Millisecond, 200 * time.Millisecond}, clock.waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
	var auths []string
	for i, s := range doer.seen {
		auths = append(auths, s.Auth)
		if s.Auth != "Sig t="+wantTimes[i].Format(time.RFC3339Nano) {
			t.Errorf("request %d carried %q, signed at another time", i, s.Auth)
		}
	}
	if call.Result != "a body long enough to need storage" {
		t.Errorf("Result = %q", call.Result)
	}
}

func TestRunnerReusesOneResetResponse(t *testing.T) {
	clock := newFakeClock()
	doer := &scriptDoer{statuses: []int{503, 500, 200}}
	r := &protocol.Runner{Doer: doer, Now: clock.Now, Sleep: clock.Sleep}
	if err := r.Run(context.Background(), protocol.NewCall(getReq(), parseText, callPolicy)); err != nil {
		t.Fatal(err)
	}
	if len(doer.resps) != 3 {
		t.Fatalf("%d requests, want 3", len(doer.resps))
	}
	for i, resp := range doer.resps {
		if resp != doer.resps[0] {
			t.Errorf("request %d got another *Response", i)
		}
		if !doer.seen[i].Fresh {
			t.Errorf("request %d got a Response that was not reset", i)
		}
	}
}

func TestRunnerPassesDoerErrorToExchange(t *testing.T) {
	want := protocol.NewTransportError(getReq(), errors.New("connection refused"))
	var gotResp *protocol.Response
	var gotErr error
	steps := 0
	ex := exchangeFunc(func(now time.Time, resp *protocol.Response, ioErr error) (protocol.Step, error) {
		steps++
		if steps == 1 {
			return protocol.Step{Req: getReq()}, nil
		}
		gotResp, gotErr = resp, ioErr
		return protocol.Step{}, nil
	})
	r := &protocol.Runner{Doer: protocol.DoerFunc(func(context.Context, *protocol.Request, *protocol.Response) error { return want })}
	if err := r.Run(context.Background(), ex); err != nil {
		t.Fatalf("Run = %v; the exchange, not the runner, decides what a Doer error means", err)
	}
	if gotResp != nil || gotErr != want {
		t.Errorf("exchange got (%v, %v), want (nil, %v)", gotResp, gotErr, want)
	}
}

// exchangeFunc adapts a function to protocol.Exchange.
type exchangeFunc func(now time.Time, resp *protocol.Response, ioErr error) (protocol.Step, error)

func (f exchangeFunc) Step(now time.Time, resp *protocol.Response, ioErr error) (protocol.Step, error) {
	return f(now, resp, ioErr)
}

func TestRunnerErrors(t *testing.T) {
	stepErr := errors.New("cannot build")
	signErr := errors.New("no credentials")
	tests := []struct {
		desc     string
		ex       protocol.Exchange
		signer   protocol.Signer
		want     error
		wantReqs int
	}{
		{"first step fails", exchangeFunc(func(time.Time, *protocol.Response, error) (protocol.Step, error) {
			return protocol.Step{}, stepErr
		}), nil, stepErr, 0},
		{"nothing to do", exchangeFunc(func(time.Time, *protocol.Response, error) (protocol.Step, error) {
			return protocol.Step{}, nil
		}), nil, nil, 0},
		{"signer fails", protocol.NewCall(getReq(), parseText, callPolicy),
			protocol.SignerFunc(func(*protocol.Request, time.Time) error { return signErr }), signErr, 0},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			doer := &scriptDoer{statuses: []int{200}}
			r := &protocol.Runner{Doer: doer, Signer: tt.signer}
			if err := r.Run(context.Background(), tt.ex); !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Run = %v, want %v", err, tt.want)
			}
			if len(doer.seen) != tt.wantReqs {
				t.Errorf("%d requests sent, want %d", len(doer.seen), tt.wantReqs)
			}
		})
	}
}

func TestRunnerContext(t *testing.T) {
	tests := []struct {
		desc      string
		statuses  []int
		cancelAt  string // "before", "during do", "during do with error", "during sleep"
		wantReqs  int
		wantWaits int
	}{
		{"cancelled before Run: no request", []int{200}, "before", 0, 0},
		{"cancelled while the first request runs: no second request", []int{503, 200}, "during do", 1, 0},
		{"Doer fails after cancel: the context's error wins", nil, "during do with error", 1, 0},
		{"cancelled during the wait: no second request", []int{503, 200}, "during sleep", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			clock := newFakeClock()
			doer := &scriptDoer{statuses: tt.statuses}
			switch tt.cancelAt {
			case "before":
				cancel()
			case "during do", "during do with error":
				doer.onDo = func(int) { cancel() }
			case "during sleep":
				clock.during = cancel
			}
			r := &protocol.Runner{Doer: doer, Now: clock.Now, Sleep: clock.Sleep}
			err := r.Run(ctx, protocol.NewCall(getReq(), parseText, callPolicy))
			if !errors.Is(err, context.Canceled) || err != context.Canceled {
				t.Errorf("Run = %v, want context.Canceled as is", err)
			}
			if len(doer.seen) != tt.wantReqs {
				t.Errorf("%d requests, want %d", len(doer.seen), tt.wantReqs)
			}
			if len(clock.waits) != tt.wantWaits {
				t.Errorf("%d waits completed, want %d", len(clock.waits), tt.wantWaits)
			}
		})
	}
}

// TestRunnerDefaultSleep runs the default Now and Sleep in a synctest
// bubble: the runner waits the full backoff, and a cancel in the middle of
// the wait ends the run at once.
func TestRunnerDefaultSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		doer := &scriptDoer{statuses: []int{503, 200}}
		r := &protocol.Runner{Doer: doer}
		start := time.Now()
		if err := r.Run(t.Context(), protocol.NewCall(getReq(), parseText, callPolicy)); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != 100*time.Millisecond {
			t.Errorf("run took %v of fake time, want the 100ms backoff", got)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		doer := &scriptDoer{statuses: []int{503, 200}}
		r := &protocol.Runner{Doer: doer}
		done := make(chan error)
		start := time.Now()
		go func() { done <- r.Run(ctx, protocol.NewCall(getReq(), parseText, callPolicy)) }()
		time.Sleep(50 * time.Millisecond) // half way through the backoff
		synctest.Wait()
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
		if got := time.Since(start); got != 50*time.Millisecond {
			t.Errorf("Run returned after %v, want at the cancel (50ms)", got)
		}
		if len(doer.seen) != 1 {
			t.Errorf("%d requests, want 1", len(doer.seen))
		}
	})
}

func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := protocol.Sleep(t.Context(), 3*time.Second); err != nil || time.Since(start) != 3*time.Second {
			t.Errorf("Sleep = %v after %v, want nil after 3s", err, time.Since(start))
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start = time.Now()
		if err := protocol.Sleep(ctx, time.Hour); err != context.DeadlineExceeded || time.Since(start) != time.Second {
			t.Errorf("Sleep = %v after %v, want the deadline after 1s", err, time.Since(start))
		}
	})
}
