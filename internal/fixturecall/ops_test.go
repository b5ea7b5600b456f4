package fixturecall_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/replay"
)

// corpus is the recorded Confluent corpus.
const corpus = "../../testdata/confluent"

// codecOps are the ops that are not client methods.
var codecOps = []string{"Deserialize", "Serialize"}

// notRegistry are the exported methods of *confluent.Client that send
// nothing.
var notRegistry = []string{"GoString", "String"}

// TestOpsAreClientMethods checks the table against confluent.Client: every
// exported method that talks to the registry is an op of the same name,
// and every op but the codec steps is such a method. A method added to the
// client without an op fails here.
func TestOpsAreClientMethods(t *testing.T) {
	var want []string
	ct := reflect.TypeFor[*confluent.Client]()
	for i := range ct.NumMethod() {
		if name := ct.Method(i).Name; !slices.Contains(notRegistry, name) {
			want = append(want, name)
		}
	}
	want = append(want, codecOps...)
	slices.Sort(want)
	if d := cmp.Diff(want, fixturecall.Ops()); d != "" {
		t.Errorf("ops differ from the client's methods (-methods +ops):\n%s", d)
	}
}

// TestCorpus replays every fixture of the corpus, the tour too, through
// the pure core (replay.New, no sockets), and checks that every op in the
// table is made by at least one of them.
func TestCorpus(t *testing.T) {
	fixtures, err := replay.LoadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for name, f := range fixtures {
		call, err := fixturecall.DecodeCall(f.Call)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		used[call.Op] = true
		for _, s := range call.Args.Steps {
			used[s.Op] = true
		}
		t.Run(name, func(t *testing.T) {
			const base = "http://registry.test"
			c, err := fixturecall.NewClient(replay.New(t, f, base), base)
			if err != nil {
				t.Fatal(err)
			}
			if err := fixturecall.Verify(t.Context(), c, f.Call, f.Want); err != nil {
				t.Error(err)
			}
		})
	}
	if !used[fixturecall.TourOp] {
		t.Errorf("no %s in %s", fixturecall.TourOp, corpus)
	}
	for _, op := range fixturecall.Ops() {
		if !used[op] {
			t.Errorf("op %s is made by no fixture in %s", op, corpus)
		}
	}
}

