package replay

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/tools/txtar"

	"github.com/unwired-go/unwired/protocol"
)

// Exchange is one request and the response the server gave to it.
//
// In a Fixture, Request.URL holds only the request target (path and query,
// as on the request line); Content-Length is never in a Header (it is
// framing, written from the body); an empty body or header is nil; and
// Request.Idempotent is not stored (it reads back false).
type Exchange struct {
	Request  protocol.Request
	Response protocol.Response
}

// Fixture is one recorded or hand-written case: where it came from, the
// call that was made and what it must return (both JSON, both optional),
// and the exchanges it took, in order. See docs/fixtures.md.
type Fixture struct {
	Comment    string // where the fixture came from; required
	Call, Want []byte // JSON, nil when absent
	Exchanges  []Exchange
}

// Marshal returns the fixture in its file format. The output is
// deterministic. Whatever the Fixture holds, secret header fields, secret
// query parameters and secret JSON members come out REDACTED, and a line
// break in a method, name or value cannot forge a field (it is replaced).
// When Validate reports nothing, ParseFixture(f.Marshal()) returns a
// Fixture equal to f.
func (f *Fixture) Marshal() []byte {
	a := &txtar.Archive{Comment: []byte(f.Comment)}
	if len(f.Call) > 0 {
		call, _ := redactJSON(f.Call)
		a.Files = append(a.Files, txtar.File{Name: "call", Data: call})
	}
	if len(f.Want) > 0 {
		want, _ := redactJSON(f.Want)
		a.Files = append(a.Files, txtar.File{Name: "want", Data: want})
	}
	for i := range f.Exchanges {
		x := &f.Exchanges[i]
		req, resp := exchangeNames(i + 1)
		a.Files = append(a.Files,
			txtar.File{Name: req, Data: appendRequest(nil, &x.Request)},
			txtar.File{Name: resp, Data: appendResponse(nil, &x.Response)})
	}
	return txtar.Format(a)
}

// Validate reports, as a *FormatError, anything in f that its file format
// cannot hold exactly: a missing comment, a comment line txtar would read
// as a file marker, trailing newlines on Comment, Call or Want, Call or Want
// that is not JSON, a method or field name that is not an HTTP token, a
// line break in a value, a status outside 200-999, a secret that is not
// redacted. A nil result guarantees ParseFixture(f.Marshal()) equals f.
func (f *Fixture) Validate() error {
	g, err := ParseFixture(f.Marshal())
	if err != nil {
		return err
	}
	bad := func(section, msg string) error { return &FormatError{Section: section, Msg: msg} }
	if g.Comment != f.Comment {
		return bad("", "the comment ends in a newline or holds a line txtar reads as a file marker")
	}
	if !bytes.Equal(g.Call, f.Call) {
		return bad("call", "ends in a newline or holds a secret")
	}
	if !bytes.Equal(g.Want, f.Want) {
		return bad("want", "ends in a newline or holds a secret")
	}
	if len(g.Exchanges) != len(f.Exchanges) {
		return bad("", "exchanges lost in the round trip")
	}
	for i := range f.Exchanges {
		fx, gx := &f.Exchanges[i], &g.Exchanges[i]
		reqName, respName := exchangeNames(i + 1)
		if gx.Request.Method != fx.Request.Method {
			return bad(reqName, "method does not survive the round trip")
		}
		if gx.Request.URL != fx.Request.URL {
			return bad(reqName, "URL must be a request target in normal form with secrets redacted: "+targetOf(fx.Request.URL))
		}
		if msg := sameHeader(fx.Request.Header, gx.Request.Header); msg != "" {
			return bad(reqName, msg)
		}
		if !bytes.Equal(gx.Request.Body, fx.Request.Body) {
			return bad(reqName, "body holds a secret")
		}
		if gx.Response.Status != fx.Response.Status {
			return bad(respName, "status does not survive the round trip")
		}
		if msg := sameHeader(fx.Response.Header, gx.Response.Header); msg != "" {
			return bad(respName, msg)
		}
		if !bytes.Equal(gx.Response.Body, fx.Response.Body) {
			return bad(respName, "body holds a secret")
		}
	}
	return nil
}

// sameHeader explains how a header changed in the round trip, without
// quoting any value.
func sameHeader(want, got protocol.Header) string {
	if len(want) != len(got) {
		for _, f := range want {
			if strings.EqualFold(f.Name, framingName) {
				return "header has a Content-Length field (framing, leave it out)"
			}
		}
		return "header value holds a line break"
	}
	for i := range want {
		if want[i] != got[i] {
			return "header " + got[i].Name + ": a secret that is not " + protocol.Redacted + ", or white space around the value"
		}
	}
	return ""
}

// clone returns a deep copy of f.
func (f *Fixture) clone() *Fixture {
	g := &Fixture{Comment: f.Comment, Call: bytes.Clone(f.Call), Want: bytes.Clone(f.Want)}
	g.Exchanges = make([]Exchange, len(f.Exchanges))
	for i, x := range f.Exchanges {
		g.Exchanges[i] = Exchange{
			Request: protocol.Request{Method: x.Request.Method, URL: x.Request.URL,
				Header: x.Request.Header.Clone(), Body: bytes.Clone(x.Request.Body)},
			Response: protocol.Response{Status: x.Response.Status,
				Header: x.Response.Header.Clone(), Body: bytes.Clone(x.Response.Body)},
		}
	}
	if len(g.Exchanges) == 0 {
		g.Exchanges = nil
	}
	return g
}

// describe names a stored request for error messages: "GET /schemas/ids/1".
func describe(r *protocol.Request) string {
	return r.Method + " " + targetOf(r.URL)
}

// trimNL drops trailing newlines; nil for an empty result.
func trimNL(b []byte) []byte {
	b = bytes.TrimRight(b, "\n")
	if len(b) == 0 {
		return nil
	}
	return slices.Clip(b)
}

// trimCommentNL is trimNL for the comment.
func trimCommentNL(s string) string { return strings.TrimRight(s, "\n") }
