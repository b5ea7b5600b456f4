package confluent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/internal/benchdata"
	"github.com/unwired-go/unwired/protocol"
)

// benchAvro and benchBody are the schema of conformance/bench and the
// stand-in registry's answer for it (1,144 bytes).
const benchAvro = benchdata.AvroSchema

func benchBody() []byte { return benchdata.ResponseBody() }

// quoted returns s as a JSON string literal.
func quoted(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// The pure encoding/json parsers the fast ones must agree with: the code
// they replaced.
// Both parsers then refuse an answer without schema text (requireSchema).
func refSchemaByID(op string) func(*protocol.Response) (SchemaByID, error) {
	return func(resp *protocol.Response) (SchemaByID, error) {
		v, err := decodeValue[SchemaByID](op, resp, object)
		if err != nil {
			return v, err
		}
		return v, requireSchema(op, resp, v.Schema.Schema)
	}
}

func refSubjectSchema(op string) func(*protocol.Response) (SubjectSchema, error) {
	return func(resp *protocol.Response) (SubjectSchema, error) {
		v, err := decodeValue[SubjectSchema](op, resp, object)
		if err != nil {
			return v, err
		}
		return v, requireSchema(op, resp, v.Schema.Schema)
	}
}

func refRegister(resp *protocol.Response) (RegisterResult, error) {
	var w struct {
		ID *int `json:"id"`
		RegisterResult
	}
	if err := decode("Register", resp, object, &w); err != nil {
		return RegisterResult{}, err
	}
	if w.ID == nil {
		return RegisterResult{}, malformed("Register", resp, "no id", nil)
	}
	w.RegisterResult.ID = *w.ID
	return w.RegisterResult, nil
}

// fastCase pairs a parser with its reference and its fast scanner alone.
type fastCase struct {
	name      string
	fast, ref func(*protocol.Response) (any, error)
	// scan runs the fast path alone on a body that starts with '{': its
	// result, and false where it declines.
	scan func(b []byte) (any, bool)
}

var fastCases = []fastCase{
	{"GetSchemaByID", anyParser(ParseGetSchemaByID), anyParser(refSchemaByID("GetSchemaByID")),
		func(b []byte) (any, bool) { var v SchemaByID; ok := scanSchemaByID(b, &v); return v, ok }},
	{"GetSchemaByGUID", anyParser(ParseGetSchemaByGUID), anyParser(refSchemaByID("GetSchemaByGUID")), nil},
	{"GetVersion", anyParser(ParseGetVersion), anyParser(refSubjectSchema("GetVersion")),
		func(b []byte) (any, bool) { var v SubjectSchema; ok := scanSubjectSchema(b, &v); return v, ok }},
	{"Lookup", anyParser(ParseLookup), anyParser(refSubjectSchema("Lookup")), nil},
	{"Register", anyParser(ParseRegister), anyParser(refRegister),
		func(b []byte) (any, bool) {
			var r RegisterResult
			hasID, ok := scanRegister(b, &r)
			if !hasID {
				return RegisterResult{}, ok
			}
			return r, ok
		}},
}

// compareWithReference parses body with each fast parser and its
// reference, and fails unless they agree on the result or on the error.
// When the fast scanner alone accepts the body, the reference must have
// succeeded with the same value: the fallback must not be what hides a
// difference.
func compareWithReference(t *testing.T, status int, body []byte) {
	t.Helper()
	for _, c := range fastCases {
		got, gerr := c.fast(&protocol.Response{Status: status, Body: bytes.Clone(body)})
		want, werr := c.ref(&protocol.Response{Status: status, Body: bytes.Clone(body)})
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("%s(%q): err %v; encoding/json: %v", c.name, body, gerr, werr)
		}
		if gerr != nil {
			if gerr.Error() != werr.Error() {
				t.Fatalf("%s(%q): err %q; encoding/json: %q", c.name, body, gerr, werr)
			}
			var gm, wm *protocol.MalformedError
			if errors.As(werr, &wm) && (!errors.As(gerr, &gm) || gm.Snippet != wm.Snippet) {
				t.Fatalf("%s(%q): err %#v; encoding/json: %#v", c.name, body, gerr, werr)
			}
			continue
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("%s(%q) (-encoding/json +fast):\n%s", c.name, body, d)
		}
		if c.scan == nil || status != 200 {
			continue
		}
		b := bytes.TrimLeft(body, " \t\r\n")
		if len(b) == 0 || b[0] != '{' {
			continue
		}
		if v, ok := c.scan(bytes.Clone(b)); ok {
			if d := cmp.Diff(want, v); d != "" {
				t.Fatalf("%s(%q): scanner alone (-encoding/json +fast):\n%s", c.name, body, d)
			}
		}
	}
}

