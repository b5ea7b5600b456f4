package protocol_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// impure are the packages the pure parts of unwired must never depend on,
// directly or not; their subpackages count too.
var impure = []string{"net/http", "crypto/tls", "github.com/valyala/fasthttp"}

// purePatterns are the package patterns that must stay pure. Each must
// match packages: a pattern left behind by a move would otherwise check
// nothing and pass.
var purePatterns = []string{"./protocol/...", "./cache/...", "./codec/..."}

func TestPurity(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	gomod := strings.TrimSpace(goCmd(t, goBin, ".", "env", "GOMOD"))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("not inside a module")
	}
	root := filepath.Dir(gomod)
	checked := 0
	for _, pattern := range purePatterns {
		dir := filepath.Join(root, filepath.FromSlash(strings.TrimSuffix(pattern, "/...")))
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s: %v", pattern, err)
			continue
		}
		// -e: a package another engineer is half-way through writing must
		// not hide the imports of the others.
		matched := strings.Fields(goCmd(t, goBin, root, "list", "-e", "-f", "{{.ImportPath}}", pattern))
		if len(matched) == 0 {
			t.Errorf("%s matches no package", pattern)
			continue
		}
		graph := map[string][]string{}
		for _, line := range strings.Split(goCmd(t, goBin, root, "list", "-e", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", pattern), "\n") {
			if f := strings.Fields(line); len(f) > 0 {
				graph[f[0]] = f[1:]
			}
		}
		checked += len(matched)
		for _, chain := range impureChains(graph, matched) {
			t.Errorf("%s must stay pure, but %s", pattern, strings.Join(chain, " imports "))
		}
	}
	if checked == 0 {
		t.Fatal("no pure package found; the test is looking in the wrong place")
	}
	t.Logf("%d pure packages checked", checked)
}

func goCmd(t *testing.T, goBin, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// isImpure reports whether pkg is one of impure or under one.
func isImpure(pkg string) bool {
	for _, p := range impure {
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

// impureChains returns, for every root that depends on an impure package,
// the shortest import chain from it to the first impure package reached.
func impureChains(graph map[string][]string, roots []string) [][]string {
	var chains [][]string
	for _, root := range roots {
		prev := map[string]string{root: ""}
		queue := []string{root}
		for len(queue) > 0 {
			pkg := queue[0]
			queue = queue[1:]
			if isImpure(pkg) {
				var chain []string
				for p := pkg; p != ""; p = prev[p] {
					chain = append(chain, p)
				}
				slices.Reverse(chain)
				chains = append(chains, chain)
				break
			}
			for _, imp := range graph[pkg] {
				if _, seen := prev[imp]; !seen {
					prev[imp] = pkg
					queue = append(queue, imp)
				}
			}
		}
	}
	return chains
}

func TestImpureChains(t *testing.T) {
	graph := map[string][]string{
		"m/protocol":         {"fmt", "m/protocol/x"},
		"m/protocol/x":       {"m/internal/y"},
		"m/internal/y":       {"net/http/httptrace", "strings"},
		"net/http/httptrace": {"crypto/tls"},
		"m/cache":            {"sync", "github.com/valyala/fasthttp"},
		"m/codec":            {"m/internal/z"},
		"m/internal/z":       {"net/url", "net/httpx"},
		"fmt":                nil,
	}
	got := impureChains(graph, []string{"m/protocol", "m/cache", "m/codec"})
	want := [][]string{
		{"m/protocol", "m/protocol/x", "m/internal/y", "net/http/httptrace"},
		{"m/cache", "github.com/valyala/fasthttp"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("impureChains (-want +got):\n%s", diff)
	}
}
