package transporttest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/transporttest"
)

// plainDoer is a whole custom transport: the Doer contract over net/http in
// one method. Its conformance test is one call, in run_test.go:
//
//	transporttest.Run(t, func(t *testing.T, cfg transporttest.Config) protocol.Doer {
//		d := newPlainDoer(cfg)
//		t.Cleanup(d.client.CloseIdleConnections)
//		return d
//	})
type plainDoer struct {
	client *http.Client
	limit  int64
}

func newPlainDoer(cfg transporttest.Config) *plainDoer {
	limit := cfg.MaxBodyBytes
	if limit <= 0 {
		limit = 8 << 20
	}
	return &plainDoer{limit: limit, client: &http.Client{
		Transport: &http.Transport{TLSClientConfig: cfg.TLS, DisableCompression: true},
		// One request per Do: a redirect is the caller's to judge.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (d *plainDoer) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	resp.Reset() // nothing of an earlier response may survive
	if err := ctx.Err(); err != nil {
		return err // never send on a dead context
	}
	fail := func(err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err // its text repeats the URL, secrets and all
		}
		return protocol.NewTransportError(req, err) // redacts the URL
	}
	hreq, err := http.NewRequestWithContext(ctx, req.Method, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		return fail(err)
	}
	for _, f := range req.Header {
		if strings.EqualFold(f.Name, "Host") {
			hreq.Host = f.Value
			continue
		}
		hreq.Header.Add(f.Name, f.Value)
	}
	hresp, err := d.client.Do(hreq)
	if err != nil {
		return fail(err)
	}
	defer hresp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hresp.Body, d.limit+1)) // one byte over proves it
	if err != nil {
		return fail(err)
	}
	if int64(len(body)) > d.limit {
		return &protocol.BodyTooLargeError{Limit: d.limit}
	}
	resp.Status = hresp.StatusCode
	for name, values := range hresp.Header {
		for _, v := range values {
			resp.Header.Add(name, v)
		}
	}
	resp.Body = append(resp.Body, body...)
	return nil
}

func Example() {
	srv := httptest.NewServer(transporttest.EchoHandler())
	defer srv.Close()
	d := newPlainDoer(transporttest.Config{})
	defer d.client.CloseIdleConnections()

	resp := new(protocol.Response)
	req := &protocol.Request{Method: "POST", URL: srv.URL + "/echo/subjects/orders-value", Body: []byte(`{"schema":"\"int\""}`)}
	err := d.Do(context.Background(), req, resp)
	fmt.Println(err, resp.Status, resp.Header.Get(transporttest.EchoMethod), resp.Header.Get(transporttest.EchoURI))
	fmt.Println(string(resp.Body))
	// Output:
	// <nil> 200 POST /echo/subjects/orders-value
	// {"schema":"\"int\""}
}
