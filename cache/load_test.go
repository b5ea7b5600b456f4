package cache

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// result is what one Load returned.
type result struct {
	V   int
	Err string
}

func resultOf(v int, err error) result {
	if err != nil {
		return result{V: v, Err: err.Error()}
	}
	return result{V: v}
}

// gate is a loader that blocks until released and counts its runs.
type gate struct {
	calls   atomic.Int32
	started chan struct{}        // receives once per run
	release chan result          // what the run returns
	ctxs    chan context.Context // the context of each run
}

func newGate() *gate {
	return &gate{started: make(chan struct{}, 16), release: make(chan result), ctxs: make(chan context.Context, 16)}
}

func (g *gate) load(ctx context.Context) (int, error) {
	g.calls.Add(1)
	g.ctxs <- ctx
	g.started <- struct{}{}
	r := <-g.release
	if r.Err != "" {
		return r.V, errors.New(r.Err)
	}
	return r.V, nil
}

// Every test of Load runs in a synctest bubble: synctest.Wait replaces
// timing, and the bubble fails the test if any goroutine (a flight, a
// waiter) is left blocked when it ends.

func TestLoadSingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{})
		g := newGate()
		const n = 8
		got := make([]result, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { got[i] = resultOf(c.Load(t.Context(), "k", g.load)) })
		}
		<-g.started
		synctest.Wait() // every caller is now waiting on the one flight
		g.release <- result{V: 42}
		wg.Wait()
		want := make([]result, n)
		for i := range want {
			want[i] = result{V: 42}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("results (-want +got):\n%s", diff)
		}
		if n := g.calls.Load(); n != 1 {
			t.Errorf("loader ran %d times, want 1", n)
		}
		// Now a hit: the loader is not called again.
		if v, err := c.Load(t.Context(), "k", g.load); v != 42 || err != nil || g.calls.Load() != 1 {
			t.Errorf("Load after the flight = %d, %v with %d runs", v, err, g.calls.Load())
		}
	})
}

func TestLoadOtherKeyNotBlocked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{})
		slow := newGate()
		done := make(chan result)
		go func() { done <- resultOf(c.Load(t.Context(), "a", slow.load)) }()
		<-slow.started // a's loader is running and blocked

		// b misses and loads while a's loader still holds its flight.
		v, err := c.Load(t.Context(), "b", func(context.Context) (int, error) { return 2, nil })
		if v != 2 || err != nil {
			t.Fatalf("Load(b) = %d, %v", v, err)
		}
		if _, ok := c.Get("b"); !ok {
			t.Errorf("Get(b) missed while a loads")
		}
		c.Put("c", 3) // writers are not blocked either
		if n := c.Len(); n != 2 {
			t.Errorf("Len = %d, want 2", n)
		}
		slow.release <- result{V: 1}
		if r := <-done; r != (result{V: 1}) {
			t.Errorf("Load(a) = %+v", r)
		}
	})
}

func TestLoadWaiterLeaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{})
		g := newGate()
		stay := make(chan result)
		go func() { stay <- resultOf(c.Load(t.Context(), "k", g.load)) }()
		<-g.started
		loadCtx := <-g.ctxs

		ctx, cancel := context.WithCancel(t.Context())
		left := make(chan result)
		go func() { left <- resultOf(c.Load(ctx, "k", g.load)) }()
		synctest.Wait()
		cancel()
		if diff := cmp.Diff(result{Err: context.Canceled.Error()}, <-left); diff != "" {
			t.Errorf("leaving waiter (-want +got):\n%s", diff)
		}
		if err := loadCtx.Err(); err != nil {
			t.Errorf("loader's context ended when one of two waiters left: %v", err)
		}
		g.release <- result{V: 5}
		if diff := cmp.Diff(result{V: 5}, <-stay); diff != "" {
			t.Errorf("remaining waiter (-want +got):\n%s", diff)
		}
		if v, ok := c.Get("k"); !ok || v != 5 {
			t.Errorf("Get = %d, %v; want the loaded value", v, ok)
		}
	})
}

// The caller whose Load started the flight gives up; the others must get
// the value, not its context.Canceled.
func TestLoadStarterCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{})
		g := newGate()
		type key struct{}
		starterCtx, cancel := context.WithCancel(context.WithValue(t.Context(), key{}, "starter"))
		starter := make(chan result)
		go func() { starter <- resultOf(c.Load(starterCtx, "k", g.load)) }()
		<-g.started
		loadCtx := <-g.ctxs
		if v := loadCtx.Value(key{}); v != "starter" {
			t.Errorf("loader's context value = %v, want the starter's", v)
		}

		other := make(chan result)
		go func() { other <- resultOf(c.Load(t.Context(), "k", g.load)) }()
		synctest.Wait()
		cancel()
		if r := <-starter; r.Err != context.Canceled.Error() {
			t.Errorf("starter got %+v, want context.Canceled", r)
		}
		if err := loadCtx.Err(); err != nil {
			t.Errorf("loader's context ended with its starter's: %v", err)
		}
		g.release <- result{V: 9}
		if diff := cmp.Diff(result{V: 9}, <-other); diff != "" {
			t.Errorf("other waiter (-want +got):\n%s", diff)
		}
	})
}

