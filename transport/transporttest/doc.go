// Package transporttest is the conformance kit for [protocol.Doer]
// implementations: the net/http and fasthttp drivers of unwired pass it, and
// so should a transport of your own. Call [Run] from a test of your package:
//
//	func TestConformance(t *testing.T) {
//		transporttest.Run(t, func(t *testing.T, cfg transporttest.Config) protocol.Doer {
//			d := mytransport.New(cfg.MaxBodyBytes, cfg.TLS)
//			t.Cleanup(d.Close)
//			return d
//		})
//	}
//
// Run starts its own servers on 127.0.0.1 (plain and TLS with a throwaway
// certificate authority) and, in one subtest per case, asks newDoer for a
// Doer configured as the case needs: a response body limit (0 for the
// driver's default) and a client TLS configuration (nil for plain HTTP).
// Run a single case with go test -run 'TestConformance/body_limit'.
//
// The cases check what the Doer contract in docs/transports.md promises:
//
//   - every method (GET HEAD POST PUT PATCH DELETE) reaches the server with
//     its request target byte for byte, its headers and its body, and the
//     caller's Request is left unchanged;
//   - repeated request and response header fields keep their order; a Host
//     field overrides the Host sent;
//   - bodies are binary-safe and may be large (8 MiB both ways);
//   - a response body one byte over the limit is a
//     *protocol.BodyTooLargeError, with or without a Content-Length, and one
//     exactly at the limit is not; a HEAD response is not held to its
//     Content-Length;
//   - 204, 304, an empty 404 and a 500 are responses, not errors; a redirect
//     is returned, not followed;
//   - reusing a Response leaves nothing of the previous one behind, and a
//     Doer is safe for concurrent use (8 goroutines × 20 requests; run with
//     -race);
//   - a cancelled context stops the request before it is sent, or promptly
//     while the response is awaited (errors.Is(err, context.Canceled)); a
//     deadline gives context.DeadlineExceeded or a *protocol.TransportError
//     whose Timeout() is true;
//   - refused and closed connections, truncated bodies (fixed length and
//     chunked) and TLS failures (no client certificate, unknown authority)
//     are *protocol.TransportError values whose text shows no credential
//     from the URL.
//
// The servers and TLS material are exported ([NewServer], [NewTLSServer],
// [EchoHandler], [NewPKI], [RefusedURL], [Pattern]) for a transport's own
// additional tests.
package transporttest
