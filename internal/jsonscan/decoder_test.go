package jsonscan_test

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/internal/jsonscan"
)

// errKind names the outcome of a read: "" for success, "syntax" or
// "unsupported".
func errKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, jsonscan.ErrSyntax):
		return "syntax"
	case errors.Is(err, jsonscan.ErrUnsupported):
		return "unsupported"
	}
	return "other: " + err.Error()
}

// readString reads in as one string value and the end of input.
func readString(in string) (string, error) {
	d := jsonscan.New([]byte(in))
	s := d.Str()
	d.End()
	return s, d.Err()
}

func TestString(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{`""`, "", ""},
		{` "plain" `, "plain", ""},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t", ""},
		{`"\u0041\u00e9\u20AC"`, "Aé€", ""},
		{`"\u0000"`, "\x00", ""},
		{`"\ud83d\ude00"`, "😀", ""},
		{`"x\uD83D\uDE00y"`, "x😀y", ""},
		// Broken surrogates become U+FFFD; the escape after a lone high
		// surrogate stands on its own.
		{`"\ud83d"`, "\uFFFD", ""},
		{`"\ude00"`, "\uFFFD", ""},
		{`"\ud83dx"`, "\uFFFDx", ""},
		{`"\ud83d\u0041"`, "\uFFFDA", ""},
		{`"\ud83d\ud83d\ude00"`, "\uFFFD😀", ""},
		{`"\ude00\ud83d"`, "\uFFFD\uFFFD", ""},
		{`"\ud83d\n"`, "\uFFFD\n", ""},
		// UTF-8: valid kept, each invalid byte replaced.
		{`"héllo ☃ 😀"`, "héllo ☃ 😀", ""},
		{"\"a\xffb\"", "a\uFFFDb", ""},
		{"\"\xed\xa0\x80\"", "\uFFFD\uFFFD\uFFFD", ""}, // an encoded surrogate
		{"\"\xe2\x98\"", "\uFFFD\uFFFD", ""},           // truncated sequence
		{"\"\xc3\xa9\\n\xff\"", "é\n\uFFFD", ""},
		{"\"\x7f\"", "\x7f", ""},
		{`"\ufffd"`, "\uFFFD", ""},
		// Syntax errors.
		{`"abc`, "", "syntax"},
		{`"\`, "", "syntax"},
		{`"\x"`, "", "syntax"},
		{`"\'"`, "", "syntax"},
		{`"\u12"`, "", "syntax"},
		{`"\u12g4"`, "", "syntax"},
		{"\"a\nb\"", "", "syntax"},
		{"\"\x00\"", "", "syntax"},
		{`"a" x`, "", "syntax"},
		{``, "", "syntax"},
		// Other kinds are the caller's business.
		{`null`, "", "unsupported"},
		{`1`, "", "unsupported"},
		{`{}`, "", "unsupported"},
	}
	for _, tt := range tests {
		got, err := readString(tt.in)
		if k := errKind(err); k != tt.err {
			t.Errorf("Str(%q): err %v, want %q", tt.in, err, tt.err)
			continue
		}
		if tt.err == "" {
			if got != tt.want {
				t.Errorf("Str(%q) = %q, want %q", tt.in, got, tt.want)
			}
			var ref string
			if err := json.Unmarshal([]byte(tt.in), &ref); err != nil || ref != got {
				t.Errorf("Str(%q) = %q; encoding/json: %q, %v", tt.in, got, ref, err)
			}
		}
	}
}

func TestStringDoesNotAlias(t *testing.T) {
	for _, in := range []string{`"abc"`, `"a\nb"`, "\"\xc3\xa9\""} {
		data := []byte(in)
		d := jsonscan.New(data)
		s := d.Str()
		want := strings.Clone(s)
		for i := range data {
			data[i] = '#'
		}
		if s != want {
			t.Errorf("Str of %q changed with its input: %q", in, s)
		}
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  string
	}{
		{`0`, 0, ""},
		{`-0`, 0, ""},
		{` 42 `, 42, ""},
		{`-17`, -17, ""},
		{strconv.Itoa(math.MaxInt), math.MaxInt, ""},
		{strconv.Itoa(math.MinInt), math.MinInt, ""},
		{`9223372036854775808`, 0, "unsupported"},
		{`-9223372036854775809`, 0, "unsupported"},
		{`18446744073709551616`, 0, "unsupported"},
		{`123456789012345678901234`, 0, "unsupported"},
		{`1.0`, 0, "unsupported"},
		{`1e3`, 0, "unsupported"},
		{`1E3`, 0, "unsupported"},
		{`"1"`, 0, "unsupported"},
		{`true`, 0, "unsupported"},
		{`01`, 0, "syntax"},
		{`-`, 0, "syntax"},
		{`-a`, 0, "syntax"},
		{`+1`, 0, "syntax"},
		{`1x`, 0, "syntax"},
		{``, 0, "syntax"},
	}
	for _, tt := range tests {
		d := jsonscan.New([]byte(tt.in))
		got := d.Int()
		d.End()
		if k := errKind(d.Err()); k != tt.err {
			t.Errorf("Int(%q): err %v, want %q", tt.in, d.Err(), tt.err)
			continue
		}
		if tt.err == "" && got != tt.want {
			t.Errorf("Int(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestLiterals(t *testing.T) {
	tests := []struct {
		in        string
		null, val bool
		err       string
	}{
		{`true`, false, true, ""},
		{` false`, false, false, ""},
		{`null`, true, false, ""},
		{`nul`, false, false, "syntax"},
		{`nulL`, false, false, "syntax"},
		{`tru`, false, false, "syntax"},
		{`fals`, false, false, "syntax"},
		{`truex`, false, true, "syntax"},
		{`"true"`, false, false, "unsupported"},
		{`0`, false, false, "unsupported"},
	}
	for _, tt := range tests {
		d := jsonscan.New([]byte(tt.in))
		null := d.Null()
		var val bool
		if !null {
			val = d.Bool()
		}
		d.End()
		if k := errKind(d.Err()); k != tt.err || null != tt.null || val != tt.val {
			t.Errorf("%q: null %v, bool %v, err %v; want %v, %v, %q", tt.in, null, val, d.Err(), tt.null, tt.val, tt.err)
		}
	}
}

func TestSkip(t *testing.T) {
	tests := []struct {
		in  string
		err string
	}{
		{`{}`, ""},
		{`[]`, ""},
		{` { "a" : [ 1 , -2.5e+3 , "x\u00e9" , true , false , null , { } , [ ] ] } `, ""},
		{`{"k\"ey\u0041":1}`, ""}, // escaped names are fine when skipping
		{`0`, ""},
		{`-0.0E-0`, ""},
		{`123.456e789`, ""},
		{"\"\xff\"", ""},
		{strings.Repeat("[", jsonscan.MaxDepth) + strings.Repeat("]", jsonscan.MaxDepth), ""},
		{strings.Repeat("[", jsonscan.MaxDepth+1) + strings.Repeat("]", jsonscan.MaxDepth+1), "unsupported"},
		{`{"a":1,}`, "syntax"},
		{`[1,]`, "syntax"},
		{`[,1]`, "syntax"},
		{`{,}`, "syntax"},
		{`{"a" 1}`, "syntax"},
		{`{"a":}`, "syntax"},
		{`{1:1}`, "syntax"},
		{`{"a":1 "b":2}`, "syntax"},
		{`[1 2]`, "syntax"},
		{`[1}`, "syntax"},
		{`{"a":1]`, "syntax"},
		{`01`, "syntax"},
		{`1.`, "syntax"},
		{`.5`, "syntax"},
		{`1e`, "syntax"},
		{`1e+`, "syntax"},
		{`-`, "syntax"},
		{`+1`, "syntax"},
		{`NaN`, "syntax"},
		{`[`, "syntax"},
		{`{"a":[1,{"b":`, "syntax"},
		{`"\q"`, "syntax"},
		{"[\"\t\"]", "syntax"},
		{`{} {}`, "syntax"},
		{``, "syntax"},
		{` `, "syntax"},
	}
	for _, tt := range tests {
		d := jsonscan.New([]byte(tt.in))
		d.Skip()
		d.End()
		if k := errKind(d.Err()); k != tt.err {
			t.Errorf("Skip(%.40q): err %v, want %q", tt.in, d.Err(), tt.err)
		}
		if tt.err == "" && !json.Valid([]byte(tt.in)) {
			t.Errorf("Skip(%.40q) accepted what encoding/json refuses", tt.in)
		}
	}
}

func TestRaw(t *testing.T) {
	in := []byte(`{"a": { "x" : [1, 2] } , "b":"s\n","c":null}`)
	d := jsonscan.New(in)
	var got []string
	for more := d.EnterObject(); more; more = d.NextMember() {
		got = append(got, string(d.Key())+"="+string(d.Raw()))
	}
	d.End()
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{`a={ "x" : [1, 2] }`, `b="s\n"`, `c=null`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
}

func TestObjectWalk(t *testing.T) {
	type ref struct {
		Name    string
		Version int
	}
	type doc struct {
		ID   int
		Refs []ref
		OK   bool
	}
	tests := []struct {
		in   string
		want doc
		err  string
	}{
		{`{"id":7,"refs":[{"name":"a","version":1},{"name":"b"}],"ok":true}`, doc{7, []ref{{"a", 1}, {"b", 0}}, true}, ""},
		{` { } `, doc{}, ""},
		{`{"refs":[]}`, doc{Refs: []ref{}}, ""},
		{`{"other":{"deep":[1,2,{"x":null}]},"id":3}`, doc{ID: 3}, ""},
		{`{"id":1,}`, doc{ID: 1}, "syntax"},
		{`{"i\u0064":1}`, doc{}, "unsupported"},
		{`{"id":"1"}`, doc{}, "unsupported"},
		{`{"refs":{}}`, doc{}, "unsupported"},
		{`[1]`, doc{}, "unsupported"},
		{`{"id":1}}`, doc{ID: 1}, "syntax"},
		{`{"id":1`, doc{ID: 1}, "syntax"},
	}
	for _, tt := range tests {
		d := jsonscan.New([]byte(tt.in))
		var got doc
		for more := d.EnterObject(); more; more = d.NextMember() {
			switch string(d.Key()) {
			case "id":
				got.ID = d.Int()
			case "ok":
				got.OK = d.Bool()
			case "refs":
				got.Refs = []ref{}
				for more := d.EnterArray(); more; more = d.NextElem() {
					var r ref
					for more := d.EnterObject(); more; more = d.NextMember() {
						switch string(d.Key()) {
						case "name":
							r.Name = d.Str()
						case "version":
							r.Version = d.Int()
						default:
							d.Skip()
						}
					}
					got.Refs = append(got.Refs, r)
				}
			default:
				d.Skip()
			}
		}
		d.End()
		if k := errKind(d.Err()); k != tt.err {
			t.Errorf("%s: err %v, want %q", tt.in, d.Err(), tt.err)
			continue
		}
		if tt.err == "" {
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.in, diff)
			}
		}
	}
}

func TestErrorsAreSticky(t *testing.T) {
	d := jsonscan.New([]byte(`{"a":x,"b":"y"}`))
	n := 0
	for more := d.EnterObject(); more; more = d.NextMember() {
		d.Key()
		d.Skip()
		n++
		if n > 3 {
			t.Fatal("loop did not end after an error")
		}
	}
	first := d.Err()
	if errKind(first) != "syntax" {
		t.Fatalf("err = %v, want a syntax error", first)
	}
	if s := d.Str(); s != "" || d.Int() != 0 || d.Bool() || d.Null() || d.Raw() != nil || d.Key() != nil || d.Peek() != jsonscan.Invalid {
		t.Error("reads after an error returned values")
	}
	d.Decline("later")
	d.End()
	if d.Err() != first {
		t.Errorf("err changed to %v", d.Err())
	}
	var e *jsonscan.Error
	if !errors.As(first, &e) || e.Offset != 5 {
		t.Errorf("err = %#v, want offset 5", first)
	}
	if !strings.Contains(first.Error(), "offset 5") {
		t.Errorf("message %q lacks the offset", first)
	}
}

func TestPeek(t *testing.T) {
	tests := map[string]jsonscan.Kind{
		` "`: jsonscan.String, `{`: jsonscan.Object, `[`: jsonscan.Array, `t`: jsonscan.Bool, `f`: jsonscan.Bool,
		`n`: jsonscan.Null, `-`: jsonscan.Number, `7`: jsonscan.Number, `x`: jsonscan.Invalid, ``: jsonscan.Invalid,
	}
	for in, want := range tests {
		d := jsonscan.New([]byte(in))
		if got := d.Peek(); got != want {
			t.Errorf("Peek(%q) = %v, want %v", in, got, want)
		}
	}
}
