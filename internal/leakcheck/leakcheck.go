// Package leakcheck fails a test binary, or a test, that leaves goroutines
// running.
//
// Wire it into a package with a TestMain:
//
//	func TestMain(m *testing.M) { leakcheck.Main(m) }
//
// or check a single test with leakcheck.Check(t) as its first statement.
//
// A goroutine leaks when it was started after the check's baseline (the
// call to Main, before any test runs, or the call to Check) and is still
// running when the tests are over. Goroutines are told apart by id, not
// counted, so one that ends cannot hide one that leaks. Goroutines finish
// asynchronously (a server's connection handler sees its socket close a
// moment after Close returns), so the check polls for up to two seconds
// (Timeout) before it reports; a goroutine still there then is printed
// with its stack.
//
// Nothing is ignored for being common. In particular the goroutines of
// net/http's connection pool are leaks: a test that opens connections closes
// them (Transport.CloseIdleConnections, httptest.Server.Close). Ignored are
// only goroutines of the testing framework itself, a few the standard
// library starts once and never stops (see ignoredEntries), and background
// goroutines of libraries that offer no way to stop them (see
// ignoredLibraryEntries), each named exactly.
package leakcheck

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Timeout bounds how long a check waits for goroutines to finish.
const Timeout = 2 * time.Second

// ignoredEntries are functions that start goroutines the standard library
// or the go command's flags keep for the life of the process.
var ignoredEntries = []string{
	"os/signal.loop",              // signal.Notify's dispatcher, started once
	"runtime/trace.Start.func1",   // go test -trace
	"runtime/pprof.profileWriter", // go test -cpuprofile
}

// ignoredLibraryEntries are background goroutines of libraries that have
// no call to stop them; each names the library and why it is harmless.
var ignoredLibraryEntries = []string{
	// fasthttp v1.74.0. A Client starts mCleaner when it first makes a
	// HostClient and it exits one to ten seconds after the last of them has
	// no connection; CloseIdleConnections cannot hurry it.
	"github.com/valyala/fasthttp.(*Client).mCleaner",
	// A HostClient's idle-connection reaper sleeps up to
	// MaxIdleConnDuration (10s by default) between rounds and exits at the
	// first round that finds no connection, however they were closed.
	"github.com/valyala/fasthttp.(*HostClient).connsCleaner",
	// The default TCPDialer's DNS cache cleaner runs while entries are
	// younger than twice DNSCacheDuration (a minute by default).
	"github.com/valyala/fasthttp.(*TCPDialer).tcpAddrsClean",
	// A Server refreshes its Date header every second, process-wide, from
	// the first request it serves, forever.
	"github.com/valyala/fasthttp.updateServerDate.func1",
}

// Option adjusts a check.
type Option struct{ ignore []string }

// IgnoreEntry ignores goroutines whose outermost function (the one the go
// statement named, as printed in a stack, e.g. "example.com/lib.(*T).loop")
// is one of names. For a library's own background goroutines that it offers
// no way to stop; never for code of this module.
func IgnoreEntry(names ...string) Option { return Option{ignore: names} }

// Main runs the tests of m and exits with their status, or with 1 when they
// passed but left goroutines running, after printing their stacks. Failed
// tests are not checked: a failure often leaves goroutines behind, and the
// failure is the news.
func Main(m *testing.M, opts ...Option) {
	base := baseline()
	code := m.Run()
	if code == 0 {
		if leaks := wait(base, Timeout, opts); len(leaks) > 0 {
			fmt.Fprint(os.Stderr, report(leaks, Timeout))
			code = 1
		}
	}
	os.Exit(code)
}

// Check fails t if goroutines started from now on are still running when t
// and its subtests have finished. Call it first in the test, so its cleanup
// runs after every other (cleanups run last in, first out), once servers and
// clients have been closed. It cannot tell a test's goroutines from those of
// tests running in parallel with it: use it only in tests that do not run
// in parallel with others, and Main otherwise.
func Check(t testing.TB, opts ...Option) {
	t.Helper()
	check(t, Timeout, opts)
}

func check(t testing.TB, timeout time.Duration, opts []Option) {
	base := baseline()
	t.Cleanup(func() {
		if leaks := wait(base, timeout, opts); len(leaks) > 0 {
			t.Error(report(leaks, timeout))
		}
	})
}

// goroutine is one entry of a runtime.Stack dump.
type goroutine struct {
	id    uint64
	entry string // outermost function: what the go statement started
	stack string // the whole entry, header included
}

