package confluent

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/unwired-go/unwired/protocol"
)

// Client is a typed Confluent Schema Registry client. It runs each
// operation's request as a protocol.Call (retries per its policy, failover
// across its base URLs on transport errors) through a protocol.Runner, and
// keeps the caches the kafkit-style methods share. A Client is safe for
// concurrent use.
type Client struct {
	bases  []string
	runner protocol.Runner
	policy protocol.RetryPolicy
	caches *caches // nil when caching is disabled
}

// Option configures NewClient. Build one with URLs, Auth, Retry,
// JitterSource, Clock or Caching.
type Option struct {
	apply func(*settings)
}

type settings struct {
	urls   []string
	signer protocol.Signer
	policy *protocol.RetryPolicy
	jitter rand.Source
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	cache  CacheConfig
}

// URLs sets the registry's base URLs (required), such as
// "http://registry:8081" or, to scope every call to a context,
// "http://registry:8081/contexts/.staging". They must be interchangeable:
// an idempotent request that fails in transport moves on to the next one.
// Credentials in a URL (https://key:secret@host) are taken out of it and sent
// as basic auth, unless Auth is given, which takes precedence.
func URLs(urls ...string) Option {
	urls = append([]string(nil), urls...)
	return Option{func(s *settings) { s.urls = urls }}
}

// Auth sets the Signer that adds credentials to every attempt, such as
// protocol.BasicAuth or protocol.BearerToken.
func Auth(signer protocol.Signer) Option {
	return Option{func(s *settings) { s.signer = signer }}
}

// Retry replaces protocol.DefaultRetryPolicy. If p.Jitter is nil the
// client's jitter (see JitterSource) is used; pass an identity function for
// none.
func Retry(p protocol.RetryPolicy) Option {
	return Option{func(s *settings) { s.policy = &p }}
}

// JitterSource sets where the retry jitter draws from; the default is
// math/rand/v2's global source. The client serialises its use, so src need
// not be safe for concurrent use.
func JitterSource(src rand.Source) Option {
	return Option{func(s *settings) { s.jitter = src }}
}

// Clock replaces time.Now and the run loop's sleep (protocol.Sleep); the
// caches read the same now. Either may be nil to keep the default.
func Clock(now func() time.Time, sleep func(context.Context, time.Duration) error) Option {
	return Option{func(s *settings) { s.now, s.sleep = now, sleep }}
}

// Caching configures the caches; see CacheConfig.
func Caching(c CacheConfig) Option {
	return Option{func(s *settings) { s.cache = c }}
}

// NewClient returns a client that sends its requests through doer.
func NewClient(doer protocol.Doer, opts ...Option) (*Client, error) {
	if doer == nil {
		return nil, fmt.Errorf("%w: nil Doer", ErrInvalidArgument)
	}
	var s settings
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&s)
		}
	}
	if len(s.urls) == 0 {
		return nil, fmt.Errorf("%w: no base URL (use confluent.URLs)", ErrInvalidArgument)
	}
	c := &Client{bases: make([]string, len(s.urls))}
	var userinfo *url.Userinfo
	for i, raw := range s.urls {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(raw, " \t\r\n") {
			return nil, fmt.Errorf("%w: base URL %q is not an http(s) URL without query", ErrInvalidArgument, protocol.RedactURL(raw))
		}
		// Credentials in a base URL (https://key:secret@host, as Confluent's
		// own clients accept) move into a basic-auth Signer, so the client
		// keeps no secret in a plain string that printing could reveal.
		if u.User != nil {
			if userinfo != nil && userinfo.String() != u.User.String() && s.signer == nil {
				return nil, fmt.Errorf("%w: base URLs carry different credentials", ErrInvalidArgument)
			}
			userinfo, u.User = u.User, nil
		}
		c.bases[i] = strings.TrimRight(u.String(), "/")
	}
	if userinfo != nil && s.signer == nil { // Auth, when given, takes precedence
		pass, _ := userinfo.Password()
		s.signer = protocol.BasicAuth(userinfo.Username(), pass)
	}
	c.policy = protocol.DefaultRetryPolicy
	if s.policy != nil {
		c.policy = *s.policy
	}
	if c.policy.Jitter == nil {
		c.policy.Jitter = newJitter(s.jitter)
	}
	now := s.now
	if now == nil {
		now = time.Now
	}
	c.runner = protocol.Runner{Doer: doer, Signer: s.signer, Now: now, Sleep: s.sleep}
	// s.now, not now: without a Clock the caches keep their own coarse
	// real-time clock, which a hit reads far cheaper than time.Now.
	c.caches = newCaches(s.cache, s.now)
	return c, nil
}

// newJitter maps a backoff d to a wait drawn uniformly from [d/2, d].
func newJitter(src rand.Source) func(time.Duration) time.Duration {
	if src == nil {
		return func(d time.Duration) time.Duration {
			return d/2 + time.Duration(rand.Int64N(int64(d-d/2)+1))
		}
	}
	var mu sync.Mutex
	r := rand.New(src)
	return func(d time.Duration) time.Duration {
		mu.Lock()
		n := r.Int64N(int64(d-d/2) + 1)
		mu.Unlock()
		return d/2 + time.Duration(n)
	}
}

// String names the client by its base URLs, never its credentials.
func (c *Client) String() string {
	redacted := make([]string, len(c.bases))
	for i, b := range c.bases {
		redacted[i] = protocol.RedactURL(b)
	}
	return "confluent.Client(" + strings.Join(redacted, ", ") + ")"
}

// GoString keeps %#v as discreet as %v.
func (c *Client) GoString() string { return c.String() }

// base is the URL requests are built against; Call moves them to the
// others on failover.
func (c *Client) base() string { return c.bases[0] }

// run sends req as one Call and parses the final response.
func run[T any](ctx context.Context, c *Client, req *protocol.Request, parse func(*protocol.Response) (T, error)) (T, error) {
	call := protocol.NewCall(req, parse, c.policy, c.bases...)
	if err := c.runner.Run(ctx, call); err != nil {
		var zero T
		return zero, err
	}
	return call.Result, nil
}
