package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/replay"
)

// drivers are the three ways a fixture runs: through the replay Doer with
// no socket, and through each real driver against replay.Serve.
var drivers = []string{"replay", "nethttp", "fasthttp"}

// runFixture runs the invocation a fixture recorded through driver and
// returns what it printed; the fixture's exchanges must all be requested.
func runFixture(t *testing.T, f *replay.Fixture, driver string, args []string, stdin string) result {
	t.Helper()
	var base string
	var wrap func(protocol.Doer) protocol.Doer
	switch driver {
	case "replay":
		base = "http://registry.test"
		doer := replay.New(t, f, base)
		wrap = func(protocol.Doer) protocol.Doer { return doer }
		driver = "nethttp" // built, but never sent anything
	default:
		base = replay.Serve(t, f)
	}
	args = append(append([]string{"confluent"}, args...), "--url", base, "--transport", driver)
	return invoke(t.Context(), args, stdin, wrap)
}

// TestConfluentFixtures replays every recorded invocation of `unwired
// confluent` three ways and checks the exit status, the JSON printed and
// the error reported, and that no secret is shown.
func TestConfluentFixtures(t *testing.T) {
	for _, cf := range loadCLIFixtures(t) {
		for _, driver := range drivers {
			t.Run(cf.name+"/"+driver, func(t *testing.T) {
				r := runFixture(t, cf.fixture, driver, cf.call.Args, cf.call.Stdin)
				checkNoSecret(t, r)
				if r.code != cf.want.Exit {
					t.Errorf("exit %d, want %d; stderr:\n%s", r.code, cf.want.Exit, r.stderr)
				}
				checkJSON(t, r.stdout, cf.want.Stdout)
				if cf.want.Error != "" && !strings.Contains(r.stderr, cf.want.Error) {
					t.Errorf("stderr does not name the registry's error %q:\n%s", cf.want.Error, r.stderr)
				}
				if cf.want.Exit == exitOK && r.stderr != "" {
					t.Errorf("stderr on success:\n%s", r.stderr)
				}
			})
		}
	}
}

// checkJSON compares printed JSON with the recorded value; nil wants
// nothing printed.
func checkJSON(t *testing.T, got string, want json.RawMessage) {
	t.Helper()
	if want == nil {
		if got != "" {
			t.Errorf("stdout = %q, want nothing", got)
		}
		return
	}
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if !strings.HasSuffix(got, "}\n") && !strings.HasSuffix(got, "]\n") {
		t.Errorf("stdout is not one indented JSON value ending in a newline:\n%s", got)
	}
}

// fixtureNamed returns the recorded fixture of that name.
func fixtureNamed(t *testing.T, name string) cliFixture {
	t.Helper()
	for _, cf := range loadCLIFixtures(t) {
		if cf.name == name {
			return cf
		}
	}
	t.Fatalf("no fixture %s", name)
	return cliFixture{}
}

// TestRegisterFromFile sends the schema of a file, as `register SUBJECT
// FILE` does, and checks it is the text the recorded request carried.
func TestRegisterFromFile(t *testing.T) {
	cf := fixtureNamed(t, "02_register_v1")
	path := filepath.Join(t.TempDir(), "order.avsc")
	if err := os.WriteFile(path, []byte(cf.call.Stdin), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			r := runFixture(t, cf.fixture, driver, []string{"register", "orders-value", path}, "")
			if r.code != exitOK {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			checkJSON(t, r.stdout, cf.want.Stdout)
		})
	}
}

// TestFailover gives two URLs, the first of which refuses connections:
// the idempotent request moves on to the second.
func TestFailover(t *testing.T) {
	cf := fixtureNamed(t, "08_versions")
	for _, driver := range []string{"nethttp", "fasthttp"} {
		t.Run(driver, func(t *testing.T) {
			base := replay.Serve(t, cf.fixture)
			args := []string{"confluent", "versions", "orders-value", "--url", closedURL(t), "--url", base, "--transport", driver}
			r := invoke(t.Context(), args, "", nil)
			if r.code != exitOK {
				t.Fatalf("exit %d:\n%s", r.code, r.stderr)
			}
			checkJSON(t, r.stdout, cf.want.Stdout)
		})
	}
}
