package protocol_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/unwired-go/unwired/protocol"
)

func TestClassOf(t *testing.T) {
	tests := []struct {
		status int
		want   protocol.Class
		str    string
	}{
		{0, protocol.ClassNone, "none"},
		{100, protocol.ClassNone, "none"},
		{200, protocol.ClassNone, "none"},
		{299, protocol.ClassNone, "none"},
		{300, protocol.ClassRedirection, "redirection"},
		{304, protocol.ClassRedirection, "redirection"},
		{399, protocol.ClassRedirection, "redirection"},
		{400, protocol.ClassBadRequest, "bad request"},
		{404, protocol.ClassBadRequest, "bad request"},
		{499, protocol.ClassBadRequest, "bad request"},
		{500, protocol.ClassServer, "server error"},
		{599, protocol.ClassServer, "server error"},
		{600, protocol.ClassNone, "none"},
		{-1, protocol.ClassNone, "none"},
	}
	for _, tt := range tests {
		got := protocol.ClassOf(tt.status)
		if got != tt.want {
			t.Errorf("ClassOf(%d) = %v, want %v", tt.status, got, tt.want)
		}
		if got.String() != tt.str {
			t.Errorf("ClassOf(%d).String() = %q, want %q", tt.status, got.String(), tt.str)
		}
	}
}

var errSubjectNotFound = errors.New("subject not found")

func TestAPIErrorIs(t *testing.T) {
	sentinels := []error{protocol.ErrRedirection, protocol.ErrBadRequest, protocol.ErrServer, errSubjectNotFound}
	tests := []struct {
		desc string
		err  *protocol.APIError
		want []error // the sentinels errors.Is must match; the others must not match
	}{
		{"404 with code sentinel", &protocol.APIError{API: "confluent", Status: 404, Code: "40401", Sentinel: errSubjectNotFound},
			[]error{protocol.ErrBadRequest, errSubjectNotFound}},
		{"404 without sentinel", &protocol.APIError{API: "confluent", Status: 404}, []error{protocol.ErrBadRequest}},
		{"503", &protocol.APIError{API: "glue", Status: 503}, []error{protocol.ErrServer}},
		{"301", &protocol.APIError{API: "kinto", Status: 301}, []error{protocol.ErrRedirection}},
		{"200 (no class)", &protocol.APIError{API: "x", Status: 200}, nil},
		{"200 with sentinel", &protocol.APIError{API: "x", Status: 200, Sentinel: errSubjectNotFound}, []error{errSubjectNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			wrapped := fmt.Errorf("get schema: %w", tt.err)
			for _, s := range sentinels {
				want := false
				for _, w := range tt.want {
					want = want || w == s
				}
				for _, err := range []error{tt.err, wrapped} {
					if got := errors.Is(err, s); got != want {
						t.Errorf("errors.Is(%v, %v) = %v, want %v", err, s, got, want)
					}
				}
			}
			var ae *protocol.APIError
			if !errors.As(wrapped, &ae) || ae != tt.err {
				t.Errorf("errors.As through fmt.Errorf: got %v, want %p", ae, tt.err)
			}
			if errors.Is(tt.err, io.EOF) {
				t.Error("APIError matched an unrelated error")
			}
		})
	}
}

func TestAPIErrorError(t *testing.T) {
	tests := []struct {
		err  *protocol.APIError
		want string
	}{
		{&protocol.APIError{API: "confluent", Status: 404, Code: "40401", Message: "Subject 'x' not found.", RequestID: "r-1"},
			"confluent: HTTP 404 code 40401: Subject 'x' not found. (request id r-1)"},
		{&protocol.APIError{API: "confluent", Status: 500}, "confluent: HTTP 500"},
		{&protocol.APIError{API: "glue", Status: 400, Code: "InvalidInputException"}, "glue: HTTP 400 code InvalidInputException"},
		{&protocol.APIError{API: "ams", Status: 429, Message: "slow down"}, "ams: HTTP 429: slow down"},
		{&protocol.APIError{API: "kinto", Status: 503, RequestID: "abc"}, "kinto: HTTP 503 (request id abc)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if got := tt.err.Class(); got != protocol.ClassOf(tt.err.Status) {
			t.Errorf("Class() = %v, want %v", got, protocol.ClassOf(tt.err.Status))
		}
	}
}

// timeoutErr is an error that says whether it is a timeout, like net.Error.
type timeoutErr struct{ timeout bool }

func (e timeoutErr) Error() string   { return fmt.Sprintf("timeout=%v", e.timeout) }
func (e timeoutErr) Timeout() bool   { return e.timeout }
func (e timeoutErr) Temporary() bool { return false }

