// Package unwired speaks data-platform HTTP APIs through a sans-I/O core:
// every operation is a pure request builder plus a pure response parser,
// every multi-request flow (retries, failover, pages, auto-registration) is
// a state machine that hands its next request back as data, and thin
// drivers do the I/O. The first API is the Confluent Schema Registry.
//
// The packages, from the core outwards:
//
//   - [github.com/unwired-go/unwired/protocol]: Request and Response as
//     data, Exchange and Step, the Runner loop over a one-method Doer,
//     retries, signing, typed errors, redaction.
//   - [github.com/unwired-go/unwired/protocol/confluent]: the Schema
//     Registry's builders and parsers, and a typed Client with caches
//     (GetSchemaByID, RegisterSchema, GetSchemaBySubject, LookupSchema).
//   - [github.com/unwired-go/unwired/codec]: the Confluent wire format,
//     a Serializer and a Deserializer over goavro.
//   - [github.com/unwired-go/unwired/cache]: the bounded, single-flight
//     TTL caches the clients share.
//   - [github.com/unwired-go/unwired/transport/nethttp] and
//     [github.com/unwired-go/unwired/transport/fasthttp]: Doers over the
//     two HTTP stacks.
//   - [github.com/unwired-go/unwired/transport/replay]: a Doer that
//     answers from recorded fixtures, a Recorder, and a loopback server
//     that serves a fixture to a real driver.
//
// This package itself holds only [Fixtures], the corpus of exchanges
// recorded from a real registry. cmd/unwired is the command-line tool;
// `go run github.com/unwired-go/unwired/cmd/unwired tour` replays a
// recorded session with no server.
package unwired

import "embed"

// Fixtures is the recorded corpus: testdata/confluent/*.txtar, one
// fixture per case, recorded from a real AxonOps Schema Registry by
// conformance/, except the *_confluent8 ones, written from Confluent's API
// reference for what AxonOps cannot answer (docs/fixtures.md describes the
// format; each fixture's comment says where it came from). Downstream
// tests can replay them without a server:
//
//	data, err := fs.ReadFile(unwired.Fixtures, "testdata/confluent/tour.txtar")
//	if err != nil { ... }
//	f, err := replay.ParseFixture(data)
//	if err != nil { ... }
//	doer := replay.New(t, f, "http://registry")
//	client, err := confluent.NewClient(doer, confluent.URLs("http://registry"))
//
// The exchanges must then be requested in the recorded order; see
// transport/replay.
//
//go:embed testdata/confluent/*.txtar
var Fixtures embed.FS
