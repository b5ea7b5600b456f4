package confluent_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/fault"
)

// These tests put transport/fault between the client and a fake registry
// and check what the client makes of each failure: how often it retries,
// how long it waits, what error it returns, and that nothing a failure
// produced ends up in its caches.

const (
	base        = "http://registry.test:8081"
	subject     = "orders-value"
	orderSchema = `{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"long"}]}`
	ms          = time.Millisecond
)

// registry is a fake Schema Registry as a Doer. It serves schemas by id
// (404 40403 for an unknown one), versions of subject (404 40401 for any
// other subject), and registrations under subject, and records every
// request it receives.
type registry struct {
	mu       sync.Mutex
	schemas  map[int]string
	requests []*protocol.Request
}

func newRegistry() *registry { return &registry{schemas: map[int]string{7: orderSchema}} }

// learn makes id known, as if registered meanwhile.
func (r *registry) learn(id int, schema string) {
	r.mu.Lock()
	r.schemas[id] = schema
	r.mu.Unlock()
}

// asked returns how many requests the registry has received.
func (r *registry) asked() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

// received returns copies of the requests the registry has received.
func (r *registry) received() []*protocol.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*protocol.Request, len(r.requests))
	for i, req := range r.requests {
		out[i] = req.Clone()
	}
	return out
}

func (r *registry) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, req.Clone())
	u, err := url.Parse(req.URL)
	if err != nil {
		return protocol.NewTransportError(req, err)
	}
	answer := func(status int, v any) error {
		body, err := json.Marshal(v)
		if err != nil {
			return err
		}
		resp.Status = status
		resp.Header = append(resp.Header, protocol.Field{Name: "Content-Type", Value: confluent.ContentType})
		resp.Body = append(resp.Body, body...)
		return nil
	}
	type apiError struct {
		Code    int    `json:"error_code"`
		Message string `json:"message"`
	}
	path := u.Path
	switch {
	case req.Method == "GET" && strings.HasPrefix(path, "/schemas/ids/"):
		id, err := strconv.Atoi(strings.TrimPrefix(path, "/schemas/ids/"))
		s, ok := r.schemas[id]
		if err != nil || !ok {
			return answer(404, apiError{40403, "Schema " + strings.TrimPrefix(path, "/schemas/ids/") + " not found"})
		}
		return answer(200, map[string]any{"schema": s})
	case req.Method == "GET" && strings.HasPrefix(path, "/subjects/"+subject+"/versions/"):
		return answer(200, map[string]any{"subject": subject, "version": 1, "id": 7, "schema": r.schemas[7]})
	case req.Method == "POST" && path == "/subjects/"+subject+"/versions":
		return answer(200, map[string]any{"id": 7})
	case strings.HasPrefix(path, "/subjects/"):
		return answer(404, apiError{40401, "Subject not found."})
	}
	return answer(404, apiError{404, "HTTP 404 Not Found"})
}

// fakeClock is the client's clock: Sleep records each wait and moves the
// time on at once, or, when hold is set, blocks until the context ends, as
// a wait longer than the test would.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
	hold  bool
}

var epoch = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func newFakeClock() *fakeClock { return &fakeClock{now: epoch} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	hold := c.hold
	if !hold {
		c.now = c.now.Add(d)
	}
	c.mu.Unlock()
	if hold {
		<-ctx.Done()
	}
	return ctx.Err()
}

func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}

// testPolicy retries up to four attempts with a backoff of 100ms doubling,
// without jitter, so the waits are exact.
var testPolicy = protocol.RetryPolicy{
	MaxAttempts: 4,
	BaseDelay:   100 * ms,
	MaxDelay:    time.Second,
	Jitter:      func(d time.Duration) time.Duration { return d },
}