func TestTransportError(t *testing.T) {
	tests := []struct {
		desc        string
		err         error
		wantTimeout bool
	}{
		{"plain", errors.New("connection refused"), false},
		{"timeout", timeoutErr{true}, true},
		{"not a timeout", timeoutErr{false}, false},
		{"wrapped timeout", fmt.Errorf("read: %w", timeoutErr{true}), true},
		{"deadline exceeded", os.ErrDeadlineExceeded, true},
		{"context deadline", context.DeadlineExceeded, true},
		{"io.ErrUnexpectedEOF", io.ErrUnexpectedEOF, false},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			req := &protocol.Request{Method: "GET", URL: "https://u:hunter2@sr.example/x?key=abc123&a=b"}
			te := protocol.NewTransportError(req, tt.err)
			if te.Timeout() != tt.wantTimeout {
				t.Errorf("Timeout() = %v, want %v", te.Timeout(), tt.wantTimeout)
			}
			if !errors.Is(te, tt.err) {
				t.Errorf("errors.Is(te, %v) = false", tt.err)
			}
			msg := te.Error()
			if strings.Contains(msg, "hunter2") || strings.Contains(msg, "abc123") {
				t.Errorf("Error() leaks a secret: %q", msg)
			}
			want := "transport: GET https://u:REDACTED@sr.example/x?key=REDACTED&a=b: " + tt.err.Error()
			if msg != want {
				t.Errorf("Error() = %q, want %q", msg, want)
			}
			var got *protocol.TransportError
			if !errors.As(fmt.Errorf("call: %w", te), &got) || got != te {
				t.Errorf("errors.As through fmt.Errorf failed")
			}
		})
	}
}

func TestBodyTooLargeError(t *testing.T) {
	err := &protocol.BodyTooLargeError{Limit: 1 << 20}
	if got, want := err.Error(), "response body exceeds the limit of 1048576 bytes"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestMalformedError(t *testing.T) {
	cause := io.ErrUnexpectedEOF
	tests := []struct {
		err  *protocol.MalformedError
		want string
	}{
		{&protocol.MalformedError{API: "confluent", Op: "GetSchemaByID", Status: 200, Reason: "invalid JSON", Snippet: `{"sch`, Err: cause},
			"confluent: GetSchemaByID: malformed response (HTTP 200): invalid JSON: unexpected EOF"},
		{&protocol.MalformedError{API: "glue", Op: "GetSchema", Status: 502, Reason: "content type text/html"},
			"glue: GetSchema: malformed response (HTTP 502): content type text/html"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if got := errors.Is(tt.err, cause); got != (tt.err.Err != nil) {
			t.Errorf("errors.Is(err, cause) = %v", got)
		}
		var me *protocol.MalformedError
		if !errors.As(fmt.Errorf("x: %w", tt.err), &me) || me != tt.err {
			t.Error("errors.As through fmt.Errorf failed")
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("a", 300)
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte("short"), "short"},
		{[]byte(long[:256]), long[:256]},
		{[]byte(long[:257]), long[:256] + "…"},
		{[]byte(long), long[:256] + "…"},
		// A cut inside a multi-byte sequence backs up to its start.
		{[]byte(long[:255] + "é" + long), long[:255] + "…"},
		{[]byte(long[:254] + "😀" + long), long[:254] + "…"},
		{[]byte(long[:256] + "é"), long[:256] + "…"},
		// Continuation bytes without a start: cut at 256 regardless.
		{[]byte(long[:250] + strings.Repeat("\x80", 10)), long[:250] + strings.Repeat("\x80", 6) + "…"},
	}
	for _, tt := range tests {
		if got := protocol.Snippet(tt.in); got != tt.want {
			t.Errorf("Snippet(%d bytes) = %q (len %d), want len %d", len(tt.in), got, len(got), len(tt.want))
		}
	}
}

func TestIsRetryable(t *testing.T) {
	req := &protocol.Request{Method: "GET", URL: "https://sr.example/"}
	tests := []struct {
		desc string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"transport", protocol.NewTransportError(req, io.ErrUnexpectedEOF), true},
		{"wrapped transport", fmt.Errorf("x: %w", protocol.NewTransportError(req, io.EOF)), true},
		{"retryable api", &protocol.APIError{Status: 503, Retryable: true}, true},
		{"wrapped retryable api", fmt.Errorf("x: %w", &protocol.APIError{Status: 429, Retryable: true}), true},
		{"non-retryable api", &protocol.APIError{Status: 404}, false},
		{"malformed", &protocol.MalformedError{API: "x"}, false},
		{"too large", &protocol.BodyTooLargeError{Limit: 1}, false},
		{"canceled", context.Canceled, false},
		{"plain", errors.New("boom"), false},
	}
	for _, tt := range tests {
		if got := protocol.IsRetryable(tt.err); got != tt.want {
			t.Errorf("%s: IsRetryable = %v, want %v", tt.desc, got, tt.want)
		}
	}
}
