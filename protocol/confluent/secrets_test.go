package confluent_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/fault"
	"github.com/unwired-go/unwired/transport/replay"
)

// These tests check that the credentials a client is given never come back
// out of it, in errors, in what fmt prints of it, or in a recorded fixture,
// while the registry does receive them.

// The credentials are distinctive, so that finding any 8 bytes of one in
// an output can only mean it leaked.
const (
	user     = "svc-orders"
	password = "Pw7Qz1xK9vZr4mT8"
	token    = "tk5Hb2Nw8Lq3Vc6Jy1Rd"
)

var (
	basicValue  = "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
	bearerValue = "Bearer " + token
	// baseWithPassword carries a password in its user info, as some
	// deployments configure the registry URL.
	baseWithPassword = "http://" + user + ":" + password + "@registry.test:8081"
)

// leaks returns the pieces of a credential found in s: the password, the
// token, or the encoded basic credentials, whole or any 8 bytes of them.
func leaks(s string) []string {
	var found []string
	for _, secret := range []string{password, token, strings.TrimPrefix(basicValue, "Basic ")} {
		for i := 0; i+8 <= len(secret); i++ {
			if w := secret[i : i+8]; strings.Contains(s, w) {
				found = append(found, w)
				break
			}
		}
	}
	return found
}

// checkNoLeak fails t if what v prints, with each verb, holds a credential.
func checkNoLeak(t *testing.T, what string, v any) {
	t.Helper()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		out := fmt.Sprintf(verb, v)
		if found := leaks(out); found != nil {
			t.Errorf("%s printed with %s holds %q:\n%s", what, verb, found, out)
		}
	}
}

// checkErrorNoLeak checks err and every error it wraps.
func checkErrorNoLeak(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	queue := []error{err}
	for len(queue) > 0 {
		e := queue[0]
		queue = queue[1:]
		checkNoLeak(t, fmt.Sprintf("error %T", e), e)
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			if w := u.Unwrap(); w != nil {
				queue = append(queue, w)
			}
		case interface{ Unwrap() []error }:
			queue = append(queue, u.Unwrap()...)
		}
	}
}

// authSetup is a way of giving a client credentials.
type authSetup struct {
	name   string
	urls   []string
	signer protocol.Signer
	header string // the Authorization the registry must receive
}

var authSetups = []authSetup{
	{"basic", []string{base}, protocol.BasicAuth(user, password), basicValue},
	{"bearer", []string{base}, protocol.BearerToken(token), bearerValue},
	{"password in URL, bearer", []string{baseWithPassword}, protocol.BearerToken(token), bearerValue},
	{"passwords in failover URLs, basic", []string{baseWithPassword, "https://" + user + ":" + password + "@registry-2.test:8443/sr"}, protocol.BasicAuth(user, password), basicValue},
}

