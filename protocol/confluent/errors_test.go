package confluent

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/unwired-go/unwired/protocol"
)

func TestParseErrorCodes(t *testing.T) {
	tests := []struct {
		code     int
		status   int
		sentinel error
	}{
		{40401, 404, ErrSubjectNotFound},
		{40402, 404, ErrVersionNotFound},
		{40403, 404, ErrSchemaNotFound},
		{40404, 404, ErrSubjectSoftDeleted},
		{40405, 404, ErrSubjectNotSoftDeleted},
		{40406, 404, ErrSchemaVersionSoftDeleted},
		{40407, 404, ErrSchemaVersionNotSoftDeleted},
		{40408, 404, ErrSubjectLevelCompatibilityNotConfigured},
		{40409, 404, ErrSubjectLevelModeNotConfigured},
		{409, 409, ErrIncompatibleSchema},
		{40901, 409, ErrIncompatibleSchema},
		{42201, 422, ErrInvalidSchema},
		{42202, 422, ErrInvalidVersion},
		{42203, 422, ErrInvalidCompatibilityLevel},
		{42204, 422, ErrInvalidMode},
		{42205, 422, ErrOperationNotPermitted},
		{42206, 422, ErrReferenceExists},
		{42207, 422, ErrIDDoesNotMatch},
		{42208, 422, ErrInvalidSubject},
		{42209, 422, ErrSchemaTooLarge},
		{42210, 422, ErrInvalidRuleSet},
		{42211, 422, ErrContextNotEmpty},
		{42212, 422, ErrInvalidAssociation},
		{50001, 500, ErrStore},
		{50002, 500, ErrOperationTimeout},
		{50003, 500, ErrRequestForwarding},
		{50004, 500, ErrUnknownLeader},
		{42205, 400, ErrOperationNotPermitted}, // AxonOps answers 400 for the __GLOBAL context
	}
	allSentinels := map[error]bool{}
	for _, s := range sentinels {
		allSentinels[s] = true
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code, "/", tt.status), func(t *testing.T) {
			msg := fmt.Sprintf("message for %d", tt.code)
			err := ParseError(response(tt.status, fmt.Sprintf(`{"error_code":%d,"message":%q}`, tt.code, msg)))
			var ae *protocol.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %#v, want *protocol.APIError", err)
			}
			wantErr := &protocol.APIError{API: "confluent", Status: tt.status, Code: fmt.Sprint(tt.code), Message: msg,
				Retryable: tt.status >= 500, Sentinel: tt.sentinel}
			if d := cmp.Diff(*wantErr, *ae, cmpopts.EquateErrors()); d != "" {
				t.Errorf("APIError (-want +got):\n%s", d)
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(err, %v) = false", tt.sentinel)
			}
			for s := range allSentinels {
				if s != tt.sentinel && errors.Is(err, s) {
					t.Errorf("err also matches %v", s)
				}
			}
			class := protocol.ErrBadRequest
			if tt.status >= 500 {
				class = protocol.ErrServer
			}
			if !errors.Is(err, class) {
				t.Errorf("errors.Is(err, %v) = false", class)
			}
			if got := IsNotFound(err); got != (tt.code >= 40401 && tt.code <= 40403) {
				t.Errorf("IsNotFound = %v", got)
			}
		})
	}
}

