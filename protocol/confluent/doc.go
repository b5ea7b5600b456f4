// Package confluent speaks the Confluent Schema Registry REST API (v1), as
// served by Confluent Platform and Cloud and by compatible registries such
// as AxonOps Schema Registry.
//
// Every operation comes as two pure halves and a client method:
//
//	req, err := confluent.NewGetVersionRequest(base, "orders-value", confluent.Latest, opts) // build
//	// ... send req with any HTTP client, fill a protocol.Response ...
//	s, err := confluent.ParseGetVersion(resp)                                              // parse
//
//	s, err := client.GetVersion(ctx, "orders-value", confluent.Latest, opts)               // or both, with retries
//
// Builders return a *protocol.Request with an absolute URL, the registry's
// media types in Accept and Content-Type, and Idempotent set when the
// request may be repeated: GET, PUT and DELETE by HTTP, and the POSTs of
// register, lookup and the compatibility checks by the API's semantics
// (a lookup or a check changes nothing; registering a schema the subject
// already has answers its id and adds no version). Builders return an error
// wrapping ErrInvalidArgument, before anything is sent, for arguments that
// cannot make a valid request (an empty subject, version 0).
//
// Parsers turn a 2xx into a value that holds no reference into the
// response's storage; any other status into a *protocol.APIError (see
// ParseError and the Err* sentinels); and a 2xx body of the wrong shape into
// a *protocol.MalformedError. A list answered as null is an empty list.
//
// Client adds retries with backoff, failover across base URLs, signing
// (basic or bearer auth) and, for the kafkit-style methods GetSchemaByID,
// GetSchemaByGUID, GetSchemaBySubject, RegisterSchema and LookupSchema,
// bounded single-flight caches (see CacheConfig). The generic Get, Post,
// Put, Patch and Delete reach any endpoint through a URI template.
//
// docs/confluent.md has the table of every endpoint with its builder,
// parser and method.
package confluent
