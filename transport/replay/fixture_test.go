package replay

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/unwired-go/unwired/protocol"
)

// equateFixtures compares fixtures the way the format defines equality: an
// empty slice and nil are the same.
var equateFixtures = cmpopts.EquateEmpty()

// exampleFixture is the example of docs/fixtures.md.
const exampleFixture = `Written by hand from the Confluent Schema Registry API docs, for the replay tests.
-- call --
{"op":"RegisterSchema","args":{"subject":"orders-value","schema":{"schema":"\"string\""}}}
-- want --
{"id":1}
-- 001.request --
POST /subjects/orders-value/versions HTTP/1.1
Accept: application/vnd.schemaregistry.v1+json
Authorization: REDACTED
Content-Type: application/vnd.schemaregistry.v1+json
Content-Length: 23

{"schema":"\"string\""}
-- 001.response --
HTTP/1.1 200 OK
Content-Type: application/vnd.schemaregistry.v1+json
Content-Length: 8

{"id":1}
-- 002.request --
GET /schemas/ids/1?fetchMaxId=false HTTP/1.1
Content-Length: 0

-- 002.response --
HTTP/1.1 404 Not Found
Content-Type: application/json
Content-Length: 52

{"error_code":40403,"message":"Schema 1 not found"}
`

func exampleStruct() *Fixture {
	return &Fixture{
		Comment: "Written by hand from the Confluent Schema Registry API docs, for the replay tests.",
		Call:    []byte(`{"op":"RegisterSchema","args":{"subject":"orders-value","schema":{"schema":"\"string\""}}}`),
		Want:    []byte(`{"id":1}`),
		Exchanges: []Exchange{{
			Request: protocol.Request{Method: "POST", URL: "/subjects/orders-value/versions",
				Header: protocol.Header{
					{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json"},
					{Name: "Authorization", Value: "REDACTED"},
					{Name: "Content-Type", Value: "application/vnd.schemaregistry.v1+json"},
				},
				Body: []byte(`{"schema":"\"string\""}`)},
			Response: protocol.Response{Status: 200,
				Header: protocol.Header{{Name: "Content-Type", Value: "application/vnd.schemaregistry.v1+json"}},
				Body:   []byte(`{"id":1}`)},
		}, {
			Request: protocol.Request{Method: "GET", URL: "/schemas/ids/1?fetchMaxId=false"},
			Response: protocol.Response{Status: 404,
				Header: protocol.Header{{Name: "Content-Type", Value: "application/json"}},
				Body:   []byte("{\"error_code\":40403,\"message\":\"Schema 1 not found\"}\n")},
		}},
	}
}

func TestMarshalExample(t *testing.T) {
	got := string(exampleStruct().Marshal())
	if diff := cmp.Diff(exampleFixture, got); diff != "" {
		t.Errorf("Marshal (-want +got):\n%s", diff)
	}
	f, err := ParseFixture([]byte(exampleFixture))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exampleStruct(), f, equateFixtures); diff != "" {
		t.Errorf("ParseFixture (-want +got):\n%s", diff)
	}
}

// TestMarshalDocExample keeps docs/fixtures.md's full example in step with
// the code.
func TestMarshalDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/fixtures.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, []byte("```\n"+exampleFixture+"```\n")) {
		t.Errorf("docs/fixtures.md does not hold exampleFixture verbatim in a code block")
	}
}

func oneExchange(reqBody, respBody []byte) *Fixture {
	return &Fixture{
		Comment: "test",
		Exchanges: []Exchange{{
			Request:  protocol.Request{Method: "PUT", URL: "/x", Body: reqBody},
			Response: protocol.Response{Status: 200, Body: respBody},
		}},
	}
}

