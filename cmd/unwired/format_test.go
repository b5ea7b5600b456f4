package main

import (
	"encoding/json"
	"flag"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestOrderedAvroJSON(t *testing.T) {
	tests := []struct {
		name, schema, value, want string
	}{
		{"record fields in schema order",
			`{"type":"record","name":"R","fields":[{"name":"b","type":"int"},{"name":"a","type":"string"},{"name":"c","type":"boolean"}]}`,
			`{"c":true,"a":"x","b":1}`, `{"b":1,"a":"x","c":true}`},
		{"nested record, in a union by full name",
			`{"type":"record","name":"Outer","namespace":"n","fields":[{"name":"z","type":"long"},{"name":"in","type":["null",{"type":"record","name":"Inner","fields":[{"name":"y","type":"int"},{"name":"x","type":"int"}]}]}]}`,
			`{"in":{"n.Inner":{"x":2,"y":1}},"z":3}`, `{"z":3,"in":{"n.Inner":{"y":1,"x":2}}}`},
		{"named type referenced by name",
			`{"type":"record","name":"P","namespace":"n","fields":[{"name":"a","type":{"type":"record","name":"Pt","fields":[{"name":"y","type":"int"},{"name":"x","type":"int"}]}},{"name":"b","type":"Pt"}]}`,
			`{"b":{"x":1,"y":2},"a":{"x":3,"y":4}}`, `{"a":{"y":4,"x":3},"b":{"y":2,"x":1}}`},
		{"array of records, map of records",
			`{"type":"record","name":"A","fields":[{"name":"m","type":{"type":"map","values":{"type":"record","name":"V","fields":[{"name":"q","type":"int"},{"name":"p","type":"int"}]}}},{"name":"l","type":{"type":"array","items":"V"}}]}`,
			`{"l":[{"p":1,"q":2}],"m":{"k2":{"p":3,"q":4},"k1":{"p":5,"q":6}}}`,
			`{"m":{"k1":{"q":6,"p":5},"k2":{"q":4,"p":3}},"l":[{"q":2,"p":1}]}`},
		{"null branch, enum, logical type, large number",
			`{"type":"record","name":"E","fields":[{"name":"e","type":{"type":"enum","name":"S","symbols":["A"]}},{"name":"t","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"n","type":["null","long"]}]}`,
			`{"n":null,"t":1700000000000123456,"e":"A"}`, `{"e":"A","t":1700000000000123456,"n":null}`},
		{"a field the schema lacks comes last",
			`{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}`,
			`{"zz":1,"a":2,"b":3}`, `{"a":2,"b":3,"zz":1}`},
		{"a primitive schema", `"string"`, `"<hi>"`, `"<hi>"`},
		{"a schema wrapping a schema",
			`{"type":{"type":"record","name":"R","fields":[{"name":"b","type":"int"},{"name":"a","type":"int"}]}}`,
			`{"a":1,"b":2}`, `{"b":2,"a":1}`},
		{"a type naming itself ends", `{"type":"R","name":"R"}`, `{"x":1}`, `{"x":1}`},
		{"a value that does not fit is rendered as is",
			`{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}`,
			`[1,2]`, `[1,2]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := orderedAvroJSON(tt.schema, []byte(tt.value))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, string(got)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	for _, bad := range []string{`{`, `1 2`, `{} x`, ``} {
		if _, err := orderedAvroJSON(`"int"`, []byte(bad)); err == nil {
			t.Errorf("value %q gives no error", bad)
		}
	}
}

func TestFieldChanges(t *testing.T) {
	const v1 = `{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}`
	tests := []struct {
		name, after string
		want        []string
	}{
		{"same", v1, nil},
		{"same, other layout", `{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"}]}`, nil},
		{"added", `{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"},{"name":"c","type":"long","default":0}]}`,
			[]string{`adds field {"name":"c","type":"long","default":0}`}},
		{"changed and removed", `{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}`,
			[]string{`changes field {"name":"a","type":"long"}`, `  (was {"name":"a","type":"int"})`, `removes field {"name":"b","type":"string"}`}},
		{"not a record", `"string"`, nil},
		{"not JSON", `message Foo {}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, fieldChanges(v1, tt.after)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	if got := fieldChanges("", v1); got != nil {
		t.Errorf("no schema before: %q, want nil", got)
	}
}

func TestWrapJSON(t *testing.T) {
	tests := []struct {
		name, text string
		width      int
		want       []string
	}{
		{"short", `{"a": 1}`, 20, []string{`{"a":1}`}},
		{"at commas", `{"a":1,"b":2,"c":3}`, 8, []string{`{"a":1,`, `"b":2,`, `"c":3}`}},
		{"not inside strings", `["x,y,z","w"]`, 8, []string{`["x,y,z"`, `,"w"]`}},
		{"escaped quote in a string", `["a\",b","c"]`, 9, []string{`["a\",b",`, `"c"]`}},
		{"no comma: hard cut", `"abcdefghij"`, 5, []string{`"abcd`, `efghi`, `j"`}},
		{"no cut inside a rune", `"ééééé"`, 4, []string{`"é`, `éé`, `éé`, `"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, wrapJSON(tt.text, tt.width)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		name, text string
		width      int
		want       []string
	}{
		{"short", "a b", 10, []string{"a b"}},
		{"at spaces", "one two three four", 9, []string{"one two", "three", "four"}},
		{"a space at the width", "abc def", 3, []string{"abc", "def"}},
		{"a long word", "abcdefgh ij", 4, []string{"abcd", "efgh", "ij"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, wrapText(tt.text, tt.width)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		name string
		args []string
		pos  []string
		n    int
		v    bool
	}{
		{"flags first", []string{"-n", "3", "-v", "a", "b"}, []string{"a", "b"}, 3, true},
		{"flags last", []string{"a", "b", "--n=3", "--v"}, []string{"a", "b"}, 3, true},
		{"flags between", []string{"a", "-n", "3", "b", "-v"}, []string{"a", "b"}, 3, true},
		{"stdin dash is an argument", []string{"s", "-", "-v"}, []string{"s", "-"}, 0, true},
		{"double dash ends flags", []string{"a", "--", "-v", "-n"}, []string{"a", "-v", "-n"}, 0, false},
		{"none", nil, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			n := fs.Int("n", 0, "")
			v := fs.Bool("v", false, "")
			pos, err := parseInterspersed(fs, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.pos, pos); d != "" {
				t.Errorf("positional (-want +got):\n%s", d)
			}
			if *n != tt.n || *v != tt.v {
				t.Errorf("n=%d v=%t, want n=%d v=%t", *n, *v, tt.n, tt.v)
			}
		})
	}
}

func TestRequestTarget(t *testing.T) {
	tests := []struct{ url, want string }{
		{"http://h:8081/subjects/a%2Fb/versions?deleted=true", "/subjects/a%2Fb/versions?deleted=true"},
		{"https://h/base/schemas/ids/1", "/base/schemas/ids/1"},
		{"http://h/x?token=abc", "/x?token=REDACTED"},
		{"http://h", "/"},
	}
	for _, tt := range tests {
		if got := requestTarget(tt.url); got != tt.want {
			t.Errorf("requestTarget(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func FuzzOrderedAvroJSON(f *testing.F) {
	f.Add(`{"type":"record","name":"R","fields":[{"name":"b","type":"int"},{"name":"a","type":["null",{"type":"record","name":"I","fields":[{"name":"y","type":"int"}]}]}]}`, `{"a":{"I":{"y":1}},"b":2}`)
	f.Add(`{"type":"array","items":{"type":"map","values":"R"}}`, `[{"k":{"x":1}}]`)
	f.Add(`["null","string"]`, `{"string":"x"}`)
	f.Add(`"R"`, `null`)
	f.Add(`"int"`, `0 0`)
	f.Add(`{"type":"R","name":"R"}`, `1`)
	f.Add(`[{"type":"R","name":"R"}]`, `{"R":1}`)
	f.Add(`{"type":"record","name":"R","fields":[{"name":"r","type":"R"}]}`, `{"r":{"r":{"r":null}}}`)
	f.Fuzz(func(t *testing.T, schema, value string) {
		got, err := orderedAvroJSON(schema, []byte(value))
		if err != nil {
			return
		}
		// The rendering changes order, never content.
		var a, b any
		if err := json.Unmarshal(got, &b); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, got)
		}
		if err := json.Unmarshal([]byte(value), &a); err != nil {
			t.Fatalf("input accepted but not JSON: %v", err)
		}
		if d := cmp.Diff(a, b); d != "" {
			t.Errorf("content changed (-in +out):\n%s", d)
		}
	})
}

func FuzzWrap(f *testing.F) {
	f.Add(`{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}`, 10)
	f.Add(`["x,y\",z","w"]`, 3)
	f.Add("BACKWARD compatibility check failed against version 1: total: type mismatch", 20)
	f.Add("ééé ààà", 1)
	f.Fuzz(func(t *testing.T, text string, width int) {
		if width < 4 || width > 200 || !utf8.ValidString(text) {
			return
		}
		for name, wrap := range map[string]func(string, int) []string{"wrapJSON": wrapJSON, "wrapText": wrapText} {
			lines := wrap(text, width)
			for _, l := range lines {
				if len(l) > width {
					t.Errorf("%s: line of %d bytes over %d: %q", name, len(l), width, l)
				}
				if !utf8.ValidString(l) {
					t.Errorf("%s: line splits a rune: %q", name, l)
				}
			}
			joined := strings.Join(lines, "")
			want := text
			if name == "wrapJSON" {
				want = compact(text)
			} else {
				// wrapText drops the space it cuts at.
				joined = strings.ReplaceAll(strings.Join(lines, " "), " ", "")
				want = strings.ReplaceAll(text, " ", "")
			}
			if joined != want {
				t.Errorf("%s: text changed:\n%q\n%q", name, want, joined)
			}
		}
	})
}
