// Package conformance proves unwired against real peers: a real Schema
// Registry (AxonOps, built from source by the tests) and an independent
// client (franz-go's sr Serde over hamba/avro). It lives in a module of its
// own so these heavy dependencies stay out of the library's go.mod.
//
// Everything here is tests; see README.md for what runs and how long.
package conformance