func (a authSetup) client(t *testing.T, d protocol.Doer, clk *fakeClock) *confluent.Client {
	t.Helper()
	c, err := confluent.NewClient(d, confluent.URLs(a.urls...), confluent.Auth(a.signer),
		confluent.Clock(clk.Now, clk.Sleep), confluent.Retry(testPolicy))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// secretOps are a GET and a POST with a body.
var secretOps = []struct {
	name string
	call func(context.Context, *confluent.Client) error
}{
	{"GetSchemaByID", func(ctx context.Context, c *confluent.Client) error {
		_, err := c.GetSchemaByID(ctx, 7)
		return err
	}},
	{"RegisterSchema", func(ctx context.Context, c *confluent.Client) error {
		_, err := c.RegisterSchema(ctx, subject, confluent.Schema{Schema: orderSchema})
		return err
	}},
}

// TestSecretsNotInErrors runs every kind of failure with every way of
// passing credentials, and checks that the error, whatever wraps it and
// the client print no credential, and that every attempt carried the
// right Authorization.
func TestSecretsNotInErrors(t *testing.T) {
	jsonType := protocol.Header{{Name: "Content-Type", Value: confluent.ContentType}}
	// Bursts outlast the attempts, failover included.
	failures := []struct {
		name   string
		script []fault.Fault
	}{
		{"401", []fault.Fault{fault.Respond(401, jsonType, `{"error_code":401,"message":"Unauthorized"}`)}},
		{"403", []fault.Fault{fault.Respond(403, jsonType, `{"error_code":40301,"message":"User is denied operation Read on Subject: orders-value"}`)}},
		{"401 HTML from a proxy", []fault.Fault{fault.Respond(401, protocol.Header{{Name: "WWW-Authenticate", Value: `Basic realm="registry"`}}, "<html><title>401 Authorization Required</title></html>")}},
		{"500", []fault.Fault{storeFailure().Times(16)}},
		{"HTML 502", []fault.Fault{fault.BadGatewayHTML().Times(16)}},
		{"503", []fault.Fault{fault.Unavailable().Times(16)}},
		{"429", []fault.Fault{fault.TooManyRequests("1").Times(16)}},
		{"reset", []fault.Fault{fault.Reset().Times(16)}},
		{"timeout", []fault.Fault{fault.Timeout().Times(16)}},
		{"reset after send", []fault.Fault{fault.ResetAfterSend().Times(16)}},
		{"truncated JSON", []fault.Fault{fault.TruncatedJSON()}},
		{"body cut short", []fault.Fault{fault.Truncate(5)}},
		{"body too large", []fault.Fault{fault.BodyTooLarge(1 << 10)}},
		{"not found", []fault.Fault{fault.Respond(404, jsonType, `{"error_code":40401,"message":"Subject 'orders-value' not found."}`)}},
	}
	for _, a := range authSetups {
		for _, op := range secretOps {
			for _, f := range failures {
				t.Run(a.name+"/"+op.name+"/"+f.name, func(t *testing.T) {
					reg := newRegistry()
					d := fault.New(reg, f.script...)
					c := a.client(t, d, newFakeClock())
					err := op.call(context.Background(), c)
					checkErrorNoLeak(t, err)
					checkNoLeak(t, "the client", c)
					if d.Count() == 0 {
						t.Fatal("no request sent")
					}
					for i, req := range d.Requests() {
						if got := req.Header.Values("Authorization"); !cmp.Equal(got, []string{a.header}) {
							t.Errorf("attempt %d sent Authorization %q, want [%q]", i+1, got, a.header)
						}
					}
					for i, req := range reg.received() {
						if got := req.Header.Get("Authorization"); got != a.header {
							t.Errorf("the registry received Authorization %q on request %d, want %q", got, i+1, a.header)
						}
					}
				})
			}
		}
	}
}

// TestSecretsNotInCanceledCall covers the one error the client does not
// make itself: the context's.
func TestSecretsNotInCanceledCall(t *testing.T) {
	for _, a := range authSetups {
		t.Run(a.name, func(t *testing.T) {
			d := fault.New(newRegistry(), fault.Hang())
			c := a.client(t, d, newFakeClock())
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err := c.FetchSchemaByID(ctx, 7, confluent.GetSchemaByIDOptions{})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v", err)
			}
			checkErrorNoLeak(t, err)
		})
	}
}

// TestSecretsTransportErrorURL checks that credentials in a base URL leave
// the URL: they are sent as a basic-auth header, so neither a transport
// error nor the request URL carries them.
func TestSecretsTransportErrorURL(t *testing.T) {
	d := fault.New(newRegistry(), fault.Reset().Times(4))
	clk := newFakeClock()
	c, err := confluent.NewClient(d, confluent.URLs(baseWithPassword),
		confluent.Clock(clk.Now, clk.Sleep))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetSchemaByID(context.Background(), 7)
	var te *protocol.TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a *protocol.TransportError", err)
	}
	if want := "http://registry.test:8081/schemas/ids/7"; te.URL != want {
		t.Errorf("URL = %q, want %q", te.URL, want)
	}
	checkErrorNoLeak(t, err)
	sent := d.Requests()[0]
	if sent.URL != "http://registry.test:8081/schemas/ids/7" {
		t.Errorf("sent to %q", sent.URL)
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
	if got := sent.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization = %q, want basic credentials from the URL", got)
	}
}

