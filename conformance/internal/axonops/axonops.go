// Package axonops builds, starts and stops an AxonOps Schema Registry, a
// Confluent-compatible registry written in Go, for the conformance tests.
//
// The server is the module tool pinned in conformance/go.mod
// (github.com/axonops/axonops-schema-registry/cmd/schema-registry v0.2.1).
// Build compiles it once per test binary; setting UNWIRED_AXONOPS_BIN to the
// path of an already built server skips the build (CI may cache it).
package axonops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Version is the server release the tool directive pins.
const Version = "v0.2.1"

// BinEnv names the environment variable that points at a prebuilt server.
const BinEnv = "UNWIRED_AXONOPS_BIN"

// Package is the import path of the server's main package.
const Package = "github.com/axonops/axonops-schema-registry/cmd/schema-registry"

// Build returns the path of a server binary: $UNWIRED_AXONOPS_BIN when set,
// otherwise a fresh build into dir, run from the current directory, which
// must lie inside the conformance module (go test runs in the package
// directory, so it does).
func Build(ctx context.Context, dir string) (string, error) {
	if bin := os.Getenv(BinEnv); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			return "", fmt.Errorf("%s: %w", BinEnv, err)
		}
		return bin, nil
	}
	bin := filepath.Join(dir, "schema-registry")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, Package)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", Package, err, out)
	}
	return bin, nil
}

// Server is one running registry with in-memory storage.
type Server struct {
	URL string // base URL, http://127.0.0.1:<port>

	cmd  *exec.Cmd
	log  *lockedBuffer
	done chan struct{} // closed when the process has exited
	err  error         // the process's exit status, valid after done

	stopOnce sync.Once
}

// Start runs bin on a free loopback port and waits until GET / answers. The
// caller must Stop the server.
func Start(ctx context.Context, bin string) (*Server, error) {
	// A port picked this way can be taken by someone else before the server
	// binds it; one more try with another port covers that race.
	var lastErr error
	for range 3 {
		s, err := start(ctx, bin)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func start(ctx context.Context, bin string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin)
	// Only what the server needs: nothing of the caller's environment (CI
	// secrets included) reaches it or the log a failing test prints.
	cmd.Env = append(minimalEnv(),
		"SCHEMA_REGISTRY_HOST=127.0.0.1",
		"SCHEMA_REGISTRY_PORT="+strconv.Itoa(port),
		"SCHEMA_REGISTRY_STORAGE_TYPE=memory",
	)
	log := &lockedBuffer{}
	cmd.Stdout = log
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{
		URL:  "http://127.0.0.1:" + strconv.Itoa(port),
		cmd:  cmd,
		log:  log,
		done: make(chan struct{}),
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	if err := s.waitReady(ctx, 30*time.Second); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w\nserver log:\n%s", err, s.Log())
	}
	return s, nil
}

// waitReady polls GET / until it answers 200, the process exits, or the
// deadline passes.
func (s *Server) waitReady(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return fmt.Errorf("axonops: server exited before answering: %v", s.err)
		case <-ctx.Done():
			return fmt.Errorf("axonops: server at %s not ready: %w", s.URL, ctx.Err())
		case <-tick.C:
		}
	}
}

// Stop kills the server and waits for it to exit. It is safe to call more
// than once.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	})
}

// Exited reports whether the process has ended.
func (s *Server) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Log returns what the server has written to stdout and stderr so far.
func (s *Server) Log() string { return s.log.String() }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("axonops: listener has no TCP address")
	}
	return addr.Port, nil
}

// lockedBuffer collects the server's output; the process writes to it from
// os/exec's copying goroutines while tests read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// minimalEnv keeps PATH and TMPDIR, which a Go program may need to run; the
// server reads its settings from SCHEMA_REGISTRY_* alone.
func minimalEnv() []string {
	var env []string
	for _, name := range []string{"PATH", "TMPDIR"} {
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	return env
}
