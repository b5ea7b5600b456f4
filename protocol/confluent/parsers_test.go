package confluent

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

// anyParser erases a parser's result type.
func anyParser[T any](f func(*protocol.Response) (T, error)) func(*protocol.Response) (any, error) {
	return func(resp *protocol.Response) (any, error) { return f(resp) }
}

// parser is one of the package's parsers, for the tables that run them all.
type parser struct {
	name string
	fn   func(*protocol.Response) (any, error)
	// raw parsers return the body as text: any 2xx body but an empty one
	// is a result, so they have no malformed JSON.
	raw bool
	// body is a valid 2xx body for it.
	body string
}

var allParsers = []parser{
	{"ListSchemas", anyParser(ParseListSchemas), false, `[]`},
	{"GetSchemaByID", anyParser(ParseGetSchemaByID), false, `{"schema":"\"int\""}`},
	{"GetRawSchemaByID", anyParser(ParseGetRawSchemaByID), true, `"int"`},
	{"GetSubjectsByID", anyParser(ParseGetSubjectsByID), false, `["s"]`},
	{"GetVersionsByID", anyParser(ParseGetVersionsByID), false, `[{"subject":"s","version":1}]`},
	{"GetSchemaTypes", anyParser(ParseGetSchemaTypes), false, `["AVRO"]`},
	{"GetSchemaByGUID", anyParser(ParseGetSchemaByGUID), false, `{"schema":"\"int\"","guid":"g"}`},
	{"GetIDsByGUID", anyParser(ParseGetIDsByGUID), false, `[{"context":".","id":1}]`},
	{"ListSubjects", anyParser(ParseListSubjects), false, `["s"]`},
	{"Lookup", anyParser(ParseLookup), false, `{"subject":"s","id":1,"version":1,"schema":"\"int\""}`},
	{"DeleteSubject", anyParser(ParseDeleteSubject), false, `[1]`},
	{"ListVersions", anyParser(ParseListVersions), false, `[1]`},
	{"Register", anyParser(ParseRegister), false, `{"id":1}`},
	{"GetVersion", anyParser(ParseGetVersion), false, `{"subject":"s","id":1,"version":1,"schema":"\"int\""}`},
	{"DeleteVersion", anyParser(ParseDeleteVersion), false, `1`},
	{"GetRawSchemaByVersion", anyParser(ParseGetRawSchemaByVersion), true, `"int"`},
	{"GetReferencedBy", anyParser(ParseGetReferencedBy), false, `[2]`},
	{"CheckCompatibility", anyParser(ParseCheckCompatibility), false, `{"is_compatible":true}`},
	{"Config", anyParser(ParseConfig), false, `{"compatibilityLevel":"FULL"}`},
	{"Mode", anyParser(ParseMode), false, `{"mode":"READWRITE"}`},
	{"ListContexts", anyParser(ParseListContexts), false, `["."]`},
	{"DeleteContext", func(r *protocol.Response) (any, error) { return nil, ParseDeleteContext(r) }, true, ``},
	{"GetRoot", anyParser(ParseGetRoot), false, `{}`},
	{"JSON", anyParser(ParseJSON), false, `{"a":[1]}`},
}

func response(status int, body string) *protocol.Response {
	return &protocol.Response{Status: status, Body: []byte(body)}
}

const avroText = `{"type":"record","name":"R","namespace":"a.b","fields":[{"name":"f","type":"string"}]}`

