package codec_test

import "github.com/linkedin/goavro/v2"

// userSchema is the 10-field record the tests and benchmarks use.
const userSchema = `{
  "type": "record",
  "name": "User",
  "namespace": "com.example",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "name", "type": "string"},
    {"name": "email", "type": "string"},
    {"name": "age", "type": "int"},
    {"name": "score", "type": "double"},
    {"name": "active", "type": "boolean"},
    {"name": "avatar", "type": "bytes"},
    {"name": "ratio", "type": "float"},
    {"name": "role", "type": {"type": "enum", "name": "Role", "symbols": ["ADMIN", "USER", "GUEST"]}},
    {"name": "nick", "type": ["null", "string"], "default": null}
  ]
}`

func user() map[string]any {
	return map[string]any{
		"id":     int64(1234567),
		"name":   "Ada Lovelace",
		"email":  "ada@example.com",
		"age":    int32(36),
		"score":  98.5,
		"active": true,
		"avatar": []byte{0xde, 0xad, 0xbe, 0xef},
		"ratio":  float32(0.25),
		"role":   "ADMIN",
		"nick":   goavro.Union("string", "ada"),
	}
}

// userDecoded is user() as goavro decodes it.
func userDecoded() map[string]any {
	u := user()
	u["nick"] = map[string]any{"string": "ada"}
	return u
}

// orderSchema is a second record type, for topics that carry several.
const orderSchema = `{"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"sku","type":"string"},{"name":"qty","type":"int"}]}`

// mixedSchema exercises arrays, maps, unions, fixed and nesting, for fuzzing.
const mixedSchema = `{
  "type": "record", "name": "Mixed", "fields": [
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "attrs", "type": {"type": "map", "values": ["null", "long", "string"]}},
    {"name": "hash", "type": {"type": "fixed", "name": "MD5", "size": 16}},
    {"name": "next", "type": ["null", "Mixed"]},
    {"name": "f", "type": "float"}
  ]
}`

func mixedValue() map[string]any {
	leaf := map[string]any{"tags": []any{}, "attrs": map[string]any{}, "hash": make([]byte, 16), "next": nil, "f": float32(1)}
	return map[string]any{
		"tags":  []any{"a", "bb", "ccc", "dddd"},
		"attrs": map[string]any{"k": goavro.Union("long", int64(5)), "s": goavro.Union("string", "v"), "n": nil},
		"hash":  make([]byte, 16),
		"next":  goavro.Union("Mixed", leaf),
		"f":     float32(2.5),
	}
}