func TestRoundTrip(t *testing.T) {
	binary := []byte{0, 1, 2, 0xff, 0xfe, '\n', '-', '-', ' ', 'x'}
	tests := []struct {
		name string
		f    *Fixture
		b64  bool // the file must hold a base64 body
	}{
		{name: "example", f: exampleStruct()},
		{name: "empty bodies", f: oneExchange(nil, nil)},
		{name: "no trailing newline", f: oneExchange([]byte("abc"), []byte(`{"a":1}`))},
		{name: "trailing newline", f: oneExchange([]byte("abc\n"), []byte("{}\n"))},
		{name: "only newlines", f: oneExchange([]byte("\n"), []byte("\n\n\n"))},
		{name: "leading newline", f: oneExchange([]byte("\nabc"), nil)},
		{name: "tabs and unicode", f: oneExchange([]byte("\tä€😀\t"), nil)},
		{name: "binary", f: oneExchange(binary, nil), b64: true},
		{name: "non UTF-8", f: oneExchange(nil, []byte("caf\xe9")), b64: true},
		{name: "carriage return", f: oneExchange([]byte("a\r\nb\r\n"), nil), b64: true},
		{name: "txtar marker line", f: oneExchange([]byte("x\n-- 002.request --\ny"), nil), b64: true},
		{name: "txtar marker first", f: oneExchange([]byte("-- a --"), nil), b64: true},
		{name: "long binary", f: oneExchange(bytes.Repeat([]byte{0, 0xab, 0x7f}, 300), nil), b64: true},
		{name: "repeated and empty headers", f: &Fixture{Comment: "multi\nline\n\n comment", Exchanges: []Exchange{{
			Request: protocol.Request{Method: "GET", URL: "/a/b%2Fc?x=1&x=2&y=", Header: protocol.Header{
				{Name: "X-B", Value: "1"}, {Name: "accept", Value: "a"}, {Name: "X-B", Value: "2"}, {Name: "X-Empty", Value: ""},
			}},
			Response: protocol.Response{Status: 299, Header: protocol.Header{
				{Name: "Set-Cookie", Value: "REDACTED"}, {Name: "Set-Cookie", Value: "REDACTED"}, {Name: "Warning", Value: "a  b\tc"},
			}},
		}}}},
		{name: "call only", f: &Fixture{Comment: "c", Call: []byte(`{"op":"Validate","args":{"id":0}}`), Want: []byte(` {"error":{"reason":"id"}} `)}},
		{name: "many exchanges", f: func() *Fixture {
			f := &Fixture{Comment: "c"}
			for range 1001 {
				f.Exchanges = append(f.Exchanges, oneExchange([]byte("q"), []byte("r")).Exchanges...)
			}
			return f
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			data := tt.f.Marshal()
			if !bytes.Equal(data, tt.f.Marshal()) {
				t.Fatal("Marshal is not deterministic")
			}
			if got := bytes.Contains(data, []byte("; base64\n")); got != tt.b64 {
				t.Errorf("base64 body = %v, want %v\n%s", got, tt.b64, data)
			}
			got, err := ParseFixture(data)
			if err != nil {
				t.Fatalf("ParseFixture: %v\n%s", err, data)
			}
			if diff := cmp.Diff(tt.f, got, equateFixtures); diff != "" {
				t.Errorf("round trip (-want +got):\n%s\n%s", diff, data)
			}
		})
	}
}

