package cache

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

// fakeClock is a manual clock for one test.
type fakeClock struct{ t time.Time }

func newFakeClock() *fakeClock               { return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }
func (f *fakeClock) Now() time.Time          { return f.t }
func (f *fakeClock) Advance(d time.Duration) { f.t = f.t.Add(d) }

// contents returns every fresh key of c among keys, with its value.
func contents(c *Cache[string, int], keys ...string) map[string]int {
	m := map[string]int{}
	for _, k := range keys {
		if v, ok := c.Get(k); ok {
			m[k] = v
		}
	}
	return m
}

func TestPutGetDelete(t *testing.T) {
	type op struct {
		put, del string
		v        int
	}
	tests := []struct {
		name string
		ops  []op
		want map[string]int
	}{
		{"empty", nil, map[string]int{}},
		{"put", []op{{put: "a", v: 1}, {put: "b", v: 2}}, map[string]int{"a": 1, "b": 2}},
		{"overwrite", []op{{put: "a", v: 1}, {put: "a", v: 3}}, map[string]int{"a": 3}},
		{"delete", []op{{put: "a", v: 1}, {put: "b", v: 2}, {del: "a"}}, map[string]int{"b": 2}},
		{"delete missing", []op{{put: "a", v: 1}, {del: "z"}}, map[string]int{"a": 1}},
		{"delete then put", []op{{put: "a", v: 1}, {del: "a"}, {put: "a", v: 5}}, map[string]int{"a": 5}},
		{"zero value", []op{{put: "a", v: 0}}, map[string]int{"a": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New[string, int](Options{})
			for _, o := range tt.ops {
				if o.del != "" {
					c.Delete(o.del)
				} else {
					c.Put(o.put, o.v)
				}
			}
			if diff := cmp.Diff(tt.want, contents(c, "a", "b", "z")); diff != "" {
				t.Errorf("contents (-want +got):\n%s", diff)
			}
			if got := c.Len(); got != len(tt.want) {
				t.Errorf("Len = %d, want %d", got, len(tt.want))
			}
		})
	}
}

func TestTTL(t *testing.T) {
	tests := []struct {
		name    string
		ttl     time.Duration
		advance time.Duration
		wantHit bool
	}{
		{"no ttl, long after", 0, 1000 * time.Hour, true},
		{"before expiry", time.Minute, time.Minute - time.Nanosecond, true},
		{"at expiry", time.Minute, time.Minute, false},
		{"after expiry", time.Minute, time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			c := New[string, int](Options{TTL: tt.ttl, Now: clk.Now})
			c.Put("k", 7)
			clk.Advance(tt.advance)
			v, ok := c.Get("k")
			if ok != tt.wantHit {
				t.Fatalf("Get hit = %v, want %v", ok, tt.wantHit)
			}
			if ok && v != 7 {
				t.Errorf("Get = %d, want 7", v)
			}
		})
	}
}

func TestBound(t *testing.T) {
	tests := []struct {
		name string
		max  int
		want int
	}{
		{"explicit", 3, 3},
		{"one", 1, 1},
		{"default", 0, DefaultMaxEntries},
		{"negative means default", -5, DefaultMaxEntries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New[int, int](Options{MaxEntries: tt.max})
			for i := range 3 * tt.want {
				c.Put(i, i)
				if n := c.Len(); n > tt.want {
					t.Fatalf("after %d puts Len = %d, over the bound %d", i+1, n, tt.want)
				}
				if v, ok := c.Get(i); !ok || v != i {
					t.Fatalf("Get(%d) right after Put = %d, %v", i, v, ok)
				}
			}
			if n := c.Len(); n != tt.want {
				t.Errorf("Len = %d, want %d", n, tt.want)
			}
		})
	}
}

func TestClockEviction(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(c *Cache[string, int], clk *fakeClock)
		insert string
		want   map[string]int
	}{
		{
			// The hand passes a (referenced, gets a second chance) and
			// takes b.
			name:   "referenced entry survives",
			setup:  func(c *Cache[string, int], _ *fakeClock) { c.Get("a") },
			insert: "d",
			want:   map[string]int{"a": 1, "c": 3, "d": 4},
		},
		{
			name:   "unreferenced oldest goes first",
			setup:  func(*Cache[string, int], *fakeClock) {},
			insert: "d",
			want:   map[string]int{"b": 2, "c": 3, "d": 4},
		},
		{
			name: "all referenced: second turn takes the first",
			setup: func(c *Cache[string, int], _ *fakeClock) {
				c.Get("a")
				c.Get("b")
				c.Get("c")
			},
			insert: "d",
			want:   map[string]int{"b": 2, "c": 3, "d": 4},
		},
		{
			name: "expired entry goes before an unreferenced one",
			setup: func(c *Cache[string, int], clk *fakeClock) {
				c.Get("a")
				clk.Advance(30 * time.Second)
				c.Put("b", 2) // refreshed: expires later than c
				clk.Advance(31 * time.Second)
				c.Get("a") // expired: no hit, bit stays set
			},
			insert: "d",
			want:   map[string]int{"b": 2, "d": 4},
		},
		{
			name:   "overwrite does not evict",
			setup:  func(*Cache[string, int], *fakeClock) {},
			insert: "b",
			want:   map[string]int{"a": 1, "b": 4, "c": 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			c := New[string, int](Options{MaxEntries: 3, TTL: time.Minute, Now: clk.Now})
			c.Put("a", 1)
			c.Put("b", 2)
			c.Put("c", 3)
			tt.setup(c, clk)
			c.Put(tt.insert, 4)
			if diff := cmp.Diff(tt.want, contents(c, "a", "b", "c", "d")); diff != "" {
				t.Errorf("contents (-want +got):\n%s", diff)
			}
			if c.Len() > 3 {
				t.Errorf("Len = %d, over the bound", c.Len())
			}
		})
	}
}