// fastSeeds are bodies the fast parsers must get right: realistic answers
// and the corners of JSON they handle.
var fastSeeds = []string{
	string(benchBody()),
	`{"schema":` + quoted(benchAvro) + `}`,
	`{"schema":"\"string\"","guid":"0b1c","ts":1,"unknownFuture":{"x":1},"maxId":12}`,
	`{"subject":"orders-value","version":3,"id":101,"guid":"6a1c7e0e-6f2e-4c4b-9f59-0c6f1d1a2b3c","schemaType":"PROTOBUF",` +
		`"references":[{"name":"common.proto","subject":"common","version":1},{"name":"b","subject":"c","version":2}],` +
		`"metadata":{"tags":{"f":["PII"]},"properties":{"owner":"team a"},"sensitive":["k"]},` +
		`"ruleSet":{"domainRules":[{"name":"r","kind":"CONDITION","mode":"WRITE","type":"CEL","expr":"size(message.f) > 0"}]},` +
		`"schema":"syntax = \"proto3\";\nmessage M {\n  string f = 1;\n}\n","ts":1700000000000,"deleted":true}`,
	`{"id":7,"version":2,"guid":"g","schema":"\"int\""}`,
	`{"id":1}` + "\n",
	`{"id":null}`,
	`{"id":1,"id":null}`,
	`{"id":null,"id":2}`,
	`{"version":1}`,
	` {"subject" : "s" , "version" : 1 , "id" : 2 , "schema" : "\"int\"" } ` + "\r\n",
	`{}`,
	`{"schema":null,"schemaType":null,"references":null,"metadata":null,"ruleSet":null,"guid":null,"maxId":null,"deleted":null,"subject":null,"version":null,"id":null}`,
	`{"schema":"a","schema":"b","schema":null}`,
	`{"metadata":{"a":1},"metadata":null}`,
	`{"metadata":{"a":1},"metadata":[2]}`,
	`{"metadata":"str","ruleSet":12.5e3}`,
	`{"metadata":true,"ruleSet":false}`,
	`{"references":[]}`,
	`{"references":[null,{},{"name":"n","extra":[1,{"x":null}]}]}`,
	`{"references":[{"name":"a"}],"references":[{"subject":"b"}]}`,
	`{"references":[{"name":"a","name":"b","version":1,"version":null}]}`,
	// Escapes, surrogates and UTF-8 in values.
	`{"schema":"\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00"}`,
	`{"schema":"\ud83d","guid":"\ude00x","subject":"\ud83d\u0041","schemaType":"\ud83d\ud83d\ude00"}`,
	"{\"schema\":\"a\xffb\xed\xa0\x80c\xe2\x98\",\"guid\":\"é☃😀\"}",
	"{\"schema\":\"\xc3\xa9\\n\xff\"}",
	// Names encoding/json matches ignoring case, or may.
	`{"Schema":"\"int\"","ID":3,"Version":1}`,
	`{"ruleset":{"migrationRules":[]},"schematype":"JSON"}`,
	`{"schema":"a","SCHEMA":"b"}`,
	`{"id":1,"Id":2}`,
	`{"references":[{"NAME":"x","Version":2}]}`,
	"{\"\u212Aey\":1,\"\u017Fchema\":\"x\"}",
	"{\"\xff\":1,\"id\":5}",
	`{"sch\u0065ma":"x","\u0069d":4}`,
	`{"unknown":1,"other":"x","id":4}`,
	// Types encoding/json refuses or converts.
	`{"id":"1"}`,
	`{"id":1.0}`,
	`{"id":1e2}`,
	`{"version":-0}`,
	`{"id":9223372036854775807,"version":-9223372036854775808}`,
	`{"id":9223372036854775808}`,
	`{"schema":1}`,
	`{"schema":{"type":"record"}}`,
	`{"deleted":"true"}`,
	`{"deleted":false,"deleted":true}`,
	`{"references":{}}`,
	`{"references":[1]}`,
	`{"references":"x"}`,
	`{"maxId":true}`,
	// Invalid JSON, before and after the fields the fast path reads.
	`{"schema":"x",}`,
	`{"schema":"x"`,
	`{"schema":"x"}}`,
	`{"schema":"x"} {}`,
	`{"schema":"x" "id":1}`,
	`{"schema":"a\qb"}`,
	"{\"schema\":\"a\tb\"}",
	`{"schema":"\u00g0"}`,
	`{"id":01}`,
	`{"id":-}`,
	`{"id":1.}`,
	`{"metadata":{"a":[1,2}}`,
	`{"metadata":{"a":1,}}`,
	`{"unknown":[1,2,{"x":nul}],"id":1}`,
	`{"unknown":tru}`,
	`{"id":1,"unknown":"x\zy"}`,
	`{"metadata":` + strings.Repeat("[", 1001) + strings.Repeat("]", 1001) + `}`,
	`{"metadata":` + strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200) + `}`,
	`{"metadata":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
	`{"metadata":` + strings.Repeat("[", 20) + `}`,
	`[{"id":1}]`,
	`"x"`,
	``,
	"\n",
}

func TestFastParsersAgreeWithEncodingJSON(t *testing.T) {
	for _, s := range fastSeeds {
		compareWithReference(t, 200, []byte(s))
		compareWithReference(t, 201, []byte(s))
		if len(s) > 1500 {
			continue
		}
		// Every truncation of every seed, too.
		for i := range len(s) {
			compareWithReference(t, 200, []byte(s[:i]))
		}
	}
	compareWithReference(t, 404, []byte(`{"error_code":40403,"message":"Schema 9 not found"}`))
	compareWithReference(t, 500, []byte(`<html>`))
}

// TestFastPathTaken checks that the fast scanners accept the answers they
// are for (else the speed-up would silently be lost to the fallback), and
// decline what they must leave to encoding/json.
func TestFastPathTaken(t *testing.T) {
	tests := []struct {
		scanner string
		body    string
		ok      bool
	}{
		{"GetSchemaByID", string(benchBody()), true},
		{"GetSchemaByID", fastSeeds[2], true},
		{"GetSchemaByID", `{"schema":"\ud83d\u0041","references":[null,{"name":"a","version":-1}],"metadata":{"k":[1.5e3,"\u00e9",{}]}}`, true},
		{"GetSchemaByID", "{\"schema\":\"a\xffb\"}", true},
		{"GetVersion", fastSeeds[3], true},
		{"GetVersion", `{"subject":"s","version":1,"id":2,"schema":"\"int\"","deleted":null}`, true},
		{"Register", `{"id":7,"version":2,"guid":"g","schema":"\"int\""}`, true},
		{"Register", `{"id":null}`, true},
		{"GetSchemaByID", `{"Schema":"x"}`, false},
		{"GetSchemaByID", `{"sch\u0065ma":"x"}`, false},
		{"GetSchemaByID", "{\"\u017Fchema\":\"x\"}", false},
		{"GetSchemaByID", `{"maxId":1.0}`, false},
		{"GetSchemaByID", `{"references":[],"references":[]}`, false},
		{"GetVersion", `{"ruleset":{}}`, false},
		{"GetVersion", `{"deleted":1}`, false},
		{"Register", `{"ID":1}`, false},
		{"Register", `{"id":"1"}`, false},
		{"GetSchemaByID", `{"schema":"x",}`, false},
	}
	scanners := map[string]func([]byte) (any, bool){}
	for _, c := range fastCases {
		if c.scan != nil {
			scanners[c.name] = c.scan
		}
	}
	for _, tt := range tests {
		if _, ok := scanners[tt.scanner]([]byte(tt.body)); ok != tt.ok {
			t.Errorf("%s scanner on %.60q: accepted %v, want %v", tt.scanner, tt.body, ok, tt.ok)
		}
	}
}

func TestFastParseBenchBody(t *testing.T) {
	got, err := ParseGetSchemaByID(&protocol.Response{Status: 200, Body: benchBody()})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(SchemaByID{Schema: Schema{Schema: benchAvro, SchemaType: Avro}}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// FuzzFastParsers checks, for any status and body, that the fast parsers
// return what the encoding/json ones do: the same value, or the same
// error.
func FuzzFastParsers(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add(200, []byte(s))
	}
	f.Add(404, []byte(`{"error_code":40403,"message":"Schema not found"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		compareWithReference(t, status, body)
	})
}

