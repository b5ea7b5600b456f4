package transporttest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/nethttp"
)

// The kit must be able to fail: each broken Doer below violates one promise
// of the contract, and the cases that check that promise must report it
// while a correct Doer passes them.

// good is the reference: the net/http driver.
func good(t testing.TB, cfg Config) protocol.Doer {
	d := nethttp.New(nethttp.Options{TLS: cfg.TLS, MaxBodyBytes: cfg.MaxBodyBytes})
	t.Cleanup(d.CloseIdleConnections)
	return d
}

// wrap builds a broken Doer around the reference one.
func wrap(f func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error) func(testing.TB, Config) protocol.Doer {
	return func(t testing.TB, cfg Config) protocol.Doer {
		d := good(t, cfg)
		return protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			return f(d, ctx, req, resp)
		})
	}
}

func withClient(c *http.Client) func(testing.TB, Config) protocol.Doer {
	return func(t testing.TB, cfg Config) protocol.Doer {
		d := nethttp.New(nethttp.Options{Client: c, MaxBodyBytes: cfg.MaxBodyBytes})
		t.Cleanup(d.CloseIdleConnections)
		return d
	}
}

var broken = []struct {
	name  string
	doer  func(testing.TB, Config) protocol.Doer
	fails []string // cases that must report it
}{
	{
		name: "keeps stale response fields",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			var fresh protocol.Response
			err := d.Do(ctx, req, &fresh)
			resp.Status = fresh.Status
			resp.Header = append(resp.Header, fresh.Header...)
			resp.Body = fresh.Body
			return err
		}),
		fails: []string{"response_reuse"},
	},
	{
		name: "returns plain errors",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			if err := d.Do(ctx, req, resp); err != nil {
				return errors.New(err.Error())
			}
			return nil
		}),
		fails: []string{"connection_refused", "connection_closed_before_response", "truncated_body",
			"tls_missing_client_certificate", "tls_unknown_authority", "cancel_before_send", "deadline_exceeded", "body_limit"},
	},
	{
		name: "leaks the URL into errors",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			if err := d.Do(ctx, req, resp); err != nil {
				return &protocol.TransportError{Method: req.Method, URL: req.URL, Err: err}
			}
			return nil
		}),
		fails: []string{"connection_refused"},
	},
	{
		name: "ignores the body limit",
		doer: func(t testing.TB, cfg Config) protocol.Doer {
			cfg.MaxBodyBytes = 0
			return good(t, cfg)
		},
		fails: []string{"body_limit"},
	},
	{
		name: "holds HEAD to its Content-Length",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			err := d.Do(ctx, req, resp)
			if err == nil && req.Method == http.MethodHead && resp.Header.Get("Content-Length") != "0" {
				return &protocol.BodyTooLargeError{Limit: 0}
			}
			return err
		}),
		fails: []string{"head_ignores_content_length"},
	},
	{
		name: "turns error statuses into errors",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			err := d.Do(ctx, req, resp)
			if err == nil && resp.Status >= 400 {
				return protocol.NewTransportError(req, errors.New(http.StatusText(resp.Status)))
			}
			return err
		}),
		fails: []string{"status_without_body"},
	},
	{
		name:  "follows redirects",
		doer:  withClient(&http.Client{}),
		fails: []string{"redirect_not_followed"},
	},
	{
		name: "ignores TLS configuration",
		doer: func(t testing.TB, cfg Config) protocol.Doer {
			cfg.TLS = nil
			return good(t, cfg)
		},
		fails: []string{"tls_client_certificate"},
	},
	{
		name: "skips server verification",
		doer: func(t testing.TB, cfg Config) protocol.Doer {
			if cfg.TLS != nil {
				cfg.TLS = cfg.TLS.Clone()
				cfg.TLS.InsecureSkipVerify = true
			}
			return good(t, cfg)
		},
		fails: []string{"tls_unknown_authority"},
	},
	{
		name: "ignores the context",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			return d.Do(context.WithoutCancel(ctx), req, resp)
		}),
		fails: []string{"cancel_before_send", "cancel_during_response", "deadline_exceeded"},
	},
	{
		name: "cleans the path",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			u, err := url.Parse(req.URL)
			if err != nil {
				return protocol.NewTransportError(req, err)
			}
			u.Path = path.Clean(u.Path)
			u.RawPath = ""
			c := req.Clone()
			c.URL = u.String()
			return d.Do(ctx, c, resp)
		}),
		fails: []string{"method_GET", "method_HEAD", "method_POST", "method_PUT", "method_PATCH", "method_DELETE"},
	},
	{
		name: "modifies the request",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			req.Header.Set("User-Agent", "broken")
			return d.Do(ctx, req, resp)
		}),
		fails: []string{"method_GET", "method_POST"},
	},
	{
		name: "reorders request fields",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			c := req.Clone()
			for i, j := 0, len(c.Header)-1; i < j; i, j = i+1, j-1 {
				c.Header[i], c.Header[j] = c.Header[j], c.Header[i]
			}
			return d.Do(ctx, c, resp)
		}),
		fails: []string{"request_headers_repeated"},
	},
	{
		name: "merges repeated response fields",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			err := d.Do(ctx, req, resp)
			if vs := resp.Header.Values("X-Multi"); len(vs) > 1 {
				resp.Header.Set("X-Multi", strings.Join(vs, ", "))
			}
			return err
		}),
		fails: []string{"response_headers_repeated"},
	},
	{
		name: "drops the Host field",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			c := req.Clone()
			c.Header.Del("Host")
			return d.Do(ctx, c, resp)
		}),
		fails: []string{"request_host_header"},
	},
	{
		name: "accepts truncated bodies",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			err := d.Do(ctx, req, resp)
			if strings.Contains(req.URL, "/truncate") {
				return nil
			}
			return err
		}),
		fails: []string{"truncated_body"},
	},
	{
		name: "corrupts binary bodies",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			err := d.Do(ctx, req, resp)
			for i, c := range resp.Body {
				if c >= 0x80 {
					resp.Body[i] = '?'
				}
			}
			return err
		}),
		fails: []string{"binary_body"},
	},
	{
		name: "truncates large bodies",
		doer: wrap(func(d protocol.Doer, ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
			err := d.Do(ctx, req, resp)
			resp.Body = resp.Body[:min(len(resp.Body), 1<<20)]
			return err
		}),
		fails: []string{"large_body"},
	},
}

