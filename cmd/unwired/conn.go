package main

import (
	"flag"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/nethttp"
)

// conn holds the flags every `unwired confluent` subcommand takes: where
// the registry is, which driver to use and how to authenticate.
type conn struct {
	urls        []string
	transport   string
	user        string
	passwordEnv string
	tokenEnv    string
	timeout     time.Duration
}

const connFlagsHelp = `Connection flags (every subcommand):
  --url URL             the registry's base URL; repeat it for replicas, tried in turn
                        when one cannot be reached (required)
  --transport NAME      nethttp (default) or fasthttp
  --timeout DURATION    bound on each request, such as 10s (default 30s)
  --user USER           basic auth user; the password comes from --password-env
  --password-env VAR    name of the environment variable holding the password
  --token-env VAR       name of the environment variable holding a bearer token
Secrets are read from the environment only, never from flags, and never printed.
`

func (c *conn) register(fs *flag.FlagSet) {
	fs.Func("url", "", func(s string) error {
		c.urls = append(c.urls, s)
		return nil
	})
	fs.StringVar(&c.transport, "transport", "nethttp", "")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "")
	fs.StringVar(&c.user, "user", "", "")
	fs.StringVar(&c.passwordEnv, "password-env", "", "")
	fs.StringVar(&c.tokenEnv, "token-env", "", "")
}

// usageError is a command line that cannot work; it exits with exitUsage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// idleCloser is what both drivers offer to release their connections.
type idleCloser interface{ CloseIdleConnections() }

// client builds the typed client the flags describe, over the driver
// wrapped by wrap. The caller calls done when it has finished with the
// client.
func (c *conn) client(env func(string) string, wrap func(protocol.Doer) protocol.Doer) (client *confluent.Client, done func(), err error) {
	if len(c.urls) == 0 {
		return nil, nil, usagef("--url is required")
	}
	for _, raw := range c.urls {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, nil, usagef("--url %s is not an http:// or https:// URL", protocol.RedactURL(raw))
		}
		if u.User != nil {
			return nil, nil, usagef("--url %s holds credentials; use --user with --password-env, or --token-env", protocol.RedactURL(raw))
		}
	}
	// Caches off: a command makes a call or a few, and the tour shows each
	// step's own requests, as it was recorded.
	opts := []confluent.Option{confluent.URLs(c.urls...), confluent.Caching(confluent.CacheConfig{Disabled: true})}
	signer, err := c.signer(env)
	if err != nil {
		return nil, nil, err
	}
	if signer != nil {
		opts = append(opts, confluent.Auth(signer))
	}
	if c.timeout <= 0 {
		return nil, nil, usagef("--timeout must be positive")
	}
	var doer interface {
		protocol.Doer
		idleCloser
	}
	switch c.transport {
	case "nethttp":
		doer = nethttp.New(nethttp.Options{Timeout: c.timeout})
	case "fasthttp":
		doer = fasthttp.New(fasthttp.Options{Timeout: c.timeout})
	default:
		return nil, nil, usagef("--transport must be nethttp or fasthttp, not %q", c.transport)
	}
	client, err = confluent.NewClient(wrap(doer), opts...)
	if err != nil {
		doer.CloseIdleConnections()
		return nil, nil, err
	}
	return client, doer.CloseIdleConnections, nil
}

// signer reads the credentials the flags name from the environment. No
// message quotes a variable's name or value: a secret pasted where a name
// belongs must not be echoed.
func (c *conn) signer(env func(string) string) (protocol.Signer, error) {
	switch {
	case c.tokenEnv != "" && (c.user != "" || c.passwordEnv != ""):
		return nil, usagef("use either --token-env or --user with --password-env, not both")
	case c.tokenEnv != "":
		token := env(c.tokenEnv)
		if token == "" {
			return nil, usagef("the environment variable named by --token-env is unset or empty")
		}
		return protocol.BearerToken(token), nil
	case c.user != "" && c.passwordEnv == "":
		return nil, usagef("--user needs --password-env VAR, the environment variable holding the password")
	case c.user == "" && c.passwordEnv != "":
		return nil, usagef("--password-env needs --user")
	case c.user != "":
		password := env(c.passwordEnv)
		if password == "" {
			return nil, usagef("the environment variable named by --password-env is unset or empty")
		}
		return protocol.BasicAuth(c.user, password), nil
	}
	return nil, nil
}

// secretFlags are flags people reach for that would put a secret in the
// shell history and the process list.
var secretFlags = []string{"password", "pass", "token", "secret", "api-key"}

// refuseSecretFlags reports a secret passed as a flag, naming the flag but
// not its value.
func refuseSecretFlags(args []string) error {
	for _, a := range args {
		if a == "--" {
			return nil
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		for _, s := range secretFlags {
			if strings.EqualFold(name, s) {
				return usagef("--%s is not accepted: secrets come only from the environment (--password-env VAR, --token-env VAR)", s)
			}
		}
	}
	return nil
}

// parseInterspersed parses flags wherever they appear among the
// positional arguments, which it returns; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		used := len(args) - len(rest)
		if used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
