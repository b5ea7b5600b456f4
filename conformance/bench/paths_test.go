package bench_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	fh "github.com/valyala/fasthttp"

	"github.com/unwired-go/unwired/conformance/bench"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/nethttp"
)

// result is what one call of a path got. The floor that does not parse
// sets only Body, which it borrows until its next call.
type result struct {
	Schema string
	Type   string
	Body   []byte
}

// call is one GetSchemaByID.
type call func(ctx context.Context) (result, error)

// A path is one way to get schema bench.SchemaID. open builds its client
// against the registry at base, registers its cleanup on tb, and returns
// the call the benchmark loops over.
type path struct {
	name    string
	offline bool // needs no server
	raw     bool // returns the body unparsed
	open    func(tb testing.TB, base string) call
}

// paths are the ways measured. The typed client ones use
// confluent.Client.GetSchemaByID with caching disabled: the call a user
// makes, everything the client does on a cache miss except the cache
// bookkeeping. The runner ones use the pure halves with a protocol.Runner
// and a protocol.Call, the shape for users with their own loop.
var paths = []path{
	{name: "PureBuildParse", offline: true, open: openPure},
	{name: "NetHTTP/client", open: func(tb testing.TB, base string) call { return openClient(tb, base, netDoer(tb)) }},
	{name: "NetHTTP/runner", open: func(tb testing.TB, base string) call { return openRunner(base, netDoer(tb)) }},
	{name: "FastHTTP/client", open: func(tb testing.TB, base string) call { return openClient(tb, base, fastDoer(tb)) }},
	{name: "FastHTTP/runner", open: func(tb testing.TB, base string) call { return openRunner(base, fastDoer(tb)) }},
	{name: "RawFastHTTP/body", raw: true, open: func(tb testing.TB, base string) call { return openRawFast(tb, base, rawClient(), false) }},
	{name: "RawFastHTTP/timeouts", raw: true, open: func(tb testing.TB, base string) call { return openRawFast(tb, base, rawClientTimeouts(), false) }},
	{name: "RawFastHTTP/json", open: func(tb testing.TB, base string) call { return openRawFast(tb, base, rawClient(), true) }},
	{name: "RawFastHTTP/percall", raw: true, open: openRawFastPerCall},
	{name: "FranzGo", open: openFranz},
}

// pathNamed returns the path called name.
func pathNamed(tb testing.TB, name string) path {
	for _, p := range paths {
		if p.name == name {
			return p
		}
	}
	tb.Fatalf("no path %q", name)
	return path{}
}

// responseHeader is what the stand-in sends besides the body, for the path
// that does no I/O.
var responseHeader = protocol.Header{
	{Name: "Content-Length", Value: strconv.Itoa(len(bench.ResponseBody()))},
	{Name: "Content-Type", Value: bench.ContentType},
	{Name: "Date", Value: "Mon, 02 Feb 2026 10:00:00 GMT"},
}

// openPure builds the request and parses a canned answer: the protocol
// core's share of a call.
func openPure(tb testing.TB, base string) call {
	wantURL := base + "/schemas/ids/" + strconv.Itoa(bench.SchemaID)
	resp := &protocol.Response{Status: http.StatusOK, Header: responseHeader, Body: bench.ResponseBody()}
	return func(context.Context) (result, error) {
		req := confluent.NewGetSchemaByIDRequest(base, bench.SchemaID, confluent.GetSchemaByIDOptions{})
		if req.URL != wantURL {
			return result{}, fmt.Errorf("built %s, want %s", req.URL, wantURL)
		}
		s, err := confluent.ParseGetSchemaByID(resp)
		return result{Schema: s.Schema.Schema, Type: string(s.SchemaType)}, err
	}
}

// netDoer is our net/http driver with its default client.
func netDoer(tb testing.TB) protocol.Doer {
	d := nethttp.New(nethttp.Options{})
	tb.Cleanup(d.CloseIdleConnections)
	return d
}

// fastDoer is our fasthttp driver with its default client.
func fastDoer(tb testing.TB) protocol.Doer {
	d := fasthttp.New(fasthttp.Options{})
	tb.Cleanup(d.CloseIdleConnections)
	return d
}

func openClient(tb testing.TB, base string, d protocol.Doer) call {
	c, err := confluent.NewClient(d, confluent.URLs(base), confluent.Caching(confluent.CacheConfig{Disabled: true}))
	if err != nil {
		tb.Fatal(err)
	}
	return func(ctx context.Context) (result, error) {
		s, err := c.GetSchemaByID(ctx, bench.SchemaID)
		if err != nil {
			return result{}, err
		}
		return result{Schema: s.Schema, Type: string(s.SchemaType)}, nil
	}
}