func caseByName(t *testing.T, name string) kitCase {
	t.Helper()
	for _, c := range cases {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no case %q", name)
	return kitCase{}
}

// run runs one case with doer, with short waits so a Doer that ignores its
// context fails in a second rather than twenty.
func run(t *testing.T, c kitCase, doer func(testing.TB, Config) protocol.Doer) error {
	e := &env{t: t, ctx: t.Context(), hold: 2 * time.Second, promptly: time.Second,
		newDoer: func(cfg Config) protocol.Doer { return doer(t, cfg) }}
	return c.check(e)
}

func TestCasesCatchBrokenDoers(t *testing.T) {
	for _, b := range broken {
		for _, name := range b.fails {
			t.Run(strings.ReplaceAll(b.name, " ", "_")+"/"+name, func(t *testing.T) {
				c := caseByName(t, name)
				if err := run(t, c, good); err != nil {
					t.Fatalf("the reference Doer fails %s: %v", name, err)
				}
				err := run(t, c, b.doer)
				if err == nil {
					t.Fatalf("case %s passed a Doer that %s", name, b.name)
				}
				t.Logf("reported: %v", err)
			})
		}
	}
}

func TestRunReference(t *testing.T) {
	Run(t, func(t *testing.T, cfg Config) protocol.Doer { return good(t, cfg) })
}

func TestPKI(t *testing.T) {
	p := NewPKI(t)
	for _, tc := range []struct {
		name   string
		leaf   *x509.Certificate
		host   string
		usage  x509.ExtKeyUsage
		verify bool
	}{
		{"server for 127.0.0.1", p.Server.Leaf, "127.0.0.1", x509.ExtKeyUsageServerAuth, true},
		{"server for localhost", p.Server.Leaf, "localhost", x509.ExtKeyUsageServerAuth, true},
		{"server for another host", p.Server.Leaf, "example.com", x509.ExtKeyUsageServerAuth, false},
		{"server as a client", p.Server.Leaf, "", x509.ExtKeyUsageClientAuth, false},
		{"client", p.Client.Leaf, "", x509.ExtKeyUsageClientAuth, true},
		{"client as a server", p.Client.Leaf, "", x509.ExtKeyUsageServerAuth, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.leaf.Verify(x509.VerifyOptions{Roots: p.RootCAs, DNSName: tc.host, KeyUsages: []x509.ExtKeyUsage{tc.usage}})
			if (err == nil) != tc.verify {
				t.Fatalf("verify: got error %v, want success %v", err, tc.verify)
			}
		})
	}
	if pub, ok := p.Client.Leaf.PublicKey.(*ecdsa.PublicKey); !ok || pub.Curve != elliptic.P256() {
		t.Errorf("client key: got %T, want ECDSA P-256", p.Client.Leaf.PublicKey)
	}
}

func TestPattern(t *testing.T) {
	for _, n := range []int{0, 1, 250, 251, 252, 502, 503, 10007} {
		b := Pattern(n)
		if len(b) != n {
			t.Fatalf("Pattern(%d) has %d bytes", n, len(b))
		}
		for i, c := range b {
			if c != byte(i%251) {
				t.Fatalf("Pattern(%d)[%d] = %d, want %d", n, i, c, i%251)
			}
		}
	}
}

func TestStalledURL(t *testing.T) {
	url := StalledURL(t)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("GET %s answered %s, want no answer", url, resp.Status)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("GET %s: %v, want the context's deadline", url, err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("GET %s took %v after a 100ms deadline", url, took)
	}
}
