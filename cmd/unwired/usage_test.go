package main

import (
	"bytes"
	"flag"
	"net"
	"strings"
	"testing"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/replay"
)

// TestUsageErrors checks that a wrong command line exits 2 with the
// problem and the usage on stderr, prints nothing on stdout and sends
// nothing.
func TestUsageErrors(t *testing.T) {
	const url = "http://127.0.0.1:1" // never dialled: every case fails before
	tests := []struct {
		name string
		args []string
		msg  string // in stderr
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"tour with arguments", []string{"tour", "extra"}, "tour takes no arguments"},
		{"no subcommand", []string{"confluent"}, "no subcommand given"},
		{"unknown subcommand", []string{"confluent", "explode"}, `unknown subcommand "explode"`},
		{"unknown flag", []string{"confluent", "subjects", "--url", url, "--colour"}, "flag provided but not defined: -colour"},
		{"flag without value", []string{"confluent", "subjects", "--url"}, "flag needs an argument: -url"},
		{"bad timeout", []string{"confluent", "subjects", "--url", url, "--timeout", "soon"}, `invalid value "soon" for flag -timeout`},
		{"no url", []string{"confluent", "subjects"}, "--url is required"},
		{"not a url", []string{"confluent", "subjects", "--url", "registry:8081"}, "is not an http:// or https:// URL"},
		{"too few arguments", []string{"confluent", "versions", "--url", url}, "wants SUBJECT, got 0 arguments"},
		{"too many arguments", []string{"confluent", "subjects", "extra", "--url", url}, "wants no arguments, got 1 arguments"},
		{"bad transport", []string{"confluent", "subjects", "--url", url, "--transport", "carrier-pigeon"}, `--transport must be nethttp or fasthttp, not "carrier-pigeon"`},
		{"bad id", []string{"confluent", "get-id", "seven", "--url", url}, `ID must be a schema id (a number), not "seven"`},
		{"bad version", []string{"confluent", "get", "s", "0", "--url", url}, `VERSION must be a number from 1 or "latest", not "0"`},
		{"bad schema type", []string{"confluent", "register", "s", "-", "--url", url, "--type", "XML"}, `--type must be AVRO, PROTOBUF or JSON, not "XML"`},
		{"empty tour subject", []string{"confluent", "tour", "--url", url, "--subject", ""}, "--subject must not be empty"},
		{"password-env without user", []string{"confluent", "subjects", "--url", url, "--password-env", "SR_PASSWORD"}, "--password-env needs --user"},
		{"user without password-env", []string{"confluent", "subjects", "--url", url, "--user", "alice"}, "--user needs --password-env"},
		{"token and user", []string{"confluent", "subjects", "--url", url, "--token-env", "SR_TOKEN", "--user", "alice", "--password-env", "SR_PASSWORD"}, "either --token-env or --user"},
		{"unset password variable", []string{"confluent", "subjects", "--url", url, "--user", "alice", "--password-env", "UNSET"}, "named by --password-env is unset or empty"},
		{"unset token variable", []string{"confluent", "subjects", "--url", url, "--token-env", "UNSET"}, "named by --token-env is unset or empty"},
		{"help for unknown subcommand", []string{"help", "confluent", "explode"}, `unknown subcommand "explode"`},
		{"help for unknown topic", []string{"help", "kinto"}, "no help for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr, testEnv)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout:\n%s", stdout.String())
			}
			if !strings.Contains(stderr.String(), tt.msg) {
				t.Errorf("stderr does not say %q:\n%s", tt.msg, stderr.String())
			}
			if !strings.Contains(stderr.String(), "Usage:") {
				t.Errorf("stderr has no usage:\n%s", stderr.String())
			}
		})
	}
}

