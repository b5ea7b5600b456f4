// Package benchdata holds the schema the benchmarks measure with, so that
// conformance/bench's stand-in registry and the parser benchmarks of
// protocol/confluent serve and parse the same bytes.
package benchdata

import (
	"bytes"
	"encoding/json"
)

// AvroSchema is a record of the size and shape a real topic has (nested
// records, enum, array, map, union, logical types), in the compact form
// registries store: 910 bytes.
const AvroSchema = `{"type":"record","name":"Order","namespace":"com.example.shop","fields":[` +
	`{"name":"id","type":{"type":"string","logicalType":"uuid"}},` +
	`{"name":"customerId","type":"long"},` +
	`{"name":"placedAt","type":{"type":"long","logicalType":"timestamp-millis"}},` +
	`{"name":"status","type":{"type":"enum","name":"Status","symbols":["PLACED","PAID","SHIPPED","CANCELLED"]},"default":"PLACED"},` +
	`{"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[` +
	`{"name":"sku","type":"string"},{"name":"quantity","type":"int"},` +
	`{"name":"unitPrice","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}}]}}},` +
	`{"name":"shipTo","type":["null",{"type":"record","name":"Address","fields":[` +
	`{"name":"street","type":"string"},{"name":"city","type":"string"},` +
	`{"name":"postcode","type":"string"},{"name":"country","type":"string"}]}],"default":null},` +
	`{"name":"tags","type":{"type":"map","values":"string"}}]}`

// ResponseBody returns the answer to GET /schemas/ids/{id} for AvroSchema
// byte for byte as AxonOps v0.2.1 writes it: encoding/json's Encoder output
// of schema then schemaType, newline included (1,144 bytes). AxonOps always
// names the type, AVRO included, where Confluent leaves it out for Avro.
func ResponseBody() []byte {
	var b bytes.Buffer
	err := json.NewEncoder(&b).Encode(struct {
		Schema     string `json:"schema"`
		SchemaType string `json:"schemaType"`
	}{AvroSchema, "AVRO"})
	if err != nil {
		panic(err) // two strings always encode
	}
	return b.Bytes()
}
