package confluent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
)

// step is one scripted exchange: the request the client must send, and the
// response (or transport error) it gets.
type step struct {
	method, url string
	body        string // expected request body; not checked when empty
	status      int
	resp        string
	header      protocol.Header
	ioErr       error // a transport failure instead of a response
}

// script is a fake Doer that plays steps in order. It reports with
// t.Errorf, never t.Fatal: requests may come from a cache's loader
// goroutine.
type script struct {
	t     *testing.T
	mu    sync.Mutex
	steps []step
	next  int
	seen  []*protocol.Request
}

func newScript(t *testing.T, steps ...step) *script {
	s := &script{t: t, steps: steps}
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.next != len(s.steps) {
			t.Errorf("%d scripted requests not sent; the next is %s %s", len(s.steps)-s.next, s.steps[s.next].method, s.steps[s.next].url)
		}
	})
	return s
}

// then appends steps.
func (s *script) then(steps ...step) {
	s.mu.Lock()
	s.steps = append(s.steps, steps...)
	s.mu.Unlock()
}

func (s *script) sent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.next
}

func (s *script) doer() protocol.Doer {
	return protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.seen = append(s.seen, req.Clone())
		if s.next >= len(s.steps) {
			s.t.Errorf("unexpected request %s %s", req.Method, req.URL)
			return protocol.NewTransportError(req, errors.New("unscripted"))
		}
		st := s.steps[s.next]
		s.next++
		if req.Method != st.method || req.URL != st.url {
			s.t.Errorf("request %d = %s %s, want %s %s", s.next, req.Method, req.URL, st.method, st.url)
		}
		if st.body != "" && string(req.Body) != st.body {
			s.t.Errorf("request %d body = %s, want %s", s.next, req.Body, st.body)
		}
		if st.ioErr != nil {
			return protocol.NewTransportError(req, st.ioErr)
		}
		resp.Status = st.status
		resp.Header = append(resp.Header, st.header...)
		resp.Body = append(resp.Body, st.resp...)
		return nil
	})
}

// clock is a fake time source; sleeps advance it and are recorded.
type clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newClock() *clock { return &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

const sr = "http://sr:8081"

func newTestClient(t *testing.T, s *script, clk *clock, opts ...Option) *Client {
	t.Helper()
	all := append([]Option{URLs(sr), Clock(clk.Now, clk.Sleep), JitterSource(rand.NewPCG(1, 2))}, opts...)
	c, err := NewClient(s.doer(), all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const (
	schemaResp  = `{"schema":"\"string\"","references":[{"name":"r","subject":"rs","version":1}]}`
	versionResp = `{"subject":"s","id":10,"version":%d,"schema":"\"int\""}`
	notFound    = `{"error_code":40403,"message":"Schema not found"}`
)

func TestClientCachesSchemaByID(t *testing.T) {
	s := newScript(t, step{method: "GET", url: sr + "/schemas/ids/1", status: 200, resp: schemaResp})
	c := newTestClient(t, s, newClock())
	ctx := context.Background()
	first, err := c.GetSchemaByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	first.References[0].Name = "mutated by caller"
	first.Schema = "mutated"
	second, err := c.GetSchemaByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := &Schema{Schema: `"string"`, References: []Reference{{Name: "r", Subject: "rs", Version: 1}}}
	if d := cmp.Diff(want, second); d != "" {
		t.Errorf("cached schema (-want +got):\n%s", d)
	}
	if n := s.sent(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestClientCachesSchemaByGUID(t *testing.T) {
	s := newScript(t,
		step{method: "GET", url: sr + "/schemas/ids/3", status: 200, resp: `{"schema":"\"int\"","guid":"g-3"}`},
		step{method: "GET", url: sr + "/schemas/guids/g-4", status: 200, resp: `{"schema":"\"long\"","guid":"g-4"}`})
	c := newTestClient(t, s, newClock())
	ctx := context.Background()
	if _, err := c.GetSchemaByID(ctx, 3); err != nil {
		t.Fatal(err)
	}
	// The guid GetSchemaByID learnt is cached too.
	got, err := c.GetSchemaByGUID(ctx, "g-3")
	if err != nil || got.Schema != `"int"` {
		t.Fatalf("GetSchemaByGUID(g-3) = %v, %v", got, err)
	}
	for range 2 {
		got, err = c.GetSchemaByGUID(ctx, "g-4")
		if err != nil || got.Schema != `"long"` {
			t.Fatalf("GetSchemaByGUID(g-4) = %v, %v", got, err)
		}
	}
	if _, err := c.GetSchemaByGUID(ctx, ""); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("empty guid: %v", err)
	}
}

func TestClientCacheDisabled(t *testing.T) {
	s := newScript(t,
		step{method: "GET", url: sr + "/schemas/ids/1", status: 200, resp: schemaResp},
		step{method: "GET", url: sr + "/schemas/ids/1", status: 200, resp: schemaResp},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":1}`},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":1}`},
		step{method: "GET", url: sr + "/subjects/s/versions/latest", status: 200, resp: fmt.Sprintf(versionResp, 1)},
		step{method: "GET", url: sr + "/subjects/s/versions/latest", status: 200, resp: fmt.Sprintf(versionResp, 1)},
		step{method: "POST", url: sr + "/subjects/s", status: 200, resp: fmt.Sprintf(versionResp, 1)},
		step{method: "POST", url: sr + "/subjects/s", status: 200, resp: fmt.Sprintf(versionResp, 1)},
	)
	c := newTestClient(t, s, newClock(), Caching(CacheConfig{Disabled: true}))
	ctx := context.Background()
	for range 2 {
		if _, err := c.GetSchemaByID(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := c.RegisterSchema(ctx, "s", avroRecord); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := c.GetSchemaBySubject(ctx, "s", Latest); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := c.LookupSchema(ctx, "s", avroRecord); err != nil {
			t.Fatal(err)
		}
	}
}

func TestClientLatestTTL(t *testing.T) {
	clk := newClock()
	s := newScript(t, step{method: "GET", url: sr + "/subjects/s/versions/latest", status: 200, resp: fmt.Sprintf(versionResp, 1)})
	c := newTestClient(t, s, clk)
	ctx := context.Background()
	latest := func(wantVersion int) {
		t.Helper()
		got, err := c.GetSchemaBySubject(ctx, "s", Latest)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != wantVersion {
			t.Errorf("latest version = %d, want %d", got.Version, wantVersion)
		}
	}
	latest(1)
	clk.Advance(DefaultLatestTTL - time.Second)
	latest(1) // still fresh: no request
	if n := s.sent(); n != 1 {
		t.Fatalf("%d requests within the TTL, want 1", n)
	}
	clk.Advance(time.Second)
	s.then(step{method: "GET", url: sr + "/subjects/s/versions/latest", status: 200, resp: fmt.Sprintf(versionResp, 2)})
	latest(2)
	// The latest answer also filled (s, 2) and (s, 1) came earlier.
	for _, v := range []Version{1, 2} {
		got, err := c.GetSchemaBySubject(ctx, "s", v)
		if err != nil || got.Version != int(v) {
			t.Errorf("GetSchemaBySubject(s, %d) = %v, %v", v, got, err)
		}
	}
	if n := s.sent(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	// A registration through the client makes "latest" stale at once.
	s.then(
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":11}`},
		step{method: "GET", url: sr + "/subjects/s/versions/latest", status: 200, resp: fmt.Sprintf(versionResp, 3)})
	if _, err := c.RegisterSchema(ctx, "s", avroRecord); err != nil {
		t.Fatal(err)
	}
	latest(3)
}

func TestClientLatestNotCached(t *testing.T) {
	s := newScript(t,
		step{method: "GET", url: sr + "/subjects/s/versions/latest", status: 200, resp: fmt.Sprintf(versionResp, 1)},
		step{method: "GET", url: sr + "/subjects/s/versions/latest", status: 200, resp: fmt.Sprintf(versionResp, 1)})
	c := newTestClient(t, s, newClock(), Caching(CacheConfig{LatestTTL: -1}))
	for range 2 {
		if _, err := c.GetSchemaBySubject(context.Background(), "s", Latest); err != nil {
			t.Fatal(err)
		}
	}
	// The version number is still cached.
	if _, err := c.GetSchemaBySubject(context.Background(), "s", 1); err != nil {
		t.Fatal(err)
	}
}

func TestClientGetSchemaBySubjectArgs(t *testing.T) {
	c := newTestClient(t, newScript(t), newClock())
	for _, tt := range []struct {
		subject string
		v       Version
	}{{"", 1}, {"s", 0}, {"s", -5}} {
		if _, err := c.GetSchemaBySubject(context.Background(), tt.subject, tt.v); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("GetSchemaBySubject(%q, %d) err = %v, want ErrInvalidArgument", tt.subject, tt.v, err)
		}
	}
	if _, err := c.LookupSchema(context.Background(), "", avroRecord); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("LookupSchema with no subject: %v", err)
	}
}