// TestValidate checks that a call the table cannot make is refused before
// anything is sent, saying why.
func TestValidate(t *testing.T) {
	schema := &confluent.Schema{Schema: `"string"`}
	tests := []struct {
		name string
		call fixturecall.Call
		want string // in the error; "" for none
	}{
		{"plain", fixturecall.Call{Op: "GetSchemaByID", Args: fixturecall.Args{ID: 1}}, ""},
		{"with options", fixturecall.Call{Op: "ListVersions", Args: fixturecall.Args{Subject: "s", Options: []byte(`{"Deleted":true}`)}}, ""},
		{"unknown op", fixturecall.Call{Op: "Teleport"}, `fixturecall: unknown op "Teleport"`},
		{"no op", fixturecall.Call{}, `unknown op ""`},
		{"the tour is not an op", fixturecall.Call{Op: "tour"}, "tour without steps"},
		{"options for a method without", fixturecall.Call{Op: "GetRoot", Args: fixturecall.Args{Options: []byte(`{"X":1}`)}}, "GetRoot: takes no options"},
		{"unknown option", fixturecall.Call{Op: "GetVersion", Args: fixturecall.Args{Options: []byte(`{"Deleted":true,"Loud":true}`)}},
			`GetVersion: options for confluent.GetVersionOptions: json: unknown field "Loud"`},
		{"options not an object", fixturecall.Call{Op: "GetVersion", Args: fixturecall.Args{Options: []byte(`[1]`)}}, "options for confluent.GetVersionOptions"},
		{"no schema", fixturecall.Call{Op: "RegisterSchema", Args: fixturecall.Args{Subject: "s"}}, "RegisterSchema: no schema"},
		{"no request", fixturecall.Call{Op: "Register", Args: fixturecall.Args{Subject: "s", Schema: schema}}, "Register: no request"},
		{"no config", fixturecall.Call{Op: "UpdateConfig", Args: fixturecall.Args{Subject: "s"}}, "UpdateConfig: no config"},
		{"bad var", fixturecall.Call{Op: "Get", Args: fixturecall.Args{Template: "/x{/a}", Vars: []byte(`{"a":1}`)}},
			`Get: var "a": 1 is not a string, a list of strings or an object of strings`},
		{"vars not an object", fixturecall.Call{Op: "Get", Args: fixturecall.Args{Template: "/x", Vars: []byte(`"a"`)}}, "Get: vars:"},
		{"body on Get", fixturecall.Call{Op: "Get", Args: fixturecall.Args{Template: "/x", Body: []byte(`{}`)}}, "Get: takes no body"},
		{"body not JSON", fixturecall.Call{Op: "Post", Args: fixturecall.Args{Template: "/x", Body: []byte(`{`)}}, "Post: body:"},
		{"template vars", fixturecall.Call{Op: "Put", Args: fixturecall.Args{Template: "/x{/a,b}{?c*}", Vars: []byte(`{"a":"1","b":["2","3"],"c":{"d":"4"}}`), Body: []byte(`{ }`)}}, ""},
		{"serialize without value", fixturecall.Call{Op: "Serialize", Args: fixturecall.Args{Subject: "s", Schema: schema}}, "Serialize: no value"},
		{"serialize unknown option", fixturecall.Call{Op: "Serialize", Args: fixturecall.Args{Schema: schema, Value: []byte(`"v"`), Options: []byte(`{"Register":true}`)}},
			`Serialize: options for codec.SerializerOptions: json: unknown field "Register"`},
		{"deserialize without wire", fixturecall.Call{Op: "Deserialize"}, "Deserialize: no wire"},
		{"deserialize bad hex", fixturecall.Call{Op: "Deserialize", Args: fixturecall.Args{Wire: "0g"}}, "Deserialize: wire is not hex"},
		{"tour", tour(fixturecall.Call{Op: "GetRoot"}, fixturecall.Call{Op: "Deserialize", Args: fixturecall.Args{Wire: "00"}}), ""},
		{"tour with a bad step", tour(fixturecall.Call{Op: "GetRoot"}, fixturecall.Call{Op: "Teleport"}), `step 2: fixturecall: unknown op "Teleport"`},
		{"tour within a tour", tour(tour(fixturecall.Call{Op: "GetRoot"})), "step 1: a tour within the tour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fixturecall.Validate(tt.call)
			checkErr(t, "Validate", err, tt.want)
			if err == nil || tt.call.Op == fixturecall.TourOp {
				return
			}
			// Run refuses the same calls, before it sends anything.
			_, runErr := fixturecall.Run(t.Context(), nilClient(t), tt.call)
			if runErr == nil || runErr.Error() != err.Error() {
				t.Errorf("Run = %v, want %v", runErr, err)
			}
		})
	}
}

func tour(steps ...fixturecall.Call) fixturecall.Call {
	return fixturecall.Call{Op: fixturecall.TourOp, Args: fixturecall.Args{Steps: steps}}
}

// TestUnknownOp checks that an unknown op is ErrUnknownOp from Run, Replay
// and Verify, and that nothing is sent.
func TestUnknownOp(t *testing.T) {
	c := nilClient(t)
	call := fixturecall.Call{Op: "GetSchemaByIDs", Args: fixturecall.Args{ID: 1}}
	if _, err := fixturecall.Run(t.Context(), c, call); !errors.Is(err, fixturecall.ErrUnknownOp) {
		t.Errorf("Run = %v, want ErrUnknownOp", err)
	}
	if _, err := fixturecall.Replay(t.Context(), c, call); !errors.Is(err, fixturecall.ErrUnknownOp) {
		t.Errorf("Replay = %v, want ErrUnknownOp", err)
	}
	if _, err := fixturecall.Replay(t.Context(), c, tour(call)); !errors.Is(err, fixturecall.ErrUnknownOp) {
		t.Errorf("Replay of a tour = %v, want ErrUnknownOp", err)
	}
	err := fixturecall.Verify(t.Context(), c, []byte(`{"op":"GetSchemaByIDs","args":{"id":1}}`), []byte(`{"result":{}}`))
	if !errors.Is(err, fixturecall.ErrUnknownOp) {
		t.Errorf("Verify = %v, want ErrUnknownOp", err)
	}
}

// failDoer fails the test it belongs to if a request reaches it.
type failDoer struct{ t *testing.T }

func (d failDoer) Do(_ context.Context, req *protocol.Request, _ *protocol.Response) error {
	d.t.Errorf("request sent: %s %s", req.Method, req.URL)
	return errors.New("failDoer: no request may be sent")
}

// nilClient is a client whose Doer fails the test if it is called.
func nilClient(t *testing.T) *confluent.Client {
	t.Helper()
	c, err := fixturecall.NewClient(failDoer{t}, "http://registry.test")
	if err != nil {
		t.Fatal(err)
	}
	return c
}
