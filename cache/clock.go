package cache

import (
	"math"
	"sync/atomic"
	"time"
)

// never is the expiry of an entry without TTL.
const never = math.MaxInt64

// coarseResolution is how often the coarse clock is refreshed while the
// cache is in use.
const coarseResolution = 10 * time.Millisecond

// States of the coarse clock.
const (
	idle    = iota // no timer running: hits read the system clock
	ticking        // timer running, no hit since the last tick
	used           // timer running, hits since the last tick
)

// clock gives the cache its time as nanoseconds since base.
//
// With an injected Now it reads Now every time. With real time it keeps a
// coarse reading that a timer refreshes every coarseResolution while hits
// use it, because reading the system clock costs more than a whole hit on
// some machines (about 90ns in the VM this was measured on). The timer
// stops after a tick that saw no hit; the next hit then reads the system
// clock itself and starts it again. A coarse reading is never ahead of the
// true time, so an entry is never treated as expired early; it may be
// treated as fresh up to about two resolutions late.
type clock struct {
	now  func() time.Time // injected; nil: real time
	base time.Time

	state  atomic.Uint32
	coarse atomic.Int64
	timer  *time.Timer // real time in a cache whose entries can expire
}

func (c *clock) init(now func() time.Time) {
	c.now = now
	if now == nil {
		c.base = time.Now()
		return
	}
	c.base = now()
}

// read returns the exact time.
func (c *clock) read() int64 {
	if c.now == nil {
		return int64(time.Since(c.base))
	}
	return int64(c.now().Sub(c.base))
}

// hit returns the time for checking a hit's expiry: exact with an injected
// Now, coarse with real time. Its fast path is small enough to inline and
// writes shared memory at most once per tick.
func (c *clock) hit() int64 {
	if s := c.state.Load(); s != idle {
		if s == ticking {
			c.state.CompareAndSwap(ticking, used)
		}
		return c.coarse.Load()
	}
	return c.hitSlow()
}

func (c *clock) hitSlow() int64 {
	t := c.read()
	if c.timer != nil {
		// Publish the reading before announcing that the coarse clock
		// runs, so nobody uses an old reading.
		c.coarse.Store(t)
		if c.state.CompareAndSwap(idle, ticking) {
			c.timer.Reset(coarseResolution)
		}
	}
	return t
}

// tick refreshes the coarse clock, or stops it when no hit used it since
// the previous tick.
func (c *clock) tick() {
	if c.state.CompareAndSwap(ticking, idle) {
		return
	}
	c.coarse.Store(c.read())
	c.state.Store(ticking)
	c.timer.Reset(coarseResolution)
}

// startable creates the (stopped) timer of a real-time clock. Only caches
// whose entries can expire need it.
func (c *clock) startable() {
	if c.now == nil && c.timer == nil {
		c.timer = time.AfterFunc(math.MaxInt64, c.tick)
		c.timer.Stop()
	}
}
