package replay

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
)

// FuzzParseFixture: ParseFixture never panics, fails only with a
// *FormatError, and whatever it accepts is valid, re-marshals to a file that
// parses to the same Fixture, and marshals the same way again.
func FuzzParseFixture(f *testing.F) {
	f.Add([]byte(exampleFixture))
	f.Add(oneExchange([]byte{0, 1, 0xff, '\n', '-', '-', ' '}, []byte("x\n-- y --\n")).Marshal())
	f.Add([]byte("c\n-- call --\n{}\n\n\n-- 001.request --\nGET / HTTP/1.1\nX-A:b\n\nhello\n-- 001.response --\nHTTP/1.1 200\n"))
	f.Add([]byte("c\r\n\n-- 001.request --\r\nPOST /p?key=REDACTED HTTP/1.1\r\ncontent-length: 2\r\n\r\na\n\n-- 001.response --\nHTTP/1.1 201 X\nContent-Length: 0\n"))
	f.Add([]byte("c\n-- 001.request --\nGET / HTTP/1.1\nContent-Length: 3; base64\n\nAA\nEC\n-- 001.response --\nHTTP/1.1 204\nContent-Length: 3\n\nabc"))
	f.Add([]byte("c\n-- want --\n{\"password\":\"REDACTED\",\"n\":[1,{\"token\":\"REDACTED\"}]}\n"))
	f.Add([]byte("c\n-- 001.request --\nGET /a%zz?key=REDACTED HTTP/1.1\nAuthorization: REDACTED\n\n-- 001.response --\nHTTP/1.1 999\nSet-Cookie: REDACTED\n\n{\"secret\":\"REDACTED\"}\n"))
	f.Add([]byte("c\n-- 001.request --\nGET /\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fx, err := ParseFixture(data)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not a *FormatError", err, err)
			}
			return
		}
		if err := fx.Validate(); err != nil {
			t.Fatalf("a parsed fixture is invalid: %v", err)
		}
		out := fx.Marshal()
		g, err := ParseFixture(out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%q", err, out)
		}
		if diff := cmp.Diff(fx, g, equateFixtures); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s\n%q", diff, out)
		}
		if again := g.Marshal(); !bytes.Equal(again, out) {
			t.Fatalf("Marshal not stable:\n%q\n%q", out, again)
		}
	})
}

var fuzzMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}

// fuzzToken keeps the token bytes of s.
func fuzzToken(s, fallback string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if isToken(s[i : i+1]) {
			b = append(b, s[i])
		}
	}
	if len(b) == 0 {
		return fallback
	}
	return string(b)
}

// fuzzValue drops control bytes and surrounding white space.
func fuzzValue(s string) string {
	b := slices.DeleteFunc([]byte(s), func(c byte) bool { return c < ' ' && c != '\t' || c == 0x7f })
	return strings.Trim(string(b), " \t")
}

// fuzzHeader builds a one-field header the format can hold.
func fuzzHeader(name, value string) protocol.Header {
	name = fuzzToken(name, "X-Fuzz")
	if strings.EqualFold(name, framingName) {
		return nil
	}
	value = fuzzValue(value)
	if protocol.IsSecretHeader(name) {
		value = protocol.Redacted
	}
	return protocol.Header{{Name: name, Value: value}}
}

// FuzzRoundTrip builds a fixture from arbitrary bodies, target, comment and
// a field: Marshal's output always parses, marshals identically again, and
// a fixture Validate accepts comes back equal.
func FuzzRoundTrip(f *testing.F) {
	f.Add("Recorded by the fuzzer", uint8(0), "/schemas/ids/1", "Accept", "application/json", []byte(`{"a":1}`), uint16(0), []byte("ok\n"), []byte(`{"op":"x"}`))
	f.Add("multi\nline\n-- x --", uint8(1), "/a b?key=s&x=é#f", "Authorization", "Bearer t", []byte{0, 0xff, '\r', '\n'}, uint16(204), []byte("-- 001.request --"), []byte(`{"password":"p"}`))
	f.Add("", uint8(5), "", "Content-Length", "5", []byte(nil), uint16(799), []byte("\n"), []byte(nil))
	f.Fuzz(func(t *testing.T, comment string, method uint8, target, name, value string, reqBody []byte, status uint16, respBody, call []byte) {
		comment = strings.TrimRight("fuzz "+strings.ReplaceAll(comment, "\n-", "\n_"), "\n")
		fx := &Fixture{
			Comment: comment,
			Exchanges: []Exchange{{
				Request: protocol.Request{Method: fuzzMethods[int(method)%len(fuzzMethods)], URL: targetOf(target),
					Header: fuzzHeader(name, value), Body: reqBody},
				Response: protocol.Response{Status: 200 + int(status)%800, Header: fuzzHeader(value, name), Body: respBody},
			}},
		}
		if len(bytes.TrimSpace(call)) > 0 {
			fx.Call = call
		}
		out := fx.Marshal()
		g, err := ParseFixture(out)
		if fx.Call != nil && err != nil && strings.Contains(err.Error(), "call:") {
			return // not JSON: Validate's business, not Marshal's
		}
		if err != nil {
			t.Fatalf("Marshal output does not parse: %v\n%q", err, out)
		}
		if again := g.Marshal(); !bytes.Equal(again, out) {
			t.Fatalf("Marshal not stable:\n%q\n%q", out, again)
		}
		if fx.Validate() != nil {
			return
		}
		if diff := cmp.Diff(fx, g, equateFixtures); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\n%q", diff, out)
		}
	})
}

// FuzzRecordReplay: whatever a client sends, the Recorder stores a valid
// fixture, and the very same live request replays against it.
func FuzzRecordReplay(f *testing.F) {
	f.Add(uint8(1), "/subjects/s/versions?normalize=true&key=k", "Content-Type", "application/json", []byte(`{"schema":"x","password":"p"}`), []byte(`{"id":1,"token":"t"}`))
	f.Add(uint8(0), "@x/a%zz?b#c", "Cookie", "a=b", []byte{0, 1, 2}, []byte("-- 001.request --\n"))
	f.Add(uint8(2), "?a=%20&password=x&password=y", "X-Req", "  v  ", []byte("\r\n"), []byte(nil))
	f.Fuzz(func(t *testing.T, method uint8, url, name, value string, reqBody, respBody []byte) {
		rec := NewRecorder(protocol.DoerFunc(func(_ context.Context, _ *protocol.Request, resp *protocol.Response) error {
			resp.Status = 200
			resp.Header = append(resp.Header[:0], protocol.Field{Name: fuzzToken(value, "X-Resp"), Value: fuzzValue(name)})
			resp.Body = append(resp.Body[:0], respBody...)
			return nil
		}))
		req := &protocol.Request{
			Method: fuzzMethods[int(method)%len(fuzzMethods)],
			URL:    "http://h" + url,
			Header: protocol.Header{{Name: fuzzToken(name, "X-Fuzz"), Value: fuzzValue(value)}},
			Body:   reqBody,
		}
		ctx := context.Background()
		if err := rec.Do(ctx, req, new(protocol.Response)); err != nil {
			t.Fatal(err)
		}
		fx := rec.Fixture("fuzz", nil, nil)
		if err := fx.Validate(); err != nil {
			t.Fatalf("recorded fixture is invalid: %v\n%q", err, fx.Marshal())
		}
		g, err := ParseFixture(fx.Marshal())
		if err != nil {
			t.Fatal(err)
		}
		if err := NewDoer(g, "").Do(ctx, req, new(protocol.Response)); err != nil {
			t.Fatalf("the recorded request does not replay: %v", err)
		}
	})
}