// TestHelp checks that asking for help prints it on stdout and exits 0.
func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string // lines or phrases the help must hold
	}{
		{[]string{"help"}, []string{"unwired tour", "unwired confluent SUBCOMMAND", `Run "unwired tour" first`}},
		{[]string{"--help"}, []string{"unwired tour"}},
		{[]string{"help", "tour"}, []string{"Usage: unwired tour", "needs no\nserver"}},
		{[]string{"tour", "-h"}, []string{"Usage: unwired tour"}},
		{[]string{"help", "confluent"}, []string{"Usage: unwired confluent SUBCOMMAND", "register SUBJECT FILE|-", "delete SUBJECT", "--password-env VAR"}},
		{[]string{"confluent", "help"}, []string{"Usage: unwired confluent SUBCOMMAND"}},
		{[]string{"confluent", "help", "delete"}, []string{"Usage: unwired confluent delete SUBJECT", "--permanent"}},
		{[]string{"help", "confluent", "get"}, []string{"Usage: unwired confluent get SUBJECT [VERSION]", "--deleted"}},
		{[]string{"confluent", "compat", "-h"}, []string{"Usage: unwired confluent compat SUBJECT FILE|-", "--type TYPE", "Exits 1 when"}},
		{[]string{"confluent", "tour", "--help"}, []string{"--subject SUBJECT"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr, testEnv); code != exitOK {
				t.Errorf("exit %d, want 0; stderr:\n%s", code, stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("help lacks %q:\n%s", w, stdout.String())
				}
			}
		})
	}
}

// TestEveryFlagDocumented checks that each subcommand's usage names every
// flag it accepts.
func TestEveryFlagDocumented(t *testing.T) {
	for _, s := range subs {
		t.Run(s.name, func(t *testing.T) {
			fs, _, _ := s.flagSet()
			usage := s.usage()
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(usage, "--"+f.Name+" ") {
					t.Errorf("usage of %s does not document --%s:\n%s", s.name, f.Name, usage)
				}
			})
		})
	}
}

// TestSecretFlagsRefused checks that a secret offered as a flag is
// refused without being echoed.
func TestSecretFlagsRefused(t *testing.T) {
	for _, arg := range []string{"--password=" + testPassword, "-password=" + testPassword, "--token=" + testToken, "--api-key=" + testToken} {
		t.Run(strings.SplitN(arg, "=", 2)[0], func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"confluent", "subjects", "--url", "http://127.0.0.1:1", arg}, &stdout, &stderr, testEnv)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), "secrets come only from the environment") {
				t.Errorf("stderr does not explain:\n%s", stderr.String())
			}
			checkNoSecret(t, result{code, stdout.String(), stderr.String()})
		})
	}
	// Even as the value of another flag, a secret is never echoed.
	var stdout, stderr bytes.Buffer
	run([]string{"confluent", "subjects", "--url", "http://alice:" + testPassword + "@127.0.0.1:1"}, &stdout, &stderr, testEnv)
	checkNoSecret(t, result{0, stdout.String(), stderr.String()})
	if !strings.Contains(stderr.String(), "holds credentials") {
		t.Errorf("a URL with a password is not refused:\n%s", stderr.String())
	}
}

// TestSecretsNeverPrinted runs failures whose messages could carry a
// credential: the registry refusing it, and the registry being
// unreachable. Neither the password, the token nor the basic-auth
// encoding may appear. (TestConfluentFixtures checks every successful
// authenticated run too.)
func TestSecretsNeverPrinted(t *testing.T) {
	refused := func(status int, body string) *replay.Fixture {
		return &replay.Fixture{
			Comment: "Hand-written: a registry refusing credentials.",
			Exchanges: []replay.Exchange{{
				Request: protocol.Request{Method: "GET", URL: "/subjects", Header: protocol.Header{
					{Name: "Accept", Value: "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5"},
					{Name: "Authorization", Value: protocol.Redacted},
				}},
				Response: protocol.Response{Status: status, Header: protocol.Header{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(body)},
			}},
		}
	}
	auths := map[string][]string{
		"basic":  {"--user", "alice", "--password-env", "SR_PASSWORD"},
		"bearer": {"--token-env", "SR_TOKEN"},
	}
	for name, auth := range auths {
		for _, driver := range drivers {
			t.Run(name+"/401/"+driver, func(t *testing.T) {
				f := refused(401, `{"error_code":40101,"message":"Unauthorized"}`)
				r := runFixture(t, f, driver, append([]string{"subjects"}, auth...), "")
				if r.code != exitFail || !strings.Contains(r.stderr, "HTTP 401") {
					t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
				}
				checkNoSecret(t, r)
			})
			if driver == "replay" {
				continue
			}
			t.Run(name+"/unreachable/"+driver, func(t *testing.T) {
				args := append([]string{"confluent", "subjects", "--url", closedURL(t), "--transport", driver, "--timeout", "2s"}, auth...)
				r := invoke(t.Context(), args, "", nil)
				if r.code != exitFail || !strings.Contains(r.stderr, "transport") {
					t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
				}
				checkNoSecret(t, r)
			})
		}
	}
}

// closedURL returns the URL of a loopback port nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}
