package leakcheck

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const sampleDump = `goroutine 7 [running]:
example.com/m.TestX(0xc000003a40)
	/src/m/x_test.go:12 +0x25
testing.tRunner(0xc000003a40, 0x5a1b28)
	/go/src/testing/testing.go:1934 +0xea
created by testing.(*T).Run in goroutine 1
	/go/src/testing/testing.go:1997 +0x465

goroutine 1 [chan receive]:
testing.(*T).Run(0xc000003880, {0x59f0e4?, 0x0?}, 0x5a1b28)
	/go/src/testing/testing.go:2005 +0x485
main.main()
	_testmain.go:45 +0x9b

goroutine 21 [IO wait, 2 minutes]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	/go/src/runtime/netpoll.go:351 +0x85
net/http.(*persistConn).readLoop(0xc0001b0000)
	/go/src/net/http/transport.go:2395 +0x2ea
created by net/http.(*Transport).dialConn in goroutine 20
	/go/src/net/http/transport.go:1944 +0x1bb9

goroutine 33 gp=0xc000102a80 m=nil [select]:
example.com/m/cache.(*Cache[...]).fly(0xc0000a2000, {0x6a, 0xc}, 0x1)
	/src/m/cache/load.go:100 +0x50
example.com/m/cache.(*Cache[go.shape.int,go.shape.string]).Load.gowrap1()
	/src/m/cache/load.go:80 +0x3a
created by example.com/m/cache.(*Cache[...]).Load in goroutine 7
	/src/m/cache/load.go:80 +0x2c5
[originating from goroutine 7]:
example.com/m.TestX(...)
	/src/m/x_test.go:12 +0x25

goroutine 34 [chan receive]:
example.com/m.deep(0x1)
	/src/m/deep.go:5 +0x10
...120 frames elided...
example.com/m.deep(0x64)
	/src/m/deep.go:5 +0x10
example.com/m.start.func1()
	/src/m/deep.go:9 +0x10
created by example.com/m.start in goroutine 1
	/src/m/deep.go:8 +0x10

goroutine 40 [runnable]:
github.com/valyala/fasthttp.updateServerDate.func1()
	/mod/fasthttp/header.go:2406
created by github.com/valyala/fasthttp.updateServerDate in goroutine 39
	/mod/fasthttp/header.go:2405 +0x1e

goroutine 41 [sel`

