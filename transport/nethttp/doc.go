// Package nethttp is the [protocol.Doer] over the standard library's
// net/http client.
//
// A Doer sends exactly one request per Do: it follows no redirect, adds no
// compression and retries nothing itself (net/http may resend an idempotent
// request once when a reused keep-alive connection turns out closed, before
// any response arrived). Response bodies are read whole, with a bound, into
// the caller's Response, whose Header and Body storage is reused; the
// connection goes back to the pool once the body is read to its end.
//
// Response header names come from net/http's map: values of one name keep
// their order, and names are sorted so the same response always yields the
// same Header.
//
// Errors follow the Doer contract: the context's own error when the caller's
// context ended, *protocol.BodyTooLargeError over the body limit, and
// *protocol.TransportError (with a redacted URL) for everything else,
// including Options.Timeout expiring (Timeout() is true).
package nethttp
