package replay

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/unwired-go/unwired/protocol"
)

// The framing line of every stored message. Its value is the body length in
// bytes, followed by "; base64" when the body is stored base64-encoded.
const (
	framingName  = "Content-Length"
	base64Suffix = "; base64"
	base64Width  = 76
	httpVersion  = "HTTP/1.1"
)

// targetOf reduces a request URL to the request target a fixture stores:
// scheme and authority dropped, fragment dropped, a leading slash ensured,
// bytes HTTP does not allow in a target percent-encoded, secrets redacted
// per protocol.RedactURL.
func targetOf(raw string) string {
	if i := strings.Index(raw, "://"); i > 0 && isScheme(raw[:i]) {
		rest := raw[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			raw = rest[j:]
		} else {
			raw = ""
		}
	}
	raw, _, _ = strings.Cut(raw, "#")
	t := escapeTarget(raw)
	// Redact until stable, so ParseFixture, which insists on a target
	// RedactURL leaves alone, accepts what was recorded. An unparsable URL
	// may come back without its leading slash, or as just REDACTED.
	for range 4 {
		if !strings.HasPrefix(t, "/") {
			t = "/" + t
		}
		r := protocol.RedactURL(t)
		if r == t {
			return t
		}
		t = r
	}
	return "/" + protocol.Redacted
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// escapeTarget percent-encodes control bytes, spaces and non-ASCII bytes.
func escapeTarget(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !targetByte(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; targetByte(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

func targetByte(c byte) bool { return c > ' ' && c < 0x7f }

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2), the syntax
// of methods and field names.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validValue reports whether v can be a stored field value: no control
// bytes but tab, no white space at either end.
func validValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return strings.Trim(v, " \t") == v
}

// verbatim reports whether body can be stored as is: UTF-8 text without
// control bytes other than tab and newline (a CR would not survive editors
// and Git), and without a line starting "-- " that txtar could take for a
// file marker. Anything else is stored base64-encoded.
func verbatim(body []byte) bool {
	if !utf8.Valid(body) {
		return false
	}
	for _, c := range body {
		if c < ' ' && c != '\t' && c != '\n' || c == 0x7f {
			return false
		}
	}
	return !bytes.HasPrefix(body, []byte("-- ")) && !bytes.Contains(body, []byte("\n-- "))
}

// appendToken writes a method or field name, each byte that a token cannot
// hold replaced by '_', so no name can break a line or forge another field.
func appendToken(b []byte, s string) []byte {
	if s == "" {
		return append(b, '_')
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; isToken(s[i : i+1]) {
			b = append(b, c)
		} else {
			b = append(b, '_')
		}
	}
	return b
}

// appendValue writes a field value with control bytes but tab replaced by
// spaces, so no value can break a line or forge another field.
func appendValue(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' || c == 0x7f {
			b = append(b, ' ')
		} else {
			b = append(b, c)
		}
	}
	return b
}

// appendRequest writes r as a stored request.
func appendRequest(b []byte, r *protocol.Request) []byte {
	b = appendToken(b, r.Method)
	b = append(b, ' ')
	b = append(b, targetOf(r.URL)...)
	b = append(b, " "+httpVersion+"\n"...)
	return appendHeadBody(b, redactHeader(r.Header), redactBody(r.Body))
}

// appendResponse writes r as a stored response.
func appendResponse(b []byte, r *protocol.Response) []byte {
	b = append(b, httpVersion+" "...)
	if r.Status >= 0 && r.Status < 100 {
		b = append(b, '0')
		if r.Status < 10 {
			b = append(b, '0')
		}
	}
	b = strconv.AppendInt(b, int64(r.Status), 10)
	if text := http.StatusText(r.Status); text != "" {
		b = append(b, ' ')
		b = append(b, text...)
	}
	b = append(b, '\n')
	return appendHeadBody(b, redactHeader(r.Header), redactBody(r.Body))
}

// appendHeadBody writes the header fields, the framing line, the blank line
// and the body.
func appendHeadBody(b []byte, h protocol.Header, body []byte) []byte {
	for _, f := range h {
		if strings.EqualFold(f.Name, framingName) {
			continue // framing, written below from the body itself
		}
		b = appendToken(b, f.Name)
		b = append(b, ':')
		if f.Value != "" {
			b = append(b, ' ')
			b = appendValue(b, f.Value)
		}
		b = append(b, '\n')
	}
	b = append(b, framingName+": "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	if verbatim(body) {
		b = append(b, "\n\n"...)
		return append(b, body...)
	}
	b = append(b, base64Suffix+"\n\n"...)
	enc := base64.StdEncoding.AppendEncode(nil, body)
	for len(enc) > 0 {
		n := min(base64Width, len(enc))
		b = append(b, enc[:n]...)
		b = append(b, '\n')
		enc = enc[n:]
	}
	return b
}