// FuzzFastParsersShaped is FuzzFastParsers on bodies of the answers'
// shape with the fuzzer's text in the places that matter: a member name,
// the inside of string values (escapes, surrogates, UTF-8), a number and
// a value of any kind. Most of them are valid JSON, which mutating whole
// bodies rarely gives.
func FuzzFastParsersShaped(f *testing.F) {
	f.Add("schema", []byte(`{\"type\":\"record\"}`), "id", "1", `{"a":[1]}`)
	f.Add("subject", []byte(`\ud83d\ude00\ud83d\u0041`), "version", "-0", `null`)
	f.Add("ruleset", []byte("a\xffb\xed\xa0\x80"), "maxId", "1e2", `"x"`)
	f.Add("Schema", []byte(`\u00e9\/\b`), "ID", "9223372036854775808", `[null,{}]`)
	f.Add("\u212aey", []byte(`\"`), "deleted", "true", `{"name":"n","version":1}`)
	f.Fuzz(func(t *testing.T, key string, text []byte, numKey, num, value string) {
		bodies := []string{
			`{"` + key + `":"` + string(text) + `","` + numKey + `":` + num + `}`,
			`{"schema":"` + string(text) + `","guid":"` + string(text) + `","` + key + `":` + value + `,"id":` + num + `}`,
			`{"subject":"s","version":1,"id":2,"references":[{"name":"` + string(text) + `","` + key + `":` + num + `},` + value + `],"metadata":` + value + `}`,
			`{"id":` + num + `,"version":` + num + `,"` + numKey + `":"` + string(text) + `"}`,
		}
		for _, body := range bodies {
			compareWithReference(t, 200, []byte(body))
		}
	})
}