// TestModel runs random operations against a cache and a plain map and
// checks that the cache never contradicts the map, keeps its bound, and
// holds everything the map holds when the bound is not reached. It covers
// tombstones, table rebuilds and ring bookkeeping.
func TestModel(t *testing.T) {
	tests := []struct {
		name string
		max  int
		keys int
	}{
		{"roomy", 500, 100},
		{"tight", 7, 100},
		{"one", 1, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(tt.max)))
			c := New[string, int](Options{MaxEntries: tt.max})
			model := map[string]int{}
			for i := range 20000 {
				k := strconv.Itoa(rng.IntN(tt.keys))
				switch rng.IntN(3) {
				case 0:
					c.Put(k, i)
					model[k] = i
				case 1:
					c.Delete(k)
					delete(model, k)
				case 2:
					v, ok := c.Get(k)
					mv, mok := model[k]
					if ok && (!mok || v != mv) {
						t.Fatalf("op %d: Get(%s) = %d, model has %d, %v", i, k, v, mv, mok)
					}
					if !ok && mok && len(model) <= tt.max {
						t.Fatalf("op %d: Get(%s) missed with %d entries of %d", i, k, len(model), tt.max)
					}
				}
				if n := c.Len(); n > tt.max {
					t.Fatalf("op %d: Len = %d > %d", i, n, tt.max)
				}
				if len(model) <= tt.max && c.Len() != len(model) {
					t.Fatalf("op %d: Len = %d, model %d", i, c.Len(), len(model))
				}
				if len(model) > tt.max {
					// The cache evicted: bring the model back in line.
					for mk := range model {
						if _, ok := c.Get(mk); !ok {
							delete(model, mk)
						}
					}
				}
			}
		})
	}
}

// The table must find entries whose keys hash alike and keep working
// through many removals (tombstones) and rebuilds.
func TestTableChurn(t *testing.T) {
	c := New[int, int](Options{MaxEntries: 64})
	for round := range 200 {
		base := round * 48
		for i := range 8 { // last round's survivors
			c.Delete(base - 8 + i)
		}
		for i := range 48 {
			c.Put(base+i, i)
		}
		for i := range 48 {
			if v, ok := c.Get(base + i); !ok || v != i {
				t.Fatalf("round %d: Get(%d) = %d, %v", round, base+i, v, ok)
			}
		}
		for i := range 40 {
			c.Delete(base + i)
		}
		for i := range 40 {
			if _, ok := c.Get(base + i); ok {
				t.Fatalf("round %d: Get(%d) hit after Delete", round, base+i)
			}
		}
	}
	tab := c.tab.Load()
	if len(tab.slots) > 4*64 {
		t.Errorf("table grew to %d slots for 64 entries", len(tab.slots))
	}
	if tab.live != c.Len() {
		t.Errorf("table holds %d entries, ring %d", tab.live, c.Len())
	}
}

type notFoundError struct{}

func (notFoundError) Error() string { return "not found" }

func isNotFound(err error) bool { return errors.As(err, new(notFoundError)) }

func TestNegativeCaching(t *testing.T) {
	server := &protocol.APIError{API: "confluent", Status: 500, Message: "boom"}
	notFoundAPI := &protocol.APIError{API: "confluent", Status: 404, Sentinel: notFoundError{}}
	transport := &protocol.TransportError{Method: "GET", URL: "http://x", Err: errors.New("reset")}
	everything := func(error) bool { return true }
	tests := []struct {
		name     string
		opt      Options
		err      error
		advance  time.Duration
		wantCall int // loader calls after two Loads separated by advance
	}{
		{"not-found cached", Options{NegativeTTL: time.Minute, Negative: isNotFound}, notFoundError{}, time.Second, 1},
		{"not-found API error cached", Options{NegativeTTL: time.Minute, Negative: isNotFound}, notFoundAPI, time.Second, 1},
		{"negative entry expires", Options{NegativeTTL: time.Minute, Negative: isNotFound}, notFoundError{}, time.Minute, 2},
		{"no NegativeTTL", Options{Negative: isNotFound}, notFoundError{}, 0, 2},
		{"no Negative", Options{NegativeTTL: time.Minute}, notFoundError{}, 0, 2},
		{"rejected by Negative", Options{NegativeTTL: time.Minute, Negative: isNotFound}, errors.New("other"), 0, 2},
		{"5xx never", Options{NegativeTTL: time.Minute, Negative: everything}, server, 0, 2},
		{"transport never", Options{NegativeTTL: time.Minute, Negative: everything}, transport, 0, 2},
		{"wrapped transport never", Options{NegativeTTL: time.Minute, Negative: everything}, fmt.Errorf("get: %w", transport), 0, 2},
		{"429 never", Options{NegativeTTL: time.Minute, Negative: everything}, &protocol.APIError{Status: 429, Retryable: true}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			tt.opt.Now = clk.Now
			c := New[string, int](tt.opt)
			calls := 0
			load := func(context.Context) (int, error) { calls++; return 0, tt.err }
			for i := range 2 {
				if i == 1 {
					clk.Advance(tt.advance)
				}
				_, err := c.Load(t.Context(), "k", load)
				if err != tt.err {
					t.Fatalf("Load #%d error = %v, want %v", i+1, err, tt.err)
				}
				if _, ok := c.Get("k"); ok {
					t.Fatalf("Get hit on a remembered error")
				}
			}
			if calls != tt.wantCall {
				t.Errorf("loader ran %d times, want %d", calls, tt.wantCall)
			}
		})
	}
}
