// Package protocol is the sans-I/O core shared by every API in unwired.
//
// An operation is a pure request builder plus a pure response parser. A
// multi-request flow (retries, failover between base URLs, pages,
// auto-registration) is an [Exchange]: a state machine that is handed the
// outcome of its previous request and answers with the next [Step] as data.
// Nothing in this package opens a socket, reads a clock or sleeps: time comes
// in as a now argument, randomness as an injected source, and the only place
// that waits is [Runner.Run], through an injectable sleep that honours the
// context.
//
// Drivers implement the one-method [Doer]; see the transport packages.
package protocol