func newFaultClient(t *testing.T, d protocol.Doer, clk *fakeClock, opts ...confluent.Option) *confluent.Client {
	t.Helper()
	all := append([]confluent.Option{confluent.URLs(base), confluent.Clock(clk.Now, clk.Sleep), confluent.Retry(testPolicy)}, opts...)
	c, err := confluent.NewClient(d, all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// errShape is what a test expects of an error: its type and the facts a
// caller branches on. Class is read through errors.Is on the class
// sentinels, not from the field.
type errShape struct {
	Kind      string // "transport", "api", "malformed", "too large", "canceled", "deadline", "other"
	Status    int
	Class     protocol.Class
	Code      string
	Message   string
	Retryable bool
	Timeout   bool // a transport timeout
	Reset     bool // a connection reset
	Op        string
}

func shapeOf(err error) errShape {
	var (
		te *protocol.TransportError
		ae *protocol.APIError
		me *protocol.MalformedError
		tl *protocol.BodyTooLargeError
		s  errShape
	)
	switch {
	case err == nil:
		return s
	case errors.As(err, &te):
		s.Kind, s.Timeout, s.Reset = "transport", te.Timeout(), errors.Is(err, syscall.ECONNRESET)
	case errors.As(err, &ae):
		s.Kind, s.Status, s.Code, s.Message = "api", ae.Status, ae.Code, ae.Message
	case errors.As(err, &me):
		s.Kind, s.Status, s.Op = "malformed", me.Status, me.Op
	case errors.As(err, &tl):
		s.Kind = "too large"
	case errors.Is(err, context.Canceled):
		s.Kind = "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		s.Kind = "deadline"
	default:
		s.Kind = "other"
	}
	s.Retryable = protocol.IsRetryable(err)
	switch {
	case errors.Is(err, protocol.ErrRedirection):
		s.Class = protocol.ClassRedirection
	case errors.Is(err, protocol.ErrBadRequest):
		s.Class = protocol.ClassBadRequest
	case errors.Is(err, protocol.ErrServer):
		s.Class = protocol.ClassServer
	}
	return s
}

var (
	resetErr     = errShape{Kind: "transport", Reset: true, Retryable: true}
	timeoutErr   = errShape{Kind: "transport", Timeout: true, Retryable: true}
	unavailable  = errShape{Kind: "api", Status: 503, Class: protocol.ClassServer, Message: "unexpected response body: Service Unavailable", Retryable: true}
	badGateway   = errShape{Kind: "api", Status: 502, Class: protocol.ClassServer, Message: "HTML response: 502 Bad Gateway", Retryable: true}
	tooMany      = errShape{Kind: "api", Status: 429, Class: protocol.ClassBadRequest, Message: "unexpected response body: Too Many Requests", Retryable: true}
	storeError   = errShape{Kind: "api", Status: 500, Class: protocol.ClassServer, Code: "50001", Message: "Error in the backend data store", Retryable: true}
	malformedErr = errShape{Kind: "malformed", Status: 200, Op: "GetSchemaByID"}
	tooLarge     = errShape{Kind: "too large"}
	canceled     = errShape{Kind: "canceled"}
)

// storeFailure is a registry's own 500 answer.
func storeFailure() fault.Fault {
	return fault.Respond(500, protocol.Header{{Name: "Content-Type", Value: confluent.ContentType}},
		`{"error_code":50001,"message":"Error in the backend data store"}`)
}

// htmlOK is a 200 from something that is not the registry: a captive
// portal or a misrouted proxy.
func htmlOK() fault.Fault {
	return fault.Respond(200, protocol.Header{{Name: "Content-Type", Value: "text/html"}}, "<html><title>Welcome</title></html>")
}

func backoffs(n int) []time.Duration {
	var ws []time.Duration
	for i := 1; i <= n; i++ {
		ws = append(ws, testPolicy.Backoff(i))
	}
	return ws
}

// TestFaultRetries checks, fault by fault, that retries stay within the
// policy's attempts, that waits follow Retry-After and otherwise the
// backoff, and that the final error has the right type and class.
func TestFaultRetries(t *testing.T) {
	tests := []struct {
		name      string
		script    []fault.Fault
		requests  int // requests the client sent
		served    int // of which reached the registry
		remaining int // faults of the script left unused
		waits     []time.Duration
		err       errShape // zero: success
	}{
		{name: "reset, then success", script: []fault.Fault{fault.Reset()},
			requests: 2, served: 1, waits: []time.Duration{100 * ms}},
		{name: "resets exhaust the attempts", script: []fault.Fault{fault.Reset().Times(4)},
			requests: 4, waits: backoffs(3), err: resetErr},
		{name: "resets outlast the attempts", script: []fault.Fault{fault.Reset().Times(9)},
			requests: 4, remaining: 5, waits: backoffs(3), err: resetErr},
		{name: "timeout, then success", script: []fault.Fault{fault.Timeout()},
			requests: 2, served: 1, waits: []time.Duration{100 * ms}},
		{name: "timeouts exhaust the attempts", script: []fault.Fault{fault.Timeout().Times(4)},
			requests: 4, waits: backoffs(3), err: timeoutErr},
		{name: "reset after the registry answered, then success", script: []fault.Fault{fault.ResetAfterSend()},
			requests: 2, served: 2, waits: []time.Duration{100 * ms}},
		{name: "429 Retry-After seconds", script: []fault.Fault{fault.TooManyRequests("3")},
			requests: 2, served: 1, waits: []time.Duration{3 * time.Second}},
		{name: "429 Retry-After date", script: []fault.Fault{fault.TooManyRequests(fault.HTTPDate(epoch.Add(5 * time.Second)))},
			requests: 2, served: 1, waits: []time.Duration{5 * time.Second}},
		{name: "429 Retry-After date in the past", script: []fault.Fault{fault.TooManyRequests(fault.HTTPDate(epoch.Add(-time.Hour)))},
			requests: 2, served: 1}, // no wait at all
		{name: "429 without Retry-After backs off", script: []fault.Fault{fault.TooManyRequests("")},
			requests: 2, served: 1, waits: []time.Duration{100 * ms}},
		{name: "Retry-After, then backoff", script: []fault.Fault{fault.TooManyRequests("2"), fault.Unavailable(), fault.TooManyRequests("1")},
			requests: 4, served: 1, waits: []time.Duration{2 * time.Second, 200 * ms, time.Second}},
		{name: "429s exhaust the attempts", script: []fault.Fault{fault.TooManyRequests("1").Times(4)},
			requests: 4, waits: []time.Duration{time.Second, time.Second, time.Second}, err: tooMany},
		{name: "Retry-After beyond MaxServerWait is not waited for", script: []fault.Fault{fault.TooManyRequests("3600")},
			requests: 1, err: tooMany},
		{name: "503 burst, then success", script: []fault.Fault{fault.Unavailable().Times(3)},
			requests: 4, served: 1, waits: backoffs(3)},
		{name: "503 burst exhausts the attempts", script: []fault.Fault{fault.Unavailable().Times(4)},
			requests: 4, waits: backoffs(3), err: unavailable},
		{name: "503 burst outlasts the attempts", script: []fault.Fault{fault.Unavailable().Times(10)},
			requests: 4, remaining: 6, waits: backoffs(3), err: unavailable},
		{name: "HTML 502, then success", script: []fault.Fault{fault.BadGatewayHTML()},
			requests: 2, served: 1, waits: []time.Duration{100 * ms}},
		{name: "HTML 502 burst", script: []fault.Fault{fault.BadGatewayHTML().Times(4)},
			requests: 4, waits: backoffs(3), err: badGateway},
		{name: "registry 500 burst", script: []fault.Fault{storeFailure().Times(4)},
			requests: 4, waits: backoffs(3), err: storeError},
		{name: "every fault once, then success", script: []fault.Fault{fault.Reset(), fault.Timeout(), fault.BadGatewayHTML()},
			requests: 4, served: 1, waits: backoffs(3)},
		{name: "truncated JSON is not retried", script: []fault.Fault{fault.TruncatedJSON()},
			requests: 1, err: malformedErr},
		{name: "body cut short on the way", script: []fault.Fault{fault.Truncate(12)},
			requests: 1, served: 1, err: malformedErr},
		{name: "HTML with 200 is not retried", script: []fault.Fault{htmlOK()},
			requests: 1, err: malformedErr},
		{name: "body too large is not retried", script: []fault.Fault{fault.BodyTooLarge(1 << 20)},
			requests: 1, err: tooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry()
			d := fault.New(reg, tt.script...)
			clk := newFakeClock()
			c := newFaultClient(t, d, clk)
			s, err := c.GetSchemaByID(context.Background(), 7)
			if diff := cmp.Diff(tt.err, shapeOf(err)); diff != "" {
				t.Errorf("error %v (-want +got):\n%s", err, diff)
			}
			if tt.err == (errShape{}) && (s == nil || s.Schema != orderSchema) {
				t.Errorf("schema = %+v, want %s", s, orderSchema)
			}
			if tt.err != (errShape{}) && s != nil {
				t.Errorf("schema = %+v with an error", s)
			}
			if got := d.Count(); got != tt.requests {
				t.Errorf("%d requests sent, want %d", got, tt.requests)
			}
			if got := reg.asked(); got != tt.served {
				t.Errorf("%d requests reached the registry, want %d", got, tt.served)
			}
			if got := d.Remaining(); got != tt.remaining {
				t.Errorf("%d faults left, want %d", got, tt.remaining)
			}
			if diff := cmp.Diff(tt.waits, clk.Waits()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			for i, req := range d.Requests() {
				if req.Method != "GET" || req.URL != base+"/schemas/ids/7" {
					t.Errorf("request %d = %s %s, want the same GET every time", i, req.Method, req.URL)
				}
			}
		})
	}
}

// TestFaultFailover checks that a transport error moves the request to the
// next base URL at once, that a status does not, and that failover keeps
// the requests within the attempts times the number of bases.
func TestFaultFailover(t *testing.T) {
	const base2 = "http://registry-2.test:8081"
	b1, b2 := base+"/schemas/ids/7", base2+"/schemas/ids/7"
	tests := []struct {
		name      string
		script    []fault.Fault
		urls      []string // where the requests went
		remaining int
		waits     []time.Duration
		err       errShape
	}{
		{"reset, the other base answers", []fault.Fault{fault.Reset()}, []string{b1, b2}, 0, nil, errShape{}},
		{"timeout, the other base answers", []fault.Fault{fault.Timeout()}, []string{b1, b2}, 0, nil, errShape{}},
		{"both bases reset, retry", []fault.Fault{fault.Reset().Times(2)}, []string{b1, b2, b1}, 0, backoffs(1), errShape{}},
		{"resets everywhere", []fault.Fault{fault.Reset().Times(20)}, []string{b1, b2, b1, b2, b1, b2, b1, b2}, 12, backoffs(3), resetErr},
		{"503 is retried on the same base", []fault.Fault{fault.Unavailable()}, []string{b1, b1}, 0, backoffs(1), errShape{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fault.New(newRegistry(), tt.script...)
			clk := newFakeClock()
			c := newFaultClient(t, d, clk, confluent.URLs(base, base2))
			_, err := c.GetSchemaByID(context.Background(), 7)
			if diff := cmp.Diff(tt.err, shapeOf(err)); diff != "" {
				t.Errorf("error %v (-want +got):\n%s", err, diff)
			}
			var urls []string
			for _, req := range d.Requests() {
				urls = append(urls, req.URL)
			}
			if diff := cmp.Diff(tt.urls, urls); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			if got := d.Remaining(); got != tt.remaining {
				t.Errorf("%d faults left, want %d", got, tt.remaining)
			}
			if diff := cmp.Diff(tt.waits, clk.Waits()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFaultErrorSentinels checks that the final errors also match the
// sentinels callers test with errors.Is.
func TestFaultErrorSentinels(t *testing.T) {
	tests := []struct {
		name   string
		script []fault.Fault
		is     []error
		isNot  []error
	}{
		{"503", []fault.Fault{fault.Unavailable().Times(4)}, []error{protocol.ErrServer}, []error{protocol.ErrBadRequest, confluent.ErrStore}},
		{"registry 500", []fault.Fault{storeFailure().Times(4)}, []error{protocol.ErrServer, confluent.ErrStore}, []error{protocol.ErrBadRequest}},
		{"429", []fault.Fault{fault.TooManyRequests("").Times(4)}, []error{protocol.ErrBadRequest}, []error{protocol.ErrServer, confluent.ErrSchemaNotFound}},
		{"reset", []fault.Fault{fault.Reset().Times(4)}, []error{syscall.ECONNRESET}, []error{protocol.ErrServer, protocol.ErrBadRequest}},
		{"malformed", []fault.Fault{fault.TruncatedJSON()}, nil, []error{protocol.ErrServer, protocol.ErrBadRequest}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFaultClient(t, fault.New(newRegistry(), tt.script...), newFakeClock())
			_, err := c.GetSchemaByID(context.Background(), 7)
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false", err, target)
				}
			}
			for _, target := range tt.isNot {
				if errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = true", err, target)
				}
			}
		})
	}
}

// cachedOp is a cached read of the client, reduced to what a test compares.
type cachedOp struct {
	name string
	call func(context.Context, *confluent.Client) (string, error)
}

var cachedOps = []cachedOp{
	{"GetSchemaByID", func(ctx context.Context, c *confluent.Client) (string, error) {
		s, err := c.GetSchemaByID(ctx, 7)
		if err != nil {
			return "", err
		}
		return s.Schema, nil
	}},
	{"GetSchemaBySubject/latest", func(ctx context.Context, c *confluent.Client) (string, error) {
		s, err := c.GetSchemaBySubject(ctx, subject, confluent.Latest)
		if err != nil {
			return "", err
		}
		return s.Schema.Schema, nil
	}},
	{"GetSchemaBySubject/1", func(ctx context.Context, c *confluent.Client) (string, error) {
		s, err := c.GetSchemaBySubject(ctx, subject, 1)
		if err != nil {
			return "", err
		}
		return s.Schema.Schema, nil
	}},
}

// TestFaultNothingWrongCached checks that a call that failed, for any
// reason but "not found", leaves nothing in the cache: the next call asks
// the registry and gets the right schema, which is then cached.
func TestFaultNothingWrongCached(t *testing.T) {
	faults := []struct {
		name   string
		script []fault.Fault
	}{
		{"503 burst", []fault.Fault{fault.Unavailable().Times(4)}},
		{"registry 500 burst", []fault.Fault{storeFailure().Times(4)}},
		{"HTML 502 burst", []fault.Fault{fault.BadGatewayHTML().Times(4)}},
		{"429 burst", []fault.Fault{fault.TooManyRequests("1").Times(4)}},
		{"resets", []fault.Fault{fault.Reset().Times(4)}},
		{"timeouts", []fault.Fault{fault.Timeout().Times(4)}},
		{"truncated JSON", []fault.Fault{fault.TruncatedJSON()}},
		{"body cut short", []fault.Fault{fault.Truncate(20)}},
		{"body cut to nothing", []fault.Fault{fault.Truncate(0)}},
		{"HTML with 200", []fault.Fault{htmlOK()}},
		{"wrong JSON type", []fault.Fault{fault.Respond(200, nil, `{"schema":7,"version":"x"}`)}},
		{"JSON null", []fault.Fault{fault.Respond(200, nil, `null`)}},
		{"empty object", []fault.Fault{fault.Respond(200, nil, `{}`)}},
		{"no schema text", []fault.Fault{fault.Respond(200, nil, `{"schemaType":"AVRO","subject":"s","version":1,"id":7}`)}},
		{"JSON array", []fault.Fault{fault.Respond(200, nil, `[{"schema":"\"string\""}]`)}},
		{"body too large", []fault.Fault{fault.BodyTooLarge(64)}},
		{"401", []fault.Fault{fault.Respond(401, nil, `{"error_code":401,"message":"Unauthorized"}`)}},
		{"403", []fault.Fault{fault.Respond(403, nil, `{"error_code":40301,"message":"User is denied operation"}`)}},
		{"404 from a proxy, no error code", []fault.Fault{fault.Respond(404, protocol.Header{{Name: "Content-Type", Value: "text/html"}}, "<html><title>404 Not Found</title></html>")}},
	}
	for _, op := range cachedOps {
		for _, f := range faults {
			t.Run(op.name+"/"+f.name, func(t *testing.T) {
				reg := newRegistry()
				d := fault.New(reg, f.script...)
				clk := newFakeClock()
				c := newFaultClient(t, d, clk)
				ctx := context.Background()
				if got, err := op.call(ctx, c); err == nil {
					t.Fatalf("first call = %q, want an error", got)
				}
				sent, served := d.Count(), reg.asked()
				if d.Remaining() != 0 {
					t.Fatalf("%d faults unused", d.Remaining())
				}
				for i, wantSent := range []int{sent + 1, sent + 1} {
					got, err := op.call(ctx, c)
					if err != nil || got != orderSchema {
						t.Fatalf("call %d after the fault = %q, %v; want the registry's schema", i+2, got, err)
					}
					if d.Count() != wantSent || reg.asked() != served+1 {
						t.Fatalf("call %d after the fault: %d requests sent in all, %d served; want %d, %d",
							i+2, d.Count(), reg.asked(), wantSent, served+1)
					}
				}
			})
		}
	}
}

// TestFaultNotFoundTTL checks that "not found" is remembered for
// NotFoundTTL and no longer.
func TestFaultNotFoundTTL(t *testing.T) {
	schemaNotFound := errShape{Kind: "api", Status: 404, Class: protocol.ClassBadRequest, Code: "40403", Message: "Schema 9 not found"}
	tests := []struct {
		name string
		cfg  confluent.CacheConfig
		ttl  time.Duration // 0: not remembered at all
	}{
		{"default", confluent.CacheConfig{}, confluent.DefaultNotFoundTTL},
		{"30s", confluent.CacheConfig{NotFoundTTL: 30 * time.Second}, 30 * time.Second},
		{"off", confluent.CacheConfig{NotFoundTTL: -1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry()
			clk := newFakeClock()
			c := newFaultClient(t, reg, clk, confluent.Caching(tt.cfg))
			ctx := context.Background()
			get := func(wantAsked int, wantErr errShape) {
				t.Helper()
				s, err := c.GetSchemaByID(ctx, 9)
				if diff := cmp.Diff(wantErr, shapeOf(err)); diff != "" {
					t.Fatalf("error %v (-want +got):\n%s", err, diff)
				}
				if wantErr == (errShape{}) && s.Schema != `"long"` {
					t.Fatalf("schema = %q", s.Schema)
				}
				if wantErr != (errShape{}) && !errors.Is(err, confluent.ErrSchemaNotFound) {
					t.Fatalf("errors.Is(%v, ErrSchemaNotFound) = false", err)
				}
				if got := reg.asked(); got != wantAsked {
					t.Fatalf("registry asked %d times, want %d", got, wantAsked)
				}
			}
			get(1, schemaNotFound)
			reg.learn(9, `"long"`) // registered meanwhile: the client must find out, in time
			if tt.ttl == 0 {
				get(2, errShape{})
				return
			}
			clk.Advance(tt.ttl - 1)
			get(1, schemaNotFound)
			clk.Advance(1)
			get(2, errShape{})
			clk.Advance(24 * time.Hour)
			get(2, errShape{}) // found schemas are kept
			if len(clk.Waits()) != 0 {
				t.Errorf("waits %v: a 404 is not retried", clk.Waits())
			}
		})
	}
}

// TestFaultSingleFlight checks that concurrent misses of one id send one
// request while the registry is held, and that when that request fails
// every waiter gets the error and nothing is cached.
func TestFaultSingleFlight(t *testing.T) {
	tests := []struct {
		name     string
		attempts int
		answer   []fault.Fault // what the held request, and its retries, meet
		requests int
		waits    []time.Duration
		err      errShape
	}{
		{"held, then success", 4, nil, 1, nil, errShape{}},
		{"held, then 503 without retries", 1, []fault.Fault{fault.Unavailable()}, 1, nil, unavailable},
		{"held, then 503 until retries are exhausted", 3, []fault.Fault{fault.Unavailable().Times(3)}, 3, backoffs(2), unavailable},
		{"held, then resets until retries are exhausted", 3, []fault.Fault{fault.Reset().Times(3)}, 3, backoffs(2), resetErr},
		{"held, then truncated JSON", 3, []fault.Fault{fault.TruncatedJSON()}, 1, nil, malformedErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				reg := newRegistry()
				release := make(chan struct{})
				d := fault.New(fault.New(reg, tt.answer...), fault.Hold(release))
				clk := newFakeClock()
				policy := testPolicy
				policy.MaxAttempts = tt.attempts
				c := newFaultClient(t, d, clk, confluent.Retry(policy))

				const n = 8
				var wg sync.WaitGroup
				errs := make([]error, n)
				for i := range n {
					wg.Go(func() { _, errs[i] = c.GetSchemaByID(context.Background(), 7) })
				}
				synctest.Wait() // every caller waits: one on the held request, the others on it
				if got := d.Count(); got != 1 {
					t.Errorf("%d requests while the registry is held, want 1", got)
				}
				close(release)
				wg.Wait()
				for i, err := range errs {
					if diff := cmp.Diff(tt.err, shapeOf(err)); diff != "" {
						t.Errorf("caller %d: error %v (-want +got):\n%s", i, err, diff)
					}
				}
				if got := d.Count(); got != tt.requests {
					t.Errorf("%d requests in all, want %d", got, tt.requests)
				}
				if diff := cmp.Diff(tt.waits, clk.Waits()); diff != "" {
					t.Errorf("waits (-want +got):\n%s", diff)
				}

				// A failure was not cached: the next call asks. A success was.
				want := tt.requests
				if tt.err != (errShape{}) {
					want++
				}
				s, err := c.GetSchemaByID(context.Background(), 7)
				if err != nil || s.Schema != orderSchema {
					t.Fatalf("next call = %v, %v", s, err)
				}
				if got := d.Count(); got != want {
					t.Errorf("next call: %d requests in all, want %d", got, want)
				}
			})
		})
	}
}

