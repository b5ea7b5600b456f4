package cache

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

// DefaultMaxEntries bounds a cache whose Options.MaxEntries is 0.
const DefaultMaxEntries = 1000

// Options configure a Cache. The zero value is a cache of 1000 entries that
// never expire and caches no errors.
type Options struct {
	// MaxEntries bounds the number of entries; 0 (or less) means 1000.
	MaxEntries int
	// TTL is how long a loaded or put value stays fresh; 0 means until it
	// is evicted or deleted.
	TTL time.Duration
	// NegativeTTL is how long an error accepted by Negative is remembered;
	// 0 means errors are never cached.
	NegativeTTL time.Duration
	// Negative says which errors of a loader may be cached, such as "not
	// found". nil means none.
	Negative func(error) bool
	// Now is the clock; nil means real time. An injected Now is read on
	// every hit of an entry that can expire; real time is read through a
	// coarse clock of the cache's own (see the package documentation),
	// driven by a timer: under testing/synctest, use a cache with real time
	// only in the bubble that created it.
	Now func() time.Time
}

// entry is immutable once published, except for ref (atomic) and slot
// (guarded by Cache.mu, never read by hits).
type entry[K comparable, V any] struct {
	key     K
	hash    uint64
	val     V
	err     error // non-nil: a remembered negative result
	expires int64 // clock reading at which the entry goes stale; never: no TTL
	ref     atomic.Bool
	tomb    bool // the cache's tombstone, not an entry
	slot    int  // index in Cache.ring
}

// Cache is a bounded map from K to V with TTL expiry, CLOCK eviction and
// single-flight loading. It is safe for concurrent use. Build one with New.
type Cache[K comparable, V any] struct {
	tab  atomic.Pointer[table[K, V]] // read without lock; written under mu
	seed maphash.Seed
	tomb *entry[K, V]
	clk  clock

	mu      sync.Mutex
	ring    []*entry[K, V] // CLOCK order; one slot per entry
	hand    int
	flights map[K]*flight[V]

	max      int
	ttl      time.Duration
	negTTL   time.Duration
	negative func(error) bool
}

// New returns an empty cache configured by opt.
func New[K comparable, V any](opt Options) *Cache[K, V] {
	c := &Cache[K, V]{
		seed:     maphash.MakeSeed(),
		tomb:     &entry[K, V]{tomb: true},
		flights:  make(map[K]*flight[V]),
		max:      opt.MaxEntries,
		ttl:      opt.TTL,
		negTTL:   opt.NegativeTTL,
		negative: opt.Negative,
	}
	if c.max <= 0 {
		c.max = DefaultMaxEntries
	}
	c.tab.Store(newTable[K, V](minTableSize))
	c.clk.init(opt.Now)
	if c.ttl > 0 || (c.negTTL > 0 && c.negative != nil) {
		c.clk.startable()
	}
	return c
}

// Get returns the value of key if it is cached and fresh. A remembered
// error is not a hit.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	e := c.tab.Load().find(key, maphash.Comparable(c.seed, key))
	if e == nil || e.err != nil || !c.fresh(e) {
		var zero V
		return zero, false
	}
	return e.val, true
}

// lookup returns the fresh entry of key, value or remembered error, or nil.
func (c *Cache[K, V]) lookup(key K, h uint64) *entry[K, V] {
	if e := c.tab.Load().find(key, h); e != nil && c.fresh(e) {
		return e
	}
	return nil
}

// fresh reports whether e has not expired, and marks it referenced.
func (c *Cache[K, V]) fresh(e *entry[K, V]) bool {
	if e.expires != never && c.clk.hit() >= e.expires {
		return false
	}
	e.touch()
	return true
}

// touch sets the reference bit, writing only when it is clear so that hits
// on a hot entry do not bounce its cache line between cores.
func (e *entry[K, V]) touch() {
	if !e.ref.Load() {
		e.ref.Store(true)
	}
}

// Put stores v under key, fresh for Options.TTL. A load of key in flight
// when Put is called still answers its waiters, but its result is not
// stored over v.
func (c *Cache[K, V]) Put(key K, v V) {
	e := c.newEntry(key, maphash.Comparable(c.seed, key), v, nil)
	c.mu.Lock()
	delete(c.flights, key)
	c.store(e)
	c.mu.Unlock()
}

// Delete removes key. A load of key in flight when Delete is called still
// answers its waiters, but its result is not stored, so a Load after Delete
// always reaches the loader.
func (c *Cache[K, V]) Delete(key K) {
	h := maphash.Comparable(c.seed, key)
	c.mu.Lock()
	delete(c.flights, key)
	if e := c.tab.Load().find(key, h); e != nil {
		c.remove(e)
	}
	c.mu.Unlock()
}

// Len returns the number of entries, remembered errors and entries that
// have expired but not yet been replaced included. It is never more than
// Options.MaxEntries.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ring)
}

func (c *Cache[K, V]) newEntry(key K, h uint64, v V, err error) *entry[K, V] {
	e := &entry[K, V]{key: key, hash: h, val: v, err: err, expires: never}
	ttl := c.ttl
	if err != nil {
		ttl = c.negTTL
	}
	if ttl > 0 {
		e.expires = c.clk.read() + int64(ttl)
	}
	return e
}

// cacheable reports whether a loader's error may be remembered.
func (c *Cache[K, V]) cacheable(err error) bool {
	if c.negative == nil || c.negTTL <= 0 {
		return false
	}
	var pe *PanicError
	if errors.As(err, &pe) || errors.Is(err, errGoexit) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, protocol.ErrServer) || protocol.IsRetryable(err) {
		return false
	}
	return c.negative(err)
}

// store publishes e, replacing the entry of the same key or, when the cache
// is full, the CLOCK victim. c.mu must be held.
func (c *Cache[K, V]) store(e *entry[K, V]) {
	t := c.tab.Load()
	if old := t.find(e.key, e.hash); old != nil {
		e.slot = old.slot
		c.ring[e.slot] = e
		t.put(e)
		return
	}
	if len(c.ring) >= c.max { // replace the CLOCK victim in its slot
		i := c.victim()
		t.remove(c.ring[i], c.tomb)
		e.slot = i
		c.ring[i] = e
	} else {
		e.slot = len(c.ring)
		c.ring = append(c.ring, e)
	}
	if t.full() {
		t = t.rebuilt()
		c.tab.Store(t)
	}
	t.put(e)
}

// victim advances the hand to the first entry that has expired or whose
// reference bit is clear, clearing the bits it passes, and returns its
// slot. It ends within two turns of the ring.
func (c *Cache[K, V]) victim() int {
	now := c.clk.read()
	for {
		i := c.hand
		e := c.ring[i]
		c.hand++
		if c.hand == len(c.ring) {
			c.hand = 0
		}
		if now >= e.expires || !e.ref.Swap(false) {
			return i
		}
	}
}

// remove unlinks e from the table and the ring, moving the last ring entry
// into its slot. c.mu must be held.
func (c *Cache[K, V]) remove(e *entry[K, V]) {
	c.tab.Load().remove(e, c.tomb)
	last := len(c.ring) - 1
	if e.slot != last {
		moved := c.ring[last]
		moved.slot = e.slot
		c.ring[e.slot] = moved
	}
	c.ring[last] = nil
	c.ring = c.ring[:last]
	if c.hand >= len(c.ring) {
		c.hand = 0
	}
}
