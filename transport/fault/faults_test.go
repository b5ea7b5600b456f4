package fault_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/fault"
)

// server is the Doer a fault.Doer wraps in these tests: it answers 200 with
// a small JSON body and counts what reached it.
type server struct{ hits []string }

func (s *server) Do(_ context.Context, req *protocol.Request, resp *protocol.Response) error {
	s.hits = append(s.hits, req.Method+" "+req.URL)
	resp.Status = 200
	resp.Header = append(resp.Header, protocol.Field{Name: "Content-Type", Value: "application/json"})
	resp.Body = append(resp.Body, `{"id":1}`...)
	return nil
}

func TestFaults(t *testing.T) {
	type want struct {
		status      int
		header      protocol.Header
		body        string // exact, unless bodyHas is set
		bodyHas     string
		err         string // "transport", "timeout", "too large", "unscripted" or ""
		is          error  // errors.Is must hold, when set
		reachedNext bool
	}
	jsonCT := protocol.Header{{Name: "Content-Type", Value: "application/json"}}
	textCT := protocol.Field{Name: "Content-Type", Value: "text/plain; charset=utf-8"}
	date := fault.HTTPDate(time.Date(2026, 5, 6, 7, 8, 9, 0, time.FixedZone("CEST", 2*3600)))
	tests := []struct {
		desc string
		f    fault.Fault
		want want
	}{
		{"pass", fault.Pass(), want{status: 200, header: jsonCT, body: `{"id":1}`, reachedNext: true}},
		{"reset", fault.Reset(), want{err: "transport", is: syscall.ECONNRESET}},
		{"reset after send", fault.ResetAfterSend(), want{err: "transport", is: syscall.ECONNRESET, reachedNext: true}},
		{"timeout", fault.Timeout(), want{err: "timeout", is: os.ErrDeadlineExceeded}},
		{"body too large", fault.BodyTooLarge(64), want{err: "too large"}},
		{"429 seconds", fault.TooManyRequests("3"), want{status: 429, header: protocol.Header{textCT, {Name: "Retry-After", Value: "3"}}, body: "Too Many Requests\n"}},
		{"429 date", fault.TooManyRequests(date), want{status: 429, header: protocol.Header{textCT, {Name: "Retry-After", Value: "Wed, 06 May 2026 05:08:09 GMT"}}, body: "Too Many Requests\n"}},
		{"429 without Retry-After", fault.TooManyRequests(""), want{status: 429, header: protocol.Header{textCT}, body: "Too Many Requests\n"}},
		{"503", fault.Unavailable(), want{status: 503, header: protocol.Header{textCT}, body: "Service Unavailable\n"}},
		{"502 HTML", fault.BadGatewayHTML(), want{status: 502, header: protocol.Header{{Name: "Content-Type", Value: "text/html"}}, bodyHas: "<h1>502 Bad Gateway</h1>"}},
		{"truncated JSON", fault.TruncatedJSON(), want{status: 200, header: jsonCT, body: `{"subject":"orders-value","version":3,"id":`}},
		{"truncate", fault.Truncate(5), want{status: 200, header: jsonCT, body: `{"id"`, reachedNext: true}},
		{"truncate beyond the body", fault.Truncate(50), want{status: 200, header: jsonCT, body: `{"id":1}`, reachedNext: true}},
		{"respond", fault.Respond(404, protocol.Header{{Name: "X-Request-Id", Value: "r-9"}}, `{"error_code":40401}`),
			want{status: 404, header: protocol.Header{{Name: "X-Request-Id", Value: "r-9"}}, body: `{"error_code":40401}`}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			srv := &server{}
			d := fault.New(srv, tt.f)
			req := &protocol.Request{Method: "GET", URL: "https://u:pw-s3cret@sr.example/x?key=k-s3cret", Idempotent: true}
			// A reused Response: nothing of it may survive.
			resp := &protocol.Response{Status: 418, Header: protocol.Header{{Name: "Old", Value: "1"}}, Body: []byte("old body")}
			err := d.Do(context.Background(), req, resp)

			if got := len(srv.hits) == 1; got != tt.want.reachedNext {
				t.Errorf("reached the wrapped Doer: %v, want %v", got, tt.want.reachedNext)
			}
			if d.Count() != 1 {
				t.Errorf("Count = %d, want 1", d.Count())
			}
			var te *protocol.TransportError
			switch tt.want.err {
			case "":
				if err != nil {
					t.Fatalf("Do = %v", err)
				}
			case "transport", "timeout":
				if !errors.As(err, &te) {
					t.Fatalf("Do = %T %v, want *protocol.TransportError", err, err)
				}
				if te.Timeout() != (tt.want.err == "timeout") {
					t.Errorf("Timeout() = %v", te.Timeout())
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("error text shows a secret: %v", err)
				}
			case "too large":
				var tl *protocol.BodyTooLargeError
				if !errors.As(err, &tl) || tl.Limit != 64 {
					t.Errorf("Do = %v, want *protocol.BodyTooLargeError{64}", err)
				}
			}
			if tt.want.is != nil && !errors.Is(err, tt.want.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.want.is)
			}
			if err != nil {
				if resp.Status != 0 || len(resp.Header) != 0 || len(resp.Body) != 0 {
					t.Errorf("resp not empty after an error: %+v", resp)
				}
				return
			}
			if resp.Status != tt.want.status {
				t.Errorf("status %d, want %d", resp.Status, tt.want.status)
			}
			if diff := cmp.Diff(tt.want.header, resp.Header); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			if tt.want.bodyHas != "" {
				if !strings.Contains(string(resp.Body), tt.want.bodyHas) {
					t.Errorf("body %q lacks %q", resp.Body, tt.want.bodyHas)
				}
			} else if string(resp.Body) != tt.want.body {
				t.Errorf("body %q, want %q", resp.Body, tt.want.body)
			}
		})
	}
}

func TestTruncatedJSONIsInvalid(t *testing.T) {
	resp := &protocol.Response{}
	if err := fault.New(nil, fault.TruncatedJSON()).Do(context.Background(), &protocol.Request{}, resp); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(resp.Body, &v); err == nil {
		t.Errorf("%q is valid JSON", resp.Body)
	}
}

func TestHTTPDateRoundTrip(t *testing.T) {
	want := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	got, ok := protocol.ParseHTTPDate(fault.HTTPDate(want.In(time.FixedZone("X", -5*3600))))
	if !ok || !got.Equal(want) {
		t.Errorf("ParseHTTPDate(HTTPDate(t)) = (%v, %v), want %v", got, ok, want)
	}
}

func TestFaultNames(t *testing.T) {
	for _, tt := range []struct {
		f    fault.Fault
		want string
	}{
		{fault.Pass(), "pass"},
		{fault.Reset(), "connection reset"},
		{fault.Unavailable().Times(3), "status 503"},
		{fault.TooManyRequests("2"), "429 Retry-After 2"},
		{fault.Truncate(7), "truncate to 7 bytes"},
		{fault.Func("mine", nil), "mine"},
	} {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