// TestSecretsNotInInvalidBaseURL checks that NewClient's error for a bad
// base URL holding credentials shows the URL redacted.
func TestSecretsNotInInvalidBaseURL(t *testing.T) {
	pw := password
	// Named by what is wrong: a name holding the password would print it.
	urls := []struct{ name, url string }{
		{"not http", "ftp://" + user + ":" + pw + "@registry.test"},
		{"query", "http://" + user + ":" + pw + "@registry.test:8081/?x=1"},
		{"fragment", "http://" + user + ":" + pw + "@registry.test:8081/#frag"},
		{"no host", "http://" + user + ":" + pw + "@"},
		{"token in query", "http://" + user + ":" + pw + "@registry.test:8081?token=" + token},
		{"space in user info", "http://" + user + ":" + pw + " @registry.test:8081"},
		{"bad escape in path", "http://" + user + ":" + pw + "@registry.test:8081/%zz"},
		{"bad escape in password", "http://" + user + ":" + pw + "%zz@registry.test:8081"},
		{"no scheme", "://" + user + ":" + pw + "@registry.test"},
		{"scheme forgotten", user + ":" + pw + "@registry.test:8081"},
		{"no slashes", "http:" + user + ":" + pw + "@registry.test:8081"},
		{"one slash", "http:/" + user + ":" + pw + "@registry.test:8081"},
		{"unescaped slash in password", "http://" + user + ":" + pw[:4] + "/" + pw[4:] + "@registry.test:8081"},
		{"slash, at and question mark in password", "http://" + user + ":" + pw[:4] + "@x/" + pw[4:10] + "?" + pw[10:] + "@registry"},
		{"token as user, query", "http://" + token + "@registry.test:8081?x"},
		{"access_token in query", "http://registry.test:8081/?access_token=" + token},
	}
	for _, tt := range urls {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.url
			c, err := confluent.NewClient(newRegistry(), confluent.URLs(base, u), confluent.Auth(protocol.BearerToken(token)))
			if !errors.Is(err, confluent.ErrInvalidArgument) {
				t.Fatalf("NewClient = %v, %v; want ErrInvalidArgument", c, err)
			}
			checkErrorNoLeak(t, err)
		})
	}
}

// TestSecretsNotInArgumentErrors checks the errors a client returns for
// bad arguments, before sending anything.
func TestSecretsNotInArgumentErrors(t *testing.T) {
	d := fault.New(newRegistry())
	c := authSetups[3].client(t, d, newFakeClock())
	ctx := context.Background()
	calls := []struct {
		name string
		call func() error
	}{
		{"GetSchemaBySubject no subject", func() error { _, err := c.GetSchemaBySubject(ctx, "", 1); return err }},
		{"GetSchemaBySubject version 0", func() error { _, err := c.GetSchemaBySubject(ctx, subject, 0); return err }},
		{"GetSchemaByGUID no guid", func() error { _, err := c.GetSchemaByGUID(ctx, ""); return err }},
		{"RegisterSchema no subject", func() error {
			_, err := c.RegisterSchema(ctx, "", confluent.Schema{Schema: `syntax = "proto3";`, SchemaType: confluent.Protobuf})
			return err
		}},
		{"RegisterSchema no Avro name", func() error { _, err := c.RegisterSchema(ctx, "", confluent.Schema{Schema: "{"}); return err }},
		{"LookupSchema no subject", func() error { _, err := c.LookupSchema(ctx, "", confluent.Schema{Schema: orderSchema}); return err }},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			checkErrorNoLeak(t, tt.call())
		})
	}
	if d.Count() != 0 {
		t.Errorf("%d requests sent for bad arguments", d.Count())
	}
}