func TestLoadAllWaitersLeave(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{})
		g := newGate()
		ctx, cancel := context.WithCancel(t.Context())
		left := make(chan result)
		go func() { left <- resultOf(c.Load(ctx, "k", g.load)) }()
		<-g.started
		loadCtx := <-g.ctxs
		cancel()
		if r := <-left; r.Err != context.Canceled.Error() {
			t.Errorf("waiter got %+v", r)
		}
		<-loadCtx.Done() // nobody waits any more: the load is cancelled

		// A new Load starts a new flight rather than joining the cancelled one.
		again := make(chan result)
		go func() { again <- resultOf(c.Load(t.Context(), "k", g.load)) }()
		<-g.started
		<-g.ctxs
		g.release <- result{V: 1} // the abandoned run
		g.release <- result{V: 2} // the new run
		if diff := cmp.Diff(result{V: 2}, <-again); diff != "" {
			t.Errorf("new Load (-want +got):\n%s", diff)
		}
		synctest.Wait()
		if v, ok := c.Get("k"); !ok || v != 2 {
			t.Errorf("Get = %d, %v; the abandoned run must not be stored", v, ok)
		}
	})
}

func TestLoadContextDoneBeforeMiss(t *testing.T) {
	c := New[string, int](Options{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	called := false
	_, err := c.Load(ctx, "k", func(context.Context) (int, error) { called = true; return 1, nil })
	if !errors.Is(err, context.Canceled) || called {
		t.Errorf("Load = %v (loader called: %v), want context.Canceled without a call", err, called)
	}
	c.Put("k", 3)
	if v, err := c.Load(ctx, "k", nil); v != 3 || err != nil {
		t.Errorf("hit with a done context = %d, %v; want the value", v, err)
	}
}

func TestLoadPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{NegativeTTL: time.Hour, Negative: func(error) bool { return true }})
		_, err := c.Load(t.Context(), "k", func(context.Context) (int, error) { panic("boom") })
		var pe *PanicError
		if !errors.As(err, &pe) || pe.Value != "boom" || len(pe.Stack) == 0 {
			t.Fatalf("Load error = %#v, want *PanicError with value and stack", err)
		}
		v, err := c.Load(t.Context(), "k", func(context.Context) (int, error) { return 4, nil })
		if v != 4 || err != nil {
			t.Errorf("Load after a panic = %d, %v; the key must be free", v, err)
		}
	})
}

func TestLoadGoexit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{})
		_, err := c.Load(t.Context(), "k", func(context.Context) (int, error) { runtime.Goexit(); return 0, nil })
		if !errors.Is(err, errGoexit) {
			t.Fatalf("Load error = %v, want errGoexit", err)
		}
		if v, err := c.Load(t.Context(), "k", func(context.Context) (int, error) { return 4, nil }); v != 4 || err != nil {
			t.Errorf("Load after Goexit = %d, %v", v, err)
		}
	})
}

func TestLoadInvalidatedInFlight(t *testing.T) {
	tests := []struct {
		name   string
		during func(c *Cache[string, int])
		want   map[string]int
	}{
		{"delete", func(c *Cache[string, int]) { c.Delete("k") }, map[string]int{}},
		{"put", func(c *Cache[string, int]) { c.Put("k", 100) }, map[string]int{"k": 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c := New[string, int](Options{})
				g := newGate()
				done := make(chan result)
				go func() { done <- resultOf(c.Load(t.Context(), "k", g.load)) }()
				<-g.started
				<-g.ctxs
				tt.during(c)
				g.release <- result{V: 1}
				if diff := cmp.Diff(result{V: 1}, <-done); diff != "" {
					t.Errorf("waiter (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.want, contents(c, "k")); diff != "" {
					t.Errorf("contents (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestLoadTTL(t *testing.T) {
	clk := newFakeClock()
	c := New[string, int](Options{TTL: time.Minute, Now: clk.Now})
	n := 0
	load := func(context.Context) (int, error) { n++; return n, nil }
	steps := []struct {
		advance time.Duration
		want    int
	}{{0, 1}, {59 * time.Second, 1}, {time.Second, 2}, {30 * time.Second, 2}}
	for i, s := range steps {
		clk.Advance(s.advance)
		if v, err := c.Load(t.Context(), "k", load); v != s.want || err != nil {
			t.Errorf("step %d: Load = %d, %v; want %d", i, v, err, s.want)
		}
	}
}

// With real time the cache reads a coarse clock of its own; in a bubble
// time is fake, so expiry and the clock's idling can be checked exactly.
func TestCoarseClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int](Options{TTL: time.Second})
		c.Put("k", 1)
		if _, ok := c.Get("k"); !ok {
			t.Fatal("fresh entry missed")
		}
		if s := c.clk.state.Load(); s == idle {
			t.Fatal("coarse clock did not start on a hit")
		}
		for range 99 { // 990ms of steady hits
			time.Sleep(coarseResolution)
			if _, ok := c.Get("k"); !ok {
				t.Fatalf("entry expired early at %v", time.Since(c.clk.base))
			}
		}
		time.Sleep(time.Second)
		if _, ok := c.Get("k"); ok {
			t.Errorf("entry still fresh %v after a TTL of 1s", time.Since(c.clk.base))
		}
		time.Sleep(3 * coarseResolution)
		if s := c.clk.state.Load(); s != idle {
			t.Errorf("coarse clock state %d after idling, want idle", s)
		}
	})
}
