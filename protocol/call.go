package protocol

import (
	"errors"
	"strings"
	"time"
)

// Call is the exchange of a single operation: send Req, retry it per Policy,
// move to the next of Bases on a transport error, and parse the final
// response with Parse into Result.
//
// The transitions, in order of precedence:
//
//	first step                          → send Req
//	transport error, idempotent, another base not yet tried this round
//	                                    → send Req to the next base at once
//	Policy.Decide says retry            → send Req again after the wait
//	transport error                     → done, with that error
//	response                            → done, with Parse(resp)
type Call[T any] struct {
	Req    *Request
	Parse  func(*Response) (T, error)
	Policy RetryPolicy
	// Bases are interchangeable base URLs; Req.URL must start with Bases[0].
	// Optional.
	Bases []string

	Result   T
	Attempts int // attempts made so far

	base     int // index in Bases that Req.URL currently starts with
	switched int // failovers since the last counted attempt
}

// NewCall returns a Call for req.
func NewCall[T any](req *Request, parse func(*Response) (T, error), policy RetryPolicy, bases ...string) *Call[T] {
	return &Call[T]{Req: req, Parse: parse, Policy: policy, Bases: bases}
}

// Step implements Exchange.
func (c *Call[T]) Step(now time.Time, resp *Response, ioErr error) (Step, error) {
	if resp == nil && ioErr == nil {
		c.Attempts = 1
		return Step{Req: c.Req}, nil
	}
	if isTransport(ioErr) && c.Req.Idempotent && c.switched+1 < len(c.Bases) {
		if c.rebase() {
			c.switched++
			return Step{Req: c.Req}, nil
		}
	}
	if wait, ok := c.Policy.Decide(now, c.Attempts, c.Req, resp, ioErr); ok {
		if ioErr != nil {
			c.rebase()
		}
		c.Attempts++
		c.switched = 0
		return Step{Req: c.Req, Wait: wait}, nil
	}
	if ioErr != nil {
		return Step{}, ioErr
	}
	v, err := c.Parse(resp)
	c.Result = v
	return Step{}, err
}

// rebase points Req at the next base URL, round robin.
func (c *Call[T]) rebase() bool {
	if len(c.Bases) < 2 || !strings.HasPrefix(c.Req.URL, c.Bases[c.base]) {
		return false
	}
	next := (c.base + 1) % len(c.Bases)
	c.Req.URL = c.Bases[next] + c.Req.URL[len(c.Bases[c.base]):]
	c.base = next
	return true
}

// isTransport reports whether err is, or wraps, a *TransportError: a Doer
// may add context to the error it returns without losing retries. The nil
// check comes first because te escapes to the heap: declared before it,
// every successful step would pay an allocation.
func isTransport(err error) bool {
	if err == nil {
		return false
	}
	var te *TransportError
	return errors.As(err, &te)
}
