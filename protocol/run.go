package protocol

import (
	"context"
	"sync"
	"time"
)

// Signer prepares a request for sending: it adds credentials or a signature.
// The run loop calls it on every attempt, after any wait, with the time the
// request is about to leave, so a time-bound signature (SigV4, DataHub) is
// never stale. A Signer must be idempotent: it sets, never appends.
type Signer interface {
	Sign(req *Request, now time.Time) error
}

// SignerFunc adapts a function to Signer.
type SignerFunc func(req *Request, now time.Time) error

// Sign calls f.
func (f SignerFunc) Sign(req *Request, now time.Time) error { return f(req, now) }

// Runner executes exchanges through a Doer. It is the one impure piece of the
// core: it reads the clock and waits, both through fields a test can replace.
// A zero Runner with a Doer is ready to use; a Runner is safe for concurrent
// use once built.
type Runner struct {
	Doer   Doer
	Signer Signer                                           // optional
	Now    func() time.Time                                 // default time.Now
	Sleep  func(ctx context.Context, d time.Duration) error // default: a timer that honours ctx
}

var responsePool = sync.Pool{New: func() any { return new(Response) }}

// Run drives ex until it is done, fails, or ctx ends. An error from the
// context is returned as is (so errors.Is(err, context.Canceled) holds).
func (r *Runner) Run(ctx context.Context, ex Exchange) error {
	now := r.Now
	if now == nil {
		now = time.Now
	}
	sleep := r.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	resp := responsePool.Get().(*Response)
	defer func() {
		resp.Reset()
		responsePool.Put(resp)
	}()

	st, err := ex.Step(now(), nil, nil)
	for {
		if err != nil {
			return err
		}
		if st.Req == nil {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if st.Wait > 0 {
			if err := sleep(ctx, st.Wait); err != nil {
				return err
			}
		}
		if r.Signer != nil {
			if err := r.Signer.Sign(st.Req, now()); err != nil {
				return err
			}
		}
		resp.Reset()
		ioErr := r.Doer.Do(ctx, st.Req, resp)
		if ioErr != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			st, err = ex.Step(now(), nil, ioErr)
			continue
		}
		st, err = ex.Step(now(), resp, nil)
	}
}

// Sleep waits d or until ctx ends, whichever is first.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