// TestSecretsNotInFixture records a session with credentials and checks
// that the fixture holds none, though the registry received them.
func TestSecretsNotInFixture(t *testing.T) {
	for _, a := range authSetups {
		t.Run(a.name, func(t *testing.T) {
			reg := newRegistry()
			// The recorder sits where a driver would; a 401 from the
			// registry is recorded like any answer.
			rec := replay.NewRecorder(fault.New(reg,
				fault.Pass(), fault.Pass(), fault.Pass(),
				fault.Respond(401, protocol.Header{{Name: "WWW-Authenticate", Value: `Bearer realm="registry"`}}, `{"error_code":401,"message":"Unauthorized"}`)))
			c := a.client(t, rec, newFakeClock())
			ctx := context.Background()
			if _, err := c.GetSchemaByID(ctx, 7); err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetSchemaByID(ctx, 9); !errors.Is(err, confluent.ErrSchemaNotFound) {
				t.Fatalf("GetSchemaByID(9) = %v", err)
			}
			if _, err := c.RegisterSchema(ctx, subject, confluent.Schema{Schema: orderSchema}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.FetchSchemaByID(ctx, 7, confluent.GetSchemaByIDOptions{}); err == nil {
				t.Fatal("no 401")
			}
			// A careless caller passes the credentials in the call too.
			call := fmt.Sprintf(`{"op":"GetSchemaByID","id":7,"auth":{"username":%q,"password":%q,"token":%q}}`, user, password, token)
			f := rec.Fixture("recorded by TestSecretsNotInFixture over a fake registry", []byte(call), []byte(`{"schema":"ok"}`))
			out := string(f.Marshal())
			if found := leaks(out); found != nil {
				t.Errorf("fixture holds %q:\n%s", found, out)
			}
			checkNoLeak(t, "the fixture", f)
			if n := strings.Count(out, "Authorization: "+protocol.Redacted); n != 4 {
				t.Errorf("fixture has %d redacted Authorization fields, want 4:\n%s", n, out)
			}
			if _, err := replay.ParseFixture([]byte(out)); err != nil {
				t.Errorf("fixture does not parse back: %v\n%s", err, out)
			}
			// Recorded redacted, received in clear.
			got := reg.received()
			if len(got) != 3 {
				t.Fatalf("registry received %d requests, want 3", len(got))
			}
			for i, req := range got {
				if v := req.Header.Get("Authorization"); v != a.header {
					t.Errorf("request %d reached the registry with Authorization %q, want %q", i+1, v, a.header)
				}
			}
		})
	}
}

// TestSecretsNotInClientValue prints a copied Client (not the pointer, so
// its String method is not used): the password in the base URL must not be
// in its fields either.
func TestSecretsNotInClientValue(t *testing.T) {
	c, err := confluent.NewClient(newRegistry(), confluent.URLs(baseWithPassword))
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(c).Elem().Interface()
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		if s := fmt.Sprintf(verb, v); strings.Contains(s, password) {
			t.Errorf("%s of the Client value shows the password: %s", verb, s)
		}
	}
}

func TestNewClientRejectsOddBaseURLs(t *testing.T) {
	for _, raw := range []string{"http://h:8081?", "http://h:8081/a b", "http://h:8081#f", "ftp://h"} {
		if _, err := confluent.NewClient(newRegistry(), confluent.URLs(raw)); !errors.Is(err, confluent.ErrInvalidArgument) {
			t.Errorf("NewClient(%q) = %v, want ErrInvalidArgument", raw, err)
		}
	}
}

// TestSecretsEchoedInErrorBody: a proxy that echoes the Authorization header
// in its error text does not put the credential into the APIError.
func TestSecretsEchoedInErrorBody(t *testing.T) {
	for _, body := range []string{
		`{"error_code":401,"message":"bad credentials: Bearer ` + token + `"}`,
		`<html><title>401 Basic ` + base64.StdEncoding.EncodeToString([]byte(user+":"+password)) + `</title></html>`,
	} {
		err := confluent.ParseError(&protocol.Response{Status: 401, Body: []byte(body)})
		checkErrorNoLeak(t, err)
		if !strings.Contains(err.Error(), "REDACTED") {
			t.Errorf("error %q does not show where the credential was", err)
		}
	}
}

// TestSecretsEchoedInMalformedBody: a 2xx body of the wrong shape that
// echoes the request's credentials keeps them out of the snippet a
// *protocol.MalformedError carries for logging.
func TestSecretsEchoedInMalformedBody(t *testing.T) {
	for _, body := range []string{
		`{"headers":{"Authorization":"` + bearerValue + `"}}`,
		`echo: Authorization: ` + basicValue,
	} {
		_, err := confluent.ParseGetSchemaByID(&protocol.Response{Status: 200, Body: []byte(body)})
		var me *protocol.MalformedError
		if !errors.As(err, &me) {
			t.Fatalf("ParseGetSchemaByID(%q) = %v, want a *protocol.MalformedError", body, err)
		}
		if found := leaks(me.Snippet); found != nil {
			t.Errorf("Snippet %q holds %q", me.Snippet, found)
		}
		if !strings.Contains(me.Snippet, "REDACTED") {
			t.Errorf("Snippet %q does not show where the credential was", me.Snippet)
		}
	}
}