// TestFaultSingleFlightWaiterLeaves checks that a caller that gives up on a
// shared load neither fails the others nor sends another request.
func TestFaultSingleFlightWaiterLeaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		d := fault.New(newRegistry(), fault.Hold(release))
		c := newFaultClient(t, d, newFakeClock())
		leaving, leave := context.WithCancel(context.Background())
		defer leave()
		left := make(chan error, 1)
		go func() {
			_, err := c.GetSchemaByID(leaving, 7)
			left <- err
		}()
		synctest.Wait() // the first caller's request is held
		const n = 4
		var wg sync.WaitGroup
		results := make([]string, n)
		for i := range n {
			wg.Go(func() {
				s, err := c.GetSchemaByID(context.Background(), 7)
				if err != nil {
					results[i] = err.Error()
					return
				}
				results[i] = s.Schema
			})
		}
		synctest.Wait()
		leave()
		if err := <-left; !errors.Is(err, context.Canceled) {
			t.Errorf("the caller that left got %v, want context.Canceled", err)
		}
		close(release)
		wg.Wait()
		for i, r := range results {
			if r != orderSchema {
				t.Errorf("caller %d got %q, want the schema", i, r)
			}
		}
		if got := d.Count(); got != 1 {
			t.Errorf("%d requests, want 1", got)
		}
	})
}

