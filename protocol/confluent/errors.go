package confluent

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/unwired-go/unwired/protocol"
)

// API is the name *protocol.APIError and *protocol.MalformedError carry for
// this package.
const API = "confluent"

// ErrInvalidArgument is wrapped by the errors builders return for arguments
// that cannot make a valid request (an empty subject, version 0), before
// anything is sent.
var ErrInvalidArgument = errors.New("confluent: invalid argument")

// Sentinels for the registry's error codes. An *protocol.APIError whose
// Code is one of them matches it with errors.Is. The names and meanings are
// those of Confluent's REST API (io.confluent.kafka.schemaregistry.rest.
// exceptions.Errors).
var (
	// 404
	ErrSubjectNotFound                        = errors.New("confluent: subject not found")                                // 40401
	ErrVersionNotFound                        = errors.New("confluent: version not found")                                // 40402
	ErrSchemaNotFound                         = errors.New("confluent: schema not found")                                 // 40403
	ErrSubjectSoftDeleted                     = errors.New("confluent: subject was soft deleted")                         // 40404
	ErrSubjectNotSoftDeleted                  = errors.New("confluent: subject was not soft deleted first")               // 40405
	ErrSchemaVersionSoftDeleted               = errors.New("confluent: schema version was soft deleted")                  // 40406
	ErrSchemaVersionNotSoftDeleted            = errors.New("confluent: schema version was not soft deleted first")        // 40407
	ErrSubjectLevelCompatibilityNotConfigured = errors.New("confluent: subject has no subject-level compatibility level") // 40408
	ErrSubjectLevelModeNotConfigured          = errors.New("confluent: subject has no subject-level mode")                // 40409

	// 409: servers send 409 (older Confluent, AxonOps) or 40901.
	ErrIncompatibleSchema = errors.New("confluent: schema is incompatible")

	// 422
	ErrInvalidSchema             = errors.New("confluent: invalid schema")                              // 42201
	ErrInvalidVersion            = errors.New("confluent: invalid version")                             // 42202
	ErrInvalidCompatibilityLevel = errors.New("confluent: invalid compatibility level")                 // 42203
	ErrInvalidMode               = errors.New("confluent: invalid mode")                                // 42204
	ErrOperationNotPermitted     = errors.New("confluent: operation not permitted")                     // 42205
	ErrReferenceExists           = errors.New("confluent: schema is still referenced")                  // 42206
	ErrIDDoesNotMatch            = errors.New("confluent: schema id does not match the registered one") // 42207
	ErrInvalidSubject            = errors.New("confluent: invalid subject")                             // 42208
	ErrSchemaTooLarge            = errors.New("confluent: schema too large")                            // 42209
	ErrInvalidRuleSet            = errors.New("confluent: invalid rule set")                            // 42210
	ErrContextNotEmpty           = errors.New("confluent: context not empty")                           // 42211
	ErrInvalidAssociation        = errors.New("confluent: invalid association")                         // 42212

	// 500
	ErrStore             = errors.New("confluent: backend store error")         // 50001
	ErrOperationTimeout  = errors.New("confluent: operation timed out")         // 50002
	ErrRequestForwarding = errors.New("confluent: forwarding to leader failed") // 50003
	ErrUnknownLeader     = errors.New("confluent: leader unknown")              // 50004
)

// sentinels maps an error_code to its sentinel.
var sentinels = map[int]error{
	40401: ErrSubjectNotFound,
	40402: ErrVersionNotFound,
	40403: ErrSchemaNotFound,
	40404: ErrSubjectSoftDeleted,
	40405: ErrSubjectNotSoftDeleted,
	40406: ErrSchemaVersionSoftDeleted,
	40407: ErrSchemaVersionNotSoftDeleted,
	40408: ErrSubjectLevelCompatibilityNotConfigured,
	40409: ErrSubjectLevelModeNotConfigured,
	409:   ErrIncompatibleSchema,
	40901: ErrIncompatibleSchema,
	42201: ErrInvalidSchema,
	42202: ErrInvalidVersion,
	42203: ErrInvalidCompatibilityLevel,
	42204: ErrInvalidMode,
	42205: ErrOperationNotPermitted,
	42206: ErrReferenceExists,
	42207: ErrIDDoesNotMatch,
	42208: ErrInvalidSubject,
	42209: ErrSchemaTooLarge,
	42210: ErrInvalidRuleSet,
	42211: ErrContextNotEmpty,
	42212: ErrInvalidAssociation,
	50001: ErrStore,
	50002: ErrOperationTimeout,
	50003: ErrRequestForwarding,
	50004: ErrUnknownLeader,
}