// BenchmarkParseGetSchemaByID parses the 1.1 KB answer of
// conformance/bench with encoding/json (the parser as it was) and with the
// fast path, in the same run.
func BenchmarkParseGetSchemaByID(b *testing.B) {
	benchParse(b, benchBody(), refSchemaByID("GetSchemaByID"), ParseGetSchemaByID)
}

// BenchmarkParseOther does the same for other answers, lest the speed-up
// hold for one body only: a large Avro schema with documentation in
// several scripts, and a Confluent version with references, metadata and
// a rule set around a Protobuf schema.
func BenchmarkParseOther(b *testing.B) {
	b.Run("GetSchemaByID/large-avro", func(b *testing.B) {
		benchParse(b, []byte(`{"schema":`+quoted(largeAvro(200))+`}`), refSchemaByID("GetSchemaByID"), ParseGetSchemaByID)
	})
	b.Run("GetVersion/protobuf", func(b *testing.B) {
		benchParse(b, []byte(fastSeeds[3]), refSubjectSchema("GetVersion"), ParseGetVersion)
	})
}

// largeAvro returns an Avro record of n documented fields.
func largeAvro(n int) string {
	var s strings.Builder
	s.WriteString(`{"type":"record","name":"Wide","namespace":"com.example","doc":"Größe, 大小, размер","fields":[`)
	for i := range n {
		if i > 0 {
			s.WriteByte(',')
		}
		fmt.Fprintf(&s, `{"name":"f%d","type":["null","string"],"default":null,"doc":"Field %d: free text, \"quoted\", tab\there — ünïcödé"}`, i, i)
	}
	s.WriteString(`]}`)
	return s.String()
}

func benchParse[T any](b *testing.B, body []byte, old, fast func(*protocol.Response) (T, error)) {
	for _, p := range []struct {
		name  string
		parse func(*protocol.Response) (T, error)
	}{
		{"encoding-json", old},
		{"jsonscan", fast},
	} {
		b.Run(p.name, func(b *testing.B) {
			resp := &protocol.Response{Status: 200, Body: body}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.parse(resp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
