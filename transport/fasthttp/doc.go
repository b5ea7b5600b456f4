// Package fasthttp is the [protocol.Doer] over github.com/valyala/fasthttp
// (v1.74.0).
//
// A Doer acquires a fasthttp request and response per call from fasthttp's
// pools, copies the protocol request in (header fields in order, the body
// without a copy), sends it with DoDeadline when there is a deadline, and
// copies status, header fields and body out into the caller's Response,
// reusing its storage. It follows no redirect and adds no compression.
//
// # What fasthttp cannot do, and what this package does about it
//
//   - fasthttp has no context. Deadlines translate directly: the earlier of
//     the context's deadline and Options.Timeout goes to DoDeadline, and a
//     timeout on the context's deadline is reported as
//     context.DeadlineExceeded.
//   - fasthttp cannot abort a request in flight when a context is cancelled.
//     The default client therefore uses this package's [Transport], which
//     performs the round trip itself and, on cancel, forces the connection's
//     deadline into the past so the pending read fails at once; Do then
//     returns ctx.Err() and the connection is closed, not pooled. No goroutine
//     is started per request; context.AfterFunc costs a few allocations, and
//     only for contexts that can be cancelled. A context already cancelled is
//     seen before anything is sent.
//   - Connecting is inside fasthttp: a cancel during dial (or during a TLS
//     handshake done at dial time) takes effect when the dial returns, at
//     most the dial timeout (10s by default) later.
//   - With a Client of your own whose Transport is not [Transport], a cancel
//     takes effect only at the deadline (the context's, Options.Timeout, or
//     the client's ReadTimeout/WriteTimeout), and without any of those
//     never: set a deadline.
//   - fasthttp normalizes request paths unless the client sets
//     DisablePathNormalizing, which would decode an escaped slash (%2F) in a
//     subject name. The default client sets it.
//   - fasthttp retries idempotent requests itself (GET, HEAD, PUT) up to
//     MaxIdemponentCallAttempts. [Transport] asks for that only when a
//     reused keep-alive connection failed before any response byte, i.e.
//     the server had closed it while idle.
//   - Response header fields come out in fasthttp's order: Content-Length,
//     Content-Type, Content-Encoding, Server and Set-Cookie first (fasthttp
//     keeps them apart), then the rest as received. Values of one name keep
//     their order.
//
// Errors follow the Doer contract: the context's own error when it ended,
// *protocol.BodyTooLargeError over the body limit (fasthttp's
// ErrBodyTooLarge is mapped to it), and *protocol.TransportError (with a
// redacted URL) for everything else.
package fasthttp
