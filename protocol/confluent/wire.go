package confluent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/unwired-go/unwired/protocol"
)

// Media types of the registry's v1 API. Requests accept the versioned type
// first and plain JSON last, as Confluent's own clients do.
const (
	ContentType = "application/vnd.schemaregistry.v1+json"
	Accept      = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5"
)

// newRequest assembles a request. The header has room for one more field,
// so a Signer adding Authorization does not grow it.
func newRequest(method, url string, body []byte, idempotent bool) *protocol.Request {
	h := make(protocol.Header, 0, 3)
	h = append(h, protocol.Field{Name: "Accept", Value: Accept})
	if body != nil {
		h = append(h, protocol.Field{Name: "Content-Type", Value: ContentType})
	}
	return &protocol.Request{Method: method, URL: url, Header: h, Body: body, Idempotent: idempotent}
}

// get is a GET, idempotent by HTTP.
func get(url string) *protocol.Request { return newRequest("GET", url, nil, true) }

// pathSegment escapes one path segment. Subjects may hold any character:
// '/', '%', ' ', '?' and '#' are escaped; ':' and '.' are not, so a
// context-qualified subject such as ":.ctx:orders" stays readable. A segment
// of only dots is escaped whole, lest a client or proxy resolve it as "." or
// "..".
func pathSegment(s string) string {
	if strings.Trim(s, ".") == "" {
		return strings.Repeat("%2E", len(s))
	}
	return url.PathEscape(s)
}

// subjectPath returns prefix + the escaped subject, or an error for an
// empty subject (the URL would name another resource).
func subjectPath(prefix, subject string) (string, error) {
	if subject == "" {
		return "", fmt.Errorf("%w: empty subject", ErrInvalidArgument)
	}
	return prefix + pathSegment(subject), nil
}

// query accumulates a query string in the order parameters are added, so
// URLs are stable in tests and fixtures.
type query []byte

func (q *query) add(name, value string) {
	if len(*q) == 0 {
		*q = append(*q, '?')
	} else {
		*q = append(*q, '&')
	}
	*q = append(*q, name...)
	*q = append(*q, '=')
	// QueryEscape writes a space as '+'; %20 is read as a space by every
	// server, '+' not by all.
	*q = append(*q, strings.ReplaceAll(url.QueryEscape(value), "+", "%20")...)
}

// str adds name=value when value is not empty.
func (q *query) str(name, value string) {
	if value != "" {
		q.add(name, value)
	}
}

// flag adds name=true when set; false is the registry's default.
func (q *query) flag(name string, set bool) {
	if set {
		q.add(name, "true")
	}
}

// num adds name=n when n is not zero.
func (q *query) num(name string, n int) {
	if n != 0 {
		q.add(name, strconv.Itoa(n))
	}
}

// endpoint joins base, an escaped path and a query.
func endpoint(base, path string, q query) string {
	return protocol.ResolveURL(base, path) + string(q)
}

// encodeJSON marshals v without escaping <, > and & (schemas and fixtures
// stay readable; the registry decodes either form).
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArgument, err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), nil
}

// Shapes a 2xx body must start with.
const (
	object = '{'
	array  = '['
	number = '0'
)

// decode parses a 2xx body of the given shape into v, or returns the
// error of a non-2xx. An array may be null, which leaves v as it is.
// json.Unmarshal copies every string, and RawJSON copies its bytes, so v
// keeps no reference into resp.Body.
func decode(op string, resp *protocol.Response, shape byte, v any) error {
	b, err := shapedBody(op, resp, shape)
	if err != nil || b == nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return malformed(op, resp, "invalid JSON", err)
	}
	return nil
}

// shapedBody returns the body of a 2xx answer, leading space trimmed, when
// it starts as shape says; nil and no error for an array answered as null;
// or the error decode returns for anything else.
func shapedBody(op string, resp *protocol.Response, shape byte) ([]byte, error) {
	if !resp.OK() {
		return nil, ParseError(resp)
	}
	b := bytes.TrimLeft(resp.Body, " \t\r\n")
	if len(b) == 0 {
		return nil, malformed(op, resp, "empty body", nil)
	}
	switch shape {
	case array:
		// AxonOps answers null for an empty list (a nil Go slice).
		if string(bytes.TrimRight(b, " \t\r\n")) == "null" {
			return nil, nil
		}
		if b[0] != shape {
			return nil, malformed(op, resp, "expected a JSON array", nil)
		}
	case number:
		if b[0] != '-' && (b[0] < '0' || b[0] > '9') {
			return nil, malformed(op, resp, "expected a JSON number", nil)
		}
	default:
		if b[0] != shape {
			return nil, malformed(op, resp, "expected a JSON object", nil)
		}
	}
	return b, nil
}

// decodeValue is decode for parsers that return what they decoded.
func decodeValue[T any](op string, resp *protocol.Response, shape byte) (T, error) {
	var v T
	if err := decode(op, resp, shape, &v); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}
