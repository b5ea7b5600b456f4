// Package codec implements the Confluent wire format: a schema reference in
// front of an Avro binary payload, with schemas registered and fetched
// through a schema registry.
//
// Two framings exist. V0 is the magic byte 0 followed by the schema id as a
// 4-byte big-endian integer; V1 (Confluent 8) is the magic byte 1 followed
// by the schema's 16-byte GUID. [AppendHeaderV0], [AppendHeaderV1] and
// [ParseHeader] handle the framing alone.
//
// A [Serializer] encodes with one fixed schema under one subject: it
// registers (or only looks up) the schema when it is built and never calls
// the registry again. A [PolySerializer] takes the schema with each value
// and registers each (subject, schema) pair once. A [Deserializer] reads the
// framing, fetches the writer's schema by id or GUID the first time it sees
// it, and decodes. Compiled goavro codecs are kept in bounded caches keyed by
// schema text, id and GUID.
//
// Payloads are untrusted input. goavro believes the item counts it reads
// and allocates for them up front, so a few bytes claiming a block of 2^31
// items would exhaust memory; for schemas with arrays, maps or recursion the
// Deserializer first walks the payload without allocating and refuses
// counts the remaining bytes cannot hold, more than 65536 items of zero size
// and nesting deeper than 1000 levels, with a *DecodeError. Other schemas
// are read in bounded memory as they are, and pay nothing for it.
//
// Values are goavro's native forms: map[string]any for records, and so on
// (see github.com/linkedin/goavro/v2). Only AVRO schemas without references
// are supported; other schema types get a *SchemaError.
//
// The package is pure: it reaches the registry only through the [Registry]
// interface, which *confluent.Client implements; codectest has an in-memory
// one for tests.
package codec
