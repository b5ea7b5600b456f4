package replay

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
)

// fakeTB records what New and Serve report, so tests can check that a
// mismatch or a leftover fails a test without failing this one.
type fakeTB struct {
	testing.TB // nil: only the methods below may be called
	mu         sync.Mutex
	errs       []string
	cleanups   []func()
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) { f.Errorf(format, args...) }

func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }

func (f *fakeTB) cleanup() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.cleanups = nil
}

func (f *fakeTB) errors() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.errs...)
}

const base = "http://registry:8081"

// registerRequest is a live request that matches 001.request of
// exampleStruct, carrying a real credential and the fields a driver adds.
func registerRequest() *protocol.Request {
	return &protocol.Request{
		Method: "POST", URL: base + "/subjects/orders-value/versions",
		Header: protocol.Header{
			{Name: "content-type", Value: " application/vnd.schemaregistry.v1+json "},
			{Name: "User-Agent", Value: "unwired/test"},
			{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json"},
			{Name: "Authorization", Value: "Basic dXNlcjpzM2NyZXQ="}, // user:s3cret
			{Name: "Content-Length", Value: "23"},
			{Name: "Accept-Encoding", Value: "gzip"},
		},
		Body:       []byte(`{"schema":"\"string\""}`),
		Idempotent: true,
	}
}

func TestDoerServesInOrder(t *testing.T) {
	f := exampleStruct()
	d := NewDoer(f, base)
	ctx := context.Background()

	resp := protocol.Response{Body: make([]byte, 0, 128), Header: make(protocol.Header, 0, 4)}
	if err := d.Do(ctx, registerRequest(), &resp); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.Exchanges[0].Response, resp); diff != "" {
		t.Errorf("response 1 (-want +got):\n%s", diff)
	}
	if err := d.Leftovers(); err == nil {
		t.Error("Leftovers = nil after 1 of 2 exchanges")
	}

	bodyStore, headerStore := &resp.Body[:1][0], &resp.Header[:1][0]
	get := &protocol.Request{Method: "GET", URL: base + "/schemas/ids/1?fetchMaxId=false"}
	if err := d.Do(ctx, get, &resp); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.Exchanges[1].Response, resp); diff != "" {
		t.Errorf("response 2 (-want +got):\n%s", diff)
	}
	if &resp.Body[0] != bodyStore || &resp.Header[0] != headerStore {
		t.Error("Do did not reuse the caller's Body and Header storage")
	}
	resp.Body[0] = 'X' // the caller owns the copy
	if f.Exchanges[1].Response.Body[0] != '{' {
		t.Error("Do handed out the fixture's own body")
	}
	if err := d.Leftovers(); err != nil {
		t.Errorf("Leftovers = %v", err)
	}

	var past *MismatchError
	err := d.Do(ctx, get, &resp)
	if !errors.As(err, &past) || past.Index != 3 || past.Total != 2 || past.Diff != "" {
		t.Fatalf("third request: %v, want a past-the-end *MismatchError", err)
	}
	if want := "replay: request 3 (GET /schemas/ids/1?fetchMaxId=false) is past the end of the fixture, which holds 2 exchanges"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestDoerMatches(t *testing.T) {
	tests := []struct {
		name string
		base string
		edit func(r *protocol.Request)
		opts []Option
	}{
		{"as is", base, func(r *protocol.Request) {}, nil},
		{"any base", "", func(r *protocol.Request) { r.URL = "https://elsewhere/subjects/orders-value/versions" }, nil},
		{"base with slash", base + "/", func(r *protocol.Request) {}, nil},
		{"base with path", base + "/subjects", func(r *protocol.Request) {}, nil},
		{"relative URL", "", func(r *protocol.Request) { r.URL = "/subjects/orders-value/versions" }, nil},
		{"fragment dropped", base, func(r *protocol.Request) { r.URL += "#top" }, nil},
		{"header order and case", base, func(r *protocol.Request) {
			r.Header = protocol.Header{{Name: "AUTHORIZATION", Value: "Bearer t"}, {Name: "CONTENT-TYPE", Value: "application/vnd.schemaregistry.v1+json"}, {Name: "accept", Value: "application/vnd.schemaregistry.v1+json"}}
		}, nil},
		{"volatile headers", base, func(r *protocol.Request) {
			r.Header = append(r.Header, protocol.Field{Name: "Host", Value: "x"}, protocol.Field{Name: "Connection", Value: "close"},
				protocol.Field{Name: "Date", Value: "now"}, protocol.Field{Name: "Transfer-Encoding", Value: "chunked"}, protocol.Field{Name: "Keep-Alive", Value: "1"})
		}, nil},
		{"ignored header", base, func(r *protocol.Request) { r.Header.Add("X-Amz-Date", "20260101T000000Z") }, []Option{IgnoreHeaders("x-amz-date")}},
		{"JSON by value", base, func(r *protocol.Request) { r.Body = []byte(" {\n  \"schema\" : \"\\\"string\\\"\"\n}\n") }, []Option{MatchJSON()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := registerRequest()
			tt.edit(req)
			d := NewDoer(exampleStruct(), tt.base, tt.opts...)
			if err := d.Do(context.Background(), req, new(protocol.Response)); err != nil {
				t.Errorf("Do: %v", err)
			}
		})
	}
}

