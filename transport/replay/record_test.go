package replay

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
)

// secrets are every credential the recording test sends or receives.
var secrets = []string{
	"bearer-s3cret", "apikey-s3cret", "query-s3cret", "url-s3cret", "body-s3cret",
	"basic-s3cret", "resp-s3cret", "cookie-s3cret", "call-s3cret", "want-s3cret",
}

// fakeRegistry answers like a server would, with the fields a real driver
// reports: framing, Date, a cookie.
func fakeRegistry(_ context.Context, req *protocol.Request, resp *protocol.Response) error {
	if strings.Contains(req.URL, "/down") {
		return protocol.NewTransportError(req, errors.New("connection refused"))
	}
	resp.Status = 200
	resp.Header = append(resp.Header[:0],
		protocol.Field{Name: "X-Request-Id", Value: "r1"},
		protocol.Field{Name: "Date", Value: "Mon, 02 Jan 2006 15:04:05 GMT"},
		protocol.Field{Name: "Content-Type", Value: "application/json"},
		protocol.Field{Name: "Set-Cookie", Value: "session=cookie-s3cret"},
		protocol.Field{Name: "Content-Length", Value: "40"},
		protocol.Field{Name: "Connection", Value: "keep-alive"},
	)
	switch {
	case strings.HasSuffix(req.URL, "/users/me"):
		resp.Body = append(resp.Body[:0], `{"name":"me","token":"resp-s3cret"}`...)
	default:
		resp.Body = append(resp.Body[:0], `{"id":1}`...)
	}
	return nil
}

// recordedRequests are the live requests of the recording test; a fresh
// copy each call, since a signer writes to them.
func recordedRequests() []*protocol.Request {
	return []*protocol.Request{{
		Method: "POST", URL: base + "/subjects/s/versions?normalize=true&key=query-s3cret",
		Header: protocol.Header{
			{Name: "Content-Type", Value: "application/json"},
			{Name: "Authorization", Value: "Bearer bearer-s3cret"},
			{Name: "X-Api-Key", Value: "apikey-s3cret"},
			{Name: "User-Agent", Value: "unwired"},
			{Name: "Host", Value: "registry:8081"},
			{Name: "Content-Length", Value: "44"},
			{Name: "Accept-Encoding", Value: "gzip"},
		},
		Body: []byte(`{"schema":"x","admin":{"password":"body-s3cret"}}`),
	}, {
		Method: "GET", URL: "http://user:url-s3cret@registry:8081/users/me",
	}}
}

