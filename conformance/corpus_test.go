package conformance

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/transport/replay"
)

// TestCorpusInSync checks, without a server, that the committed corpus is
// what TestRecord would write in shape: the same files, each from AxonOps,
// with the call the recording table makes now and a want that decodes.
// When it fails, re-record: go test -run TestRecord -record. Replaying the
// corpus is internal/fixturecall's and protocol/confluent's business
// (TestCorpus, TestFixtures).
func TestCorpusInSync(t *testing.T) {
	fixtures, err := replay.LoadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}

	calls := map[string]fixturecall.Call{}
	for _, r := range recordings {
		if r.name != "" {
			calls[r.name] = r.call
		}
	}
	calls["tour"] = op(fixturecall.TourOp, fixturecall.Args{Steps: tourCalls()})
	want := make([]string, 0, len(calls))
	for name := range calls {
		want = append(want, name)
	}
	var got []string
	for name, f := range fixtures {
		// Fixtures written from Confluent's documentation cover what
		// AxonOps cannot answer (GUIDs); they are not recorded here.
		if strings.HasPrefix(f.Comment, "Written from ") {
			continue
		}
		got = append(got, name)
	}
	slices.Sort(want)
	slices.Sort(got)
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("fixture files differ from the recording table (-table +files):\n%s", d)
	}

	for _, name := range got {
		f := fixtures[name]
		t.Run(name, func(t *testing.T) {
			if !strings.HasPrefix(f.Comment, recordedFrom) {
				t.Errorf("comment %q does not start with %q", f.Comment, recordedFrom)
			}
			if err := f.Validate(); err != nil {
				t.Error(err)
			}
			if len(f.Exchanges) == 0 {
				t.Error("no exchanges")
			}
			call, w, err := fixturecall.Decode(f.Call, f.Want)
			if err != nil {
				t.Fatal(err)
			}
			if err := fixturecall.Validate(call); err != nil {
				t.Error(err)
			}
			if name == "tour" {
				checkTourShape(t, call, w, calls[name])
				return
			}
			if d := cmp.Diff(mustJSON(calls[name]), mustJSON(call), jsonByValue); d != "" {
				t.Errorf("call differs from the recording table (-table +file):\n%s", d)
			}
			if (w.Result == nil) == (w.Error == nil) || len(w.Steps) > 0 {
				t.Errorf("want %s: want exactly one of result and error", f.Want)
			}
		})
	}
}

// checkTourShape checks the tour against the table's: the same ops, and
// a want for each step, none of them an error. Its arguments are not
// compared: the Deserialize step's wire comes from the recording.
func checkTourShape(t *testing.T, call fixturecall.Call, w fixturecall.Want, table fixturecall.Call) {
	t.Helper()
	steps := table.Args.Steps
	if call.Op != table.Op || len(call.Args.Steps) != len(steps) || len(w.Steps) != len(steps) {
		t.Fatalf("tour: op %q with %d steps and %d wants, want %q with %d", call.Op, len(call.Args.Steps), len(w.Steps), table.Op, len(steps))
	}
	for i, s := range call.Args.Steps {
		if s.Op != steps[i].Op {
			t.Errorf("tour step %d: op %q, want %q", i+1, s.Op, steps[i].Op)
		}
		if w.Steps[i].Error != nil {
			t.Errorf("tour step %d: recorded an error: %+v", i+1, *w.Steps[i].Error)
		}
	}
}

// jsonByValue compares JSON texts by value, showing where they differ.
var jsonByValue = cmp.Transformer("json", func(b json.RawMessage) any {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return string(b)
	}
	return v
})