// IsNotFound reports whether err says a subject, version or schema does not
// exist: the answers the client's caches remember briefly.
func IsNotFound(err error) bool {
	return errors.Is(err, ErrSubjectNotFound) || errors.Is(err, ErrVersionNotFound) || errors.Is(err, ErrSchemaNotFound)
}

// ParseError turns a response that is not 2xx into a *protocol.APIError
// and returns nil for a 2xx. It never fails: a body that is not the
// registry's {"error_code": ..., "message": ...} (an HTML page from a
// proxy, an empty body, other JSON) still gives an *protocol.APIError, with
// Code "" and a Message that summarises the body.
func ParseError(resp *protocol.Response) error {
	if resp.OK() {
		return nil
	}
	e := &protocol.APIError{
		API:       API,
		Status:    resp.Status,
		RequestID: resp.Header.Get("X-Request-Id"),
		Retryable: protocol.RetryableStatus(resp.Status),
	}
	body := bytes.TrimSpace(resp.Body)
	var env struct {
		Code    json.RawMessage `json:"error_code"`
		Message json.RawMessage `json:"message"`
	}
	if len(body) > 0 && body[0] == '{' && json.Unmarshal(body, &env) == nil {
		if code, ok := errorCode(env.Code); ok {
			e.Code = strconv.Itoa(code)
			e.Sentinel = sentinels[code]
		}
		e.Message = jsonText(env.Message)
		if e.Message == "" {
			e.Message = summary(body)
		}
	} else {
		e.Message = summary(body)
	}
	// A proxy may echo the Authorization header back in its error text.
	e.Message = protocol.RedactText(e.Message)
	return e
}

// errorCode reads error_code, a number or (leniently) a string of digits.
func errorCode(raw json.RawMessage) (int, bool) {
	if len(raw) == 0 {
		return 0, false
	}
	s := string(raw)
	if raw[0] == '"' {
		if json.Unmarshal(raw, &s) != nil {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// jsonText returns a JSON string's value, or other JSON as its text.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return oneLine(string(raw))
}

// summary describes a body that is not the registry's error envelope.
func summary(body []byte) string {
	if len(body) == 0 {
		return "empty response body"
	}
	head := body[:min(len(body), 512)]
	if hasPrefixFold(head, "<!doctype html") || hasPrefixFold(head, "<html") || indexFold(head, "<title>") >= 0 {
		if t := htmlTitle(body); t != "" {
			return "HTML response: " + t
		}
		return "HTML response: " + oneLine(protocol.Snippet(body))
	}
	return "unexpected response body: " + oneLine(protocol.Snippet(body))
}

// htmlTitle returns the text of the first <title> element, if any.
func htmlTitle(body []byte) string {
	i := indexFold(body, "<title>")
	if i < 0 {
		return ""
	}
	rest := body[i+len("<title>"):]
	if j := indexFold(rest, "</title>"); j >= 0 {
		rest = rest[:j]
	}
	return oneLine(protocol.Snippet(rest))
}

// indexFold is bytes.Index ignoring ASCII case; pat must be lower case.
// (bytes.ToLower could change the length of non-ASCII text and so shift
// indexes.)
func indexFold(b []byte, pat string) int {
	for i := 0; i+len(pat) <= len(b); i++ {
		if hasPrefixFold(b[i:], pat) {
			return i
		}
	}
	return -1
}

func hasPrefixFold(b []byte, pat string) bool {
	if len(b) < len(pat) {
		return false
	}
	for i := 0; i < len(pat); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != pat[i] {
			return false
		}
	}
	return true
}

// oneLine collapses runs of white space so a message stays on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// malformed reports a 2xx whose body does not have the expected shape.
// The snippet is redacted as ParseError's message is: a proxy that answers
// 200 with an echo of the request can put its Authorization in the body,
// and Snippet is there to be logged.
func malformed(op string, resp *protocol.Response, reason string, err error) error {
	return &protocol.MalformedError{
		API:     API,
		Op:      op,
		Status:  resp.Status,
		Reason:  reason,
		Snippet: protocol.RedactText(protocol.Snippet(resp.Body)),
		Err:     err,
	}
}
