package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/unwired-go/unwired"
	"github.com/unwired-go/unwired/internal/fixturecall"
	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/transport/replay"
)

// embeddedTour returns the tour fixture the binary embeds.
func embeddedTour(t *testing.T) *recordedTour {
	t.Helper()
	rt, err := loadTour(unwired.Fixtures)
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// TestTour runs `unwired tour` over the embedded fixture and checks the
// key lines, in order, against what the fixture holds: every recorded
// request with its status, the schema id, the framing of the bytes, the
// record read back and both verdicts.
func TestTour(t *testing.T) {
	rt := embeddedTour(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"tour"}, &stdout, &stderr, testEnv); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s\nstdout:\n%s", code, stderr.String(), stdout.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	out := stdout.String()

	var want []string
	want = append(want,
		"unwired tour: a replay of a session recorded from a real schema registry",
		strings.Fields(rt.fixture.Comment)[0]+" "+strings.Fields(rt.fixture.Comment)[1], // "Recorded from"
		"so no server is needed")
	ex := 0
	for i, s := range rt.steps {
		want = append(want, fmt.Sprintf("\n%d. ", i+1))
		// The requests of this step: the recorded ones, as many as the
		// step makes (every op here makes one).
		x := rt.fixture.Exchanges[ex]
		ex++
		want = append(want, fmt.Sprintf("   %s %s  → %d %s\n", x.Request.Method, x.Request.URL, x.Response.Status, http.StatusText(x.Response.Status)))
		var result any
		if err := json.Unmarshal(rt.wants[i].Result, &result); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		switch s.Op {
		case "RegisterSchema":
			want = append(want, fmt.Sprintf("   id        %v  ", result))
		case "Serialize":
			wire := result.(string)
			want = append(want,
				"   bytes     00   ",
				fmt.Sprintf("             00 00 00 %s", wire[8:10]),
				fmt.Sprintf("schema id %d, 4 bytes big-endian", wantID(t, rt.wants[0])),
				fmt.Sprintf("Avro binary payload, %d bytes", len(wire)/2-5),
				"   hex       "+wire[:60])
		case "Deserialize":
			want = append(want,
				fmt.Sprintf("   header    magic byte 0, schema id %d", wantID(t, rt.wants[0])),
				"read back intact")
		case "CheckCompatibility":
			verdict := result.(map[string]any)
			if verdict["is_compatible"] == true {
				want = append(want, "   verdict   compatible: ")
			} else {
				want = append(want, "   verdict   NOT compatible: ")
				msg := verdict["messages"].([]any)[0].(string)
				want = append(want, "   reason    "+msg[:40])
			}
		}
	}
	if ex != len(rt.fixture.Exchanges) {
		t.Fatalf("the test expected %d exchanges, the fixture has %d", ex, len(rt.fixture.Exchanges))
	}
	want = append(want, fmt.Sprintf("Replay complete: %d steps, %d recorded exchanges, all used", len(rt.steps), ex),
		"unwired confluent tour --url")

	rest := out
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("tour output lacks %q after what came before; output:\n%s", w, out)
		}
		rest = rest[i+len(w):]
	}
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("line of %d characters:\n%s", n, line)
		}
	}
}

