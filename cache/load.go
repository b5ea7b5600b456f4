package cache

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"runtime/debug"
)

// flight is one run of a loader that callers wait on. val and err are
// written before done is closed; waiters and cancel are guarded by the
// cache's lock.
type flight[V any] struct {
	done    chan struct{}
	val     V
	err     error
	waiters int
	cancel  context.CancelFunc
}

// PanicError is what Load returns to every waiter when the loader panics.
// It is never cached: the next Load runs the loader again.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the loader's stack at the panic
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("cache: loader panicked: %v", e.Value)
}

// errGoexit is returned when the loader called runtime.Goexit (for example
// through t.FailNow in a test).
var errGoexit = errors.New("cache: loader exited without returning (runtime.Goexit)")

// Load returns the fresh value (or remembered error) of key, or runs load to
// get it.
//
// Concurrent Loads of a key that is missing share one run of load; every
// caller gets its result. No lock is held while load runs, so other keys are
// neither blocked nor slowed.
//
// load runs in a goroutine of its own, with a context that carries the
// values of ctx, the context of the caller that started it, but not its
// deadline or cancellation. Each caller waits only as long as its own ctx
// allows: when ctx ends it returns ctx.Err() and the load goes on for the
// others, so no waiter ever sees an error caused by another caller's
// context. When every waiter has left, load's context is cancelled and its
// result, whatever it is, is dropped; the next Load starts afresh.
//
// A successful result is stored for Options.TTL. An error is stored for
// Options.NegativeTTL only when Options.Negative accepts it (see the package
// documentation for errors that are never stored). A panic in load is
// recovered and returned to the waiters as a *PanicError; the key is free to
// be loaded again.
func (c *Cache[K, V]) Load(ctx context.Context, key K, load func(ctx context.Context) (V, error)) (V, error) {
	h := maphash.Comparable(c.seed, key)
	if e := c.lookup(key, h); e != nil {
		return e.val, e.err
	}
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err
	}

	c.mu.Lock()
	if e := c.lookup(key, h); e != nil { // stored while we waited for the lock
		c.mu.Unlock()
		return e.val, e.err
	}
	f := c.flights[key]
	if f == nil {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight[V]{done: make(chan struct{}), cancel: cancel}
		c.flights[key] = f
		go c.fly(fctx, key, h, f, load)
	}
	f.waiters++
	c.mu.Unlock()

	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		select {
		case <-f.done: // finished at the same moment: the result is better than an error
			return f.val, f.err
		default:
		}
		c.leave(key, f)
		return zero, ctx.Err()
	}
}

// fly runs load for f and publishes its outcome.
func (c *Cache[K, V]) fly(ctx context.Context, key K, h uint64, f *flight[V], load func(context.Context) (V, error)) {
	returned := false
	defer func() {
		if !returned {
			if r := recover(); r != nil {
				f.err = &PanicError{Value: r, Stack: debug.Stack()}
			} else {
				f.err = errGoexit
			}
		}
		f.cancel()
		c.finish(key, h, f)
	}()
	f.val, f.err = load(ctx)
	returned = true
}

// finish stores f's outcome if f is still the key's current flight, and
// wakes its waiters. done is closed under the lock so that a waiter that
// wakes finds the entry already stored.
func (c *Cache[K, V]) finish(key K, h uint64, f *flight[V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flights[key] == f {
		delete(c.flights, key)
		switch {
		case f.err == nil:
			c.store(c.newEntry(key, h, f.val, nil))
		case c.cacheable(f.err):
			var zero V
			c.store(c.newEntry(key, h, zero, f.err))
		}
	}
	close(f.done)
}

// leave records that a waiter of f stopped waiting. The last one to leave
// cancels the load and unlinks the flight, so a later Load does not join a
// load whose context is cancelled.
func (c *Cache[K, V]) leave(key K, f *flight[V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f.waiters--
	if f.waiters > 0 {
		return
	}
	select {
	case <-f.done:
		return
	default:
	}
	if c.flights[key] == f {
		delete(c.flights, key)
	}
	f.cancel()
}
