package conformance

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/unwired-go/unwired/conformance/internal/axonops"
	"github.com/unwired-go/unwired/internal/leakcheck"
)

// binDir holds the server built for this test binary; TestMain removes it.
var binDir string

// build compiles the server at most once per test binary.
var build = sync.OnceValues(func() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	return axonops.Build(ctx, binDir)
})

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "unwired-axonops-")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// startRegistry starts a fresh server with empty in-memory storage for t
// and stops it when t ends. Tests that share a server must not depend on
// each other's subjects. Call it first in a test: it also checks that no
// goroutine the test starts outlives it (the check's cleanup runs last,
// after the server and the clients are closed).
func startRegistry(t testing.TB) *axonops.Server {
	t.Helper()
	if testing.Short() {
		t.Skip("needs a real registry; skipped with -short")
	}
	leakcheck.Check(t)
	bin, err := build()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := axonops.Start(ctx, bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Stop()
		if t.Failed() {
			t.Logf("server log:\n%s", srv.Log())
		}
	})
	return srv
}
