package confluent

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

func FuzzParseError(f *testing.F) {
	f.Add(404, []byte(`{"error_code":40401,"message":"Subject 's' not found."}`))
	f.Add(409, []byte(`{"error_code":"40901","message":"incompatible"}`))
	f.Add(502, []byte("<html><title>502 Bad Gateway</title></html>"))
	f.Add(500, []byte(""))
	f.Add(500, []byte(`{"error_code":50001,"mess`))
	f.Add(422, []byte(`{"error_code":42201,"message":{"x":[1]}}`))
	f.Add(200, []byte(`{}`))
	f.Add(-1, []byte(`{"error_code":-5}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &protocol.Response{Status: status, Body: bytes.Clone(body)}
		err := ParseError(resp)
		if resp.OK() {
			if err != nil {
				t.Fatalf("2xx gave %v", err)
			}
			return
		}
		var ae *protocol.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("err = %#v, want *protocol.APIError", err)
		}
		if ae.Status != status || ae.API != API || ae.Retryable != protocol.RetryableStatus(status) {
			t.Errorf("APIError = %+v", ae)
		}
		if ae.Sentinel != nil && ae.Code == "" {
			t.Errorf("sentinel without code: %+v", ae)
		}
		if strings.ContainsAny(ae.Message, "\n\r") {
			t.Errorf("message spans lines: %q", ae.Message)
		}
		// The error keeps nothing of the body's storage.
		msg := ae.Message
		for i := range resp.Body {
			resp.Body[i] = 0
		}
		if ae.Message != msg {
			t.Errorf("message changed with the body")
		}
		_ = err.Error()
	})
}

// FuzzParsers runs every parser of the package on each input and checks
// the contract they share: a non-2xx is an *protocol.APIError, a 2xx body
// of the wrong shape a *protocol.MalformedError, and a result holds no
// reference into the body.
func FuzzParsers(f *testing.F) {
	for _, p := range allParsers {
		f.Add(200, []byte(p.body))
	}
	f.Add(200, []byte(`[{"subject":"s","version":1,"id":1,"schemaType":"AVRO","schema":"\"int\"","references":[{"name":"a","subject":"b","version":1}],"metadata":{"properties":{"k":"v"}},"ruleSet":{}}]`))
	f.Add(200, []byte(`{"compatibility":"FULL","compatibilityLevel":"NONE","normalize":true,"defaultRuleSet":{"domainRules":[]}}`))
	f.Add(200, []byte(`{"id":1,"version":2,"guid":"g","is_compatible":false,"messages":["m"],"mode":"IMPORT"}`))
	f.Add(200, []byte(`{"truncated":`))
	f.Add(204, []byte(``))
	f.Add(404, []byte(`{"error_code":40403,"message":"Schema not found"}`))
	f.Add(503, []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		for _, p := range allParsers {
			resp := &protocol.Response{Status: status, Body: bytes.Clone(body)}
			got, err := p.fn(resp)
			switch {
			case !resp.OK():
				var ae *protocol.APIError
				if !errors.As(err, &ae) {
					t.Fatalf("%s: status %d gave %#v, want *protocol.APIError", p.name, status, err)
				}
			case err != nil:
				var me *protocol.MalformedError
				if !errors.As(err, &me) {
					t.Fatalf("%s: 2xx gave %#v, want *protocol.MalformedError", p.name, err)
				}
			default:
				again, err := p.fn(&protocol.Response{Status: status, Body: bytes.Clone(body)})
				if err != nil {
					t.Fatalf("%s: second parse failed: %v", p.name, err)
				}
				for i := range resp.Body {
					resp.Body[i] = '#'
				}
				if d := cmp.Diff(again, got); d != "" {
					t.Fatalf("%s: result changed with the body (-fresh +first):\n%s", p.name, d)
				}
			}
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"latest", "-1", "1", "0", "2147483648", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("err = %v", err)
			}
			return
		}
		if !v.Valid() {
			t.Fatalf("ParseVersion(%q) = invalid %d", s, v)
		}
		back, err := ParseVersion(v.String())
		if err != nil || back != v {
			t.Fatalf("round trip of %q: %d, %v", s, back, err)
		}
		var j Version
		b, _ := v.MarshalJSON()
		if err := j.UnmarshalJSON(b); err != nil || j != v {
			t.Fatalf("JSON round trip of %d: %d, %v", v, j, err)
		}
	})
}

func FuzzAvroFullName(f *testing.F) {
	f.Add(`{"type":"record","name":"R","namespace":"a.b","fields":[]}`)
	f.Add(`{"type":"enum","name":"x.E"}`)
	f.Add(`"string"`)
	f.Add(`{"type":"fixed","name":""}`)
	f.Fuzz(func(t *testing.T, schema string) {
		name, err := AvroFullName(schema)
		if err != nil {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("err = %v", err)
			}
			return
		}
		if name == "" {
			t.Fatal("empty name without error")
		}
	})
}