func TestParsers(t *testing.T) {
	avroJSON, _ := json.Marshal(avroText)
	avro := string(avroJSON)
	f := false
	tests := []struct {
		name   string
		parse  func(*protocol.Response) (any, error)
		status int
		body   string
		want   any
	}{
		// Shapes AxonOps v0.2.1 answers (recorded from /tmp/probe/sr) and
		// Confluent documents.
		{"ListSchemas/axonops", anyParser(ParseListSchemas), 200,
			`[{"subject":"s","version":1,"id":1,"schemaType":"AVRO","schema":` + avro + `}]` + "\n",
			[]SubjectSchema{{Subject: "s", Version: 1, ID: 1, Schema: Schema{Schema: avroText, SchemaType: Avro}}}},
		{"ListSchemas/confluent", anyParser(ParseListSchemas), 200,
			`[{"subject":"p","version":2,"id":5,"guid":"a1","schemaType":"PROTOBUF","references":[{"name":"o.proto","subject":"o","version":1}],"metadata":{"properties":{"k":"v"}},"ruleSet":{"domainRules":[]},"schema":"syntax = \"proto3\";","ts":1700000000000,"deleted":true}]`,
			[]SubjectSchema{{Subject: "p", Version: 2, ID: 5, GUID: "a1", Deleted: true, Schema: Schema{
				Schema: `syntax = "proto3";`, SchemaType: Protobuf,
				References: []Reference{{Name: "o.proto", Subject: "o", Version: 1}},
				Metadata:   RawJSON(`{"properties":{"k":"v"}}`), RuleSet: RawJSON(`{"domainRules":[]}`),
			}}}},
		{"ListSchemas/empty", anyParser(ParseListSchemas), 200, `[]`, []SubjectSchema{}},
		{"GetSchemaByID/axonops", anyParser(ParseGetSchemaByID), 200,
			`{"schema":` + avro + `,"schemaType":"AVRO","maxId":2}`,
			SchemaByID{Schema: Schema{Schema: avroText, SchemaType: Avro}, MaxID: 2}},
		{"GetSchemaByID/confluent", anyParser(ParseGetSchemaByID), 200,
			`{"schema":"\"string\"","guid":"0b1c","ts":1,"unknownFuture":{"x":1}}`,
			SchemaByID{Schema: Schema{Schema: `"string"`}, GUID: "0b1c"}},
		{"GetRawSchemaByID", anyParser(ParseGetRawSchemaByID), 200, avroText, avroText},
		{"GetRawSchemaByID/proto", anyParser(ParseGetRawSchemaByID), 200, "syntax = \"proto3\";\nmessage M {}\n", "syntax = \"proto3\";\nmessage M {}\n"},
		{"GetSubjectsByID", anyParser(ParseGetSubjectsByID), 200, `["a","b"]`, []string{"a", "b"}},
		{"GetSubjectsByID/null", anyParser(ParseGetSubjectsByID), 200, "null\n", []string(nil)},
		{"GetVersionsByID", anyParser(ParseGetVersionsByID), 200, `[{"subject":"a","version":1},{"subject":":.c:b","version":3}]`,
			[]SubjectVersion{{"a", 1}, {":.c:b", 3}}},
		{"GetSchemaTypes", anyParser(ParseGetSchemaTypes), 200, `["AVRO","PROTOBUF","JSON"]`, []SchemaType{Avro, Protobuf, JSON}},
		{"GetSchemaByGUID", anyParser(ParseGetSchemaByGUID), 200, `{"schema":"\"int\"","guid":"g-1"}`,
			SchemaByID{Schema: Schema{Schema: `"int"`}, GUID: "g-1"}},
		{"GetIDsByGUID", anyParser(ParseGetIDsByGUID), 200, `[{"context":".","id":1},{"context":".stg","id":4}]`,
			[]ContextID{{".", 1}, {".stg", 4}}},
		{"ListSubjects/axonops-empty", anyParser(ParseListSubjects), 200, "null\n", []string(nil)},
		{"ListVersions/null", anyParser(ParseListVersions), 200, " null ", []int(nil)},
		{"ListSchemas/null", anyParser(ParseListSchemas), 200, "null", []SubjectSchema(nil)},
		{"ListSubjects", anyParser(ParseListSubjects), 200, `["a%2Fb%20c%3F%23%25",":.ctx:x"]`, []string{"a%2Fb%20c%3F%23%25", ":.ctx:x"}},
		{"Lookup/axonops", anyParser(ParseLookup), 200,
			`{"subject":"foo","id":1,"version":1,"schemaType":"AVRO","schema":` + avro + `,"metadata":{"properties":{"confluent:version":"1"}}}`,
			SubjectSchema{Subject: "foo", ID: 1, Version: 1, Schema: Schema{Schema: avroText, SchemaType: Avro, Metadata: RawJSON(`{"properties":{"confluent:version":"1"}}`)}}},
		{"DeleteSubject", anyParser(ParseDeleteSubject), 200, `[1,2,3]`, []int{1, 2, 3}},
		{"ListVersions", anyParser(ParseListVersions), 200, `[1,2,-3]`, []int{1, 2, -3}},
		{"Register/id", anyParser(ParseRegister), 200, `{"id":1}` + "\n", RegisterResult{ID: 1}},
		{"Register/confluent7", anyParser(ParseRegister), 200, `{"id":7,"version":2,"guid":"g","schema":"\"int\""}`, RegisterResult{ID: 7, Version: 2, GUID: "g"}},
		{"GetVersion/axonops", anyParser(ParseGetVersion), 200,
			`{"subject":"s","id":2,"version":1,"schemaType":"AVRO","schema":` + avro + `,"metadata":{"properties":{"confluent:version":"1"}}}`,
			SubjectSchema{Subject: "s", ID: 2, Version: 1, Schema: Schema{Schema: avroText, SchemaType: Avro, Metadata: RawJSON(`{"properties":{"confluent:version":"1"}}`)}}},
		{"GetVersion/ruleset-lowercase", anyParser(ParseGetVersion), 200,
			`{"subject":"s","id":2,"version":1,"schema":"\"int\"","ruleset":{"migrationRules":[]}}`,
			SubjectSchema{Subject: "s", ID: 2, Version: 1, Schema: Schema{Schema: `"int"`, RuleSet: RawJSON(`{"migrationRules":[]}`)}}},
		{"DeleteVersion", anyParser(ParseDeleteVersion), 200, "1\n", 1},
		{"GetRawSchemaByVersion", anyParser(ParseGetRawSchemaByVersion), 200, `"int"`, `"int"`},
		{"GetReferencedBy", anyParser(ParseGetReferencedBy), 200, `[3,4]`, []int{3, 4}},
		{"GetReferencedBy/none", anyParser(ParseGetReferencedBy), 200, `[]`, []int{}},
		{"CheckCompatibility/verbose", anyParser(ParseCheckCompatibility), 200,
			`{"is_compatible":false,"messages":["BACKWARD compatibility check failed against version 1"]}`,
			CompatibilityResult{IsCompatible: false, Messages: []string{"BACKWARD compatibility check failed against version 1"}}},
		{"CheckCompatibility/true", anyParser(ParseCheckCompatibility), 200, `{"is_compatible":true}`, CompatibilityResult{IsCompatible: true}},
		{"Config/get", anyParser(ParseConfig), 200, `{"compatibilityLevel":"BACKWARD"}`, Config{Compatibility: Backward}},
		{"Config/put-echo", anyParser(ParseConfig), 200, `{"compatibility":"FULL"}`, Config{Compatibility: Full}},
		{"Config/confluent-full", anyParser(ParseConfig), 200,
			`{"compatibilityLevel":"FULL_TRANSITIVE","normalize":false,"alias":"x","compatibilityGroup":"app.major","defaultMetadata":{"properties":{}},"overrideRuleSet":{"domainRules":[]}}`,
			Config{Compatibility: FullTransitive, Normalize: &f, Alias: "x", CompatibilityGroup: "app.major",
				DefaultMetadata: RawJSON(`{"properties":{}}`), OverrideRuleSet: RawJSON(`{"domainRules":[]}`)}},
		{"Mode", anyParser(ParseMode), 200, `{"mode":"READONLY_OVERRIDE"}`, ReadOnlyOverride},
		{"Mode/empty", anyParser(ParseMode), 200, `{}`, Mode("")},
		{"Mode/null", anyParser(ParseMode), 200, `{"mode":null}`, Mode("")},
		{"ListContexts", anyParser(ParseListContexts), 200, `[".",".ctx1"]`, []string{".", ".ctx1"}},
		{"DeleteContext", func(r *protocol.Response) (any, error) { return nil, ParseDeleteContext(r) }, 204, ``, nil},
		{"GetRoot", anyParser(ParseGetRoot), 200, "{}\n", RawJSON("{}")},
		{"JSON", anyParser(ParseJSON), 200, `{"a":[1,"x"]}`, json.RawMessage(`{"a":[1,"x"]}`)},
		{"JSON/empty", anyParser(ParseJSON), 204, ``, json.RawMessage(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := response(tt.status, tt.body)
			got, err := tt.parse(resp)
			if err != nil {
				t.Fatal(err)
			}
			// The parser must keep nothing of resp.Body: a driver reuses it.
			for i := range resp.Body {
				resp.Body[i] = '#'
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
		})
	}
}

// TestParsersMalformed feeds every JSON parser 2xx bodies it cannot accept.
func TestParsersMalformed(t *testing.T) {
	bodies := []string{``, `   `, `{"truncated":`, `<html>oops</html>`, `nul`, `{}{}`}
	for _, p := range allParsers {
		if p.raw {
			continue
		}
		for _, b := range bodies {
			if p.name == "JSON" && (b == `` || b == `   `) {
				continue // an empty body is a valid "nothing" here
			}
			t.Run(p.name+"/"+b, func(t *testing.T) {
				v, err := p.fn(response(200, b))
				var me *protocol.MalformedError
				if !errors.As(err, &me) {
					t.Fatalf("got %#v, %v; want a *protocol.MalformedError", v, err)
				}
				if me.API != API || me.Status != 200 || me.Snippet != protocol.Snippet([]byte(b)) {
					t.Errorf("MalformedError = %+v", me)
				}
			})
		}
	}
	// Each shape is enforced, not just "some JSON".
	wrongShape := []struct {
		parser string
		body   string
	}{
		{"ListSchemas", `{}`}, {"GetSchemaByID", `[]`}, {"GetSchemaByID", `null`}, {"DeleteVersion", `"1"`},
		{"DeleteVersion", `[1]`}, {"Register", `{"version":1}`}, {"CheckCompatibility", `{"messages":[]}`},
		{"Config", `"FULL"`}, {"Mode", `"READONLY"`}, {"GetRoot", `[]`}, {"ListSubjects", `"a"`},
		{"GetRawSchemaByID", ``}, {"GetRawSchemaByVersion", ``},
	}
	for _, w := range wrongShape {
		t.Run("shape/"+w.parser+"/"+w.body, func(t *testing.T) {
			p := findParser(t, w.parser)
			var me *protocol.MalformedError
			if _, err := p.fn(response(200, w.body)); !errors.As(err, &me) {
				t.Errorf("err = %v, want *protocol.MalformedError", err)
			}
		})
	}
}

func findParser(t *testing.T, name string) parser {
	t.Helper()
	for _, p := range allParsers {
		if p.name == name {
			return p
		}
	}
	t.Fatalf("no parser %s", name)
	return parser{}
}

// TestParsersValidBodies checks the bodies allParsers carries are
// accepted, so the fuzz seeds start from valid input.
func TestParsersValidBodies(t *testing.T) {
	for _, p := range allParsers {
		status := 200
		if p.name == "DeleteContext" {
			status = 204
		}
		if _, err := p.fn(response(status, p.body)); err != nil {
			t.Errorf("%s(%q): %v", p.name, p.body, err)
		}
	}
}

// TestParsersErrorStatus checks every parser hands a non-2xx to ParseError.
func TestParsersErrorStatus(t *testing.T) {
	for _, p := range allParsers {
		t.Run(p.name, func(t *testing.T) {
			_, err := p.fn(response(404, `{"error_code":40401,"message":"Subject 'x' not found."}`))
			var ae *protocol.APIError
			if !errors.As(err, &ae) || ae.Code != "40401" || !errors.Is(err, ErrSubjectNotFound) {
				t.Errorf("err = %v, want APIError 40401", err)
			}
			_, err = p.fn(response(502, `<html><title>502 Bad Gateway</title></html>`))
			if !errors.As(err, &ae) || !errors.Is(err, protocol.ErrServer) || !ae.Retryable {
				t.Errorf("502: err = %v, want a retryable server APIError", err)
			}
		})
	}
}
