package jsonscan_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/unwired-go/unwired/internal/jsonscan"
)

var fuzzSeeds = []string{
	`{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}","schemaType":"AVRO"}`,
	`{"a":[1,-2.5e+3,"x\u00e9",true,false,null,{},[]]}`,
	`"\ud83d\ude00\ud83d\u0041\ude00"`,
	"\"a\xffb\xed\xa0\x80\"",
	`"\u12"`,
	`-0.0E-0`,
	`9223372036854775808`,
	`-9223372036854775808`,
	`01`,
	`{"a":1,}`,
	strings.Repeat("[", 50) + strings.Repeat("]", 50),
	`{"a":{"b":{"c":[[[{"d":"e"}]]]}}}`,
	`{"schema":"x`,
	` `,
	`nul`,
}

// FuzzSkip checks that Skip accepts exactly the texts encoding/json
// calls valid, but for what it declines.
func FuzzSkip(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		d := jsonscan.New(in)
		d.Skip()
		d.End()
		err := d.Err()
		if errors.Is(err, jsonscan.ErrUnsupported) {
			return
		}
		if valid := json.Valid(in); valid != (err == nil) {
			t.Fatalf("Skip(%q): err %v; json.Valid %v", in, err, valid)
		}
	})
}

// FuzzString checks Str against encoding/json's decoding of a string.
func FuzzString(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		d := jsonscan.New(in)
		got := d.Str()
		d.End()
		err := d.Err()
		var want string
		werr := json.Unmarshal(in, &want)
		if errors.Is(err, jsonscan.ErrUnsupported) {
			// Only values of another kind are declined.
			if werr == nil && len(strings.TrimLeft(string(in), " \t\r\n")) > 0 && strings.TrimLeft(string(in), " \t\r\n")[0] == '"' {
				t.Fatalf("Str(%q) declined a string: %v", in, err)
			}
			return
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("Str(%q): err %v; encoding/json: %v", in, err, werr)
		}
		if err == nil && got != want {
			t.Fatalf("Str(%q) = %q; encoding/json: %q", in, got, want)
		}
	})
}

// FuzzInt checks Int against encoding/json's decoding of an int.
func FuzzInt(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		d := jsonscan.New(in)
		got := d.Int()
		d.End()
		err := d.Err()
		var want int
		werr := json.Unmarshal(in, &want)
		if errors.Is(err, jsonscan.ErrUnsupported) {
			if werr == nil && !strings.HasPrefix(strings.TrimLeft(string(in), " \t\r\n"), "null") {
				t.Fatalf("Int(%q) declined what encoding/json decodes: %v", in, err)
			}
			return
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("Int(%q): err %v; encoding/json: %v", in, err, werr)
		}
		if err == nil && got != want {
			t.Fatalf("Int(%q) = %d; encoding/json: %d", in, got, want)
		}
	})
}
