package replay

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/unwired-go/unwired/protocol"
)

// Doer is a protocol.Doer that answers from a fixture: each request must
// match the next stored request, in order, and gets the stored response. It
// is safe for concurrent use; requests are served one at a time, in order.
type Doer struct {
	f    *Fixture
	base string
	m    *matcher
	t    testing.TB // nil for NewDoer

	mu   sync.Mutex
	next int // index of the next exchange to serve
}

// NewDoer returns a Doer serving f's exchanges in order. base is the base
// URL the client under test was given; a request URL must start with it
// (pass "" to accept any scheme and host). The path and query that follow
// the scheme and host are compared with the stored request target. f must
// not change while the Doer is in use.
//
// A request that does not match gets a *MismatchError, and the exchange
// stays pending; see Leftovers.
func NewDoer(f *Fixture, base string, opts ...Option) *Doer {
	return &Doer{f: f, base: base, m: newMatcher(opts)}
}

// New is NewDoer for a test: a mismatch is also reported with t.Errorf, and
// when the test ends, exchanges never requested fail it.
func New(t testing.TB, f *Fixture, base string, opts ...Option) *Doer {
	d := NewDoer(f, base, opts...)
	d.t = t
	t.Cleanup(func() {
		if err := d.Leftovers(); err != nil {
			t.Errorf("%v", err)
		}
	})
	return d
}

// Do implements protocol.Doer. It copies the stored response into resp,
// reusing resp's storage.
func (d *Doer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.mu.Lock()
	i := d.next
	var err *MismatchError
	switch {
	case i >= len(d.f.Exchanges):
		err = &MismatchError{Index: i + 1, Total: len(d.f.Exchanges), Method: req.Method, Target: targetOf(req.URL)}
	default:
		if diff := d.m.diff(&d.f.Exchanges[i].Request, req, d.base); diff != "" {
			err = &MismatchError{Index: i + 1, Total: len(d.f.Exchanges), Method: req.Method, Target: targetOf(req.URL), Diff: diff}
		} else {
			d.next++
		}
	}
	d.mu.Unlock()
	if err != nil {
		if d.t != nil {
			d.t.Errorf("%v", err)
		}
		return err
	}
	stored := &d.f.Exchanges[i].Response
	resp.Status = stored.Status
	clear(resp.Header)
	resp.Header = append(resp.Header[:0], stored.Header...)
	resp.Body = append(resp.Body[:0], stored.Body...)
	return nil
}

// Leftovers returns a *LeftoverError naming the exchanges never requested,
// or nil when every one was served.
func (d *Doer) Leftovers() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.next >= len(d.f.Exchanges) {
		return nil
	}
	e := &LeftoverError{Served: d.next, Total: len(d.f.Exchanges)}
	for i := d.next; i < len(d.f.Exchanges); i++ {
		name, _ := exchangeNames(i + 1)
		e.Pending = append(e.Pending, name+" "+describe(&d.f.Exchanges[i].Request))
	}
	return e
}

// LeftoverError reports stored exchanges that were never requested.
type LeftoverError struct {
	Served, Total int
	Pending       []string // "002.request GET /subjects", in order
}

func (e *LeftoverError) Error() string {
	return "replay: " + strconv.Itoa(e.Total-e.Served) + " of " + strconv.Itoa(e.Total) +
		" exchanges never requested:\n\t" + strings.Join(e.Pending, "\n\t")
}
