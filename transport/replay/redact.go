package replay

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/unwired-go/unwired/protocol"
)

// secretFields are JSON member names whose values are credentials, compared
// after normalising the name (see normField). Bare "key" is deliberately
// absent: in these APIs it names data (record keys, Avro map keys), not a
// credential; API keys travel as "apiKey"/"api_key", headers or ?key=.
var secretFields = map[string]bool{
	"token": true, "accesstoken": true, "refreshtoken": true, "idtoken": true,
	"sessiontoken": true, "securitytoken": true, "authtoken": true,
	"bearertoken": true, "apitoken": true,
	"apikey": true, "xapikey": true,
	"secretkey": true, "secretaccesskey": true, "privatekey": true,
	"authorization": true, "pwd": true,
}

// secretSuffixes end a normalised member name that is always a credential:
// password, userPassword, clientSecret, accessKeySecret, passphrase...
var secretSuffixes = []string{"password", "passwd", "secret", "passphrase"}

// normField lowercases name and drops everything but letters and digits, so
// "access_token", "accessToken" and "Access-Token" are one name.
func normField(name string) string {
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

// IsSecretField reports whether a JSON member of this name holds a
// credential that fixtures redact.
func IsSecretField(name string) bool {
	n := normField(name)
	if secretFields[n] {
		return true
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// redactedJSON is what a secret JSON value becomes.
const redactedJSON = `"` + protocol.Redacted + `"`

// redactJSON replaces the value of every secret member of a JSON document
// (a string or number, or each such element of an array) by "REDACTED",
// leaving every other byte as it was, so a body that holds no secret is
// returned unchanged (the same slice). field names the first member it had
// to change, "" if none. A body that is not a JSON object or array is
// returned as is.
func redactJSON(b []byte) (out []byte, field string) {
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') || !json.Valid(b) {
		return b, ""
	}
	s := jsonScan{b: b}
	s.value(false, "")
	if len(s.spans) == 0 {
		return b, ""
	}
	out = make([]byte, 0, len(b))
	last := 0
	for _, sp := range s.spans {
		out = append(out, b[last:sp.start]...)
		out = append(out, redactedJSON...)
		last = sp.end
	}
	return append(out, b[last:]...), s.spans[0].field
}

type span struct {
	start, end int
	field      string
}

// jsonScan walks a document already known to be valid JSON and records the
// byte spans of secret values that are not already "REDACTED".
type jsonScan struct {
	b     []byte
	i     int
	spans []span
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// value scans one value; secret says it belongs to a secret member named
// field.
func (s *jsonScan) value(secret bool, field string) {
	s.ws()
	switch s.b[s.i] {
	case '{':
		s.i++
		s.ws()
		if s.b[s.i] == '}' {
			s.i++
			return
		}
		for {
			s.ws()
			start := s.i
			s.str()
			name := jsonString(s.b[start:s.i])
			s.ws()
			s.i++ // ':'
			s.value(IsSecretField(name), name)
			s.ws()
			c := s.b[s.i]
			s.i++
			if c == '}' {
				return
			}
		}
	case '[':
		s.i++
		s.ws()
		if s.b[s.i] == ']' {
			s.i++
			return
		}
		for {
			s.value(secret, field)
			s.ws()
			c := s.b[s.i]
			s.i++
			if c == ']' {
				return
			}
		}
	case '"':
		start := s.i
		s.str()
		if secret && string(s.b[start:s.i]) != redactedJSON {
			s.spans = append(s.spans, span{start, s.i, field})
		}
	default: // number, true, false, null
		start := s.i
		for s.i < len(s.b) && !endsLiteral(s.b[s.i]) {
			s.i++
		}
		if c := s.b[start]; secret && (c == '-' || c >= '0' && c <= '9') {
			s.spans = append(s.spans, span{start, s.i, field})
		}
	}
}

func endsLiteral(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ']', '}':
		return true
	}
	return false
}

// str moves past the string starting at s.i.
func (s *jsonScan) str() {
	s.i++ // opening quote
	for s.b[s.i] != '"' {
		if s.b[s.i] == '\\' {
			s.i++
		}
		s.i++
	}
	s.i++
}

// jsonString decodes a quoted JSON string.
func jsonString(q []byte) string {
	if bytes.IndexByte(q, '\\') < 0 {
		return string(q[1 : len(q)-1])
	}
	var v string
	_ = json.Unmarshal(q, &v) // valid by construction
	return v
}

// redactHeader redacts secret fields and trims the optional white space
// around values, which is not part of a value in HTTP.
func redactHeader(h protocol.Header) protocol.Header {
	if h == nil {
		return nil
	}
	out := make(protocol.Header, len(h))
	for i, f := range h {
		out[i] = protocol.Field{Name: f.Name, Value: strings.Trim(f.Value, " \t")}
		if protocol.IsSecretHeader(f.Name) {
			out[i].Value = protocol.Redacted
		}
	}
	return out
}

// redactBody returns a copy of body with secret JSON values redacted; nil
// for an empty body.
func redactBody(body []byte) []byte {
	if len(body) == 0 {
		return nil
	}
	out, field := redactJSON(body)
	if field == "" {
		out = bytes.Clone(body)
	}
	// An error page may echo the Authorization header in its text.
	if utf8.Valid(out) {
		if t := protocol.RedactText(string(out)); len(t) != len(out) || t != string(out) {
			out = []byte(t)
		}
	}
	return out
}
