package fixturecall_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/replay"
)

func TestDescribe(t *testing.T) {
	notFound := &protocol.APIError{API: "confluent", Status: 404, Code: "40401", Message: "Subject 'x' not found.", Sentinel: confluent.ErrSubjectNotFound}
	tests := []struct {
		name string
		err  error
		want *fixturecall.Error
	}{
		{"API error with a sentinel", notFound, &fixturecall.Error{Status: 404, Code: "40401", Message: "Subject 'x' not found.", Sentinel: "ErrSubjectNotFound"}},
		{"wrapped", fmt.Errorf("lookup: %w", notFound), &fixturecall.Error{Status: 404, Code: "40401", Message: "Subject 'x' not found.", Sentinel: "ErrSubjectNotFound"}},
		{"API error without a code", &protocol.APIError{API: "confluent", Status: 405, Message: "HTTP 405"}, &fixturecall.Error{Status: 405, Message: "HTTP 405"}},
		{"any other error", errors.New("codec: bad"), &fixturecall.Error{Text: "codec: bad"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, fixturecall.Describe(tt.err)); d != "" {
				t.Errorf("Describe (-want +got):\n%s", d)
			}
		})
	}
}

func TestOutcome(t *testing.T) {
	tests := []struct {
		name   string
		result any
		err    error
		want   string // the want's JSON
	}{
		{"result", &confluent.Schema{Schema: `"int"`}, nil, `{"result":{"schema":"\"int\""}}`},
		{"no result", nil, nil, `{"result":null}`},
		{"error", nil, errors.New("boom"), `{"error":{"text":"boom"}}`},
		{"error wins over a result", 7, errors.New("boom"), `{"error":{"text":"boom"}}`},
		{"encoded bytes in hex", fixturecall.Encoded{Wire: []byte{0, 0, 0, 0, 1, 2}}, nil, `{"result":"000000000102"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := fixturecall.Outcome(tt.result, tt.err)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(w)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Outcome = %s, want %s", got, tt.want)
			}
		})
	}
	if _, err := fixturecall.Outcome(func() {}, nil); err == nil {
		t.Error("Outcome of a result that does not encode: no error")
	}
}

func TestCompare(t *testing.T) {
	res := func(s string) fixturecall.Want { return fixturecall.Want{Result: json.RawMessage(s)} }
	apiErr := func(code string) fixturecall.Want {
		return fixturecall.Want{Error: &fixturecall.Error{Status: 404, Code: code}}
	}
	steps := func(ws ...fixturecall.Want) fixturecall.Want { return fixturecall.Want{Steps: ws} }
	tests := []struct {
		name      string
		want, got fixturecall.Want
		msg       string // "" when they agree
	}{
		{"same", res(`{"a":1,"b":[1,2]}`), res(`{"b":[1,2],"a":1}`), ""},
		{"same, laid out", res("{\n  \"a\": \"x\"\n}"), res(`{"a":"x"}`), ""},
		{"null result", res(`null`), res(`null`), ""},
		{"same error", apiErr("40401"), apiErr("40401"), ""},
		{"value differs", res(`1`), res(`7`), "recorded 1, got 7"},
		{"number text differs", res(`1.0`), res(`1`), "recorded 1.0, got 1"},
		{"member missing", res(`{"a":1,"b":2}`), res(`{"a":1}`), `recorded {"a":1,"b":2}, got {"a":1}`},
		{"deep difference", res(`{"a":[1,{"b":2}],"c":3}`), res(`{"a":[1,{"b":4}],"c":3}`), "first difference at .a[1].b"},
		{"member only got has", res(`{"a":1}`), res(`{"a":1,"z":2}`), "first difference at .z"},
		{"lengths differ", res(`{"a":[1]}`), res(`{"a":[1,2]}`), "first difference at .a"},
		{"null is not no result", res(`null`), fixturecall.Want{}, "recorded null, got "},
		{"[] is not null", res(`null`), res(`[]`), "recorded null, got []"},
		{"error expected", apiErr("40401"), res(`1`), `recorded error {"status":404,"code":"40401"}, got result 1`},
		{"result expected", res(`1`), apiErr("40401"), `recorded result 1, got error {"status":404,"code":"40401"}`},
		{"error differs", apiErr("40401"), apiErr("40402"), `recorded error {"status":404,"code":"40401"}, got {"status":404,"code":"40402"}`},
		{"message differs", fixturecall.Want{Error: &fixturecall.Error{Status: 404, Message: "a"}}, fixturecall.Want{Error: &fixturecall.Error{Status: 404, Message: "b"}}, `"message":"a"`},
		{"steps same", steps(res(`1`), apiErr("40401")), steps(res(`1`), apiErr("40401")), ""},
		{"a step differs", steps(res(`1`), res(`2`)), steps(res(`1`), res(`3`)), "step 2: recorded 2, got 3"},
		{"fewer steps", steps(res(`1`), res(`2`)), steps(res(`1`)), "recorded 2 steps, got 1"},
		{"steps expected", steps(res(`1`)), res(`1`), "recorded 1 steps, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, "Compare", fixturecall.Compare(tt.want, tt.got), tt.msg)
		})
	}
}

// TestVerifyDetectsChanges checks that a replay fails when anything the
// recording says is altered: the registry's answer, the op, an argument,
// the want, or the recorded request.
func TestVerifyDetectsChanges(t *testing.T) {
	f, err := replay.LoadFixture(corpus + "/get_version.txtar")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(doc []byte, from, to string) []byte {
		t.Helper()
		if !strings.Contains(string(doc), from) {
			t.Fatalf("%q is not in %s", from, doc)
		}
		return []byte(strings.Replace(string(doc), from, to, 1))
	}
	tests := []struct {
		name   string
		change func(f *replay.Fixture)
		msg    string
	}{
		{"nothing", func(*replay.Fixture) {}, ""},
		{"the answer", func(f *replay.Fixture) {
			f.Exchanges[0].Response.Body = edit(f.Exchanges[0].Response.Body, `"version":1`, `"version":2`)
		}, "recorded {"},
		{"the op", func(f *replay.Fixture) {
			f.Call = edit(f.Call, `"GetVersion"`, `"GetRawSchemaByVersion"`)
		}, "got error"},
		{"an argument", func(f *replay.Fixture) {
			f.Call = edit(f.Call, `"version": 1`, `"version": 2`)
		}, "got error"},
		{"the want", func(f *replay.Fixture) {
			f.Want = edit(f.Want, `"version": 1`, `"version": 3`)
		}, `"version":3`},
		{"the request", func(f *replay.Fixture) {
			f.Exchanges[0].Request.URL = string(edit([]byte(f.Exchanges[0].Request.URL), "/versions/1", "/versions/9"))
		}, "got error"},
		{"an unknown member in the want", func(f *replay.Fixture) {
			f.Want = edit(f.Want, `"result"`, `"results"`)
		}, `unknown field "results"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := *f
			g.Exchanges = append([]replay.Exchange(nil), f.Exchanges...)
			tt.change(&g)
			const base = "http://registry.test"
			c, err := fixturecall.NewClient(replay.NewDoer(&g, base), base)
			if err != nil {
				t.Fatal(err)
			}
			err = fixturecall.Verify(t.Context(), c, g.Call, g.Want)
			t.Logf("Verify: %v", err)
			checkErr(t, "Verify", err, tt.msg)
		})
	}
}
