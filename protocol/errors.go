package protocol

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Class sorts an error status the way kafkit does: redirection (3xx), bad
// request (4xx: the request is wrong, unauthenticated or unauthorised) and
// server (5xx: something is wrong with the server itself).
type Class int

const (
	ClassNone        Class = iota // not an HTTP error status
	ClassRedirection              // 3xx
	ClassBadRequest               // 4xx
	ClassServer                   // 5xx
)

// ClassOf returns the class of an HTTP status.
func ClassOf(status int) Class {
	switch {
	case status >= 300 && status < 400:
		return ClassRedirection
	case status >= 400 && status < 500:
		return ClassBadRequest
	case status >= 500 && status < 600:
		return ClassServer
	}
	return ClassNone
}

// Sentinels for the three classes; an *APIError matches its class with
// errors.Is.
var (
	ErrRedirection = errors.New("redirection")
	ErrBadRequest  = errors.New("bad request")
	ErrServer      = errors.New("server error")
)

func (c Class) sentinel() error {
	switch c {
	case ClassRedirection:
		return ErrRedirection
	case ClassBadRequest:
		return ErrBadRequest
	case ClassServer:
		return ErrServer
	}
	return nil
}

func (c Class) String() string {
	if s := c.sentinel(); s != nil {
		return s.Error()
	}
	return "none"
}

// APIError is the one envelope for an error answer of any API. Match it with
// errors.As; match its class (ErrBadRequest, ...) or its API's code sentinel
// (confluent.ErrSubjectNotFound, ...) with errors.Is.
type APIError struct {
	API       string // "confluent", "glue", ...
	Status    int    // HTTP status
	Code      string // the service's own error code, "" when it sent none
	Message   string // the service's message, or a summary of an unparsable body
	RequestID string // the service's request id, when it sends one
	Retryable bool   // whether the same request may succeed if sent again
	// Sentinel is the API's error for Code, if it has one; errors.Is sees it.
	Sentinel error
}

// Class returns the status class.
func (e *APIError) Class() Class { return ClassOf(e.Status) }

func (e *APIError) Error() string {
	b := make([]byte, 0, 64+len(e.Message))
	b = append(b, e.API...)
	b = append(b, ": HTTP "...)
	b = strconv.AppendInt(b, int64(e.Status), 10)
	if e.Code != "" {
		b = append(b, " code "...)
		b = append(b, e.Code...)
	}
	if e.Message != "" {
		b = append(b, ": "...)
		b = append(b, e.Message...)
	}
	if e.RequestID != "" {
		b = append(b, " (request id "...)
		b = append(b, e.RequestID...)
		b = append(b, ')')
	}
	return string(b)
}

// Unwrap exposes the code sentinel and the class sentinel to errors.Is.
func (e *APIError) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Sentinel != nil {
		errs = append(errs, e.Sentinel)
	}
	if s := e.Class().sentinel(); s != nil {
		errs = append(errs, s)
	}
	return errs
}

// TransportError is a failure to exchange a request and a complete response
// with the server: refused or reset connections, TLS failures, timeouts,
// truncated responses. URL is redacted.
type TransportError struct {
	Method string
	URL    string
	Err    error
}

func (e *TransportError) Error() string {
	return "transport: " + e.Method + " " + e.URL + ": " + e.Err.Error()
}

func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the underlying error was a timeout.
func (e *TransportError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.Err, &t) && t.Timeout()
}

// NewTransportError wraps err for req, redacting the URL.
func NewTransportError(req *Request, err error) *TransportError {
	return &TransportError{Method: req.Method, URL: RedactURL(req.URL), Err: err}
}

// BodyTooLargeError reports a response body longer than the driver's limit.
// The body is not kept.
type BodyTooLargeError struct {
	Limit int64
}

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("response body exceeds the limit of %d bytes", e.Limit)
}

// MalformedError reports a response that does not have the shape the
// operation expects: invalid or truncated JSON, a missing field, a wrong
// content type. Snippet holds the start of the body for diagnosis.
type MalformedError struct {
	API     string
	Op      string
	Status  int
	Reason  string
	Snippet string
	Err     error
}

func (e *MalformedError) Error() string {
	s := e.API + ": " + e.Op + ": malformed response (HTTP " + strconv.Itoa(e.Status) + "): " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *MalformedError) Unwrap() error { return e.Err }

// Snippet returns at most the first 256 bytes of body as text, for error
// messages. A cut never splits a UTF-8 sequence, so a snippet of valid text
// stays valid text.
func Snippet(body []byte) string {
	const max = 256
	if len(body) <= max {
		return string(body)
	}
	cut := max
	// Back up over at most three continuation bytes to the start of the
	// sequence the cut falls in; invalid input may have more, cut anyway.
	for i := max; i > max-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(body[i]) {
			cut = i
			break
		}
	}
	return string(body[:cut]) + "…"
}

// IsRetryable reports whether err says the request may succeed if sent
// again: a transport error, or an *APIError marked retryable.
func IsRetryable(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return true
	}
	var ae *APIError
	return errors.As(err, &ae) && ae.Retryable
}
