package transporttest

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

// Config is what a case asks of the Doer under test.
type Config struct {
	// MaxBodyBytes is the response body limit; 0 asks for the driver's
	// default.
	MaxBodyBytes int64
	// TLS is the client TLS configuration (roots, client certificate); nil
	// means the driver's plain default.
	TLS *tls.Config
}

// Run runs every conformance case as a subtest of t. newDoer is called once
// per subtest, with that subtest's t (register cleanups on it) and the
// configuration the case needs; it must return a Doer honouring cfg.
func Run(t *testing.T, newDoer func(t *testing.T, cfg Config) protocol.Doer) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &env{t: t, ctx: t.Context(), hold: hold, promptly: promptly,
				newDoer: func(cfg Config) protocol.Doer { return newDoer(t, cfg) }}
			if err := c.check(e); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A conformance case reports a violation as an error, so the kit's own tests
// can feed it deliberately broken Doers and see that it fails.
type kitCase struct {
	name  string
	check func(e *env) error
}

// env is what a case runs with: t only for starting servers and cleanups.
type env struct {
	t        testing.TB
	ctx      context.Context
	newDoer  func(cfg Config) protocol.Doer
	hold     time.Duration // how long a slow response is held back at most
	promptly time.Duration // how soon Do must return after a cancel or deadline
}

func (e *env) doer(cfg Config) protocol.Doer {
	d := e.newDoer(cfg)
	if d == nil {
		e.t.Fatal("transporttest: newDoer returned nil")
	}
	return d
}

// counted wraps h to count the requests that reach it.
// A nil n leaves h as it is.
func counted(h http.Handler, n *atomic.Int64) http.Handler {
	if n == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	})
}

func (e *env) echoServer() *httptest.Server { return NewServer(e.t, EchoHandler()) }

// get sends a GET for url and returns the response.
func get(ctx context.Context, d protocol.Doer, url string) (*protocol.Response, error) {
	resp := new(protocol.Response)
	err := d.Do(ctx, &protocol.Request{Method: http.MethodGet, URL: url, Idempotent: true}, resp)
	return resp, err
}

// problems collects the violations of one case.
type problems []string

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Sprintf(format, args...))
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New("transporttest: " + strings.Join(p, "\n\t"))
}

func (p *problems) status(resp *protocol.Response, want int) {
	if resp.Status != want {
		p.addf("status: got %d, want %d", resp.Status, want)
	}
}

func (p *problems) field(resp *protocol.Response, name, want string) {
	if got := resp.Header.Values(name); len(got) != 1 || got[0] != want {
		p.addf("header %s: got %q, want [%q]", name, got, want)
	}
}

func (p *problems) values(resp *protocol.Response, name string, want ...string) {
	if got := resp.Header.Values(name); !slices.Equal(got, want) {
		p.addf("header %s: got %q, want %q (in this order)", name, got, want)
	}
}

func (p *problems) body(resp *protocol.Response, want []byte) {
	if bytes.Equal(resp.Body, want) {
		return
	}
	i := 0
	for i < len(resp.Body) && i < len(want) && resp.Body[i] == want[i] {
		i++
	}
	if len(want) <= 64 && len(resp.Body) <= 64 {
		p.addf("body: got %q, want %q", resp.Body, want)
		return
	}
	p.addf("body: got %d bytes, want %d; first difference at byte %d", len(resp.Body), len(want), i)
}

// transportError checks that err is a *protocol.TransportError and that
// neither it nor its message shows any of secrets.
func (p *problems) transportError(err error, secrets ...string) {
	var te *protocol.TransportError
	if !errors.As(err, &te) {
		p.addf("error: got %s, want a *protocol.TransportError", describe(err))
		return
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) || strings.Contains(te.URL, s) {
			p.addf("error %q leaks the secret %q", err, s)
		}
	}
}

// describe shows an error with its type, which is what most cases judge.
func describe(err error) string {
	if err == nil {
		return "no error"
	}
	return fmt.Sprintf("%T %q", err, err.Error())
}