func TestDoerMismatch(t *testing.T) {
	tests := []struct {
		name string
		base string
		edit func(r *protocol.Request)
		opts []Option
		want []string // in the error
	}{
		{"method", base, func(r *protocol.Request) { r.Method = "PUT" }, nil, []string{`"POST"`, `"PUT"`}},
		{"path", base, func(r *protocol.Request) { r.URL = base + "/subjects/orders-key/versions" }, nil, []string{"orders-key"}},
		{"query", base, func(r *protocol.Request) { r.URL += "?normalize=true" }, nil, []string{"normalize=true"}},
		{"secret query", base, func(r *protocol.Request) { r.URL += "?key=s3cret" }, nil, []string{"?key=REDACTED"}},
		{"body", base, func(r *protocol.Request) { r.Body = []byte(`{"schema":"\"int\""}`) }, nil, []string{`\"int\"`}},
		{"JSON body byte-exact by default", base, func(r *protocol.Request) { r.Body = []byte(`{"schema": "\"string\""}`) }, nil, []string{"Body"}},
		{"JSON by value still compares values", base, func(r *protocol.Request) { r.Body = []byte(`{"schema":"\"int\""}`) }, []Option{MatchJSON()}, []string{`"int"`}},
		{"secret in body", base, func(r *protocol.Request) { r.Body = []byte(`{"schema":"\"string\"","password":"s3cret"}`) }, nil, []string{`"password":"REDACTED"`}},
		{"missing header", base, func(r *protocol.Request) { r.Header.Del("Accept") }, nil, []string{"Accept: application"}},
		{"missing secret header", base, func(r *protocol.Request) { r.Header.Del("Authorization") }, nil, []string{"Authorization: REDACTED"}},
		{"extra header", base, func(r *protocol.Request) { r.Header.Add("X-Extra", "1") }, nil, []string{"X-Extra: 1"}},
		{"repeated header", base, func(r *protocol.Request) { r.Header.Add("Accept", "*/*") }, nil, []string{"Accept: */*"}},
		{"header value", base, func(r *protocol.Request) { r.Header.Set("Accept", "application/json") }, nil, []string{"Accept: application/json"}},
		{"other host", base, func(r *protocol.Request) { r.URL = "http://other:8081/subjects/orders-value/versions" }, nil, []string{"http://other:8081"}},
		{"base boundary", base, func(r *protocol.Request) { r.URL = base + "0/subjects/orders-value/versions" }, nil, []string{"http://registry:80810"}},
		{"user info in URL", base, func(r *protocol.Request) { r.URL = "http://u:s3cret@registry:8081/subjects/orders-value/versions" }, nil, []string{"u:REDACTED@"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := registerRequest()
			tt.edit(req)
			d := NewDoer(exampleStruct(), tt.base, tt.opts...)
			resp := protocol.Response{Status: 7}
			err := d.Do(context.Background(), req, &resp)
			var me *MismatchError
			if !errors.As(err, &me) {
				t.Fatalf("Do = %v, want a *MismatchError", err)
			}
			if me.Index != 1 || me.Total != 2 || me.Diff == "" {
				t.Errorf("Index %d Total %d Diff %q", me.Index, me.Total, me.Diff)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "replay: request 1 ("+req.Method+" ") || !strings.Contains(msg, "does not match 001.request (-fixture +got):\n") {
				t.Errorf("error does not start as expected:\n%s", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error does not contain %q:\n%s", w, msg)
				}
			}
			for _, secret := range []string{"s3cret", "dXNlcjpzM2NyZXQ="} {
				if strings.Contains(msg, secret) {
					t.Errorf("error leaks %q:\n%s", secret, msg)
				}
			}
			if resp.Status != 7 {
				t.Error("a mismatch wrote to the response")
			}
			// The mismatched exchange stays pending.
			var le *LeftoverError
			if err := d.Leftovers(); !errors.As(err, &le) || le.Served != 0 || len(le.Pending) != 2 {
				t.Errorf("Leftovers = %v", err)
			}
		})
	}
}