func TestParseErrorBodies(t *testing.T) {
	tests := []struct {
		name   string
		resp   *protocol.Response
		want   *protocol.APIError
		class  error
		target error // a sentinel the error must match, if any
	}{
		{"html-502", response(502, "<!DOCTYPE html>\n<html><head><title>502 Bad\n Gateway</title></head><body>nginx</body></html>"),
			&protocol.APIError{API: API, Status: 502, Message: "HTML response: 502 Bad Gateway", Retryable: true}, protocol.ErrServer, nil},
		{"html-no-title", response(503, "<html><body>down   for\tmaintenance</body></html>"),
			&protocol.APIError{API: API, Status: 503, Message: "HTML response: <html><body>down for maintenance</body></html>", Retryable: true}, protocol.ErrServer, nil},
		{"html-uppercase", response(404, "<HTML><TITLE>Not Found</TITLE></HTML>"),
			&protocol.APIError{API: API, Status: 404, Message: "HTML response: Not Found"}, protocol.ErrBadRequest, nil},
		{"empty-500", response(500, ""),
			&protocol.APIError{API: API, Status: 500, Message: "empty response body", Retryable: true}, protocol.ErrServer, nil},
		{"blank-500", response(500, " \r\n"),
			&protocol.APIError{API: API, Status: 500, Message: "empty response body", Retryable: true}, protocol.ErrServer, nil},
		{"text-401", response(401, "Unauthorized\n"),
			&protocol.APIError{API: API, Status: 401, Message: "unexpected response body: Unauthorized"}, protocol.ErrBadRequest, nil},
		{"json-no-code", response(400, `{"error":"bad things"}`),
			&protocol.APIError{API: API, Status: 400, Message: `unexpected response body: {"error":"bad things"}`}, protocol.ErrBadRequest, nil},
		{"json-message-only", response(403, `{"message":"denied"}`),
			&protocol.APIError{API: API, Status: 403, Message: "denied"}, protocol.ErrBadRequest, nil},
		{"code-as-string", response(404, `{"error_code":"40403","message":"Schema 7 not found"}`),
			&protocol.APIError{API: API, Status: 404, Code: "40403", Message: "Schema 7 not found", Sentinel: ErrSchemaNotFound}, protocol.ErrBadRequest, ErrSchemaNotFound},
		{"unknown-code", response(404, `{"error_code":404,"message":"HTTP 404 Not Found"}`),
			&protocol.APIError{API: API, Status: 404, Code: "404", Message: "HTTP 404 Not Found"}, protocol.ErrBadRequest, nil},
		{"zero-code", response(500, `{"error_code":0,"message":"x"}`),
			&protocol.APIError{API: API, Status: 500, Message: "x", Retryable: true}, protocol.ErrServer, nil},
		{"fractional-code", response(404, `{"error_code":40401.5,"message":"x"}`),
			&protocol.APIError{API: API, Status: 404, Message: "x"}, protocol.ErrBadRequest, nil},
		{"message-not-string", response(422, `{"error_code":42201,"message":{"detail":"x"}}`),
			&protocol.APIError{API: API, Status: 422, Code: "42201", Message: `{"detail":"x"}`, Sentinel: ErrInvalidSchema}, protocol.ErrBadRequest, ErrInvalidSchema},
		{"code-no-message", response(409, `{"error_code":409}`),
			&protocol.APIError{API: API, Status: 409, Code: "409", Message: `unexpected response body: {"error_code":409}`, Sentinel: ErrIncompatibleSchema}, protocol.ErrBadRequest, ErrIncompatibleSchema},
		{"truncated-json", response(500, `{"error_code":50001,"mess`),
			&protocol.APIError{API: API, Status: 500, Message: `unexpected response body: {"error_code":50001,"mess`, Retryable: true}, protocol.ErrServer, nil},
		{"redirect", response(307, ``),
			&protocol.APIError{API: API, Status: 307, Message: "empty response body"}, protocol.ErrRedirection, nil},
		{"throttled", response(429, `{"error_code":429,"message":"Rate limit exceeded"}`),
			&protocol.APIError{API: API, Status: 429, Code: "429", Message: "Rate limit exceeded", Retryable: true}, protocol.ErrBadRequest, nil},
		{"request-id", &protocol.Response{Status: 500, Header: protocol.Header{{Name: "x-request-id", Value: "r-1"}}, Body: []byte(`{"error_code":50001,"message":"Store error"}`)},
			&protocol.APIError{API: API, Status: 500, Code: "50001", Message: "Store error", RequestID: "r-1", Retryable: true, Sentinel: ErrStore}, protocol.ErrServer, ErrStore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ParseError(tt.resp)
			var ae *protocol.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %#v, want *protocol.APIError", err)
			}
			if d := cmp.Diff(*tt.want, *ae, cmpopts.EquateErrors()); d != "" {
				t.Errorf("APIError (-want +got):\n%s", d)
			}
			if !errors.Is(err, tt.class) {
				t.Errorf("errors.Is(err, %v) = false", tt.class)
			}
			if tt.target != nil && !errors.Is(err, tt.target) {
				t.Errorf("errors.Is(err, %v) = false", tt.target)
			}
		})
	}
}

func TestParseErrorOK(t *testing.T) {
	for _, status := range []int{200, 201, 204, 299} {
		if err := ParseError(response(status, `{"error_code":40401}`)); err != nil {
			t.Errorf("ParseError(%d) = %v, want nil", status, err)
		}
	}
}

func TestParseErrorLongBody(t *testing.T) {
	body := "<html><title>" + strings.Repeat("x", 1000) + "</title></html>"
	err := ParseError(response(502, body))
	if n := len(err.Error()); n > 400 {
		t.Errorf("error string is %d bytes long, want a summary", n)
	}
	// Non-ASCII case folding must not shift indexes (bytes.ToLower would).
	err = ParseError(response(502, "\u0130\u0130<title>İx</title>"))
	var ae *protocol.APIError
	if !errors.As(err, &ae) || ae.Message != "HTML response: İx" {
		t.Errorf("err = %v", err)
	}
}