func TestClientNegativeCaching(t *testing.T) {
	clk := newClock()
	s := newScript(t, step{method: "GET", url: sr + "/schemas/ids/9", status: 404, resp: notFound})
	c := newTestClient(t, s, clk, Retry(protocol.RetryPolicy{}))
	ctx := context.Background()
	for range 2 {
		if _, err := c.GetSchemaByID(ctx, 9); !errors.Is(err, ErrSchemaNotFound) {
			t.Fatalf("err = %v, want ErrSchemaNotFound", err)
		}
	}
	if n := s.sent(); n != 1 {
		t.Fatalf("%d requests for a remembered not found, want 1", n)
	}
	clk.Advance(DefaultNotFoundTTL)
	s.then(step{method: "GET", url: sr + "/schemas/ids/9", status: 200, resp: schemaResp})
	if _, err := c.GetSchemaByID(ctx, 9); err != nil {
		t.Fatalf("after NotFoundTTL: %v", err)
	}

	// Server errors are never remembered.
	for _, status := range []int{500, 503} {
		s.then(
			step{method: "GET", url: sr + "/schemas/ids/5", status: status, resp: `{"error_code":50001,"message":"Store error"}`},
			step{method: "GET", url: sr + "/schemas/ids/5", status: status, resp: `{"error_code":50001,"message":"Store error"}`})
		for range 2 {
			if _, err := c.GetSchemaByID(ctx, 5); !errors.Is(err, protocol.ErrServer) {
				t.Fatalf("err = %v, want a server error", err)
			}
		}
	}
	// Nor transport errors.
	s.then(
		step{method: "GET", url: sr + "/schemas/ids/6", ioErr: errors.New("connection refused")},
		step{method: "GET", url: sr + "/schemas/ids/6", status: 200, resp: schemaResp})
	if _, err := c.GetSchemaByID(ctx, 6); err == nil {
		t.Fatal("transport error not reported")
	}
	if _, err := c.GetSchemaByID(ctx, 6); err != nil {
		t.Fatal(err)
	}
}