func openRunner(base string, d protocol.Doer) call {
	r := &protocol.Runner{Doer: d}
	return func(ctx context.Context) (result, error) {
		req := confluent.NewGetSchemaByIDRequest(base, bench.SchemaID, confluent.GetSchemaByIDOptions{})
		c := protocol.NewCall(req, confluent.ParseGetSchemaByID, protocol.DefaultRetryPolicy)
		if err := r.Run(ctx, c); err != nil {
			return result{}, err
		}
		return result{Schema: c.Result.Schema.Schema, Type: string(c.Result.SchemaType)}, nil
	}
}

// rawClient is fasthttp's client with its defaults, except that it sends
// the path as given, as ours does. It has no read or write timeout, so its
// transport clears the connection's deadlines rather than arming them.
func rawClient() *fh.Client { return &fh.Client{DisablePathNormalizing: true} }

// rawClientTimeouts is rawClient with the read and write timeouts of our
// driver's default client (60s each), so that each call arms the
// connection's write and read deadlines as ours does: the like-for-like
// floor for FastHTTP/client.
func rawClientTimeouts() *fh.Client {
	c := rawClient()
	c.ReadTimeout, c.WriteTimeout = 60*time.Second, 60*time.Second
	return c
}

// openRawFast is the floor: fasthttp's client c, one request and one
// response reused for every call, the same request line and Accept as
// ours. With decode it also decodes the body with encoding/json.
func openRawFast(tb testing.TB, base string, c *fh.Client, decode bool) call {
	tb.Cleanup(c.CloseIdleConnections)
	req, resp := fh.AcquireRequest(), fh.AcquireResponse()
	tb.Cleanup(func() { fh.ReleaseRequest(req); fh.ReleaseResponse(resp) })
	req.SetRequestURI(base + "/schemas/ids/" + strconv.Itoa(bench.SchemaID))
	req.Header.Set("Accept", confluent.Accept)
	return func(context.Context) (result, error) {
		if err := c.Do(req, resp); err != nil {
			return result{}, err
		}
		if resp.StatusCode() != http.StatusOK {
			return result{}, fmt.Errorf("HTTP %d", resp.StatusCode())
		}
		if !decode {
			return result{Body: resp.Body()}, nil
		}
		var v struct {
			Schema     string `json:"schema"`
			SchemaType string `json:"schemaType"`
		}
		if err := json.Unmarshal(resp.Body(), &v); err != nil {
			return result{}, err
		}
		return result{Schema: v.Schema, Type: v.SchemaType}, nil
	}
}

// openRawFastPerCall is RawFastHTTP/timeouts building its request for each
// call, as a raw client asking for ids it has not seen must: the URI is set
// (and parsed) and the Accept field written every time, on a reused
// request object. Still no JSON decode, no copies, no allocation.
func openRawFastPerCall(tb testing.TB, base string) call {
	c := rawClientTimeouts()
	tb.Cleanup(c.CloseIdleConnections)
	req, resp := fh.AcquireRequest(), fh.AcquireResponse()
	tb.Cleanup(func() { fh.ReleaseRequest(req); fh.ReleaseResponse(resp) })
	prefix := base + "/schemas/ids/"
	var uri []byte
	return func(context.Context) (result, error) {
		req.Reset()
		uri = strconv.AppendInt(append(uri[:0], prefix...), bench.SchemaID, 10)
		req.SetRequestURIBytes(uri)
		req.Header.Set("Accept", confluent.Accept)
		if err := c.Do(req, resp); err != nil {
			return result{}, err
		}
		if resp.StatusCode() != http.StatusOK {
			return result{}, fmt.Errorf("HTTP %d", resp.StatusCode())
		}
		return result{Body: resp.Body()}, nil
	}
}

// openFranz is franz-go's schema registry client with its defaults.
func openFranz(tb testing.TB, base string) call {
	c, err := sr.NewClient(sr.URLs(base))
	if err != nil {
		tb.Fatal(err)
	}
	hc, ok := c.OptValue(sr.HTTPClient).(*http.Client)
	if !ok {
		tb.Fatal(errors.New("franz-go client without an *http.Client"))
	}
	tb.Cleanup(hc.CloseIdleConnections)
	return func(ctx context.Context) (result, error) {
		s, err := c.SchemaByID(ctx, bench.SchemaID)
		if err != nil {
			return result{}, err
		}
		return result{Schema: s.Schema, Type: s.Type.String()}, nil
	}
}
