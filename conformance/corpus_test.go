package conformance

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/transport/replay"
)

// loadCorpus reads the committed fixtures.
func loadCorpus(t *testing.T) map[string]*replay.Fixture {
	t.Helper()
	fixtures, err := replay.LoadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	return fixtures
}

// decodeStrict decodes JSON refusing unknown fields, so a fixture whose
// call or want has a shape this file no longer knows fails.
func decodeStrict(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// TestCorpusInSync checks, without a server, that the committed corpus is
// what TestRecord would write in shape: the same files, each from AxonOps,
// with the call the recording table makes now and a want that decodes.
// When it fails, re-record: go test -run TestRecord -record.
func TestCorpusInSync(t *testing.T) {
	fixtures := loadCorpus(t)

	calls := map[string]fixtureCall{}
	for _, r := range recordings {
		if r.name != "" {
			calls[r.name] = r.call
		}
	}
	want := []string{"tour"}
	for name := range calls {
		want = append(want, name)
	}
	var got []string
	for name := range fixtures {
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
			var call fixtureCall
			if err := decodeStrict(f.Call, &call); err != nil {
				t.Fatalf("call: %v", err)
			}
			var w fixtureWant
			if err := decodeStrict(f.Want, &w); err != nil {
				t.Fatalf("want: %v", err)
			}
			if name == "tour" {
				checkTourShape(t, call, w)
				return
			}
			if _, ok := dispatchers[call.Op]; !ok {
				t.Errorf("unknown op %q", call.Op)
			}
			if d := cmp.Diff(mustJSON(calls[name]), mustJSON(call), cmp.Transformer("json", jsonValue)); d != "" {
				t.Errorf("call differs from the recording table (-table +file):\n%s", d)
			}
			if (w.Result == nil) == (w.Error == nil) && call.Op != "DeleteContext" {
				t.Errorf("want has %s; want exactly one of result and error", describeWant(w))
			}
		})
	}
}

func checkTourShape(t *testing.T, call fixtureCall, w fixtureWant) {
	t.Helper()
	steps := tourCalls()
	if call.Op != tourOp || len(call.Steps) != len(steps) || len(w.Steps) != len(steps) {
		t.Fatalf("tour: op %q with %d steps and %d wants, want %q with %d", call.Op, len(call.Steps), len(w.Steps), tourOp, len(steps))
	}
	for i, s := range call.Steps {
		if s.Op != steps[i].Op {
			t.Errorf("tour step %d: op %q, want %q", i+1, s.Op, steps[i].Op)
		}
		if w.Steps[i].Error != nil {
			t.Errorf("tour step %d: recorded an error: %+v", i+1, *w.Steps[i].Error)
		}
	}
}

func describeWant(w fixtureWant) string {
	switch {
	case w.Result != nil && w.Error != nil:
		return "both"
	case w.Result == nil && w.Error == nil:
		return "neither"
	}
	return "one"
}

// jsonValue decodes JSON for comparison by value.
func jsonValue(b json.RawMessage) any {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return string(b)
	}
	return v
}

// TestCorpusReplays runs every fixture, the tour included, through the
// pure core (replay.New, no sockets) with the client the recording used,
// and compares what the calls return with the want.
// protocol/confluent/fixtures_test.go does the same through both drivers,
// for every fixture but the tour.
func TestCorpusReplays(t *testing.T) {
	const base = "http://registry.test"
	for name, f := range loadCorpus(t) {
		t.Run(name, func(t *testing.T) {
			var call fixtureCall
			if err := json.Unmarshal(f.Call, &call); err != nil {
				t.Fatal(err)
			}
			var want fixtureWant
			if err := json.Unmarshal(f.Want, &want); err != nil {
				t.Fatal(err)
			}
			c := fixtureClient(t, replay.New(t, f, base), base)
			var got fixtureWant
			if call.Op == tourOp {
				for _, step := range call.Steps {
					w, err := wantOf(runTourStep(t.Context(), c, step))
					if err != nil {
						t.Fatal(err)
					}
					got.Steps = append(got.Steps, w)
				}
			} else {
				w, err := wantOf(dispatch(t.Context(), c, call))
				if err != nil {
					t.Fatal(err)
				}
				got = w
			}
			if d := cmp.Diff(want, got, cmp.Transformer("json", jsonValue)); d != "" {
				t.Errorf("result differs from the fixture (-want +got):\n%s", d)
			}
		})
	}
}
