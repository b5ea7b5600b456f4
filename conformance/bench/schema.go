package bench

import "github.com/unwired-go/unwired/internal/benchdata"

// SchemaID is the one schema id the stand-in registry knows.
const SchemaID = 1

// ContentType is the media type the stand-in answers with, as AxonOps and
// Confluent do.
const ContentType = "application/vnd.schemaregistry.v1+json"

// AvroSchema is the schema served under SchemaID: a record of the size and
// shape a real topic has (nested records, enum, array, map, union, logical
// types), in the compact form registries store. Its JSON answer is about
// 1 KB. protocol/confluent's parser benchmarks parse the same bytes.
const AvroSchema = benchdata.AvroSchema

// ResponseBody returns the answer to GET /schemas/ids/{SchemaID} byte for
// byte as AxonOps v0.2.1 writes it: encoding/json's Encoder output of
// schema then schemaType, newline included. AxonOps always names the type,
// AVRO included, where Confluent leaves it out for Avro.
func ResponseBody() []byte { return benchdata.ResponseBody() }