func TestLeftovers(t *testing.T) {
	d := NewDoer(exampleStruct(), base)
	err := d.Leftovers()
	want := "replay: 2 of 2 exchanges never requested:\n\t001.request POST /subjects/orders-value/versions\n\t002.request GET /schemas/ids/1?fetchMaxId=false"
	if err == nil || err.Error() != want {
		t.Errorf("Leftovers = %v, want %q", err, want)
	}
	if err := NewDoer(&Fixture{Comment: "c"}, "").Leftovers(); err != nil {
		t.Errorf("Leftovers of an empty fixture = %v", err)
	}
}

func TestDoerContext(t *testing.T) {
	d := NewDoer(exampleStruct(), base)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Do(ctx, registerRequest(), new(protocol.Response)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Do = %v, want context.Canceled", err)
	}
	// The cancelled request consumed nothing.
	if err := d.Do(context.Background(), registerRequest(), new(protocol.Response)); err != nil {
		t.Errorf("Do after a cancelled request = %v", err)
	}
}

func TestNewReportsToTest(t *testing.T) {
	tb := &fakeTB{}
	d := New(tb, exampleStruct(), base)
	if err := d.Do(context.Background(), registerRequest(), new(protocol.Response)); err != nil {
		t.Fatal(err)
	}
	if errs := tb.errors(); len(errs) != 0 {
		t.Fatalf("reported %q after a match", errs)
	}
	bad := &protocol.Request{Method: "GET", URL: base + "/schemas/ids/2"}
	if err := d.Do(context.Background(), bad, new(protocol.Response)); err == nil {
		t.Fatal("mismatch not returned")
	}
	tb.cleanup()
	errs := tb.errors()
	if len(errs) != 2 || !strings.Contains(errs[0], "does not match 002.request") || !strings.Contains(errs[1], "1 of 2 exchanges never requested") {
		t.Errorf("reported %q, want the mismatch then the leftover", errs)
	}

	tb = &fakeTB{}
	New(tb, &Fixture{Comment: "c"}, base)
	tb.cleanup()
	if errs := tb.errors(); len(errs) != 0 {
		t.Errorf("reported %q for a fully served fixture", errs)
	}
}

func TestDoerConcurrent(t *testing.T) {
	const n = 16
	f := &Fixture{Comment: "c"}
	for i := range n {
		f.Exchanges = append(f.Exchanges, Exchange{
			Request:  protocol.Request{Method: "GET", URL: "/ping"},
			Response: protocol.Response{Status: 200, Body: fmt.Appendf(nil, "%d", i)},
		})
	}
	d := NewDoer(f, base)
	var wg sync.WaitGroup
	seen := make([]string, n)
	for i := range n {
		wg.Go(func() {
			var resp protocol.Response
			if err := d.Do(context.Background(), &protocol.Request{Method: "GET", URL: base + "/ping"}, &resp); err != nil {
				t.Error(err)
			}
			seen[i] = string(resp.Body)
		})
	}
	wg.Wait()
	if err := d.Leftovers(); err != nil {
		t.Error(err)
	}
	got := map[string]bool{}
	for _, s := range seen {
		got[s] = true
	}
	if len(got) != n {
		t.Errorf("responses %q are not the %d distinct stored ones", seen, n)
	}
}

