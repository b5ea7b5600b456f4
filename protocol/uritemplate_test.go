package protocol_test

import (
	"strings"
	"testing"

	"github.com/unwired-go/unwired/protocol"
)

// rfc6570Vars are the variables of RFC 6570 section 3.2 (which extend those
// of section 1.2). keys is an ordered associative array, so it is a
// [][2]string.
var rfc6570Vars = protocol.Vars{
	"count":      []string{"one", "two", "three"},
	"dom":        []string{"example", "com"},
	"dub":        "me/too",
	"hello":      "Hello World!",
	"half":       "50%",
	"var":        "value",
	"who":        "fred",
	"base":       "http://example.com/home/",
	"path":       "/foo/bar",
	"list":       []string{"red", "green", "blue"},
	"keys":       [][2]string{{"semi", ";"}, {"dot", "."}, {"comma", ","}},
	"v":          "6",
	"x":          "1024",
	"y":          "768",
	"empty":      "",
	"empty_keys": [][2]string{},
	// undef is deliberately absent.
}

func TestExpandTemplateRFC6570(t *testing.T) {
	tests := []struct{ template, want string }{
		// Section 1.2, level 1.
		{"{var}", "value"},
		{"{hello}", "Hello%20World%21"},
		// Level 2.
		{"{+var}", "value"},
		{"{+hello}", "Hello%20World!"},
		{"{+path}/here", "/foo/bar/here"},
		{"here?ref={+path}", "here?ref=/foo/bar"},
		{"X{#var}", "X#value"},
		{"X{#hello}", "X#Hello%20World!"},
		// Level 3.
		{"map?{x,y}", "map?1024,768"},
		{"{x,hello,y}", "1024,Hello%20World%21,768"},
		{"{+x,hello,y}", "1024,Hello%20World!,768"},
		{"{+path,x}/here", "/foo/bar,1024/here"},
		{"{#x,hello,y}", "#1024,Hello%20World!,768"},
		{"{#path,x}/here", "#/foo/bar,1024/here"},
		{"X{.var}", "X.value"},
		{"X{.x,y}", "X.1024.768"},
		{"{/var}", "/value"},
		{"{/var,x}/here", "/value/1024/here"},
		{"{;x,y}", ";x=1024;y=768"},
		{"{;x,y,empty}", ";x=1024;y=768;empty"},
		{"{?x,y}", "?x=1024&y=768"},
		{"{?x,y,empty}", "?x=1024&y=768&empty="},
		{"?fixed=yes{&x}", "?fixed=yes&x=1024"},
		{"{&x,y,empty}", "&x=1024&y=768&empty="},
		// Level 4.
		{"{var:3}", "val"},
		{"{var:30}", "value"},
		{"{list}", "red,green,blue"},
		{"{list*}", "red,green,blue"},
		{"{keys}", "semi,%3B,dot,.,comma,%2C"},
		{"{keys*}", "semi=%3B,dot=.,comma=%2C"},
		{"{+path:6}/here", "/foo/b/here"},
		{"{+list}", "red,green,blue"},
		{"{+list*}", "red,green,blue"},
		{"{+keys}", "semi,;,dot,.,comma,,"},
		{"{+keys*}", "semi=;,dot=.,comma=,"},
		{"{#path:6}/here", "#/foo/b/here"},
		{"{#list}", "#red,green,blue"},
		{"{#list*}", "#red,green,blue"},
		{"{#keys}", "#semi,;,dot,.,comma,,"},
		{"{#keys*}", "#semi=;,dot=.,comma=,"},
		{"X{.var:3}", "X.val"},
		{"X{.list}", "X.red,green,blue"},
		{"X{.list*}", "X.red.green.blue"},
		{"X{.keys}", "X.semi,%3B,dot,.,comma,%2C"},
		{"X{.keys*}", "X.semi=%3B.dot=..comma=%2C"},
		{"{/var:1,var}", "/v/value"},
		{"{/list}", "/red,green,blue"},
		{"{/list*}", "/red/green/blue"},
		{"{/list*,path:4}", "/red/green/blue/%2Ffoo"},
		{"{/keys}", "/semi,%3B,dot,.,comma,%2C"},
		{"{/keys*}", "/semi=%3B/dot=./comma=%2C"},
		{"{;hello:5}", ";hello=Hello"},
		{"{;list}", ";list=red,green,blue"},
		{"{;list*}", ";list=red;list=green;list=blue"},
		{"{;keys}", ";keys=semi,%3B,dot,.,comma,%2C"},
		{"{;keys*}", ";semi=%3B;dot=.;comma=%2C"},
		{"{?var:3}", "?var=val"},
		{"{?list}", "?list=red,green,blue"},
		{"{?list*}", "?list=red&list=green&list=blue"},
		{"{?keys}", "?keys=semi,%3B,dot,.,comma,%2C"},
		{"{?keys*}", "?semi=%3B&dot=.&comma=%2C"},
		{"{&var:3}", "&var=val"},
		{"{&list}", "&list=red,green,blue"},
		{"{&list*}", "&list=red&list=green&list=blue"},
		{"{&keys}", "&keys=semi,%3B,dot,.,comma,%2C"},
		{"{&keys*}", "&semi=%3B&dot=.&comma=%2C"},

		// Section 3.2.1, variable expansion.
		{"{count}", "one,two,three"},
		{"{count*}", "one,two,three"},
		{"{/count}", "/one,two,three"},
		{"{/count*}", "/one/two/three"},
		{"{;count}", ";count=one,two,three"},
		{"{;count*}", ";count=one;count=two;count=three"},
		{"{?count}", "?count=one,two,three"},
		{"{?count*}", "?count=one&count=two&count=three"},
		{"{&count*}", "&count=one&count=two&count=three"},
		// 3.2.2, simple string expansion.
		{"{half}", "50%25"},
		{"O{empty}X", "OX"},
		{"O{undef}X", "OX"},
		{"?{x,empty}", "?1024,"},
		{"?{x,undef}", "?1024"},
		{"?{undef,y}", "?768"},
		// 3.2.3, reserved expansion.
		{"{+half}", "50%25"},
		{"{base}index", "http%3A%2F%2Fexample.com%2Fhome%2Findex"},
		{"{+base}index", "http://example.com/home/index"},
		{"O{+empty}X", "OX"},
		{"O{+undef}X", "OX"},
		{"up{+path}{var}/here", "up/foo/barvalue/here"},
		// 3.2.4, fragment expansion.
		{"{#var}", "#value"},
		{"{#hello}", "#Hello%20World!"},
		{"{#half}", "#50%25"},
		{"foo{#empty}", "foo#"},
		{"foo{#undef}", "foo"},
		// 3.2.5, label expansion.
		{"{.who}", ".fred"},
		{"{.who,who}", ".fred.fred"},
		{"{.half,who}", ".50%25.fred"},
		{"www{.dom*}", "www.example.com"},
		{"X{.empty}", "X."},
		{"X{.undef}", "X"},
		{"X{.empty_keys}", "X"},
		{"X{.empty_keys*}", "X"},
		// 3.2.6, path segment expansion.
		{"{/who}", "/fred"},
		{"{/who,who}", "/fred/fred"},
		{"{/half,who}", "/50%25/fred"},
		{"{/who,dub}", "/fred/me%2Ftoo"},
		{"{/var,empty}", "/value/"},
		{"{/var,undef}", "/value"},
		// 3.2.7, path-style parameter expansion.
		{"{;who}", ";who=fred"},
		{"{;half}", ";half=50%25"},
		{"{;empty}", ";empty"},
		{"{;v,empty,who}", ";v=6;empty;who=fred"},
		{"{;v,bar,who}", ";v=6;who=fred"},
		{"{;x,y,undef}", ";x=1024;y=768"},
		// 3.2.8, form-style query expansion.
		{"{?who}", "?who=fred"},
		{"{?half}", "?half=50%25"},
		{"{?x,y,undef}", "?x=1024&y=768"},
		// 3.2.9, form-style query continuation.
		{"{&who}", "&who=fred"},
		{"{&half}", "&half=50%25"},
	}
	for _, tt := range tests {
		got, err := protocol.ExpandTemplate(tt.template, rfc6570Vars)
		if err != nil {
			t.Errorf("ExpandTemplate(%q): %v", tt.template, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ExpandTemplate(%q) = %q, want %q", tt.template, got, tt.want)
		}
	}
}

func TestExpandTemplateMapAndErrors(t *testing.T) {
	got, err := protocol.ExpandTemplate("/subjects{?params*}", protocol.Vars{
		"params": map[string]string{"deleted": "true", "subjectPrefix": "a b", "defaultToGlobal": "false"},
	})
	if want := "/subjects?defaultToGlobal=false&deleted=true&subjectPrefix=a%20b"; err != nil || got != want {
		t.Errorf("map in key order: got (%q, %v), want %q", got, err, want)
	}
	got, err = protocol.ExpandTemplate("/subjects/{subject}/versions/{version}", protocol.Vars{"subject": "a/b c", "version": "latest"})
	if want := "/subjects/a%2Fb%20c/versions/latest"; err != nil || got != want {
		t.Errorf("path segment escaping: got (%q, %v), want %q", got, err, want)
	}

	for _, tt := range []struct {
		desc     string
		template string
		vars     protocol.Vars
		wantIn   string // the error mentions this
	}{
		{"unclosed expression", "/a/{b", nil, `"/a/{b"`},
		{"bad operator", "/a/{!b}", nil, `"/a/{!b}"`},
		{"bad prefix", "{var:0}", protocol.Vars{"var": "x"}, `"{var:0}"`},
		{"unsupported type", "/a/{n}", protocol.Vars{"n": 42}, `variable "n" has unsupported type int`},
		{"nil value", "/a/{n}", protocol.Vars{"n": nil}, `variable "n" has unsupported type <nil>`},
	} {
		_, err := protocol.ExpandTemplate(tt.template, tt.vars)
		if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
			t.Errorf("%s: err = %v, want one mentioning %s", tt.desc, err, tt.wantIn)
		}
	}
}

