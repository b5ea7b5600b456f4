package codec

import (
	"errors"
	"strings"
	"testing"

	"github.com/linkedin/goavro/v2"
)

// guardCases are schemas with values goavro encodes; the guard must read
// each encoding exactly as goavro does.
var guardCases = []struct {
	name    string
	schema  string
	values  []any
	guarded bool // whether the schema needs a guard
}{
	{
		name:   "flat record",
		schema: `{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":["null","string"]},{"name":"c","type":{"type":"fixed","name":"F","size":"3"}}]}`,
		values: []any{map[string]any{"a": int32(-5), "b": goavro.Union("string", "x"), "c": []byte("abc")}},
	},
	{
		name:    "array of records",
		schema:  `{"type":"array","items":{"type":"record","name":"P","fields":[{"name":"x","type":"double"},{"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}}]}}`,
		values:  []any{[]any{}, []any{map[string]any{"x": 1.5, "e": "B"}, map[string]any{"x": -2.0, "e": "A"}}},
		guarded: true,
	},
	{
		name:    "map of arrays of nulls",
		schema:  `{"type":"map","values":{"type":"array","items":"null"}}`,
		values:  []any{map[string]any{"a": []any{nil, nil, nil}, "": []any{}}},
		guarded: true,
	},
	{
		name:    "flattened field array",
		schema:  `{"type":"record","name":"R","fields":[{"name":"xs","type":"array","items":"long"},{"name":"f","type":"float"}]}`,
		values:  []any{map[string]any{"xs": []any{int64(1), int64(1) << 40}, "f": float32(3)}},
		guarded: true,
	},
	{
		name:    "recursive list",
		schema:  `{"type":"record","name":"Node","namespace":"n","fields":[{"name":"v","type":"boolean"},{"name":"next","type":["null","Node"]}]}`,
		values:  []any{map[string]any{"v": true, "next": goavro.Union("n.Node", map[string]any{"v": false, "next": nil})}},
		guarded: true,
	},
	{
		name: "names resolved in the enclosing namespace",
		schema: `{"type":"record","name":"Outer","namespace":"a.b","fields":[
			{"name":"in","type":{"type":"record","name":"Inner","fields":[{"name":"s","type":"string"}]}},
			{"name":"again","type":"Inner"},
			{"name":"full","type":"a.b.Inner"},
			{"name":"other","type":{"type":"fixed","name":"x.y.Z","size":2}},
			{"name":"z","type":"x.y.Z"},
			{"name":"tags","type":{"type":"map","values":"Inner"}}
		]}`,
		values: []any{map[string]any{
			"in": map[string]any{"s": "1"}, "again": map[string]any{"s": "22"}, "full": map[string]any{"s": ""},
			"other": []byte("zz"), "z": []byte("yy"), "tags": map[string]any{"k": map[string]any{"s": "v"}},
		}},
		guarded: true,
	},
	{
		name:   "logical types",
		schema: `{"type":"record","name":"L","fields":[{"name":"d","type":{"type":"int","logicalType":"date"}},{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"u","type":{"type":"string","logicalType":"uuid"}}]}`,
		values: []any{map[string]any{"d": int32(3), "ts": int64(1700000000000), "u": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}},
	},
	{
		name:   "primitive",
		schema: `"string"`,
		values: []any{"hello", ""},
	},
}

func TestGuardReadsLikeGoavro(t *testing.T) {
	for _, tc := range guardCases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := goavro.NewCodec(tc.schema)
			if err != nil {
				t.Fatal(err)
			}
			g, err := newGuard(tc.schema)
			if err != nil {
				t.Fatal(err)
			}
			if (g != nil) != tc.guarded {
				t.Fatalf("guard = %v, want guarded %v", g, tc.guarded)
			}
			if g == nil {
				return
			}
			for _, v := range tc.values {
				b, err := c.BinaryFromNative(nil, v)
				if err != nil {
					t.Fatal(err)
				}
				b = append(b, 0xaa, 0xbb) // trailing bytes: both must stop at the same place
				_, want, err := c.NativeFromBinary(b)
				if err != nil {
					t.Fatal(err)
				}
				w := walker{zeroBudget: guardZeroSizeItems}
				got, err := w.walk(b, g.root, 0)
				if err != nil {
					t.Fatalf("guard refused goavro's own encoding % x: %v", b, err)
				}
				if len(got) != len(want) {
					t.Errorf("guard left %d bytes, goavro %d", len(got), len(want))
				}
			}
		})
	}
}

