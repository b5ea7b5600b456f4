package protocol

import (
	"context"
	"time"
)

// Step is what an exchange wants next: send Req after waiting Wait, or, when
// Req is nil, nothing more (the exchange is done).
type Step struct {
	Req  *Request
	Wait time.Duration
}

// Done reports whether the exchange has finished.
func (s Step) Done() bool { return s.Req == nil }

// Exchange is one logical operation as a state machine. Step is called first
// with a nil response and a nil error; after that with the outcome of the
// request it last returned: the response, or the error the Doer reported
// (then resp is nil). A non-nil error ends the exchange.
//
// Exchanges are pure: now is the only clock they see, and the run loop is
// the only thing that waits.
type Exchange interface {
	Step(now time.Time, resp *Response, ioErr error) (Step, error)
}

// Doer sends one request and fills resp. It returns an error only when no
// complete response was had: a *TransportError, a *BodyTooLargeError, or the
// context's error. An HTTP error status is a response, not an error.
type Doer interface {
	Do(ctx context.Context, req *Request, resp *Response) error
}

// DoerFunc adapts a function to Doer.
type DoerFunc func(ctx context.Context, req *Request, resp *Response) error

// Do calls f.
func (f DoerFunc) Do(ctx context.Context, req *Request, resp *Response) error {
	return f(ctx, req, resp)
}