// FuzzExpandTemplate checks that no template or value makes ExpandTemplate
// panic.
func FuzzExpandTemplate(f *testing.F) {
	for _, s := range []string{"{var}", "{+path:6}/here", "{/list*,path:4}", "{?keys*}", "X{.empty_keys*}", "{", "}", "{var:}", "{var:99999999999}", "{%zz}", "{a,b,c}{&d*}"} {
		f.Add(s, "value", "a,b")
	}
	f.Add("{var}", "0\xff", "0") // invalid UTF-8 once came back with a partial URL
	f.Fuzz(func(t *testing.T, template, value, list string) {
		vars := protocol.Vars{
			"var":        value,
			"path":       value,
			"list":       strings.Split(list, ","),
			"keys":       [][2]string{{value, list}, {list, value}},
			"params":     map[string]string{value: list},
			"empty":      "",
			"empty_keys": [][2]string{},
		}
		out, err := protocol.ExpandTemplate(template, vars)
		if err != nil && out != "" {
			t.Fatalf("ExpandTemplate(%q) returned both %q and %v", template, out, err)
		}
	})
}

func TestResolveURL(t *testing.T) {
	tests := []struct{ base, path, want string }{
		{"https://sr.example", "/subjects", "https://sr.example/subjects"},
		{"https://sr.example/", "/subjects", "https://sr.example/subjects"},
		{"https://sr.example", "subjects", "https://sr.example/subjects"},
		{"https://sr.example/", "subjects", "https://sr.example/subjects"},
		{"https://sr.example///", "subjects", "https://sr.example/subjects"},
		{"https://sr.example/api/v1", "/subjects/a", "https://sr.example/api/v1/subjects/a"},
		{"https://sr.example/api/v1/", "subjects/a?x=1", "https://sr.example/api/v1/subjects/a?x=1"},
		{"https://sr.example/", "", "https://sr.example"},
		{"https://sr.example", "https://other.example/x", "https://other.example/x"},
		{"https://sr.example", "http://other.example:8081/x?y=1", "http://other.example:8081/x?y=1"},
		{"https://sr.example", "/redirect?to=https://other.example", "https://sr.example/redirect?to=https://other.example"},
		{"https://sr.example", "a/b://c", "https://sr.example/a/b://c"},
		{"https://sr.example", "://x", "https://sr.example/://x"},
	}
	for _, tt := range tests {
		if got := protocol.ResolveURL(tt.base, tt.path); got != tt.want {
			t.Errorf("ResolveURL(%q, %q) = %q, want %q", tt.base, tt.path, got, tt.want)
		}
	}
}

func TestExpandTemplateInvalidUTF8(t *testing.T) {
	got, err := protocol.ExpandTemplate("/subjects/{subject}", protocol.Vars{"subject": "a\xff"})
	if err == nil || got != "" || !strings.Contains(err.Error(), `"/subjects/{subject}"`) {
		t.Errorf("got (%q, %v), want no URL and an error naming the template", got, err)
	}
}
