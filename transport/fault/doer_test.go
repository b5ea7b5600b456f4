package fault_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fault"
)

// outcomes sends n requests through d and describes each outcome: the
// status, or the error.
func outcomes(d *fault.Doer, n int) []string {
	var out []string
	for i := range n {
		resp := &protocol.Response{}
		req := &protocol.Request{Method: "GET", URL: fmt.Sprintf("https://sr.example/%d", i)}
		if err := d.Do(context.Background(), req, resp); err != nil {
			var te *protocol.TransportError
			switch {
			case errors.Is(err, fault.ErrUnscripted):
				out = append(out, "unscripted")
			case errors.As(err, &te) && te.Timeout():
				out = append(out, "timeout")
			case errors.As(err, &te):
				out = append(out, "transport")
			default:
				out = append(out, err.Error())
			}
			continue
		}
		out = append(out, fmt.Sprint(resp.Status))
	}
	return out
}

func TestScript(t *testing.T) {
	tests := []struct {
		desc          string
		next          bool
		script        []fault.Fault
		n             int
		want          []string
		wantRemaining int
	}{
		{"in order, then pass", true, []fault.Fault{fault.Reset(), fault.Unavailable(), fault.Timeout()}, 5,
			[]string{"transport", "503", "timeout", "200", "200"}, 0},
		{"a burst", true, []fault.Fault{fault.Unavailable().Times(3), fault.TooManyRequests("1")}, 5,
			[]string{"503", "503", "503", "429", "200"}, 0},
		{"a burst of zero is skipped", true, []fault.Fault{fault.Unavailable().Times(0), fault.Reset()}, 2,
			[]string{"transport", "200"}, 0},
		{"part of the script left", true, []fault.Fault{fault.Unavailable().Times(4), fault.Reset()}, 2,
			[]string{"503", "503"}, 3},
		{"no script: a plain wrapper", true, nil, 2, []string{"200", "200"}, 0},
		{"standalone: the script, then ErrUnscripted", false, []fault.Fault{fault.Unavailable().Times(2)}, 3,
			[]string{"503", "503", "unscripted"}, 0},
		{"standalone pass", false, []fault.Fault{fault.Pass()}, 1, []string{"unscripted"}, 0},
		{"standalone faults that need a next", false, []fault.Fault{fault.ResetAfterSend(), fault.Truncate(1), fault.Hold(closed())}, 3,
			[]string{"unscripted", "unscripted", "unscripted"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var next protocol.Doer
			if tt.next {
				next = &server{}
			}
			d := fault.New(next, tt.script...)
			if diff := cmp.Diff(tt.want, outcomes(d, tt.n)); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if d.Count() != tt.n {
				t.Errorf("Count = %d, want %d", d.Count(), tt.n)
			}
			if d.Remaining() != tt.wantRemaining {
				t.Errorf("Remaining = %d, want %d", d.Remaining(), tt.wantRemaining)
			}
		})
	}
}

func closed() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

func TestNewCopiesTheScript(t *testing.T) {
	script := []fault.Fault{fault.Unavailable()}
	d := fault.New(nil, script...)
	script[0] = fault.Reset()
	if diff := cmp.Diff([]string{"503"}, outcomes(d, 1)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
}

func TestRequestsAreCopies(t *testing.T) {
	d := fault.New(&server{})
	req := &protocol.Request{Method: "PUT", URL: "https://sr.example/config", Header: protocol.Header{{Name: "A", Value: "1"}}, Body: []byte(`{"x":1}`), Idempotent: true}
	if err := d.Do(context.Background(), req, &protocol.Response{}); err != nil {
		t.Fatal(err)
	}
	want := req.Clone()
	req.Header[0].Value = "changed"
	req.Body[0] = '!'
	req.URL = "https://elsewhere.example/"
	got := d.Requests()
	if diff := cmp.Diff([]*protocol.Request{want}, got); diff != "" {
		t.Fatalf("recorded (-want +got):\n%s", diff)
	}
	got[0].Header[0].Value = "edited"
	if diff := cmp.Diff([]*protocol.Request{want}, d.Requests()); diff != "" {
		t.Errorf("editing what Requests returned changed the record (-want +got):\n%s", diff)
	}
}

func TestDoneContextSendsNothing(t *testing.T) {
	srv := &server{}
	d := fault.New(srv, fault.Unavailable())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	resp := &protocol.Response{Status: 200, Body: []byte("stale")}
	if err := d.Do(ctx, &protocol.Request{}, resp); err != context.Canceled {
		t.Errorf("Do = %v, want context.Canceled", err)
	}
	if d.Count() != 0 || d.Remaining() != 1 || len(srv.hits) != 0 {
		t.Errorf("count %d, remaining %d, hits %d: want nothing sent or used", d.Count(), d.Remaining(), len(srv.hits))
	}
	if resp.Status != 0 || len(resp.Body) != 0 {
		t.Errorf("resp not emptied: %+v", resp)
	}
}

func TestHangAndHold(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		d := fault.New(nil, fault.Hang())
		done := make(chan error)
		go func() { done <- d.Do(ctx, &protocol.Request{}, &protocol.Response{}) }()
		time.Sleep(time.Hour)
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Hang returned %v before the context ended", err)
		default:
		}
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Hang = %v, want context.Canceled", err)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		d := fault.New(nil, fault.Hang())
		start := time.Now()
		if err := d.Do(ctx, &protocol.Request{}, &protocol.Response{}); err != context.DeadlineExceeded || time.Since(start) != time.Minute {
			t.Errorf("Hang = %v after %v, want the deadline after 1m", err, time.Since(start))
		}
	})
	synctest.Test(t, func(t *testing.T) {
		srv := &lockedServer{}
		release := make(chan struct{})
		d := fault.New(srv, fault.Hold(release).Times(2))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() { errs[i] = d.Do(t.Context(), &protocol.Request{URL: fmt.Sprint(i)}, &protocol.Response{}) })
		}
		synctest.Wait()
		if d.Count() != 2 || srv.count() != 0 {
			t.Fatalf("while held: count %d, hits %d; want 2 in flight, none through", d.Count(), srv.count())
		}
		close(release)
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || srv.count() != 2 {
			t.Errorf("after release: errors %v, hits %d", errs, srv.count())
		}
	})
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		srv := &server{}
		d := fault.New(srv, fault.Hold(make(chan struct{})))
		done := make(chan error)
		go func() { done <- d.Do(ctx, &protocol.Request{}, &protocol.Response{}) }()
		synctest.Wait()
		cancel()
		if err := <-done; err != context.Canceled || len(srv.hits) != 0 {
			t.Errorf("Hold = %v with %d hits, want context.Canceled and none", err, len(srv.hits))
		}
	})
}

func TestConcurrentUse(t *testing.T) {
	const workers, each, burst = 8, 10, 40
	srv := &lockedServer{}
	d := fault.New(srv, fault.Unavailable().Times(burst))
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				resp := &protocol.Response{}
				if err := d.Do(context.Background(), &protocol.Request{URL: fmt.Sprint(w, "/", i)}, resp); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				statuses[resp.Status]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff(map[int]int{503: burst, 200: workers*each - burst}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if d.Count() != workers*each || len(d.Requests()) != workers*each || d.Remaining() != 0 {
		t.Errorf("count %d, requests %d, remaining %d", d.Count(), len(d.Requests()), d.Remaining())
	}
}

type lockedServer struct {
	mu sync.Mutex
	server
}

func (s *lockedServer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.server.Do(ctx, req, resp)
}

func (s *lockedServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits)
}