func TestGuardRefuses(t *testing.T) {
	const (
		arrayOfLongs = `{"type":"array","items":"long"}`
		arrayOfNulls = `{"type":"array","items":"null"}`
		mapOfInts    = `{"type":"map","values":"int"}`
		recursive    = `{"type":"record","name":"N","fields":[{"name":"next","type":["null","N"]}]}`
	)
	deep := strings.Repeat("\x02", guardMaxDepth) + "\x00"
	tests := []struct {
		name    string
		schema  string
		payload string
		wantErr string // "" means accepted
	}{
		{"huge block count", arrayOfLongs, "\xfe\xff\xff\xff\x0f", "cannot fit"},
		{"count one more than the bytes", arrayOfLongs, "\x06\x02\x02", "cannot fit"},
		{"count that fits", arrayOfLongs, "\x06\x02\x02\x02\x00", ""},
		{"negative count with block size", arrayOfLongs, "\x03\x04\x02\x02\x00", ""},
		{"negative huge count", arrayOfLongs, "\xfd\xff\xff\xff\x0f\x00", "cannot fit"},
		{"min int64 count", arrayOfLongs, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", "out of range"},
		{"map keys count", mapOfInts, "\x04\x00\x02\x00", "cannot fit"},
		{"map", mapOfInts, "\x02\x02k\x04\x00", ""},
		{"nulls within budget", arrayOfNulls, "\x80\x80\x08\x00", ""},
		{"nulls over budget", arrayOfNulls, "\x82\x80\x08\x00", "zero size"},
		{"nulls over budget in blocks", arrayOfNulls, "\x80\x80\x08\x02\x00", "zero size"},
		{"shallow recursion", recursive, "\x02\x02\x00", ""},
		{"too deep", recursive, deep, "deeper"},
		{"union index", recursive, "\x04", "out of range"},
		{"truncated", arrayOfLongs, "\x04\x02\x80", "ends inside"},
		{"truncated varint", arrayOfLongs, "\x80", "ends inside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := newGuard(tt.schema)
			if err != nil || g == nil {
				t.Fatalf("newGuard = %v, %v", g, err)
			}
			err = g.check([]byte(tt.payload))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("check = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestGuardedDecodeError(t *testing.T) {
	d, err := compileDecoder(`{"type":"array","items":"string"}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.decode([]byte("\xfe\xff\xff\xff\x0f"), Header{ID: 3})
	var de *DecodeError
	if !errors.As(err, &de) || de.Header.ID != 3 {
		t.Fatalf("decode = %v, want *DecodeError", err)
	}
}

func TestCompilePanicIsSchemaError(t *testing.T) {
	_, err := compile(`{"type":"bytes","logicalType":"decimal","precision":"x","scale":2}`, nil)
	var se *SchemaError
	if !errors.As(err, &se) {
		t.Fatalf("compile = %v, want *SchemaError", err)
	}
}

// FuzzGuard checks the guard against goavro on schemas with containers and
// recursion: whatever the guard lets through goavro decodes in bounded
// memory, and when the guard finds the payload malformed (not merely over a
// limit), goavro fails too.
func FuzzGuard(f *testing.F) {
	schemas := make([]string, 0, len(guardCases))
	for _, tc := range guardCases {
		if tc.guarded {
			schemas = append(schemas, tc.schema)
			c, _ := goavro.NewCodec(tc.schema)
			for _, v := range tc.values {
				b, _ := c.BinaryFromNative(nil, v)
				f.Add(uint8(len(schemas)-1), b)
			}
		}
	}
	codecs := make([]*goavro.Codec, len(schemas))
	guards := make([]*guard, len(schemas))
	for i, s := range schemas {
		codecs[i], _ = goavro.NewCodec(s)
		guards[i], _ = newGuard(s)
	}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		i := int(which) % len(schemas)
		w := walker{zeroBudget: guardZeroSizeItems}
		rest, err := w.walk(b, guards[i].root, 0)
		limit := err != nil && (errors.Is(err, errDepth) || strings.Contains(err.Error(), "cannot fit") || strings.Contains(err.Error(), "zero size"))
		if limit {
			return // goavro would allocate for it: do not run it
		}
		_, want, gerr := codecs[i].NativeFromBinary(b)
		switch {
		case err == nil && gerr == nil && len(rest) != len(want):
			t.Fatalf("guard left %d bytes, goavro %d", len(rest), len(want))
		case err != nil && gerr == nil:
			t.Fatalf("guard refused (%v) what goavro decodes", err)
		}
	})
}
