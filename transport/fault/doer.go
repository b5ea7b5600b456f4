package fault

import (
	"context"
	"errors"
	"sync"

	"github.com/unwired-go/unwired/protocol"
)

// ErrUnscripted is returned for a request that should reach the wrapped
// Doer when there is none: a [Pass] (or a script run out) on a Doer made
// with a nil next. It is not a *protocol.TransportError, so no exchange
// retries it, and a test that sends more requests than it scripted fails
// with it.
var ErrUnscripted = errors.New("fault: request not scripted and no Doer to pass it to")

// Doer is a protocol.Doer that applies a script of faults, one per request,
// and passes requests to the Doer it wraps once the script has run out. It
// is safe for concurrent use: concurrent requests take the script's faults
// in the order they arrive.
type Doer struct {
	next protocol.Doer

	mu     sync.Mutex
	script []Fault
	pos    int // index in script of the fault for the next request
	used   int // requests script[pos] has already answered
	seen   []*protocol.Request
}

// New returns a Doer that answers requests with script, in order, and then
// passes them to next. next may be nil for a Doer that stands alone; then a
// request the script does not cover fails with [ErrUnscripted].
func New(next protocol.Doer, script ...Fault) *Doer {
	return &Doer{next: next, script: append([]Fault(nil), script...)}
}

// Do records req and answers it with the next fault of the script. Like the
// real drivers it empties resp first, and it returns ctx.Err() without
// recording or using a fault when ctx has already ended: such a request is
// never sent.
func (d *Doer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	resp.Reset()
	if err := ctx.Err(); err != nil {
		return err
	}
	f := d.take(req)
	return f.do(ctx, req, resp, d.next)
}

// take records req and advances the script.
func (d *Doer) take(req *protocol.Request) Fault {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seen = append(d.seen, req.Clone())
	for d.pos < len(d.script) && d.used >= d.script[d.pos].times {
		d.pos++
		d.used = 0
	}
	if d.pos == len(d.script) {
		return Pass()
	}
	d.used++
	return d.script[d.pos]
}

// Count returns how many requests the Doer has been given.
func (d *Doer) Count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}

// Requests returns copies of the requests the Doer has been given, in
// order, as they were when sent (after signing).
func (d *Doer) Requests() []*protocol.Request {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]*protocol.Request, len(d.seen))
	for i, r := range d.seen {
		out[i] = r.Clone()
	}
	return out
}

// Remaining returns how many requests the script still covers; 0 once every
// fault has been used.
func (d *Doer) Remaining() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for i := d.pos; i < len(d.script); i++ {
		n += d.script[i].times
	}
	if d.pos < len(d.script) {
		n -= d.used
	}
	return n
}
