// Package fault is a [protocol.Doer] that fails on purpose, for tests.
//
// A [Doer] follows a script, one [Fault] per request: reset the connection,
// time out, answer 429 with a Retry-After, answer 503 a few times in a row,
// send JSON cut short or a proxy's HTML error page, never answer until the
// context ends, or pass the request on to the Doer it wraps. It records
// every request it is given, so a test can check how often an exchange
// retried and what it sent.
//
// Run it under a [protocol.Runner] whose Sleep records the waits instead of
// sleeping, and retries, Retry-After handling, failover and context
// cancellation can all be checked in microseconds without a network:
//
//	d := fault.New(server, fault.Unavailable().Times(2), fault.Pass())
//	r := &protocol.Runner{Doer: d, Sleep: recordWaits}
//	err := r.Run(ctx, call)
//	// d.Count() == 3, and the waits are the policy's backoff.
//
// Faults answer without touching the network; only [Pass], [Hold],
// [Truncate] and [ResetAfterSend] reach the wrapped Doer. Nothing here
// sleeps: a fault that blocks waits on a channel or the context.
package fault
