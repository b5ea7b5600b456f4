package bench_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// serverPackage is the stand-in registry, built from source by the test.
const serverPackage = "github.com/unwired-go/unwired/conformance/bench/internal/server"

// binDir holds the server binary for the life of the test binary; TestMain
// makes and removes it.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "unwired-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles the server once per test binary, on first use, so a run
// that selects nothing needing it pays nothing.
var build = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "server")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, serverPackage).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", serverPackage, err, out)
	}
	return bin, nil
})

// startServer starts a stand-in registry in a process of its own on a free
// loopback port and returns its base URL. Cleanup kills it and waits for it.
func startServer(tb testing.TB) string {
	tb.Helper()
	bin, err := build()
	if err != nil {
		tb.Fatal(err)
	}
	// The server exits when its stdin ends: closing stdinW stops it, and so
	// does the death of this process, which closes stdinW with it.
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdinR, stdoutW, &stderr
	err = cmd.Start()
	stdinR.Close()
	stdoutW.Close()
	if err != nil {
		stdinW.Close()
		stdoutR.Close()
		tb.Fatal(err)
	}

	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdoutR).ReadString('\n')
		line <- s
	}()
	tb.Cleanup(func() {
		stdinW.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		stdoutR.Close()
		<-line // the reader has returned: the pipe ended with the process
	})

	// fail stops the server before reading what it wrote to stderr.
	fail := func(format string, args ...any) {
		tb.Helper()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tb.Fatalf(format+"; server stderr:\n%s", append(args, stderr.String())...)
	}
	select {
	case s := <-line:
		line <- s // for the cleanup
		base := strings.TrimSpace(s)
		if !strings.HasPrefix(base, "http://127.0.0.1:") {
			fail("server announced %q", s)
		}
		return base
	case <-time.After(30 * time.Second):
		fail("server did not announce its address within 30s")
		return ""
	}
}