// baseline returns the ids of the goroutines running now.
func baseline() map[uint64]bool {
	ids := map[uint64]bool{}
	for _, g := range dump() {
		ids[g.id] = true
	}
	return ids
}

// wait polls, for up to timeout, until every goroutine not in base, other
// than the caller and ignored ones, has ended, and returns those that have
// not.
func wait(base map[uint64]bool, timeout time.Duration, opts []Option) []goroutine {
	self := currentID()
	ignore := slices.Concat(ignoredEntries, ignoredLibraryEntries)
	for _, o := range opts {
		ignore = append(ignore, o.ignore...)
	}
	deadline := time.Now().Add(timeout)
	pause := time.Millisecond
	for {
		var leaks []goroutine
		for _, g := range dump() {
			if !base[g.id] && g.id != self && !ignored(g, ignore) {
				leaks = append(leaks, g)
			}
		}
		left := time.Until(deadline)
		if len(leaks) == 0 || left <= 0 {
			return leaks
		}
		time.Sleep(min(pause, left))
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// frameworkPrefixes are the packages of the go test machinery: test
// goroutines (testing.tRunner) and those of -fuzz (internal/fuzz, whose
// worker may leave a read of the coordinator's pipe blocked). The framework
// accounts for its own.
var frameworkPrefixes = []string{"testing.", "internal/fuzz."}

// ignored reports whether g belongs to the testing framework or is named by
// ignore.
func ignored(g goroutine, ignore []string) bool {
	for _, p := range frameworkPrefixes {
		if strings.HasPrefix(g.entry, p) {
			return true
		}
	}
	return slices.Contains(ignore, g.entry)
}

func report(leaks []goroutine, waited time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "leakcheck: %d goroutine(s) still running %v after the tests ended:\n", len(leaks), waited)
	for _, g := range leaks {
		b.WriteString("\n")
		b.WriteString(g.stack)
		b.WriteString("\n")
	}
	return b.String()
}

// dump returns every goroutine of the process but the runtime's own.
func dump() []goroutine {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return parse(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// currentID returns the id of the calling goroutine.
func currentID() uint64 {
	var buf [64]byte
	gs := parse(buf[:runtime.Stack(buf[:], false)])
	if len(gs) == 0 {
		panic("leakcheck: cannot read the current goroutine's id")
	}
	return gs[0].id
}

// parse splits a runtime.Stack dump into goroutines. Each entry starts with
// "goroutine <id> [<state>]:", lists frames as a function line followed by
// a tab-indented file line, and may end with "created by <func> in
// goroutine <id>"; entries are separated by a blank line. A truncated dump
// yields the goroutines whose header it holds.
func parse(dump []byte) []goroutine {
	var gs []goroutine
	for _, block := range bytes.Split(dump, []byte("\n\n")) {
		lines := strings.Split(strings.TrimRight(string(block), "\n"), "\n")
		head := strings.Fields(lines[0])
		if len(head) < 3 || head[0] != "goroutine" || !strings.HasSuffix(lines[0], "]:") {
			continue
		}
		id, err := strconv.ParseUint(head[1], 10, 64)
		if err != nil {
			continue
		}
		gs = append(gs, goroutine{id: id, entry: entry(lines[1:]), stack: strings.Join(lines, "\n")})
	}
	return gs
}

// entry returns the outermost function of a goroutine's frames: the last
// function line before "created by". Lines such as "...12 frames elided..."
// (the runtime keeps the innermost and outermost frames of a deep stack)
// are skipped, and so is the wrapper the compiler may make for a go
// statement with arguments ("pkg.f.gowrap1"): the entry is what it calls.
func entry(frames []string) string {
	last := ""
	for _, l := range frames {
		switch {
		case strings.HasPrefix(l, "\t"), strings.HasPrefix(l, "..."):
		case strings.HasPrefix(l, "created by "):
			return last
		default:
			if f := funcName(l); !isGoWrapper(f) || last == "" {
				last = f
			}
		}
	}
	return last
}

// isGoWrapper reports whether f is a compiler-made go statement wrapper.
func isGoWrapper(f string) bool {
	i := strings.LastIndex(f, ".gowrap")
	if i < 0 {
		return false
	}
	_, err := strconv.Atoi(f[i+len(".gowrap"):])
	return err == nil
}

// funcName strips the argument list from a frame's function line:
// "net/http.(*conn).serve(0xc000123)" is "net/http.(*conn).serve".
func funcName(line string) string {
	line = strings.TrimSpace(line)
	if i := strings.LastIndexByte(line, '('); i > 0 && strings.HasSuffix(line, ")") {
		return line[:i]
	}
	return line
}
