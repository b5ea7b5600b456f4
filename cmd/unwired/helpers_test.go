package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/replay"
)

// cliCall is the call section of a fixture in cmd/unwired/testdata: the
// arguments of `unwired confluent` without --url and --transport, and
// what standard input holds.
type cliCall struct {
	Args  []string `json:"args"`
	Stdin string   `json:"stdin,omitempty"`
}

// cliWant is the want section: the exit status, the JSON printed on
// standard output (absent when nothing is), and the status and code of the
// registry's error, as the error message quotes them.
type cliWant struct {
	Exit   int             `json:"exit"`
	Stdout json.RawMessage `json:"stdout,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// Secrets the tests put in the environment. Every fixture may name them;
// no output may show them.
const (
	testPassword = "pw-Zq8!never-printed"
	testToken    = "tok-Vx3.never-printed"
)

func testEnv(name string) string {
	switch name {
	case "SR_PASSWORD":
		return testPassword
	case "SR_TOKEN":
		return testToken
	}
	return ""
}

// result is what one invocation printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// invoke runs the tool in-process with stdin and the test environment;
// wrap, if set, wraps the driver.
func invoke(ctx context.Context, args []string, stdin string, wrap func(protocol.Doer) protocol.Doer) result {
	var out, errOut bytes.Buffer
	a := newApp(strings.NewReader(stdin), &out, &errOut, testEnv)
	a.wrap = wrap
	code := a.main(ctx, args)
	return result{code, out.String(), errOut.String()}
}

// apiErrorRE finds the part of an error message that names the registry's
// answer: "HTTP 404 code 40401".
var apiErrorRE = regexp.MustCompile(`HTTP \d{3}( code \d+)?`)

// checkNoSecret fails t if any output shows a test secret, alone or in a
// basic-auth encoding.
func checkNoSecret(t *testing.T, r result) {
	t.Helper()
	for _, s := range secretForms() {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Errorf("output shows a secret (%q):\nstdout:\n%s\nstderr:\n%s", s, r.stdout, r.stderr)
		}
	}
}

func secretForms() []string {
	var forms []string
	for _, s := range []string{testPassword, testToken} {
		forms = append(forms, s, s[:len(s)/2+1])
	}
	auth := protocol.Request{}
	if err := protocol.BasicAuth("alice", testPassword).Sign(&auth, testTime); err != nil {
		panic(err)
	}
	basic := strings.TrimPrefix(auth.Header.Get("Authorization"), "Basic ")
	return append(forms, basic, basic[:len(basic)/2])
}

// cliFixture is one fixture of cmd/unwired/testdata, decoded.
type cliFixture struct {
	name    string
	fixture *replay.Fixture
	call    cliCall
	want    cliWant
}

// loadCLIFixtures reads every fixture in cmd/unwired/testdata, in order.
func loadCLIFixtures(t *testing.T) []cliFixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	if len(paths) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	var out []cliFixture
	for _, p := range paths {
		f, err := replay.LoadFixture(p)
		if err != nil {
			t.Fatal(err)
		}
		cf := cliFixture{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), fixture: f}
		if err := fixturecall.Unmarshal(f.Call, &cf.call); err != nil {
			t.Fatalf("%s: call: %v", p, err)
		}
		if err := fixturecall.Unmarshal(f.Want, &cf.want); err != nil {
			t.Fatalf("%s: want: %v", p, err)
		}
		out = append(out, cf)
	}
	return out
}

// testTime is the clock of signers in tests; basic auth ignores it.
var testTime = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