// wantID reads a RegisterSchema want: the schema id.
func wantID(t *testing.T, w fixturecall.Want) int {
	t.Helper()
	var id int
	if err := json.Unmarshal(w.Result, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestTourFixtureShape pins what TestTour relies on: the embedded tour
// registers, fetches, serializes, deserializes and checks, one request a
// step.
func TestTourFixtureShape(t *testing.T) {
	rt := embeddedTour(t)
	var ops []string
	for _, s := range rt.steps {
		ops = append(ops, s.Op)
	}
	want := "RegisterSchema GetSchemaByID Serialize Deserialize CheckCompatibility CheckCompatibility"
	if got := strings.Join(ops, " "); got != want {
		t.Errorf("tour steps %q, want %q", got, want)
	}
	if len(rt.fixture.Exchanges) != len(rt.steps) {
		t.Errorf("%d exchanges for %d steps", len(rt.fixture.Exchanges), len(rt.steps))
	}
}

// mutateTour returns the embedded tour fixture with change applied, as a
// file system for app.fixtures.
func mutateTour(t *testing.T, change func(f *replay.Fixture)) fs.FS {
	t.Helper()
	data, err := fs.ReadFile(unwired.Fixtures, tourFixture)
	if err != nil {
		t.Fatal(err)
	}
	f, err := replay.ParseFixture(data)
	if err != nil {
		t.Fatal(err)
	}
	change(f)
	return fstest.MapFS{tourFixture: {Data: f.Marshal()}}
}

// editJSON applies edit to a JSON document.
func editJSON(t *testing.T, doc []byte, edit func(v map[string]any)) []byte {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	edit(v)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func step(v map[string]any, path string, i int) map[string]any {
	if path == "call" {
		return v["args"].(map[string]any)["steps"].([]any)[i].(map[string]any)
	}
	return v["steps"].([]any)[i].(map[string]any)
}

// TestTourDetectsDivergence checks that the tour fails, exit 1, when the
// replay does not go as recorded.
func TestTourDetectsDivergence(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, f *replay.Fixture)
		msg    string // in stderr
	}{
		{"a recorded answer changed", func(t *testing.T, f *replay.Fixture) {
			f.Exchanges[0].Response.Body = []byte(`{"id":7}`)
		}, "step 1 (RegisterSchema) differs from the recording: recorded 1, got 7"},
		{"a recorded request changed", func(t *testing.T, f *replay.Fixture) {
			f.Exchanges[1].Request.URL = "/schemas/ids/2"
		}, "does not match 002.request"},
		{"a recorded verdict changed", func(t *testing.T, f *replay.Fixture) {
			f.Want = editJSON(t, f.Want, func(v map[string]any) {
				step(v, "want", 4)["result"] = map[string]any{"is_compatible": false}
			})
		}, "step 5 (CheckCompatibility) differs from the recording"},
		{"recorded bytes changed", func(t *testing.T, f *replay.Fixture) {
			f.Want = editJSON(t, f.Want, func(v map[string]any) {
				step(v, "want", 2)["result"] = "00000000010000"
			})
		}, "step 3 (Serialize) differs from the recording"},
		{"an error recorded where the replay succeeds", func(t *testing.T, f *replay.Fixture) {
			f.Want = editJSON(t, f.Want, func(v map[string]any) {
				step(v, "want", 1)["error"] = map[string]any{"status": 404, "code": "40403"}
				delete(step(v, "want", 1), "result")
			})
		}, `recorded error {"status":404,"code":"40403"}, got result {`},
		{"an exchange left over", func(t *testing.T, f *replay.Fixture) {
			f.Exchanges = append(f.Exchanges, f.Exchanges[1])
		}, "1 of 7 exchanges never requested"},
		{"an exchange missing", func(t *testing.T, f *replay.Fixture) {
			f.Exchanges = f.Exchanges[:len(f.Exchanges)-1]
		}, "is past the end of the fixture"},
		{"an unknown op", func(t *testing.T, f *replay.Fixture) {
			f.Call = editJSON(t, f.Call, func(v map[string]any) { step(v, "call", 5)["op"] = "Teleport" })
		}, `call: step 6: fixturecall: unknown op "Teleport"`},
		{"an unknown argument", func(t *testing.T, f *replay.Fixture) {
			f.Call = editJSON(t, f.Call, func(v map[string]any) {
				step(v, "call", 0)["args"].(map[string]any)["normalize"] = true
			})
		}, `unknown field "normalize"`},
		{"an unknown option", func(t *testing.T, f *replay.Fixture) {
			f.Call = editJSON(t, f.Call, func(v map[string]any) {
				step(v, "call", 4)["args"].(map[string]any)["options"] = map[string]any{"Verbose": true, "Loud": true}
			})
		}, `step 5: CheckCompatibility: options for confluent.CompatibilityOptions: json: unknown field "Loud"`},
		{"fewer wants than steps", func(t *testing.T, f *replay.Fixture) {
			f.Want = editJSON(t, f.Want, func(v map[string]any) { v["steps"] = v["steps"].([]any)[:5] })
		}, "6 steps but 5 wants"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			a := newApp(strings.NewReader(""), &stdout, &stderr, testEnv)
			a.fixtures = mutateTour(t, func(f *replay.Fixture) { tt.change(t, f) })
			if code := a.main(t.Context(), []string{"tour"}); code != exitFail {
				t.Errorf("exit %d, want %d", code, exitFail)
			}
			if !strings.Contains(stderr.String(), tt.msg) {
				t.Errorf("stderr does not say %q:\n%s", tt.msg, stderr.String())
			}
			if strings.Contains(stdout.String(), "Replay complete") {
				t.Errorf("stdout claims success:\n%s", stdout.String())
			}
		})
	}
	t.Run("no fixture", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		a := newApp(strings.NewReader(""), &stdout, &stderr, testEnv)
		a.fixtures = fstest.MapFS{}
		if code := a.main(t.Context(), []string{"tour"}); code != exitFail {
			t.Errorf("exit %d, want %d", code, exitFail)
		}
		if !strings.Contains(stderr.String(), tourFixture) {
			t.Errorf("stderr does not name the fixture:\n%s", stderr.String())
		}
	})
}

