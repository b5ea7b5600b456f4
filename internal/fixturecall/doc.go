// Package fixturecall is the one reading of the call and want sections of
// the Confluent fixtures in testdata/confluent: what call a fixture
// makes, how it is made on a confluent.Client, and how its outcome is
// written down and compared. conformance/ records the corpus with it,
// protocol/confluent's tests replay it through the core and both drivers,
// and `unwired tour` replays the tour with it.
//
// A call is {"op": <name>, "args": {...}}. The op is a confluent.Client
// method that talks to the registry (see [Ops]) or one of two codec steps:
//
//	{"op": "Serialize", "args": {"subject": s, "schema": {...}, "options": {...}, "value": <Avro JSON>}}
//	    codec.NewSerializer over the client, then Encode of the value;
//	    the result is the framed bytes in hex.
//	{"op": "Deserialize", "args": {"wire": "<hex>"}}
//	    Decode with a new codec.Deserializer over the client; the result is
//	    {"id": <schema id>, "value": <Avro JSON, members sorted>}.
//
// Options are the method's options struct by Go field name, fields at
// their zero value left out. The tour is {"op": "tour", "args": {"steps":
// [<call>, ...]}}.
//
// A want is {"result": <JSON of what the method returned>}, or {"error":
// {"status", "code", "message", "sentinel"}} for an *protocol.APIError
// ({"error": {"text"}} for any other error), or for the tour {"steps":
// [<want>, ...]}. Outcomes are compared by JSON value, so a replay agrees
// with a recording exactly when the recording would be written again.
package fixturecall