// fetchSchema reads schema 7 without the cache.
func fetchSchema(ctx context.Context, c *confluent.Client) (string, error) {
	s, err := c.FetchSchemaByID(ctx, 7, confluent.GetSchemaByIDOptions{})
	if err != nil {
		return "", err
	}
	return s.Schema.Schema, nil
}

// TestFaultContextCanceled checks that cancelling the context while the
// request hangs, or while the client waits to retry, returns
// context.Canceled at once and sends nothing more. It runs in a synctest
// bubble, so "at once" means no time passes, and every goroutine the call
// started has ended before the checks.
func TestFaultContextCanceled(t *testing.T) {
	waits := []struct {
		name       string
		script     []fault.Fault
		realSleep  bool // use protocol.Sleep (on the bubble's clock) rather than fakeClock's
		deadline   time.Duration
		waits      []time.Duration
		wantErr    errShape
		wantElapse time.Duration
	}{
		{name: "hang", script: []fault.Fault{fault.Hang()}, wantErr: canceled},
		{name: "Retry-After wait", script: []fault.Fault{fault.TooManyRequests("120")}, waits: []time.Duration{120 * time.Second}, wantErr: canceled},
		{name: "Retry-After wait in protocol.Sleep", script: []fault.Fault{fault.TooManyRequests("120")}, realSleep: true, wantErr: canceled},
		{name: "backoff after 503", script: []fault.Fault{fault.Unavailable()}, waits: []time.Duration{100 * ms}, wantErr: canceled},
		{name: "backoff after reset", script: []fault.Fault{fault.Reset()}, waits: []time.Duration{100 * ms}, wantErr: canceled},
		{name: "deadline during hang", script: []fault.Fault{fault.Hang()}, deadline: 10 * time.Second,
			wantErr: errShape{Kind: "deadline"}, wantElapse: 10 * time.Second},
	}
	ops := []cachedOp{cachedOps[0], {"FetchSchemaByID", fetchSchema}}
	for _, op := range ops {
		for _, tt := range waits {
			t.Run(op.name+"/"+tt.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					reg := newRegistry()
					d := fault.New(reg, tt.script...)
					clk := newFakeClock()
					clk.hold = true
					opts := []confluent.Option{confluent.Clock(clk.Now, clk.Sleep)}
					if tt.realSleep {
						opts = []confluent.Option{confluent.Clock(clk.Now, nil)}
					}
					c := newFaultClient(t, d, clk, opts...)

					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					if tt.deadline > 0 {
						ctx, cancel = context.WithTimeout(ctx, tt.deadline)
						defer cancel()
					}
					start := time.Now()
					done := make(chan error, 1)
					go func() {
						_, err := op.call(ctx, c)
						done <- err
					}()
					synctest.Wait() // the call is blocked: on the request, or waiting to retry
					if got := d.Count(); got != 1 {
						t.Errorf("%d requests before the cancel, want 1", got)
					}
					if tt.deadline == 0 {
						cancel()
					}
					err := <-done
					if diff := cmp.Diff(tt.wantErr, shapeOf(err)); diff != "" {
						t.Errorf("error %v (-want +got):\n%s", err, diff)
					}
					if got := time.Since(start); got != tt.wantElapse {
						t.Errorf("returned after %v, want %v", got, tt.wantElapse)
					}
					synctest.Wait() // whatever the call started has ended or is stuck
					if got := d.Count(); got != 1 {
						t.Errorf("%d requests after the cancel, want 1", got)
					}
					if diff := cmp.Diff(tt.waits, clk.Waits()); diff != "" {
						t.Errorf("waits (-want +got):\n%s", diff)
					}

					// The cancelled call left nothing behind: the next one
					// asks and succeeds.
					got, err := op.call(context.Background(), c)
					if err != nil || got != orderSchema {
						t.Fatalf("next call = %q, %v", got, err)
					}
					if d.Count() != 2 || reg.asked() != 1 {
						t.Errorf("next call: %d requests, %d served; want 2, 1", d.Count(), reg.asked())
					}
				})
			})
		}
	}
}

// TestFaultContextCanceledBeforeCall checks that a context that has
// already ended sends nothing.
func TestFaultContextCanceledBeforeCall(t *testing.T) {
	for _, op := range []cachedOp{cachedOps[0], cachedOps[1], {"FetchSchemaByID", fetchSchema}} {
		t.Run(op.name, func(t *testing.T) {
			d := fault.New(newRegistry())
			c := newFaultClient(t, d, newFakeClock())
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := op.call(ctx, c); !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if d.Count() != 0 {
				t.Errorf("%d requests sent", d.Count())
			}
		})
	}
}