func TestDiffRequest(t *testing.T) {
	want := &protocol.Request{Method: "GET", URL: "/a?b=1", Header: protocol.Header{{Name: "Accept", Value: "x"}}}
	got := &protocol.Request{Method: "GET", URL: "http://h/a?b=1", Header: protocol.Header{{Name: "accept", Value: "x"}, {Name: "User-Agent", Value: "y"}}}
	if d := DiffRequest(want, got); d != "" {
		t.Errorf("DiffRequest of matching requests:\n%s", d)
	}
	got.URL = "http://h/a?b=2"
	if d := DiffRequest(want, got); !strings.Contains(d, "b=2") {
		t.Errorf("DiffRequest = %q, want a diff naming b=2", d)
	}
}

func TestIsSecretField(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "Password": true, "newPassword": true, "user_passwd": true, "client_secret": true,
		"AccessKeySecret": true, "token": true, "access_token": true, "refreshToken": true, "SecurityToken": true,
		"api_key": true, "apiKey": true, "X-Api-Key": true, "private_key": true, "passphrase": true, "pwd": true,
		"key": false, "Key": false, "nextToken": false, "NextToken": false, "AccessKeyId": false, "schema": false,
		"subject": false, "id": false, "keySchema": false, "tokens_used": false,
	} {
		if got := IsSecretField(name); got != want {
			t.Errorf("IsSecretField(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestRedactJSON(t *testing.T) {
	tests := []struct{ in, want, field string }{
		{`{"a":1}`, `{"a":1}`, ""},
		{`{"password":"REDACTED"}`, `{"password":"REDACTED"}`, ""},
		{` { "password" : "p\"w" , "x" : [ 1 ] } `, ` { "password" : "REDACTED" , "x" : [ 1 ] } `, "password"},
		{`{"a":{"token":12.5e3,"b":null}}`, `{"a":{"token":"REDACTED","b":null}}`, "token"},
		{`{"tokens":1,"apiKey":["k1",{"token":"t"},true,-2]}`, `{"tokens":1,"apiKey":["REDACTED",{"token":"REDACTED"},true,"REDACTED"]}`, "apiKey"},
		{`{"pass\u0077ord":"x"}`, `{"pass\u0077ord":"REDACTED"}`, "password"},
		{`{"secret":{"user":"u","password":"p"}}`, `{"secret":{"user":"u","password":"REDACTED"}}`, "password"},
		{`[{"schema":"{\"name\":\"password\"}"}]`, `[{"schema":"{\"name\":\"password\"}"}]`, ""},
		{`"password"`, `"password"`, ""},
		{`{"password":"x"`, `{"password":"x"`, ""}, // not JSON: left alone
		{`password=x`, `password=x`, ""},
		{`{"password":"x"} x`, `{"password":"x"} x`, ""},
	}
	for _, tt := range tests {
		out, field := redactJSON([]byte(tt.in))
		if string(out) != tt.want || field != tt.field {
			t.Errorf("redactJSON(%s) = %s, %q; want %s, %q", tt.in, out, field, tt.want, tt.field)
		}
	}
}

func BenchmarkDoerDo(b *testing.B) {
	f := &Fixture{Comment: "c"}
	for range b.N {
		f.Exchanges = append(f.Exchanges, exampleStruct().Exchanges[0])
	}
	d := NewDoer(f, base)
	req := registerRequest()
	var resp protocol.Response
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := d.Do(ctx, req, &resp); err != nil {
			b.Fatal(err)
		}
	}
}