func TestRecorder(t *testing.T) {
	rec := NewRecorder(protocol.DoerFunc(fakeRegistry))
	runner := &protocol.Runner{Doer: rec, Signer: protocol.BasicAuth("user", "basic-s3cret")}
	ctx := context.Background()
	var reqs []*protocol.Request
	for i, req := range recordedRequests() {
		if i == 1 { // signed by the runner
			reqs = append(reqs, req)
			if err := runner.Run(ctx, protocol.NewCall(req, func(*protocol.Response) (int, error) { return 0, nil }, protocol.RetryPolicy{})); err != nil {
				t.Fatal(err)
			}
			continue
		}
		reqs = append(reqs, req)
		if err := rec.Do(ctx, req, new(protocol.Response)); err != nil {
			t.Fatal(err)
		}
	}
	down := &protocol.Request{Method: "GET", URL: base + "/down"}
	if err := rec.Do(ctx, down, new(protocol.Response)); err == nil {
		t.Fatal("transport error not passed through")
	}
	if rec.Len() != 2 {
		t.Fatalf("Len = %d, want 2 (a failed request is not recorded)", rec.Len())
	}

	f := rec.Fixture("Recorded from fakeRegistry by TestRecorder\n",
		[]byte(`{"op":"Login","args":{"password":"call-s3cret"}}`+"\n"), []byte(`{"apiKey":"want-s3cret"}`))

	respHeader := protocol.Header{
		{Name: "Content-Type", Value: "application/json"},
		{Name: "Set-Cookie", Value: "REDACTED"},
		{Name: "X-Request-Id", Value: "r1"},
	}
	want := &Fixture{
		Comment: "Recorded from fakeRegistry by TestRecorder",
		Call:    []byte(`{"op":"Login","args":{"password":"REDACTED"}}`),
		Want:    []byte(`{"apiKey":"REDACTED"}`),
		Exchanges: []Exchange{{
			Request: protocol.Request{Method: "POST", URL: "/subjects/s/versions?normalize=true&key=REDACTED",
				Header: protocol.Header{
					{Name: "Content-Type", Value: "application/json"},
					{Name: "Authorization", Value: "REDACTED"},
					{Name: "X-Api-Key", Value: "REDACTED"},
				},
				Body: []byte(`{"schema":"x","admin":{"password":"REDACTED"}}`)},
			Response: protocol.Response{Status: 200, Header: respHeader, Body: []byte(`{"id":1}`)},
		}, {
			Request:  protocol.Request{Method: "GET", URL: "/users/me", Header: protocol.Header{{Name: "Authorization", Value: "REDACTED"}}},
			Response: protocol.Response{Status: 200, Header: respHeader, Body: []byte(`{"name":"me","token":"REDACTED"}`)},
		}},
	}
	if diff := cmp.Diff(want, f, equateFixtures); diff != "" {
		t.Fatalf("Fixture (-want +got):\n%s", diff)
	}
	if err := f.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}

	// No secret anywhere in the file, plain or base64-encoded.
	data := f.Marshal()
	for _, s := range secrets {
		for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s)), base64.StdEncoding.EncodeToString([]byte("user:" + s))} {
			if bytes.Contains(data, []byte(form)) {
				t.Errorf("Marshal output holds %q:\n%s", form, data)
			}
		}
	}
	parsed, err := ParseFixture(data)
	if err != nil {
		t.Fatalf("ParseFixture(Marshal): %v\n%s", err, data)
	}
	if diff := cmp.Diff(f, parsed, equateFixtures); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}

	// The very requests that were recorded, secrets and all, replay (with
	// no base: the second one carries user info).
	d := NewDoer(parsed, "")
	signer := protocol.BasicAuth("user", "basic-s3cret")
	for i, req := range recordedRequests() {
		if i == 1 {
			if err := signer.Sign(req, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		var resp protocol.Response
		if err := d.Do(ctx, req, &resp); err != nil {
			t.Fatalf("replaying request %d: %v", i+1, err)
		}
		if diff := cmp.Diff(parsed.Exchanges[i].Response, resp); diff != "" {
			t.Errorf("replayed response %d (-want +got):\n%s", i+1, diff)
		}
	}
	if err := d.Leftovers(); err != nil {
		t.Error(err)
	}

	// The Fixture is a copy: recording more or resetting leaves it alone.
	rec.Reset()
	if rec.Len() != 0 {
		t.Errorf("Len after Reset = %d", rec.Len())
	}
	if err := rec.Do(ctx, recordedRequests()[0], new(protocol.Response)); err != nil {
		t.Fatal(err)
	}
	if got := rec.Fixture("c", nil, nil); len(got.Exchanges) != 1 || got.Call != nil || got.Want != nil {
		t.Errorf("after Reset and one request: %d exchanges, call %q, want %q", len(got.Exchanges), got.Call, got.Want)
	}
	if diff := cmp.Diff(want.Exchanges, f.Exchanges, equateFixtures); diff != "" {
		t.Errorf("earlier Fixture changed (-want +got):\n%s", diff)
	}
}

// TestRecorderBinary records a body that must be stored base64-encoded.
func TestRecorderBinary(t *testing.T) {
	payload := []byte{0, 0, 0, 0, 1, 0x02, 0x06, 'f', 'o', 'o', 0xff}
	rec := NewRecorder(protocol.DoerFunc(func(_ context.Context, req *protocol.Request, resp *protocol.Response) error {
		resp.Status = 200
		resp.Body = append(resp.Body[:0], req.Body...)
		return nil
	}))
	req := &protocol.Request{Method: "PUT", URL: "http://h/blob", Body: payload}
	if err := rec.Do(context.Background(), req, new(protocol.Response)); err != nil {
		t.Fatal(err)
	}
	data := rec.Fixture("binary", nil, nil).Marshal()
	if !bytes.Contains(data, []byte("Content-Length: 11; base64\n")) {
		t.Errorf("binary body not stored as base64:\n%s", data)
	}
	f, err := ParseFixture(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.Exchanges[0].Request.Body, payload) || !bytes.Equal(f.Exchanges[0].Response.Body, payload) {
		t.Errorf("binary bodies changed: %x, %x", f.Exchanges[0].Request.Body, f.Exchanges[0].Response.Body)
	}
	if err := NewDoer(f, "http://h").Do(context.Background(), req, new(protocol.Response)); err != nil {
		t.Error(err)
	}
}

// TestRecorderRedactsEchoedCredentials: a server that echoes the
// Authorization header in an error body does not put it in the fixture.
func TestRecorderRedactsEchoedCredentials(t *testing.T) {
	const tok = "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"
	srv := protocol.DoerFunc(func(_ context.Context, req *protocol.Request, resp *protocol.Response) error {
		resp.Status = 401
		resp.Body = append(resp.Body[:0], "rejected "+req.Header.Get("Authorization")+"\n"...)
		return nil
	})
	rec := NewRecorder(srv)
	req := &protocol.Request{Method: "GET", URL: "http://h/x"}
	req.Header.Set("Authorization", "Bearer "+tok)
	if err := rec.Do(context.Background(), req, &protocol.Response{}); err != nil {
		t.Fatal(err)
	}
	out := string(rec.Fixture("echo test", nil, nil).Marshal())
	if strings.Contains(out, tok) {
		t.Errorf("fixture keeps the echoed token:\n%s", out)
	}
	if !strings.Contains(out, "rejected Bearer REDACTED") {
		t.Errorf("fixture lost the rest of the body:\n%s", out)
	}
}

// TestRecordedBodyReplays: a request body that recording rewrites (prose
// that reads like a credential after a scheme name, here an Avro doc
// "Basic information") still matches the same live request on replay.
func TestRecordedBodyReplays(t *testing.T) {
	body := `{"schema":"{\"type\":\"record\",\"name\":\"r\",\"doc\":\"Basic information about an order\",\"fields\":[]}"}`
	live := func() *protocol.Request {
		return &protocol.Request{Method: "POST", URL: base + "/subjects/s/versions", Body: []byte(body)}
	}
	rec := NewRecorder(protocol.DoerFunc(fakeRegistry))
	if err := rec.Do(context.Background(), live(), &protocol.Response{}); err != nil {
		t.Fatal(err)
	}
	f, err := ParseFixture(rec.Fixture("recorded by TestRecordedBodyReplays", nil, nil).Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if diff := DiffRequest(&f.Exchanges[0].Request, live()); diff != "" {
		t.Errorf("the recorded request does not match the live one it came from (-fixture +got):\n%s", diff)
	}
	d := NewDoer(f, base)
	if err := d.Do(context.Background(), live(), &protocol.Response{}); err != nil {
		t.Errorf("replay: %v", err)
	}
}