func TestParse(t *testing.T) {
	type g struct {
		ID    uint64
		Entry string
	}
	var got []g
	gs := parse([]byte(sampleDump))
	for _, x := range gs {
		got = append(got, g{x.id, x.entry})
	}
	// goroutine 41 is cut off before its header ends; the others are whole.
	want := []g{
		{7, "testing.tRunner"},
		{1, "main.main"},
		{21, "net/http.(*persistConn).readLoop"},
		{33, "example.com/m/cache.(*Cache[...]).fly"},
		{34, "example.com/m.start.func1"},
		{40, "github.com/valyala/fasthttp.updateServerDate.func1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parse (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(gs[2].stack, "goroutine 21 [IO wait, 2 minutes]:\n") || !strings.HasSuffix(gs[2].stack, "transport.go:1944 +0x1bb9") {
		t.Errorf("stack of goroutine 21 = %q, want the whole entry", gs[2].stack)
	}
}

func TestFuncName(t *testing.T) {
	tests := []struct{ line, want string }{
		{"main.main()", "main.main"},
		{"net/http.(*conn).serve(0xc000123, {0x1, 0x2})", "net/http.(*conn).serve"},
		{"example.com/m.(*Cache[...]).fly(...)", "example.com/m.(*Cache[...]).fly"},
		{"  example.com/m.f.func1()  ", "example.com/m.f.func1"},
		{"panic({0x5, 0x6})", "panic"},
		{"no parentheses", "no parentheses"},
	}
	for _, tt := range tests {
		if got := funcName(tt.line); got != tt.want {
			t.Errorf("funcName(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestCurrentID(t *testing.T) {
	ids := make(chan uint64, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { ids <- currentID() })
	}
	wg.Wait()
	a, b, self := <-ids, <-ids, currentID()
	if a == b || a == self || b == self || a == 0 || b == 0 || self == 0 {
		t.Errorf("ids of three goroutines = %d, %d, %d; want three distinct non-zero ids", a, b, self)
	}
}

// leakyWorker blocks until release is closed; its name is what a report
// must show.
func leakyWorker(release <-chan struct{}, done *sync.WaitGroup) {
	defer done.Done()
	<-release
}

func TestWait(t *testing.T) {
	tests := []struct {
		name     string
		lifetime time.Duration // how long the goroutine runs; 0: until the test releases it
		opts     []Option
		leaks    []string // entries reported
	}{
		{"blocked goroutine", 0, nil, []string{"github.com/unwired-go/unwired/internal/leakcheck.leakyWorker"}},
		{"ignored by entry", 0, []Option{IgnoreEntry("github.com/unwired-go/unwired/internal/leakcheck.leakyWorker")}, nil},
		{"ignored for another name only", 0, []Option{IgnoreEntry("github.com/unwired-go/unwired/internal/leakcheck.other")}, []string{"github.com/unwired-go/unwired/internal/leakcheck.leakyWorker"}},
		{"ends while polled", 30 * time.Millisecond, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := baseline()
			release := make(chan struct{})
			var done sync.WaitGroup
			done.Add(1)
			go leakyWorker(release, &done)
			if tt.lifetime > 0 {
				// A timer's func runs in a goroutine of its own, which is
				// also new since base: it must be gone too.
				time.AfterFunc(tt.lifetime, func() { close(release) })
			}
			leaks := wait(base, 500*time.Millisecond, tt.opts)
			if tt.lifetime == 0 {
				close(release)
			}
			done.Wait()
			var got []string
			for _, g := range leaks {
				got = append(got, g.entry)
			}
			if diff := cmp.Diff(tt.leaks, got); diff != "" {
				t.Errorf("leaks (-want +got):\n%s", diff)
			}
			if tt.leaks != nil {
				r := report(leaks, 500*time.Millisecond)
				for _, want := range []string{"leakcheck: 1 goroutine(s) still running 500ms", "leakcheck.leakyWorker(", "created by github.com/unwired-go/unwired/internal/leakcheck.TestWait"} {
					if !strings.Contains(r, want) {
						t.Errorf("report lacks %q:\n%s", want, r)
					}
				}
			}
		})
	}
}

func TestWaitIsBounded(t *testing.T) {
	base := baseline()
	release := make(chan struct{})
	var done sync.WaitGroup
	done.Add(1)
	go leakyWorker(release, &done)
	defer done.Wait()
	defer close(release)
	start := time.Now()
	if leaks := wait(base, 100*time.Millisecond, nil); len(leaks) != 1 {
		t.Errorf("%d leaks, want 1", len(leaks))
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > time.Second {
		t.Errorf("wait returned after %v, want about 100ms", d)
	}
}

// fakeTB records what Check does with a test.
type fakeTB struct {
	testing.TB
	cleanups []func()
	errors   []string
}

func (f *fakeTB) Helper()                   {}
func (f *fakeTB) Cleanup(fn func())         { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Error(args ...any)         { f.errors = append(f.errors, fmt.Sprint(args...)) }
func (f *fakeTB) Errorf(s string, a ...any) { f.errors = append(f.errors, fmt.Sprintf(s, a...)) }

func TestCheck(t *testing.T) {
	for _, leak := range []bool{false, true} {
		t.Run(fmt.Sprintf("leak=%v", leak), func(t *testing.T) {
			tb := &fakeTB{TB: t}
			check(tb, 100*time.Millisecond, nil)
			release := make(chan struct{})
			var done sync.WaitGroup
			done.Add(1)
			go leakyWorker(release, &done)
			if !leak {
				close(release)
			}
			if len(tb.cleanups) != 1 {
				t.Fatalf("%d cleanups registered, want 1", len(tb.cleanups))
			}
			tb.cleanups[0]()
			if leak {
				close(release)
			}
			done.Wait()
			switch {
			case leak && (len(tb.errors) != 1 || !strings.Contains(tb.errors[0], "leakcheck.leakyWorker(")):
				t.Errorf("errors = %q, want one naming leakyWorker", tb.errors)
			case !leak && len(tb.errors) != 0:
				t.Errorf("errors = %q, want none", tb.errors)
			}
		})
	}
}

// TestMainReportsLeaks runs this test binary again with a test that leaks,
// and checks that Main fails it and names the goroutine.
func TestMainReportsLeaks(t *testing.T) {
	if os.Getenv("LEAKCHECK_CHILD") != "" {
		t.Skip("in the child already")
	}
	tests := []struct {
		name     string
		run      string
		wantCode int
		want     string
	}{
		{"leak", "TestChildLeaks", 1, "leakcheck.leakForever("},
		{"no leak", "TestParse", 0, "--- PASS: TestParse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^"+tt.run+"$", "-test.v")
			cmd.Env = append(os.Environ(), "LEAKCHECK_CHILD=1")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode || !strings.Contains(out.String(), tt.want) {
				t.Errorf("child exited %d, want %d, with output containing %q:\n%s", code, tt.wantCode, tt.want, out.String())
			}
		})
	}
}

// leakForever blocks for the rest of the process.
func leakForever() { select {} }

// TestChildLeaks leaks a goroutine when run by TestMainReportsLeaks, and
// does nothing otherwise.
func TestChildLeaks(t *testing.T) {
	if os.Getenv("LEAKCHECK_CHILD") == "" {
		t.Skip("run by TestMainReportsLeaks")
	}
	go leakForever()
}