func TestClientNotFoundTTLOff(t *testing.T) {
	s := newScript(t,
		step{method: "POST", url: sr + "/subjects/s", status: 404, resp: `{"error_code":40401,"message":"Subject 's' not found."}`},
		step{method: "POST", url: sr + "/subjects/s", status: 404, resp: `{"error_code":40401,"message":"Subject 's' not found."}`})
	c := newTestClient(t, s, newClock(), Caching(CacheConfig{NotFoundTTL: -1}))
	for range 2 {
		if _, err := c.LookupSchema(context.Background(), "s", avroRecord); !errors.Is(err, ErrSubjectNotFound) {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestClientRegisterKeyedBySubject(t *testing.T) {
	body := `{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":\"string\"}]}"}`
	s := newScript(t,
		step{method: "POST", url: sr + "/subjects/s1/versions", body: body, status: 200, resp: `{"id":4}`},
		// kafkit would answer 4 from its cache here; the schema is not
		// registered under s2 yet.
		step{method: "POST", url: sr + "/subjects/s2/versions", body: body, status: 200, resp: `{"id":4}`},
		// Another schema under s1 is another key.
		step{method: "POST", url: sr + "/subjects/s1/versions", body: `{"schema":"\"int\""}`, status: 200, resp: `{"id":5}`},
		// So is the same text with other references.
		step{method: "POST", url: sr + "/subjects/s1/versions", status: 200, resp: `{"id":6}`},
	)
	c := newTestClient(t, s, newClock())
	ctx := context.Background()
	register := func(subject string, sch Schema, want int) {
		t.Helper()
		id, err := c.RegisterSchema(ctx, subject, sch)
		if err != nil || id != want {
			t.Fatalf("RegisterSchema(%s) = %d, %v; want %d", subject, id, err, want)
		}
	}
	register("s1", avroRecord, 4)
	register("s1", avroRecord, 4) // cached
	register("s2", avroRecord, 4)
	register("s2", avroRecord, 4) // cached
	register("s1", Schema{Schema: `"int"`}, 5)
	register("s1", avroRecord, 4) // still cached: no generation change
	withRef := avroRecord
	withRef.References = []Reference{{Name: "x", Subject: "x", Version: 1}}
	register("s1", withRef, 6)
	// An explicit AVRO type is the same schema as none.
	explicit := avroRecord
	explicit.SchemaType = Avro
	register("s1", explicit, 4)
}

func TestClientRegisterDefaultSubject(t *testing.T) {
	s := newScript(t, step{method: "POST", url: sr + "/subjects/a.b.R/versions", status: 200, resp: `{"id":1}`})
	c := newTestClient(t, s, newClock())
	id, err := c.RegisterSchema(context.Background(), "", Schema{Schema: avroText})
	if err != nil || id != 1 {
		t.Fatalf("RegisterSchema = %d, %v", id, err)
	}
	if _, err := c.RegisterSchema(context.Background(), "", Schema{Schema: `"string"`}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("unnamed schema without subject: err = %v, want ErrInvalidArgument", err)
	}
	if _, err := c.RegisterSchema(context.Background(), "", Schema{Schema: avroText, SchemaType: JSON}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("JSON schema without subject: err = %v, want ErrInvalidArgument", err)
	}
}

func TestClientRegisterErrorsNotCached(t *testing.T) {
	incompatible := `{"error_code":409,"message":"incompatible schema"}`
	s := newScript(t,
		step{method: "POST", url: sr + "/subjects/s/versions", status: 409, resp: incompatible},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":2}`})
	c := newTestClient(t, s, newClock())
	if _, err := c.RegisterSchema(context.Background(), "s", avroRecord); !errors.Is(err, ErrIncompatibleSchema) {
		t.Fatalf("err = %v", err)
	}
	if id, err := c.RegisterSchema(context.Background(), "s", avroRecord); err != nil || id != 2 {
		t.Fatalf("second RegisterSchema = %d, %v", id, err)
	}
}

func TestClientLookupSeedsRegistration(t *testing.T) {
	s := newScript(t, step{method: "POST", url: sr + "/subjects/s", status: 200, resp: fmt.Sprintf(versionResp, 3)})
	c := newTestClient(t, s, newClock())
	ctx := context.Background()
	for range 2 {
		got, err := c.LookupSchema(ctx, "s", avroRecord)
		if err != nil || got.Version != 3 || got.ID != 10 {
			t.Fatalf("LookupSchema = %+v, %v", got, err)
		}
	}
	if id, err := c.RegisterSchema(ctx, "s", avroRecord); err != nil || id != 10 {
		t.Fatalf("RegisterSchema after lookup = %d, %v", id, err)
	}
	// With metadata the lookup may have ignored it: no seeding.
	meta := avroRecord
	meta.Metadata = RawJSON(`{"properties":{"a":"b"}}`)
	s.then(
		step{method: "POST", url: sr + "/subjects/s", status: 200, resp: fmt.Sprintf(versionResp, 3)},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":12}`})
	if _, err := c.LookupSchema(ctx, "s", meta); err != nil {
		t.Fatal(err)
	}
	if id, err := c.RegisterSchema(ctx, "s", meta); err != nil || id != 12 {
		t.Fatalf("RegisterSchema with metadata = %d, %v", id, err)
	}
}

func TestClientRegisterForgetsNegativeLookup(t *testing.T) {
	s := newScript(t,
		step{method: "POST", url: sr + "/subjects/s", status: 404, resp: notFound},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":7}`},
		step{method: "POST", url: sr + "/subjects/s", status: 200, resp: fmt.Sprintf(versionResp, 1)})
	c := newTestClient(t, s, newClock())
	ctx := context.Background()
	if _, err := c.LookupSchema(ctx, "s", avroRecord); !errors.Is(err, ErrSchemaNotFound) {
		t.Fatal(err)
	}
	if _, err := c.Register(ctx, "s", RegisterRequest{Schema: avroRecord}, RegisterOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LookupSchema(ctx, "s", avroRecord); err != nil {
		t.Fatalf("lookup after registration: %v", err)
	}
}

func TestClientDeleteInvalidates(t *testing.T) {
	s := newScript(t,
		step{method: "GET", url: sr + "/subjects/s/versions/1", status: 200, resp: fmt.Sprintf(versionResp, 1)},
		step{method: "GET", url: sr + "/subjects/t/versions/1", status: 200, resp: fmt.Sprintf(versionResp, 1)},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":10}`},
		step{method: "DELETE", url: sr + "/subjects/s/versions/1", status: 200, resp: `1`},
		step{method: "GET", url: sr + "/subjects/s/versions/1", status: 404, resp: `{"error_code":40406,"message":"Schema version is soft deleted"}`},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":10}`},
		step{method: "DELETE", url: sr + "/subjects/s?permanent=true", status: 404, resp: `{"error_code":40405,"message":"not soft deleted first"}`},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":10}`},
	)
	c := newTestClient(t, s, newClock())
	ctx := context.Background()
	get := func(subject string) error {
		_, err := c.GetSchemaBySubject(ctx, subject, 1)
		return err
	}
	register := func() {
		t.Helper()
		if _, err := c.RegisterSchema(ctx, "s", avroRecord); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := get("s"); err != nil {
			t.Fatal(err)
		}
		if err := get("t"); err != nil {
			t.Fatal(err)
		}
		register()
	}
	if v, err := c.DeleteVersion(ctx, "s", 1, DeleteOptions{}); err != nil || v != 1 {
		t.Fatalf("DeleteVersion = %d, %v", v, err)
	}
	if err := get("s"); !errors.Is(err, ErrSchemaVersionSoftDeleted) {
		t.Fatalf("after delete: %v", err)
	}
	if err := get("t"); err != nil { // another subject keeps its entries
		t.Fatal(err)
	}
	register()
	register()
	// A failed delete may still have changed things: forget anyway.
	if _, err := c.DeleteSubject(ctx, "s", DeleteOptions{Permanent: true}); !errors.Is(err, ErrSubjectNotSoftDeleted) {
		t.Fatalf("DeleteSubject err = %v", err)
	}
	register()
}

func TestClientFailover(t *testing.T) {
	s := newScript(t,
		step{method: "GET", url: "http://a:8081/schemas/ids/1", ioErr: errors.New("connection refused")},
		step{method: "GET", url: "http://b:8081/schemas/ids/1", status: 200, resp: schemaResp},
		// A POST the API does not make idempotent does not move on.
		step{method: "POST", url: "http://a:8081/x", ioErr: errors.New("connection reset")},
	)
	clk := newClock()
	c := newTestClient(t, s, clk, URLs("http://a:8081/", "http://b:8081"))
	if _, err := c.GetSchemaByID(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if len(clk.sleeps) != 0 {
		t.Errorf("failover waited %v, want no wait", clk.sleeps)
	}
	_, err := c.Post(context.Background(), "/x", nil, map[string]int{"a": 1})
	var te *protocol.TransportError
	if !errors.As(err, &te) {
		t.Errorf("err = %v, want a *protocol.TransportError", err)
	}
}

func TestClientRetries(t *testing.T) {
	unavailable := `{"error_code":50003,"message":"Error while forwarding the request to the leader"}`
	s := newScript(t,
		step{method: "POST", url: sr + "/subjects/s/versions", status: 503, resp: unavailable},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 503, resp: `<html><title>503</title></html>`},
		step{method: "POST", url: sr + "/subjects/s/versions", status: 200, resp: `{"id":3}`},
		step{method: "GET", url: sr + "/schemas/ids/2", status: 429, header: protocol.Header{{Name: "Retry-After", Value: "7"}}, resp: `{}`},
		step{method: "GET", url: sr + "/schemas/ids/2", status: 200, resp: schemaResp},
	)
	clk := newClock()
	c := newTestClient(t, s, clk)
	id, err := c.RegisterSchema(context.Background(), "s", avroRecord)
	if err != nil || id != 3 {
		t.Fatalf("RegisterSchema = %d, %v", id, err)
	}
	if _, err := c.GetSchemaByID(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	if len(clk.sleeps) != 3 {
		t.Fatalf("sleeps = %v, want 3", clk.sleeps)
	}
	// Backoff 100ms then 200ms, jittered into [d/2, d]; Retry-After as is.
	for i, d := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond} {
		if got := clk.sleeps[i]; got < d/2 || got > d {
			t.Errorf("sleep %d = %v, want within [%v, %v]", i, got, d/2, d)
		}
	}
	if clk.sleeps[2] != 7*time.Second {
		t.Errorf("Retry-After sleep = %v, want 7s", clk.sleeps[2])
	}
}

func TestClientRetryGivesUp(t *testing.T) {
	var steps []step
	for range protocol.DefaultRetryPolicy.MaxAttempts {
		steps = append(steps, step{method: "GET", url: sr + "/schemas/types", status: 502, resp: "bad gateway"})
	}
	c := newTestClient(t, newScript(t, steps...), newClock())
	_, err := c.GetSchemaTypes(context.Background())
	var ae *protocol.APIError
	if !errors.As(err, &ae) || ae.Status != 502 {
		t.Fatalf("err = %v, want the last 502", err)
	}
}

func TestClientNoRetryOnClientErrors(t *testing.T) {
	for _, tt := range []struct {
		status int
		body   string
		target error
	}{
		{400, `{"error_code":400,"message":"Bad Request"}`, protocol.ErrBadRequest},
		{409, `{"error_code":409,"message":"incompatible"}`, ErrIncompatibleSchema},
		{409, `{"error_code":40901,"message":"incompatible"}`, ErrIncompatibleSchema},
		{422, `{"error_code":42201,"message":"Invalid schema"}`, ErrInvalidSchema},
	} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			s := newScript(t, step{method: "POST", url: sr + "/subjects/s/versions", status: tt.status, resp: tt.body})
			clk := newClock()
			c := newTestClient(t, s, clk)
			_, err := c.Register(context.Background(), "s", RegisterRequest{Schema: avroRecord}, RegisterOptions{})
			if !errors.Is(err, tt.target) {
				t.Errorf("err = %v, want %v", err, tt.target)
			}
			if len(clk.sleeps) != 0 {
				t.Errorf("slept %v", clk.sleeps)
			}
		})
	}
}

func TestClientAuth(t *testing.T) {
	for _, tt := range []struct {
		name   string
		signer protocol.Signer
		header string
		secret string
	}{
		{"basic", protocol.BasicAuth("user", "s3cret-pw"), "Basic dXNlcjpzM2NyZXQtcHc=", "s3cret-pw"},
		{"bearer", protocol.BearerToken("tok-abc123"), "Bearer tok-abc123", "tok-abc123"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newScript(t,
				step{method: "GET", url: sr + "/schemas/ids/1", status: 401, resp: `{"error_code":401,"message":"Unauthorized"}`},
				step{method: "GET", url: sr + "/schemas/ids/2", ioErr: errors.New("connection reset")},
				step{method: "GET", url: sr + "/schemas/ids/2", ioErr: errors.New("connection reset")},
				step{method: "GET", url: sr + "/schemas/ids/2", ioErr: errors.New("connection reset")},
				step{method: "GET", url: sr + "/schemas/ids/2", ioErr: errors.New("connection reset")},
				step{method: "POST", url: sr + "/subjects/s", status: 200, resp: `{broken`},
			)
			c := newTestClient(t, s, newClock(), Auth(tt.signer))
			var errs []error
			_, err := c.GetSchemaByID(context.Background(), 1)
			errs = append(errs, err)
			_, err = c.GetSchemaByID(context.Background(), 2)
			errs = append(errs, err)
			_, err = c.LookupSchema(context.Background(), "s", avroRecord)
			errs = append(errs, err)
			for _, req := range s.seen {
				if got := req.Header.Get("Authorization"); got != tt.header {
					t.Errorf("%s %s: Authorization = %q, want %q", req.Method, req.URL, got, tt.header)
				}
			}
			printed := fmt.Sprintf("%v %+v %#v %s", c, c, c, c)
			for _, err := range errs {
				if err == nil {
					t.Fatal("want an error")
				}
				printed += " " + err.Error() + fmt.Sprintf(" %+v %#v", err, err)
			}
			for _, secret := range []string{tt.secret, tt.header, strings.Fields(tt.header)[1]} {
				if strings.Contains(printed, secret) {
					t.Errorf("credential %q printed in %s", secret, printed)
				}
			}
		})
	}
}

func TestNewClient(t *testing.T) {
	doer := protocol.DoerFunc(func(context.Context, *protocol.Request, *protocol.Response) error { return nil })
	for _, tt := range []struct {
		name string
		doer protocol.Doer
		opts []Option
	}{
		{"nil doer", nil, []Option{URLs(sr)}},
		{"no urls", doer, nil},
		{"empty url list", doer, []Option{URLs()}},
		{"relative", doer, []Option{URLs("sr:8081")}},
		{"ftp", doer, []Option{URLs("ftp://sr")}},
		{"query", doer, []Option{URLs("http://sr/?a=b")}},
		{"no host", doer, []Option{URLs("http:///x")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := NewClient(tt.doer, tt.opts...); !errors.Is(err, ErrInvalidArgument) || c != nil {
				t.Errorf("NewClient = %v, %v; want ErrInvalidArgument", c, err)
			}
		})
	}
	// The error names the URL without its password.
	_, err := NewClient(doer, URLs("ftp://u:pw-secret@sr"))
	if err == nil || strings.Contains(err.Error(), "pw-secret") {
		t.Errorf("err = %v", err)
	}
	// The caller's slice is copied, and a zero Option is ignored.
	urls := []string{"http://a", "http://b/"}
	c, err := NewClient(doer, URLs(urls...), Option{})
	if err != nil {
		t.Fatal(err)
	}
	urls[0] = "http://changed"
	if d := cmp.Diff([]string{"http://a", "http://b"}, c.bases); d != "" {
		t.Errorf("bases (-want +got):\n%s", d)
	}
	if got := c.String(); got != "confluent.Client(http://a, http://b)" {
		t.Errorf("String() = %q", got)
	}
}

func TestClientContextCanceled(t *testing.T) {
	c := newTestClient(t, newScript(t), newClock())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.GetSchemaByID(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cached path: err = %v", err)
	}
	if _, err := c.ListSubjects(ctx, ListSubjectsOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("uncached path: err = %v", err)
	}
}

func TestClientSchemasPages(t *testing.T) {
	page := func(ids ...int) string {
		var items []string
		for _, id := range ids {
			items = append(items, fmt.Sprintf(`{"subject":"s%d","version":1,"id":%d,"schema":"\"int\""}`, id, id))
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	s := newScript(t,
		step{method: "GET", url: sr + "/schemas?subjectPrefix=s&limit=2", status: 200, resp: page(1, 2)},
		step{method: "GET", url: sr + "/schemas?subjectPrefix=s&offset=2&limit=2", status: 503, resp: ``},
		step{method: "GET", url: sr + "/schemas?subjectPrefix=s&offset=2&limit=2", status: 200, resp: page(3, 4)},
		step{method: "GET", url: sr + "/schemas?subjectPrefix=s&offset=4&limit=2", status: 200, resp: page(5)},
	)
	c := newTestClient(t, s, newClock())
	var ids []int
	for ss, err := range c.Schemas(context.Background(), ListSchemasOptions{SubjectPrefix: "s", Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ss.ID)
	}
	if d := cmp.Diff([]int{1, 2, 3, 4, 5}, ids); d != "" {
		t.Errorf("ids (-want +got):\n%s", d)
	}

	// Stopping early sends nothing more; an error is yielded once.
	s.then(
		step{method: "GET", url: sr + "/schemas?offset=10&limit=100", status: 200, resp: page(ids...)},
		step{method: "GET", url: sr + "/schemas?limit=100", status: 404, resp: `{"error_code":404,"message":"HTTP 404 Not Found"}`},
	)
	for range c.Schemas(context.Background(), ListSchemasOptions{Offset: 10}) {
		break
	}
	var errs int
	for _, err := range c.Schemas(context.Background(), ListSchemasOptions{}) {
		if err == nil {
			t.Fatal("want an error")
		}
		errs++
	}
	if errs != 1 {
		t.Errorf("%d errors yielded, want 1", errs)
	}
}

// TestListSchemasPagesShort checks the pure pager stops on a page of
// another length than asked for, longer included.
func TestListSchemasPagesShort(t *testing.T) {
	first, parse := ListSchemasPages(sr, ListSchemasOptions{Limit: 1})
	if first.URL != sr+"/schemas?limit=1" {
		t.Fatalf("first = %s", first.URL)
	}
	items, next, err := parse(first, response(200, `[{"id":1},{"id":2}]`))
	if err != nil || len(items) != 2 || next != nil {
		t.Errorf("parse = %v, %v, %v; want 2 items and no next", items, next, err)
	}
	_, next, err = parse(first, response(200, `[{"id":1}]`))
	if err != nil || next == nil || next.URL != sr+"/schemas?offset=1&limit=1" {
		t.Errorf("next = %v, %v", next, err)
	}
}

// TestClientMethods runs every uncached method once against the fake.
func TestClientMethods(t *testing.T) {
	yes := true
	tests := []struct {
		name   string
		call   func(context.Context, *Client) (any, error)
		method string
		url    string
		body   string // expected request body
		resp   string
		want   any
	}{
		{"ListSchemas", func(ctx context.Context, c *Client) (any, error) {
			return c.ListSchemas(ctx, ListSchemasOptions{LatestOnly: true})
		}, "GET", "/schemas?latestOnly=true", "", `[{"subject":"s","version":1,"id":1,"schema":"x"}]`,
			[]SubjectSchema{{Subject: "s", Version: 1, ID: 1, Schema: Schema{Schema: "x"}}}},
		{"FetchSchemaByID", func(ctx context.Context, c *Client) (any, error) {
			return c.FetchSchemaByID(ctx, 1, GetSchemaByIDOptions{FetchMaxID: true})
		}, "GET", "/schemas/ids/1?fetchMaxId=true", "", `{"schema":"x","maxId":9}`, &SchemaByID{Schema: Schema{Schema: "x"}, MaxID: 9}},
		{"GetRawSchemaByID", func(ctx context.Context, c *Client) (any, error) {
			return c.GetRawSchemaByID(ctx, 1, RawSchemaOptions{})
		}, "GET", "/schemas/ids/1/schema", "", `"int"`, `"int"`},
		{"GetSubjectsByID", func(ctx context.Context, c *Client) (any, error) {
			return c.GetSubjectsByID(ctx, 1, SchemaUsageOptions{})
		}, "GET", "/schemas/ids/1/subjects", "", `["a"]`, []string{"a"}},
		{"GetVersionsByID", func(ctx context.Context, c *Client) (any, error) {
			return c.GetVersionsByID(ctx, 1, SchemaUsageOptions{})
		}, "GET", "/schemas/ids/1/versions", "", `[{"subject":"a","version":2}]`, []SubjectVersion{{"a", 2}}},
		{"GetSchemaTypes", func(ctx context.Context, c *Client) (any, error) { return c.GetSchemaTypes(ctx) },
			"GET", "/schemas/types", "", `["AVRO"]`, []SchemaType{Avro}},
		{"FetchSchemaByGUID", func(ctx context.Context, c *Client) (any, error) {
			return c.FetchSchemaByGUID(ctx, "g", GetSchemaByGUIDOptions{})
		}, "GET", "/schemas/guids/g", "", `{"schema":"x","guid":"g"}`, &SchemaByID{Schema: Schema{Schema: "x"}, GUID: "g"}},
		{"GetIDsByGUID", func(ctx context.Context, c *Client) (any, error) { return c.GetIDsByGUID(ctx, "g") },
			"GET", "/schemas/guids/g/ids", "", `[{"context":".","id":3}]`, []ContextID{{".", 3}}},
		{"ListSubjects", func(ctx context.Context, c *Client) (any, error) {
			return c.ListSubjects(ctx, ListSubjectsOptions{Deleted: true})
		}, "GET", "/subjects?deleted=true", "", `["a"]`, []string{"a"}},
		{"Lookup", func(ctx context.Context, c *Client) (any, error) {
			return c.Lookup(ctx, "s", Schema{Schema: "x"}, LookupOptions{Deleted: true})
		}, "POST", "/subjects/s?deleted=true", `{"schema":"x"}`, `{"subject":"s","id":1,"version":2,"schema":"x","deleted":true}`,
			&SubjectSchema{Subject: "s", ID: 1, Version: 2, Schema: Schema{Schema: "x"}, Deleted: true}},
		{"DeleteSubject", func(ctx context.Context, c *Client) (any, error) {
			return c.DeleteSubject(ctx, "s", DeleteOptions{})
		}, "DELETE", "/subjects/s", "", `[1,2]`, []int{1, 2}},
		{"ListVersions", func(ctx context.Context, c *Client) (any, error) {
			return c.ListVersions(ctx, "s", ListVersionsOptions{})
		}, "GET", "/subjects/s/versions", "", `[1]`, []int{1}},
		{"Register", func(ctx context.Context, c *Client) (any, error) {
			return c.Register(ctx, "s", RegisterRequest{Schema: Schema{Schema: "x", Metadata: RawJSON(`{"properties":{"a":"1"}}`)}}, RegisterOptions{Normalize: true})
		}, "POST", "/subjects/s/versions?normalize=true", `{"schema":"x","metadata":{"properties":{"a":"1"}}}`, `{"id":4,"version":2}`,
			RegisterResult{ID: 4, Version: 2}},
		{"GetVersion", func(ctx context.Context, c *Client) (any, error) {
			return c.GetVersion(ctx, "s", Latest, GetVersionOptions{Deleted: true})
		}, "GET", "/subjects/s/versions/latest?deleted=true", "", `{"subject":"s","id":1,"version":3,"schema":"x"}`,
			&SubjectSchema{Subject: "s", ID: 1, Version: 3, Schema: Schema{Schema: "x"}}},
		{"DeleteVersion", func(ctx context.Context, c *Client) (any, error) {
			return c.DeleteVersion(ctx, "s", Latest, DeleteOptions{Permanent: true})
		}, "DELETE", "/subjects/s/versions/latest?permanent=true", "", `3`, 3},
		{"GetRawSchemaByVersion", func(ctx context.Context, c *Client) (any, error) {
			return c.GetRawSchemaByVersion(ctx, "s", 1, RawSchemaOptions{})
		}, "GET", "/subjects/s/versions/1/schema", "", `x`, `x`},
		{"GetReferencedBy", func(ctx context.Context, c *Client) (any, error) {
			return c.GetReferencedBy(ctx, "s", 1, ReferencedByOptions{})
		}, "GET", "/subjects/s/versions/1/referencedby", "", `[7]`, []int{7}},
		{"CheckCompatibility", func(ctx context.Context, c *Client) (any, error) {
			return c.CheckCompatibility(ctx, "s", Schema{Schema: "x"}, CompatibilityOptions{Verbose: true})
		}, "POST", "/compatibility/subjects/s/versions?verbose=true", `{"schema":"x"}`, `{"is_compatible":false,"messages":["m"]}`,
			CompatibilityResult{Messages: []string{"m"}}},
		{"CheckCompatibilityWithVersion", func(ctx context.Context, c *Client) (any, error) {
			return c.CheckCompatibilityWithVersion(ctx, "s", 2, Schema{Schema: "x"}, CompatibilityOptions{})
		}, "POST", "/compatibility/subjects/s/versions/2", `{"schema":"x"}`, `{"is_compatible":true}`, CompatibilityResult{IsCompatible: true}},
		{"GetGlobalConfig", func(ctx context.Context, c *Client) (any, error) {
			return c.GetGlobalConfig(ctx, GetConfigOptions{})
		}, "GET", "/config", "", `{"compatibilityLevel":"BACKWARD"}`, Config{Compatibility: Backward}},
		{"GetConfig", func(ctx context.Context, c *Client) (any, error) {
			return c.GetConfig(ctx, "s", GetConfigOptions{DefaultToGlobal: true})
		}, "GET", "/config/s?defaultToGlobal=true", "", `{"compatibilityLevel":"FULL"}`, Config{Compatibility: Full}},
		{"UpdateGlobalConfig", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateGlobalConfig(ctx, Config{Compatibility: None, Normalize: &yes})
		}, "PUT", "/config", `{"compatibility":"NONE","normalize":true}`, `{"compatibility":"NONE","normalize":true}`,
			Config{Compatibility: None, Normalize: &yes}},
		{"UpdateConfig", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateConfig(ctx, "s", Config{Compatibility: Forward})
		}, "PUT", "/config/s", `{"compatibility":"FORWARD"}`, `{"compatibility":"FORWARD"}`, Config{Compatibility: Forward}},
		{"DeleteGlobalConfig", func(ctx context.Context, c *Client) (any, error) { return c.DeleteGlobalConfig(ctx) },
			"DELETE", "/config", "", `{"compatibilityLevel":"BACKWARD"}`, Config{Compatibility: Backward}},
		{"DeleteConfig", func(ctx context.Context, c *Client) (any, error) { return c.DeleteConfig(ctx, "s") },
			"DELETE", "/config/s", "", `{"compatibilityLevel":"FULL"}`, Config{Compatibility: Full}},
		{"GetGlobalMode", func(ctx context.Context, c *Client) (any, error) { return c.GetGlobalMode(ctx, GetModeOptions{}) },
			"GET", "/mode", "", `{"mode":"READWRITE"}`, ReadWrite},
		{"GetMode", func(ctx context.Context, c *Client) (any, error) { return c.GetMode(ctx, "s", GetModeOptions{}) },
			"GET", "/mode/s", "", `{"mode":"READONLY"}`, ReadOnly},
		{"UpdateGlobalMode", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateGlobalMode(ctx, Import, UpdateModeOptions{Force: true})
		}, "PUT", "/mode?force=true", `{"mode":"IMPORT"}`, `{"mode":"IMPORT"}`, Import},
		{"UpdateMode", func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateMode(ctx, "s", ReadOnly, UpdateModeOptions{})
		}, "PUT", "/mode/s", `{"mode":"READONLY"}`, `{"mode":"READONLY"}`, ReadOnly},
		{"DeleteGlobalMode", func(ctx context.Context, c *Client) (any, error) { return c.DeleteGlobalMode(ctx, DeleteModeOptions{}) },
			"DELETE", "/mode", "", `{"mode":"READWRITE"}`, ReadWrite},
		{"DeleteMode", func(ctx context.Context, c *Client) (any, error) { return c.DeleteMode(ctx, "s", DeleteModeOptions{}) },
			"DELETE", "/mode/s", "", `{"mode":"READONLY"}`, ReadOnly},
		{"ListContexts", func(ctx context.Context, c *Client) (any, error) { return c.ListContexts(ctx, ListContextsOptions{}) },
			"GET", "/contexts", "", `[".",".a"]`, []string{".", ".a"}},
		{"DeleteContext", func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteContext(ctx, ".a") },
			"DELETE", "/contexts/.a", "", ``, nil},
		{"GetRoot", func(ctx context.Context, c *Client) (any, error) { return c.GetRoot(ctx) },
			"GET", "/", "", `{}`, RawJSON(`{}`)},
		{"Get", func(ctx context.Context, c *Client) (any, error) {
			return c.Get(ctx, "/subjects{/s}/versions", protocol.Vars{"s": "a b"})
		}, "GET", "/subjects/a%20b/versions", "", `[1]`, []byte(`[1]`)},
		{"Post", func(ctx context.Context, c *Client) (any, error) {
			return c.Post(ctx, "/subjects/{s}", protocol.Vars{"s": "a"}, Schema{Schema: "x"})
		}, "POST", "/subjects/a", `{"schema":"x"}`, `{"id":1}`, []byte(`{"id":1}`)},
		{"Put", func(ctx context.Context, c *Client) (any, error) {
			return c.Put(ctx, "/mode", nil, map[string]string{"mode": "READONLY"})
		}, "PUT", "/mode", `{"mode":"READONLY"}`, `{"mode":"READONLY"}`, []byte(`{"mode":"READONLY"}`)},
		{"Patch", func(ctx context.Context, c *Client) (any, error) {
			return c.Patch(ctx, "/x", nil, []byte(`{"a":1}`))
		}, "PATCH", "/x", `{"a":1}`, ``, []byte(nil)},
		{"Delete", func(ctx context.Context, c *Client) (any, error) {
			return c.Delete(ctx, "/subjects/{s}", protocol.Vars{"s": "a"}, nil)
		}, "DELETE", "/subjects/a", "", `[1]`, []byte(`[1]`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := 200
			if tt.resp == "" {
				status = 204
			}
			s := newScript(t, step{method: tt.method, url: sr + tt.url, body: tt.body, status: status, resp: tt.resp})
			c := newTestClient(t, s, newClock())
			got, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, normalize(got)); d != "" {
				t.Errorf("result (-want +got):\n%s", d)
			}
		})
	}
}

