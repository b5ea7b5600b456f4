package conformance

import (
	"strconv"

	"github.com/hamba/avro/v2"
	"github.com/twmb/franz-go/pkg/sr"
)

// orderSchema is the record both sides encode: ten fields mixing the Avro
// primitive types with an enum, an array, a map and a nullable union.
const orderSchema = `{
  "type": "record",
  "name": "Order",
  "namespace": "com.example.unwired",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "customer", "type": "string"},
    {"name": "paid", "type": "boolean"},
    {"name": "total", "type": "double"},
    {"name": "discount", "type": "float"},
    {"name": "quantity", "type": "int"},
    {"name": "digest", "type": "bytes"},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "note", "type": ["null", "string"], "default": null}
  ]
}`

// peerOrder is the record as franz-go's serde sees it, through hamba/avro
// struct tags.
type peerOrder struct {
	ID       int64    `avro:"id"`
	Customer string   `avro:"customer"`
	Paid     bool     `avro:"paid"`
	Total    float64  `avro:"total"`
	Discount float32  `avro:"discount"`
	Quantity int32    `avro:"quantity"`
	Digest   []byte   `avro:"digest"`
	Status   string   `avro:"status"`
	Tags     []string `avro:"tags"`
	Note     *string  `avro:"note"`
}

// Two settings of hamba/avro. Both write arrays and maps as Avro blocks,
// which the specification lets an encoder write two ways: a block's item
// count alone (as Confluent's Java serializer and goavro do), or a negated
// count followed by the block's size in bytes (hamba/avro's default, so a
// reader can skip the block).
var (
	hambaCountOnly = avro.Config{DisableBlockSizeHeader: true}.Freeze()
	hambaDefault   = avro.DefaultConfig
)

// peerSerde is franz-go's Confluent wire-format serde for peerOrder under
// schema id, with hamba/avro (set up as api) doing the Avro part: the
// independent implementation our codec is compared with.
func peerSerde(id int, api avro.API) (*sr.Serde, error) {
	schema, err := avro.Parse(orderSchema)
	if err != nil {
		return nil, err
	}
	s := sr.NewSerde()
	s.Register(id, peerOrder{},
		sr.EncodeFn(func(v any) ([]byte, error) { return api.Marshal(schema, v) }),
		sr.DecodeFn(func(b []byte, v any) error { return api.Unmarshal(schema, b, v) }),
	)
	return s, nil
}

func strptr(s string) *string { return &s }

// orderCases are the records compared; the note union is exercised on both
// branches and the collections both empty and full.
var orderCases = []struct {
	name string
	// blocks: the array is long enough for hamba/avro to split it into
	// blocks of 100, where goavro writes one block. Both are valid Avro,
	// so the bytes differ while each side still reads the other's.
	blocks bool
	peer   peerOrder
	// ours is the same record in goavro's native form.
	ours map[string]any
}{
	{
		name: "full",
		peer: peerOrder{
			ID: 9007199254740993, Customer: "Ada Lovelace", Paid: true, Total: 1234.5625,
			Discount: 0.125, Quantity: -42, Digest: []byte{0, 1, 2, 0xfe, 0xff},
			Status: "SHIPPED", Tags: []string{"gift", "express", "ünïcödé"}, Note: strptr("leave at door"),
		},
		ours: map[string]any{
			"id": int64(9007199254740993), "customer": "Ada Lovelace", "paid": true, "total": 1234.5625,
			"discount": float32(0.125), "quantity": int32(-42), "digest": []byte{0, 1, 2, 0xfe, 0xff},
			"status": "SHIPPED", "tags": []any{"gift", "express", "ünïcödé"},
			"note": map[string]any{"string": "leave at door"},
		},
	},
	{
		name: "zero",
		peer: peerOrder{Digest: []byte{}, Status: "NEW", Tags: []string{}},
		ours: map[string]any{
			"id": int64(0), "customer": "", "paid": false, "total": float64(0),
			"discount": float32(0), "quantity": int32(0), "digest": []byte{},
			"status": "NEW", "tags": []any{}, "note": nil,
		},
	}, {
		name:   "long array",
		blocks: true,
		peer: peerOrder{
			ID: -1, Customer: "bulk", Total: -0.5, Discount: 3.25, Quantity: 250, Digest: []byte("x"),
			Status: "PAID", Tags: manyTags(250),
		},
		ours: map[string]any{
			"id": int64(-1), "customer": "bulk", "paid": false, "total": -0.5,
			"discount": float32(3.25), "quantity": int32(250), "digest": []byte("x"),
			"status": "PAID", "tags": toAny(manyTags(250)), "note": nil,
		},
	},
}

func manyTags(n int) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = "t" + strconv.Itoa(i)
	}
	return tags
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
