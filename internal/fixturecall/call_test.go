package fixturecall_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/codec"
	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol/confluent"
)

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		opts any
		want string
	}{
		{"nothing set", confluent.ListVersionsOptions{}, ""},
		{"one field", confluent.DeleteOptions{Permanent: true}, `{"Permanent":true}`},
		{"zero fields left out, names sorted", confluent.ListSchemasOptions{Offset: 1, Limit: 2}, `{"Limit":2,"Offset":1}`},
		{"codec options", codec.SerializerOptions{LookupOnly: true}, `{"LookupOnly":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(fixturecall.Options(tt.opts)); got != tt.want {
				t.Errorf("Options = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestOptionsRoundTrip checks that DecodeOptions reads back what Options
// writes.
func TestOptionsRoundTrip(t *testing.T) {
	in := confluent.ListSchemasOptions{SubjectPrefix: "orders", Deleted: true, Limit: 2}
	out, err := fixturecall.DecodeOptions[confluent.ListSchemasOptions](fixturecall.Options(in))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, out); d != "" {
		t.Errorf("round trip (-in +out):\n%s", d)
	}
}

func TestUnmarshal(t *testing.T) {
	tests := []struct {
		name, data string
		err        string // "" for none
	}{
		{"one value", `{"op":"GetRoot"}`, ""},
		{"space around", " {\"op\":\"GetRoot\"}\n", ""},
		{"unknown member", `{"op":"GetRoot","arg":{}}`, `unknown field "arg"`},
		{"unknown argument", `{"op":"GetRoot","args":{"normalize":true}}`, `unknown field "normalize"`},
		{"two values", `{"op":"GetRoot"} {}`, "data after the JSON value"},
		{"trailing garbage", `{"op":"GetRoot"} }`, "data after the JSON value"},
		{"not JSON", `{"op":`, "unexpected EOF"},
		{"empty", ``, "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c fixturecall.Call
			checkErr(t, "Unmarshal", fixturecall.Unmarshal([]byte(tt.data), &c), tt.err)
		})
	}
}

// TestCallJSON pins the layout of a call: args left out when there are
// none, and each argument only when set.
func TestCallJSON(t *testing.T) {
	tests := []struct {
		call fixturecall.Call
		want string
	}{
		{fixturecall.Call{Op: "GetRoot"}, `{"op":"GetRoot"}`},
		{fixturecall.Call{Op: "GetVersion", Args: fixturecall.Args{Subject: "s", Version: confluent.Latest}}, `{"op":"GetVersion","args":{"subject":"s","version":"latest"}}`},
		{fixturecall.Call{Op: "tour", Args: fixturecall.Args{Steps: []fixturecall.Call{{Op: "GetRoot"}}}}, `{"op":"tour","args":{"steps":[{"op":"GetRoot"}]}}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.call)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("Marshal = %s, want %s", got, tt.want)
		}
	}
}

// TestArgsIsZero checks that setting any one argument makes Args non-zero,
// so a field added to Args is not left out of IsZero unnoticed.
func TestArgsIsZero(t *testing.T) {
	if !(fixturecall.Args{Steps: []fixturecall.Call{}, Options: json.RawMessage{}}).IsZero() {
		t.Error("Args with empty lists is not zero")
	}
	typ := reflect.TypeFor[fixturecall.Args]()
	for i := range typ.NumField() {
		var a fixturecall.Args
		f := reflect.ValueOf(&a).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Int:
			f.SetInt(1)
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		default:
			t.Fatalf("field %s: kind %s not handled", typ.Field(i).Name, f.Kind())
		}
		if a.IsZero() {
			t.Errorf("Args with %s set is zero", typ.Field(i).Name)
		}
	}
}

// FuzzDecodeCall checks that a call section that decodes validates (or
// not) without panicking, and that writing it back is stable: the JSON it
// writes decodes and writes back as the same bytes.
func FuzzDecodeCall(f *testing.F) {
	f.Add([]byte(`{"op":"GetRoot"}`))
	f.Add([]byte(`{"op":"GetVersion","args":{"subject":"s","version":"latest","options":{"Deleted":true}}}`))
	f.Add([]byte(`{"op":"Get","args":{"template":"/x{/a}{?b*}","vars":{"a":"1","b":{"c":"d"}},"body":{"x":[1]}}}`))
	f.Add([]byte(`{"op":"tour","args":{"steps":[{"op":"Serialize","args":{"schema":{"schema":"\"int\""},"value":1}},{"op":"Deserialize","args":{"wire":"0000000001"}}]}}`))
	f.Add([]byte(`{"op":"Register","args":{"request":{"schema":"\"int\"","references":[{"name":"a","subject":"b","version":1}]}}}`))
	f.Add([]byte(`{"op":"UpdateConfig","args":{"config":{"compatibility":"FULL"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		call, err := fixturecall.DecodeCall(data)
		if err != nil {
			return
		}
		_ = fixturecall.Validate(call)
		out, err := json.Marshal(call)
		if err != nil {
			t.Fatalf("Marshal of a decoded call: %v", err)
		}
		again, err := fixturecall.DecodeCall(out)
		if err != nil {
			t.Fatalf("DecodeCall of %s: %v", out, err)
		}
		out2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("Marshal of %s decoded: %v", out, err)
		}
		if !bytes.Equal(out, out2) {
			t.Errorf("%s decodes and writes back as %s, then as %s", data, out, out2)
		}
	})
}

// checkErr fails t unless err matches want: no error for "", else an
// error containing want.
func checkErr(t *testing.T, what string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s: %v", what, err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("%s = %v, want an error containing %q", what, err, want)
	}
}
