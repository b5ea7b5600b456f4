package transporttest

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/unwired-go/unwired/protocol"
)

// cases is the conformance suite, in the order Run runs it. The error cases
// (cancellation, deadlines, refused and broken connections, TLS) are in
// cases_errors.go.
var cases = []kitCase{
	{"method_GET", checkMethod(http.MethodGet)},
	{"method_HEAD", checkMethod(http.MethodHead)},
	{"method_POST", checkMethod(http.MethodPost)},
	{"method_PUT", checkMethod(http.MethodPut)},
	{"method_PATCH", checkMethod(http.MethodPatch)},
	{"method_DELETE", checkMethod(http.MethodDelete)},
	{"request_headers_repeated", checkRequestHeaders},
	{"request_host_header", checkHostHeader},
	{"response_headers_repeated", checkResponseHeaders},
	{"binary_body", checkBinaryBody},
	{"large_body", checkLargeBody},
	{"body_limit", checkBodyLimit},
	{"head_ignores_content_length", checkHead},
	{"status_without_body", checkStatusWithoutBody},
	{"redirect_not_followed", checkRedirect},
	{"response_reuse", checkReuse},
	{"concurrent", checkConcurrent},
	{"cancel_before_send", checkCancelBefore},
	{"cancel_during_response", checkCancelDuring},
	{"deadline_exceeded", checkDeadline},
	{"connection_refused", checkRefused},
	{"connection_closed_before_response", checkClosed},
	{"truncated_body", checkTruncated},
	{"tls_client_certificate", checkTLS},
	{"tls_missing_client_certificate", checkTLSNoClientCert},
	{"tls_unknown_authority", checkTLSUnknownAuthority},
}

// methodTarget has an escaped slash, an empty segment, an escaped space and
// a repeated query parameter: a Doer must send it byte for byte (Confluent
// subjects, for one, may hold a slash).
const methodTarget = "/echo/a%2Fb//c%20d?x=1&y=%2F&x=2&empty="

func checkMethod(method string) func(e *env) error {
	return func(e *env) error {
		srv := e.echoServer()
		d := e.doer(Config{})
		req := &protocol.Request{
			Method: method,
			URL:    srv.URL + methodTarget,
			Header: protocol.Header{{Name: "Accept", Value: "application/json"}, {Name: "X-Case", Value: method}},
		}
		var want []byte
		if method != http.MethodGet && method != http.MethodHead {
			want = []byte(`{"schema":"{\"type\":\"string\"}","method":"` + method + `"}`)
			req.Body = want
			req.Header.Add("Content-Type", "application/vnd.schemaregistry.v1+json")
		}
		if method == http.MethodHead {
			want = nil
		}
		orig := req.Clone()
		resp := new(protocol.Response)
		if err := d.Do(e.ctx, req, resp); err != nil {
			return fmt.Errorf("Do %s: %w", method, err)
		}
		var p problems
		p.status(resp, http.StatusOK)
		p.field(resp, EchoMethod, method)
		p.field(resp, EchoURI, methodTarget)
		p.field(resp, EchoHost, srv.Listener.Addr().String())
		p.field(resp, EchoPrefix+"X-Case", method)
		p.field(resp, EchoPrefix+"Accept", "application/json")
		if req.Body != nil {
			p.field(resp, EchoPrefix+"Content-Type", "application/vnd.schemaregistry.v1+json")
			p.field(resp, EchoPrefix+"Content-Length", strconv.Itoa(len(req.Body)))
		}
		p.body(resp, want)
		p.unchanged(orig, req)
		return p.err()
	}
}

// unchanged checks that Do left the caller's request as it was.
func (p *problems) unchanged(orig, req *protocol.Request) {
	if req.Method != orig.Method || req.URL != orig.URL || req.Idempotent != orig.Idempotent ||
		!slices.Equal(req.Header, orig.Header) || !bytes.Equal(req.Body, orig.Body) {
		p.addf("Do modified the request: got %+v, want %+v", *req, *orig)
	}
}

func checkRequestHeaders(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{})
	req := &protocol.Request{Method: http.MethodGet, URL: srv.URL + "/echo/headers", Header: protocol.Header{
		{Name: "X-Rep", Value: "a"},
		{Name: "X-Other", Value: "z"},
		{Name: "X-Rep", Value: "b"},
		{Name: "x-rep", Value: "c"},
		{Name: "X-Spaces", Value: "v with  spaces"},
	}}
	resp := new(protocol.Response)
	if err := d.Do(e.ctx, req, resp); err != nil {
		return fmt.Errorf("Do: %w", err)
	}
	var p problems
	p.status(resp, http.StatusOK)
	p.values(resp, EchoPrefix+"X-Rep", "a", "b", "c")
	p.values(resp, EchoPrefix+"X-Other", "z")
	p.values(resp, EchoPrefix+"X-Spaces", "v with  spaces")
	return p.err()
}

