package fixturecall

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestSentinelsComplete keeps the names Describe records in step with the
// confluent package: a sentinel added there and not here would be recorded
// with no name, and fixtures would silently stop saying which error they
// expect. The list of the confluent package is read from its source, as it
// keeps its code table unexported.
func TestSentinelsComplete(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../../protocol/confluent/errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				// ErrInvalidArgument is the builders' error, never a
				// registry's answer.
				if n.IsExported() && len(n.Name) > 3 && n.Name[:3] == "Err" && n.Name != "ErrInvalidArgument" {
					declared = append(declared, n.Name)
				}
			}
		}
	}
	if len(declared) == 0 {
		t.Fatal("found no sentinel in protocol/confluent/errors.go")
	}
	var named []string
	for _, s := range sentinels {
		named = append(named, s.name)
	}
	if diff := cmp.Diff(declared, named, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("confluent's sentinels (-) and those fixturecall names (+) differ:\n%s", diff)
	}
}