// normalize turns json.RawMessage into []byte for comparison.
func normalize(v any) any {
	if b, ok := v.(json.RawMessage); ok {
		return []byte(b)
	}
	return v
}

// TestClientMethodsRejectArguments checks every method that takes a subject,
// version or guid refuses a bad one without sending anything.
func TestClientMethodsRejectArguments(t *testing.T) {
	ctx := context.Background()
	c := newTestClient(t, newScript(t), newClock()) // any request fails the test
	calls := map[string]func() error{
		"FetchSchemaByGUID": func() error { _, err := c.FetchSchemaByGUID(ctx, "", GetSchemaByGUIDOptions{}); return err },
		"GetIDsByGUID":      func() error { _, err := c.GetIDsByGUID(ctx, ""); return err },
		"Lookup":            func() error { _, err := c.Lookup(ctx, "", avroRecord, LookupOptions{}); return err },
		"DeleteSubject":     func() error { _, err := c.DeleteSubject(ctx, "", DeleteOptions{}); return err },
		"ListVersions":      func() error { _, err := c.ListVersions(ctx, "", ListVersionsOptions{}); return err },
		"Register": func() error {
			_, err := c.Register(ctx, "", RegisterRequest{Schema: avroRecord}, RegisterOptions{})
			return err
		},
		"GetVersion":    func() error { _, err := c.GetVersion(ctx, "s", 0, GetVersionOptions{}); return err },
		"DeleteVersion": func() error { _, err := c.DeleteVersion(ctx, "s", -3, DeleteOptions{}); return err },
		"GetRawSchemaByVersion": func() error {
			_, err := c.GetRawSchemaByVersion(ctx, "", 1, RawSchemaOptions{})
			return err
		},
		"GetReferencedBy":    func() error { _, err := c.GetReferencedBy(ctx, "s", 0, ReferencedByOptions{}); return err },
		"CheckCompatibility": func() error { _, err := c.CheckCompatibility(ctx, "", avroRecord, CompatibilityOptions{}); return err },
		"CheckCompatibilityWithVersion": func() error {
			_, err := c.CheckCompatibilityWithVersion(ctx, "s", 0, avroRecord, CompatibilityOptions{})
			return err
		},
		"GetConfig":          func() error { _, err := c.GetConfig(ctx, "", GetConfigOptions{}); return err },
		"UpdateConfig":       func() error { _, err := c.UpdateConfig(ctx, "", Config{Compatibility: Full}); return err },
		"UpdateGlobalConfig": func() error { _, err := c.UpdateGlobalConfig(ctx, Config{DefaultRuleSet: RawJSON("{")}); return err },
		"DeleteConfig":       func() error { _, err := c.DeleteConfig(ctx, ""); return err },
		"GetMode":            func() error { _, err := c.GetMode(ctx, "", GetModeOptions{}); return err },
		"UpdateMode":         func() error { _, err := c.UpdateMode(ctx, "", ReadOnly, UpdateModeOptions{}); return err },
		"DeleteMode":         func() error { _, err := c.DeleteMode(ctx, "", DeleteModeOptions{}); return err },
		"DeleteContext":      func() error { return c.DeleteContext(ctx, "") },
		"Get":                func() error { _, err := c.Get(ctx, "/x{", nil); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
}

// A templated write may have touched any subject: every subject-scoped entry
// is forgotten, while schemas by id, which never change, stay cached.
func TestClientTemplatedWriteInvalidates(t *testing.T) {
	s := newScript(t,
		step{method: "GET", url: sr + "/subjects/s/versions/1", status: 200, resp: fmt.Sprintf(versionResp, 1)},
		step{method: "GET", url: sr + "/schemas/ids/1", status: 200, resp: schemaResp},
		step{method: "GET", url: sr + "/subjects", status: 200, resp: `["s"]`},
		step{method: "DELETE", url: sr + "/subjects/s", status: 200, resp: `[1]`},
		step{method: "GET", url: sr + "/subjects/s/versions/1", status: 404, resp: `{"error_code":40401,"message":"Subject not found"}`},
	)
	c := newTestClient(t, s, newClock())
	ctx := context.Background()
	if _, err := c.GetSchemaBySubject(ctx, "s", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSchemaByID(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, "/subjects", nil); err != nil { // a read forgets nothing
		t.Fatal(err)
	}
	if _, err := c.GetSchemaBySubject(ctx, "s", 1); err != nil {
		t.Fatalf("entry forgotten after a templated GET: %v", err)
	}
	if _, err := c.Delete(ctx, "/subjects{/subject}", protocol.Vars{"subject": "s"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSchemaBySubject(ctx, "s", 1); !errors.Is(err, ErrSubjectNotFound) {
		t.Fatalf("after a templated DELETE: %v, want the registry's ErrSubjectNotFound", err)
	}
	if _, err := c.GetSchemaByID(ctx, 1); err != nil {
		t.Fatalf("schema by id after a templated DELETE: %v", err)
	}
}