func checkHostHeader(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{})
	const host = "registry.example.test:8081"
	req := &protocol.Request{Method: http.MethodGet, URL: srv.URL + "/echo/host", Header: protocol.Header{{Name: "Host", Value: host}}}
	resp := new(protocol.Response)
	if err := d.Do(e.ctx, req, resp); err != nil {
		return fmt.Errorf("Do: %w", err)
	}
	var p problems
	p.status(resp, http.StatusOK)
	p.field(resp, EchoHost, host)
	return p.err()
}

func checkResponseHeaders(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{})
	resp, err := get(e.ctx, d, srv.URL+"/headers")
	if err != nil {
		return fmt.Errorf("Do: %w", err)
	}
	var p problems
	p.status(resp, http.StatusOK)
	p.values(resp, "X-Multi", "one", "two", "three")
	p.values(resp, "Set-Cookie", "a=1", "b=2")
	p.field(resp, "Content-Type", "application/json")
	p.body(resp, []byte("{}"))
	return p.err()
}

func checkBinaryBody(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{})
	body := make([]byte, 256)
	for i := range body {
		body[i] = byte(i)
	}
	req := &protocol.Request{Method: http.MethodPost, URL: srv.URL + "/echo/binary", Body: body,
		Header: protocol.Header{{Name: "Content-Type", Value: "application/octet-stream"}}}
	resp := new(protocol.Response)
	if err := d.Do(e.ctx, req, resp); err != nil {
		return fmt.Errorf("Do: %w", err)
	}
	var p problems
	p.status(resp, http.StatusOK)
	p.field(resp, EchoPrefix+"Content-Length", "256")
	p.body(resp, body)
	return p.err()
}

const largeSize = 8 << 20

func checkLargeBody(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{MaxBodyBytes: 2 * largeSize})
	body := Pattern(largeSize)
	var p problems
	req := &protocol.Request{Method: http.MethodPut, URL: srv.URL + "/echo/large", Body: body}
	resp := new(protocol.Response)
	if err := d.Do(e.ctx, req, resp); err != nil {
		return fmt.Errorf("Do PUT of %d bytes: %w", largeSize, err)
	}
	p.status(resp, http.StatusOK)
	p.body(resp, body)

	resp, err := get(e.ctx, d, srv.URL+"/bytes?chunked=1&n="+strconv.Itoa(largeSize))
	if err != nil {
		return fmt.Errorf("Do GET of %d chunked bytes: %w", largeSize, err)
	}
	p.status(resp, http.StatusOK)
	p.body(resp, body)
	return p.err()
}

const limit = 4096

func checkBodyLimit(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{MaxBodyBytes: limit})
	var p problems
	for _, chunked := range []string{"", "&chunked=1"} {
		url := srv.URL + "/bytes?n=" + strconv.Itoa(limit) + chunked
		resp, err := get(e.ctx, d, url)
		if err != nil {
			p.addf("exactly the limit (%s): got error %v, want the body", url, err)
		} else {
			p.status(resp, http.StatusOK)
			p.body(resp, Pattern(limit))
		}

		url = srv.URL + "/bytes?n=" + strconv.Itoa(limit+1) + chunked
		_, err = get(e.ctx, d, url)
		var tl *protocol.BodyTooLargeError
		switch {
		case !errors.As(err, &tl):
			p.addf("one byte over the limit (%s): got %s, want a *protocol.BodyTooLargeError", url, describe(err))
		case tl.Limit != limit:
			p.addf("one byte over the limit (%s): BodyTooLargeError.Limit is %d, want %d", url, tl.Limit, limit)
		}
	}
	// The Doer is still usable after refusing a body.
	resp, err := get(e.ctx, d, srv.URL+"/bytes?n=10")
	if err != nil {
		p.addf("after an over-limit body: %v", err)
	} else {
		p.body(resp, Pattern(10))
	}
	return p.err()
}