// TestLiveTour runs `unwired confluent tour` against the tour fixture
// served by a loopback server, through both drivers and the replay Doer:
// the live tour sends exactly the recorded requests.
func TestLiveTour(t *testing.T) {
	rt := embeddedTour(t)
	subject := rt.steps[0].Args.Subject
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			r := runFixture(t, rt.fixture, driver, []string{"tour", "--subject", subject}, "")
			if r.code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s\nstdout:\n%s", r.code, r.stderr, r.stdout)
			}
			for _, w := range []string{
				"unwired confluent tour: live against http://",
				"1. Register a schema under subject " + fmt.Sprintf("%q", subject),
				"the record serialized in step 3, read back intact",
				fmt.Sprintf("Done: %d steps, %d requests, all answered.", len(rt.steps), len(rt.fixture.Exchanges)),
			} {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestLiveTourDefaultSubject checks that without --subject the live tour
// uses unwired-tour-value: the recorded requests, with that subject in
// their paths, must all match.
func TestLiveTourDefaultSubject(t *testing.T) {
	rt := embeddedTour(t)
	recorded := "/" + rt.steps[0].Args.Subject
	f := *rt.fixture
	f.Exchanges = append([]replay.Exchange(nil), rt.fixture.Exchanges...)
	for i := range f.Exchanges {
		r := f.Exchanges[i].Request
		r.URL = strings.Replace(r.URL, recorded, "/unwired-tour-value", 1)
		f.Exchanges[i].Request = r
	}
	r := runFixture(t, &f, "replay", []string{"tour"}, "")
	if r.code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `subject "unwired-tour-value"`) {
		t.Errorf("output does not name the default subject:\n%s", r.stdout)
	}
}

// TestLiveTourFails checks that a failing step stops the live tour with
// exit 1, naming the step.
func TestLiveTourFails(t *testing.T) {
	rt := embeddedTour(t)
	f := &replay.Fixture{Comment: "Hand-written: the registry refuses the tour's schema.", Exchanges: []replay.Exchange{{
		Request: rt.fixture.Exchanges[0].Request,
		Response: protocol.Response{Status: 409, Header: protocol.Header{{Name: "Content-Type", Value: "application/json"}},
			Body: []byte(`{"error_code":409,"message":"Schema being registered is incompatible with an earlier schema"}`)},
	}}}
	r := runFixture(t, f, "replay", []string{"tour", "--subject", rt.steps[0].Args.Subject}, "")
	if r.code != exitFail {
		t.Errorf("exit %d, want %d", r.code, exitFail)
	}
	if !strings.Contains(r.stderr, "step 1 (RegisterSchema)") || !strings.Contains(r.stderr, "HTTP 409") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "   error     confluent: HTTP 409") {
		t.Errorf("the failing step does not show the error:\n%s", r.stdout)
	}
}