func TestParseLenient(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *Fixture
	}{{
		name: "no Content-Length, no colon space, trailing blank lines in JSON",
		in:   "c\n-- call --\n{}\n\n\n-- 001.request --\nGET / HTTP/1.1\nX-A:b\n\nhello\n-- 001.response --\nHTTP/1.1 200\n",
		want: &Fixture{Comment: "c", Call: []byte("{}"), Exchanges: []Exchange{{
			Request:  protocol.Request{Method: "GET", URL: "/", Header: protocol.Header{{Name: "X-A", Value: "b"}}, Body: []byte("hello")},
			Response: protocol.Response{Status: 200},
		}}},
	}, {
		name: "CRLF head, reason ignored, newline after a body ending in one",
		in:   "c\r\n\n-- 001.request --\r\nPOST /p HTTP/1.1\r\ncontent-length: 2\r\n\r\na\n\n-- 001.response --\nHTTP/1.1 201 Whatever we like\nContent-Length: 0\n",
		want: &Fixture{Comment: "c\r", Exchanges: []Exchange{{
			Request:  protocol.Request{Method: "POST", URL: "/p", Body: []byte("a\n")},
			Response: protocol.Response{Status: 201},
		}}},
	}, {
		name: "base64 any width, file without final newline",
		in:   "c\n-- 001.request --\nGET / HTTP/1.1\nContent-Length: 3; base64\n\nAA\nEC\n-- 001.response --\nHTTP/1.1 204 No Content\nContent-Length: 3\n\nabc",
		want: &Fixture{Comment: "c", Exchanges: []Exchange{{
			Request:  protocol.Request{Method: "GET", URL: "/", Body: []byte{0, 1, 2}},
			Response: protocol.Response{Status: 204, Body: []byte("abc")},
		}}},
	}, {
		name: "spaced marker names",
		in:   "c\n--   call   --\n[1]\n",
		want: &Fixture{Comment: "c", Call: []byte("[1]")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFixture([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, equateFixtures); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	const ok = "c\n-- 001.request --\nGET / HTTP/1.1\n\n-- 001.response --\nHTTP/1.1 200 OK\n"
	tests := []struct {
		name    string
		in      string
		section string
		line    int
		msg     string
	}{
		{"empty", "", "", 1, "no comment"},
		{"blank comment", "\n \n-- call --\n{}\n", "", 1, "no comment"},
		{"no files", "just words\n", "", 1, "no files"},
		{"unknown file", "c\n-- calls --\n{}\n", "calls", 2, `want "001.request"`},
		{"want before call", "c\n-- want --\n{}\n-- call --\n{}\n", "call", 4, `want "001.request"`},
		{"request without response", "c\n-- 001.request --\nGET / HTTP/1.1\n", "001.request", 2, "no 001.response follows"},
		{"skipped number", strings.Replace(ok, "001.response", "002.response", 1), "002.response", 5, `want "001.response"`},
		{"unpadded number", strings.Replace(ok, "001.request", "1.request", 1), "1.request", 2, `want "001.request"`},
		{"empty call", "c\n-- call --\n\n", "call", 3, "empty"},
		{"bad call JSON", "c\n-- call --\n{\n\"a\":\n}\n", "call", 5, "invalid JSON"},
		{"secret in want", "c\n-- want --\n{\"user\":{\"Password\":\"hunter2\"}}\n", "want", 3, `field "Password" holds a secret`},
		{"empty request", "c\n-- 001.request --\n-- 001.response --\nHTTP/1.1 200\n", "001.request", 3, "empty"},
		{"two-part request line", strings.Replace(ok, "GET / HTTP/1.1", "GET /", 1), "001.request", 3, "request line"},
		{"HTTP/1.0", strings.Replace(ok, "GET / HTTP/1.1", "GET / HTTP/1.0", 1), "001.request", 3, "request line"},
		{"bad method", strings.Replace(ok, "GET /", "G(T /", 1), "001.request", 3, "method"},
		{"absolute target", strings.Replace(ok, "GET /", "GET http://h/", 1), "001.request", 3, "must start with /"},
		{"fragment", strings.Replace(ok, "GET /", "GET /a#b", 1), "001.request", 3, "no #"},
		{"non-ASCII target", strings.Replace(ok, "GET /", "GET /é", 1), "001.request", 3, "visible ASCII"},
		{"secret query", strings.Replace(ok, "GET /", "GET /t?key=abc", 1), "001.request", 3, "write /t?key=REDACTED"},
		{"folded header", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nA: b\n c\n", 1), "001.request", 5, "white space"},
		{"no colon", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nA b\n", 1), "001.request", 4, "no colon"},
		{"bad name", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nA b: c\n", 1), "001.request", 4, "not an HTTP token"},
		{"control in value", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nA: b\x00c\n", 1), "001.request", 4, "control character"},
		{"unredacted header", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nX-Api-Key: abc\n", 1), "001.request", 4, "X-Api-Key holds a secret"},
		{"unredacted cookie", strings.Replace(ok, "200 OK\n", "200 OK\nSet-Cookie: s=1\n", 1), "001.response", 7, "Set-Cookie holds a secret"},
		{"two lengths", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nContent-Length: 0\ncontent-length: 0\n", 1), "001.request", 5, "second Content-Length"},
		{"bad length", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nContent-Length: +1\n", 1), "001.request", 4, "byte count"},
		{"bad encoding", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nContent-Length: 1; gzip\n", 1), "001.request", 4, "byte count"},
		{"huge length", strings.Replace(ok, "HTTP/1.1\n", "HTTP/1.1\nContent-Length: 99999999999\n", 1), "001.request", 4, "longer than the whole message"},
		{"length but no body", strings.Replace(ok, "HTTP/1.1\n\n", "HTTP/1.1\nContent-Length: 1\n", 1), "001.request", 4, "no blank line"},
		{"short body", strings.Replace(ok, "HTTP/1.1\n\n", "HTTP/1.1\nContent-Length: 4\n\nab\n", 1), "001.request", 6, "body has 3 bytes"},
		{"long body", strings.Replace(ok, "HTTP/1.1\n\n", "HTTP/1.1\nContent-Length: 2\n\nab\ncd\n", 1), "001.request", 6, "4 bytes follow"},
		{"bad base64", strings.Replace(ok, "HTTP/1.1\n\n", "HTTP/1.1\nContent-Length: 2; base64\n\n*=\n", 1), "001.request", 6, "not valid base64"},
		{"base64 length", strings.Replace(ok, "HTTP/1.1\n\n", "HTTP/1.1\nContent-Length: 2; base64\n\nYWJj\n", 1), "001.request", 6, "decodes to 3 bytes"},
		{"secret in body", strings.Replace(ok, "HTTP/1.1\n\n", "HTTP/1.1\n\n{\"access_token\":\"abc\"}\n", 1), "001.request", 5, `"access_token" holds a secret`},
		{"status line", strings.Replace(ok, "HTTP/1.1 200 OK", "HTTP/1.1 OK", 1), "001.response", 6, "status line"},
		{"status digits", strings.Replace(ok, "HTTP/1.1 200 OK", "HTTP/1.1 2000", 1), "001.response", 6, "status line"},
		{"status sign", strings.Replace(ok, "HTTP/1.1 200 OK", "HTTP/1.1 +20", 1), "001.response", 6, "status line"},
		{"informational", strings.Replace(ok, "HTTP/1.1 200 OK", "HTTP/1.1 100 Continue", 1), "001.response", 6, "not a final response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFixture([]byte(tt.in))
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
			if fe.Section != tt.section || fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("got section %q line %d msg %q, want section %q line %d msg containing %q",
					fe.Section, fe.Line, fe.Msg, tt.section, tt.line, tt.msg)
			}
			for _, secret := range []string{"hunter2", "abc\"", "key=abc", "s=1"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q leaks %q", err, secret)
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(f *Fixture)
		section string
		msg     string
	}{
		{"no comment", func(f *Fixture) { f.Comment = "" }, "", "no comment"},
		{"comment newline", func(f *Fixture) { f.Comment += "\n" }, "", "comment ends in a newline"},
		{"comment marker", func(f *Fixture) { f.Comment += "\n-- 003.request --" }, "003.request", "unexpected file"},
		{"call newline", func(f *Fixture) { f.Call = append(f.Call, '\n') }, "call", "ends in a newline"},
		{"call not JSON", func(f *Fixture) { f.Call = []byte("op") }, "call", "invalid JSON"},
		{"want secret", func(f *Fixture) { f.Want = []byte(`{"token":"t0k3n"}`) }, "want", "holds a secret"},
		{"absolute URL", func(f *Fixture) { f.Exchanges[0].Request.URL = "http://h/x" }, "001.request", "URL must be a request target"},
		{"secret query", func(f *Fixture) { f.Exchanges[0].Request.URL = "/x?token=1" }, "001.request", "/x?token=REDACTED"},
		{"bad method", func(f *Fixture) { f.Exchanges[0].Request.Method = "GE T" }, "001.request", "method does not survive"},
		{"no method", func(f *Fixture) { f.Exchanges[0].Request.Method = "" }, "001.request", "method does not survive"},
		{"framing in header", func(f *Fixture) {
			f.Exchanges[0].Request.Header = append(f.Exchanges[0].Request.Header, protocol.Field{Name: "Content-Length", Value: "23"})
		}, "001.request", "Content-Length"},
		{"secret header", func(f *Fixture) {
			f.Exchanges[1].Request.Header = protocol.Header{{Name: "Authorization", Value: "Bearer x"}}
		}, "002.request", "header Authorization"},
		{"spaced value", func(f *Fixture) { f.Exchanges[0].Response.Header[0].Value = " a" }, "001.response", "white space"},
		{"line break in value", func(f *Fixture) { f.Exchanges[0].Response.Header[0].Value = "a\nb: c" }, "001.response", "header Content-Type"},
		{"line break in name", func(f *Fixture) { f.Exchanges[0].Response.Header[0].Name = "A\nB" }, "001.response", "header A_B"},
		{"secret body", func(f *Fixture) { f.Exchanges[1].Response.Body = []byte(`{"password":"p"}`) }, "002.response", "holds a secret"},
		{"status", func(f *Fixture) { f.Exchanges[1].Response.Status = 0 }, "002.response", "status line"},
		{"big status", func(f *Fixture) { f.Exchanges[1].Response.Status = 1000 }, "002.response", "status line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := exampleStruct()
			tt.edit(f)
			err := f.Validate()
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate = %v, want a *FormatError", err)
			}
			if fe.Section != tt.section || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("got section %q msg %q, want section %q msg containing %q", fe.Section, fe.Msg, tt.section, tt.msg)
			}
		})
	}
	if err := exampleStruct().Validate(); err != nil {
		t.Errorf("example: %v", err)
	}
}

// TestMarshalRedacts checks the last line of defence: even a hand-built
// Fixture holding secrets marshals without them.
func TestMarshalRedacts(t *testing.T) {
	f := &Fixture{
		Comment: "c",
		Call:    []byte(`{"op":"Login","args":{"password":"c4ll-s3cret"}}`),
		Want:    []byte(`{"token":"w4nt-s3cret"}`),
		Exchanges: []Exchange{{
			Request: protocol.Request{Method: "POST", URL: "https://u:url-s3cret@h/p?key=qu3ry-s3cret",
				Header: protocol.Header{{Name: "X-Api-Key", Value: "h34der-s3cret"}, {Name: "X-Forged", Value: "v\r\nAuthorization: f0rged"},
					{Name: "Authorization: f0rged\nX", Value: "v"}},
				Body: []byte(`{"client_secret":"b0dy-s3cret"}`)},
			Response: protocol.Response{Status: 200, Header: protocol.Header{{Name: "Set-Cookie", Value: "c00kie-s3cret"}},
				Body: []byte(`[{"sessionToken":"r3sp-s3cret"}]`)},
		}},
	}
	data := f.Marshal()
	if bytes.Contains(data, []byte("s3cret")) {
		t.Errorf("Marshal output holds a secret:\n%s", data)
	}
	g, err := ParseFixture(data)
	if err != nil {
		t.Fatalf("Marshal output does not parse: %v\n%s", err, data)
	}
	// A line break in a name or value cannot forge a field.
	if v := g.Exchanges[0].Request.Header.Values("Authorization"); v != nil {
		t.Errorf("forged Authorization fields %q:\n%s", v, data)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txtar", exampleFixture)
	write("sub/b.txtar", "c\n-- call --\n{}\n")
	write("notes.md", "not a fixture")

	got, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*Fixture{"a": exampleStruct(), "sub/b": {Comment: "c", Call: []byte("{}")}}
	if diff := cmp.Diff(want, got, equateFixtures); diff != "" {
		t.Errorf("LoadDir (-want +got):\n%s", diff)
	}

	write("sub/bad.txtar", "c\n-- calls --\n")
	write("worse.txtar", "")
	_, err = LoadDir(dir)
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("LoadDir = %v, want a *FormatError", err)
	}
	for _, want := range []string{filepath.Join(dir, "sub", "bad.txtar") + ":2: calls: unexpected", filepath.Join(dir, "worse.txtar") + ":1: no comment"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("LoadDir error %q does not contain %q", err, want)
		}
	}
	if _, err := LoadFixture(filepath.Join(dir, "missing.txtar")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFixture(missing) = %v, want os.ErrNotExist", err)
	}
	if _, err := LoadDir(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadDir(missing) = %v, want os.ErrNotExist", err)
	}
}