func checkHead(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{MaxBodyBytes: limit})
	const n = 1 << 20
	resp := new(protocol.Response)
	req := &protocol.Request{Method: http.MethodHead, URL: srv.URL + "/bytes?n=" + strconv.Itoa(n), Idempotent: true}
	if err := d.Do(e.ctx, req, resp); err != nil {
		return fmt.Errorf("HEAD announcing %d bytes with a limit of %d: %w", n, limit, err)
	}
	var p problems
	p.status(resp, http.StatusOK)
	p.field(resp, "Content-Length", strconv.Itoa(n))
	p.body(resp, nil)
	return p.err()
}

func checkStatusWithoutBody(e *env) error {
	srv := e.echoServer()
	d := e.doer(Config{})
	var p problems
	for _, tc := range []struct {
		query string
		code  int
		body  string
	}{
		{"code=204", http.StatusNoContent, ""},
		{"code=304", http.StatusNotModified, ""},
		{"code=404", http.StatusNotFound, ""},
		{"code=500&body=boom", http.StatusInternalServerError, "boom"},
	} {
		resp, err := get(e.ctx, d, srv.URL+"/status?"+tc.query)
		if err != nil {
			p.addf("status %d: got error %v, want a response", tc.code, err)
			continue
		}
		p.status(resp, tc.code)
		p.body(resp, []byte(tc.body))
	}
	return p.err()
}

func checkRedirect(e *env) error {
	var hits atomic.Int64
	srv := NewServer(e.t, counted(EchoHandler(), &hits))
	d := e.doer(Config{})
	resp, err := get(e.ctx, d, srv.URL+"/redirect")
	if err != nil {
		return fmt.Errorf("Do: %w", err)
	}
	var p problems
	p.status(resp, http.StatusTemporaryRedirect)
	p.field(resp, "Location", "/echo/redirected")
	if n := hits.Load(); n != 1 {
		p.addf("the server got %d requests, want 1: a Doer sends one request and follows no redirect", n)
	}
	return p.err()
}

func checkReuse(e *env) error {
	srv := NewServer(e.t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/first" {
			w.Header().Set("X-First", "1")
			w.Header().Set("X-Only-First", "yes")
			w.WriteHeader(http.StatusAccepted)
			_, _ = w.Write([]byte("the first response, the longer one"))
			return
		}
		w.Header().Set("X-Second", "2")
		_, _ = w.Write([]byte("2nd"))
	}))
	d := e.doer(Config{})
	resp := &protocol.Response{
		Status: 999,
		Header: protocol.Header{{Name: "X-Stale", Value: "left over"}},
		Body:   []byte("left over body"),
	}
	var p problems
	for _, step := range []struct {
		path, body string
		status     int
		want, gone []string
	}{
		{"/first", "the first response, the longer one", http.StatusAccepted, []string{"X-First"}, []string{"X-Stale", "X-Second"}},
		{"/second", "2nd", http.StatusOK, []string{"X-Second"}, []string{"X-Stale", "X-First", "X-Only-First"}},
	} {
		if err := d.Do(e.ctx, &protocol.Request{Method: http.MethodGet, URL: srv.URL + step.path}, resp); err != nil {
			return fmt.Errorf("Do %s: %w", step.path, err)
		}
		p.status(resp, step.status)
		p.body(resp, []byte(step.body))
		for _, name := range step.want {
			if resp.Header.Get(name) == "" {
				p.addf("%s: header %s missing", step.path, name)
			}
		}
		for _, name := range step.gone {
			if v := resp.Header.Values(name); v != nil {
				p.addf("%s: stale header %s: %q survived from an earlier use of the Response", step.path, name, v)
			}
		}
	}
	return p.err()
}

func checkConcurrent(e *env) error {
	const goroutines, requests = 8, 20
	srv := e.echoServer()
	d := e.doer(Config{})
	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			resp := new(protocol.Response)
			for r := range requests {
				path := fmt.Sprintf("/echo/g%d/r%d", g, r)
				body := []byte(fmt.Sprintf(`{"g":%d,"r":%d}`, g, r))
				req := &protocol.Request{Method: http.MethodPost, URL: srv.URL + path, Body: body}
				if err := d.Do(e.ctx, req, resp); err != nil {
					errs[g] = fmt.Errorf("goroutine %d request %d: %w", g, r, err)
					return
				}
				var p problems
				p.status(resp, http.StatusOK)
				p.field(resp, EchoURI, path)
				p.body(resp, body)
				if err := p.err(); err != nil {
					errs[g] = fmt.Errorf("goroutine %d request %d: %w", g, r, err)
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
