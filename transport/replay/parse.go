package replay

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/txtar"

	"github.com/unwired-go/unwired/protocol"
)

// FormatError reports a fixture that does not follow the format of
// docs/fixtures.md. It never quotes a header value or a body, so it cannot
// leak a secret.
type FormatError struct {
	Path    string // the fixture's file, when it was loaded from one
	Section string // the txtar file inside the fixture ("001.request"), "" for the comment
	Line    int    // 1-based line in the fixture, 0 when unknown
	Msg     string
}

func (e *FormatError) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
	} else {
		b.WriteString("fixture")
	}
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Section != "" {
		b.WriteString(e.Section)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// section is one txtar file of a fixture; line is the fixture line its data
// starts on.
type section struct {
	name string
	data []byte
	line int
}

func (s *section) errorf(line int, format string, args ...any) *FormatError {
	return &FormatError{Section: s.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// ParseFixture parses a fixture. Malformed input is reported as a
// *FormatError. So is a secret that is not redacted: a fixture never holds
// one. The Fixture shares no memory with data.
func ParseFixture(data []byte) (*Fixture, error) {
	a := txtar.Parse(data)
	f := &Fixture{Comment: string(bytes.TrimRight(a.Comment, "\n"))}
	if strings.TrimSpace(f.Comment) == "" {
		return nil, &FormatError{Line: 1, Msg: "no comment: the text before the first file must say where the fixture came from"}
	}
	if len(a.Files) == 0 {
		return nil, &FormatError{Line: 1, Msg: "no files: a fixture holds call, want and 001.request, 001.response, ..."}
	}
	secs := make([]section, len(a.Files))
	line := 1 + bytes.Count(a.Comment, []byte("\n")) // the first marker
	for i, fl := range a.Files {
		secs[i] = section{name: fl.Name, data: fl.Data, line: line + 1}
		line += 1 + bytes.Count(fl.Data, []byte("\n"))
	}

	i := 0
	var err *FormatError
	if i < len(secs) && secs[i].name == "call" {
		if f.Call, err = parseJSON(&secs[i]); err != nil {
			return nil, err
		}
		i++
	}
	if i < len(secs) && secs[i].name == "want" {
		if f.Want, err = parseJSON(&secs[i]); err != nil {
			return nil, err
		}
		i++
	}
	for n := 1; i < len(secs); n++ {
		reqName, respName := exchangeNames(n)
		if secs[i].name != reqName {
			return nil, unexpected(&secs[i], reqName)
		}
		var x Exchange
		if x.Request, err = parseRequest(&secs[i]); err != nil {
			return nil, err
		}
		i++
		if i == len(secs) {
			return nil, secs[i-1].errorf(secs[i-1].line-1, "no %s follows", respName)
		}
		if secs[i].name != respName {
			return nil, unexpected(&secs[i], respName)
		}
		if x.Response, err = parseResponse(&secs[i]); err != nil {
			return nil, err
		}
		i++
		f.Exchanges = append(f.Exchanges, x)
	}
	return f, nil
}

// exchangeNames returns the file names of exchange n (1-based).
func exchangeNames(n int) (req, resp string) {
	s := fmt.Sprintf("%03d", n)
	return s + ".request", s + ".response"
}

func unexpected(s *section, want string) *FormatError {
	return s.errorf(s.line-1, "unexpected file here, want %q (the order is call, want, 001.request, 001.response, 002.request, ...)", want)
}

// parseJSON reads the call or want section: JSON, trailing newlines
// dropped, secrets redacted.
func parseJSON(s *section) ([]byte, *FormatError) {
	b := bytes.TrimRight(s.data, "\n")
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, s.errorf(s.line, "empty; leave the file out instead")
	}
	if !json.Valid(b) {
		line := s.line
		var v any
		var se *json.SyntaxError
		if err := json.Unmarshal(b, &v); errors.As(err, &se) && se.Offset > 0 {
			line += bytes.Count(b[:se.Offset-1], []byte("\n"))
			return nil, s.errorf(line, "invalid JSON: %v", se)
		}
		return nil, s.errorf(line, "invalid JSON")
	}
	if _, field := redactJSON(b); field != "" {
		return nil, s.errorf(s.line, "field %q holds a secret; write %s", field, redactedJSON)
	}
	return bytes.Clone(b), nil
}

// message is a parsed HTTP message before its first line is interpreted.
type message struct {
	first  string
	header protocol.Header
	body   []byte
}

// parseMessage splits a section into first line, header fields and body.
func parseMessage(s *section) (message, *FormatError) {
	var m message
	data, pos, line := s.data, 0, s.line-1
	readLine := func() (string, bool) {
		if pos >= len(data) {
			return "", false
		}
		l := data[pos:]
		if j := bytes.IndexByte(l, '\n'); j >= 0 {
			l = l[:j]
			pos += j + 1
		} else {
			pos = len(data)
		}
		line++
		return string(bytes.TrimSuffix(l, []byte("\r"))), true
	}

	first, ok := readLine()
	if !ok || first == "" {
		return m, s.errorf(s.line, "empty: want a request or status line")
	}
	m.first = first
	clen, hasLen, b64, blank := 0, false, false, false
	for {
		l, ok := readLine()
		if !ok {
			break
		}
		if l == "" {
			blank = true
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			return m, s.errorf(line, "header line starts with white space (folded lines are not supported)")
		}
		name, value, found := strings.Cut(l, ":")
		if !found {
			return m, s.errorf(line, "header line has no colon")
		}
		if !isToken(name) {
			return m, s.errorf(line, "header name is not an HTTP token")
		}
		value = strings.Trim(value, " \t")
		if !validValue(value) {
			return m, s.errorf(line, "header %s: value holds a control character", name)
		}
		if strings.EqualFold(name, framingName) {
			if hasLen {
				return m, s.errorf(line, "second %s", framingName)
			}
			v, enc := strings.CutSuffix(value, base64Suffix)
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || v[0] < '0' || v[0] > '9' {
				return m, s.errorf(line, "%s is %q: want a byte count, optionally followed by %q", framingName, value, base64Suffix)
			}
			if n > len(data) {
				return m, s.errorf(line, "%s %d is longer than the whole message", framingName, n)
			}
			clen, hasLen, b64 = n, true, enc
			continue
		}
		if protocol.IsSecretHeader(name) && value != protocol.Redacted {
			return m, s.errorf(line, "header %s holds a secret; write %s: %s", name, name, protocol.Redacted)
		}
		m.header = append(m.header, protocol.Field{Name: name, Value: value})
	}

	rest, bodyLine := data[pos:], line+1
	switch {
	case !blank && hasLen && clen > 0:
		return m, s.errorf(line, "%s is %d but no blank line and body follow", framingName, clen)
	case b64:
		enc := bytes.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, rest)
		body, err := base64.StdEncoding.AppendDecode(nil, enc)
		if err != nil {
			return m, s.errorf(bodyLine, "body is not valid base64: %v", err)
		}
		if len(body) != clen {
			return m, s.errorf(bodyLine, "body decodes to %d bytes, %s says %d", len(body), framingName, clen)
		}
		m.body = body
	case hasLen:
		if len(rest) < clen {
			return m, s.errorf(bodyLine, "body has %d bytes, %s says %d", len(rest), framingName, clen)
		}
		// txtar ends every file with a newline; one may follow the body.
		if tail := rest[clen:]; len(tail) > 1 || len(tail) == 1 && tail[0] != '\n' {
			at := bodyLine + bytes.Count(rest[:clen], []byte("\n"))
			return m, s.errorf(at, "%d bytes follow the %d the %s line announces", len(tail), clen, framingName)
		}
		m.body = bytes.Clone(rest[:clen])
	default:
		// Hand-written, no Content-Length: the body runs to the end of the
		// file, less the newline txtar ends every file with.
		m.body = bytes.Clone(bytes.TrimSuffix(rest, []byte("\n")))
	}
	if len(m.body) == 0 {
		m.body = nil
	}
	if _, field := redactJSON(m.body); field != "" {
		return m, s.errorf(bodyLine, "body field %q holds a secret; write %s", field, redactedJSON)
	}
	return m, nil
}

// parseRequest parses a "NNN.request" section.
func parseRequest(s *section) (protocol.Request, *FormatError) {
	m, err := parseMessage(s)
	if err != nil {
		return protocol.Request{}, err
	}
	parts := strings.Split(m.first, " ")
	if len(parts) != 3 || parts[2] != httpVersion {
		return protocol.Request{}, s.errorf(s.line, "request line must be METHOD /path?query %s", httpVersion)
	}
	method, target := parts[0], parts[1]
	if !isToken(method) {
		return protocol.Request{}, s.errorf(s.line, "method is not an HTTP token")
	}
	if !strings.HasPrefix(target, "/") || escapeTarget(target) != target || strings.Contains(target, "#") {
		return protocol.Request{}, s.errorf(s.line, "request target must start with / and hold only visible ASCII, no #")
	}
	if red := protocol.RedactURL(target); red != target {
		return protocol.Request{}, s.errorf(s.line, "request target holds a secret or is not in normal form; write %s", red)
	}
	return protocol.Request{Method: method, URL: target, Header: m.header, Body: m.body}, nil
}

// parseResponse parses a "NNN.response" section.
func parseResponse(s *section) (protocol.Response, *FormatError) {
	m, err := parseMessage(s)
	if err != nil {
		return protocol.Response{}, err
	}
	rest, ok := strings.CutPrefix(m.first, httpVersion+" ")
	status, convErr := 0, error(nil)
	if ok && len(rest) >= 3 && (len(rest) == 3 || rest[3] == ' ') {
		status, convErr = strconv.Atoi(rest[:3])
	}
	if !ok || status == 0 || convErr != nil || rest[0] < '0' || rest[0] > '9' {
		return protocol.Response{}, s.errorf(s.line, "status line must be %s NNN [reason]", httpVersion)
	}
	if status < 200 {
		return protocol.Response{}, s.errorf(s.line, "status %d is not a final response (want 200 to 999)", status)
	}
	return protocol.Response{Status: status, Header: m.header, Body: m.body}, nil
}

// LoadFixture reads and parses the fixture at path. A *FormatError carries
// path.
func LoadFixture(path string) (*Fixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := ParseFixture(data)
	if err != nil {
		var fe *FormatError
		if errors.As(err, &fe) {
			fe.Path = path
		}
		return nil, err
	}
	return f, nil
}

// LoadDir loads every *.txtar file under dir, recursively. The map is keyed
// by the slash-separated path relative to dir without the ".txtar" suffix
// ("schemas/get_by_id"); sort its keys for a stable test order. Every
// malformed fixture is reported, joined in one error.
func LoadDir(dir string) (map[string]*Fixture, error) {
	out := make(map[string]*Fixture)
	var errs []error
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".txtar") {
			return nil
		}
		f, err := LoadFixture(path)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		out[strings.TrimSuffix(filepath.ToSlash(rel), ".txtar")] = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
