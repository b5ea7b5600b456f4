package confluent_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
	"github.com/unwired-go/unwired/transport/fasthttp"
	"github.com/unwired-go/unwired/transport/nethttp"
	"github.com/unwired-go/unwired/transport/replay"
)

// The corpus recorded from a real registry by conformance/record_test.go.
// Each fixture's call is {"op": <Client method>, "args": {...}} and its
// want is {"result": <JSON of what the method returns>} or {"error":
// {"status", "code", "message", "sentinel"}} (or {"error": {"text"}} for an
// error that is not an *protocol.APIError). tour.txtar is a multi-step
// session with codec steps; conformance replays it, and `unwired tour`.
const fxCorpus = "../../testdata/confluent"

// fxCall is the call section.
type fxCall struct {
	Op   string `json:"op"`
	Args fxArgs `json:"args"`
}

// fxArgs are a call's arguments; a method reads those it takes.
type fxArgs struct {
	Subject  string                     `json:"subject"`
	Version  confluent.Version          `json:"version"`
	ID       int                        `json:"id"`
	GUID     string                     `json:"guid"`
	Context  string                     `json:"context"`
	Schema   *confluent.Schema          `json:"schema"`
	Request  *confluent.RegisterRequest `json:"request"`
	Config   *confluent.Config          `json:"config"`
	Mode     confluent.Mode             `json:"mode"`
	Options  json.RawMessage            `json:"options"`  // the method's options struct, by Go field name
	Template string                     `json:"template"` // Get, Post, Put, Patch, Delete
	Vars     map[string]json.RawMessage `json:"vars"`
	Body     json.RawMessage            `json:"body"`
}

// fxWant is the want section.
type fxWant struct {
	Result json.RawMessage `json:"result"`
	Error  *fxError        `json:"error"`
}

type fxError struct {
	Status   int    `json:"status,omitempty"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"message,omitempty"`
	Sentinel string `json:"sentinel,omitempty"`
	Text     string `json:"text,omitempty"`
}

var fxSentinels = map[string]error{
	"ErrSubjectNotFound":                        confluent.ErrSubjectNotFound,
	"ErrVersionNotFound":                        confluent.ErrVersionNotFound,
	"ErrSchemaNotFound":                         confluent.ErrSchemaNotFound,
	"ErrSubjectSoftDeleted":                     confluent.ErrSubjectSoftDeleted,
	"ErrSubjectNotSoftDeleted":                  confluent.ErrSubjectNotSoftDeleted,
	"ErrSchemaVersionSoftDeleted":               confluent.ErrSchemaVersionSoftDeleted,
	"ErrSchemaVersionNotSoftDeleted":            confluent.ErrSchemaVersionNotSoftDeleted,
	"ErrSubjectLevelCompatibilityNotConfigured": confluent.ErrSubjectLevelCompatibilityNotConfigured,
	"ErrSubjectLevelModeNotConfigured":          confluent.ErrSubjectLevelModeNotConfigured,
	"ErrIncompatibleSchema":                     confluent.ErrIncompatibleSchema,
	"ErrInvalidSchema":                          confluent.ErrInvalidSchema,
	"ErrInvalidVersion":                         confluent.ErrInvalidVersion,
	"ErrInvalidCompatibilityLevel":              confluent.ErrInvalidCompatibilityLevel,
	"ErrInvalidMode":                            confluent.ErrInvalidMode,
	"ErrOperationNotPermitted":                  confluent.ErrOperationNotPermitted,
	"ErrReferenceExists":                        confluent.ErrReferenceExists,
	"ErrIDDoesNotMatch":                         confluent.ErrIDDoesNotMatch,
	"ErrInvalidSubject":                         confluent.ErrInvalidSubject,
	"ErrSchemaTooLarge":                         confluent.ErrSchemaTooLarge,
	"ErrInvalidRuleSet":                         confluent.ErrInvalidRuleSet,
	"ErrContextNotEmpty":                        confluent.ErrContextNotEmpty,
	"ErrInvalidAssociation":                     confluent.ErrInvalidAssociation,
	"ErrStore":                                  confluent.ErrStore,
	"ErrOperationTimeout":                       confluent.ErrOperationTimeout,
	"ErrRequestForwarding":                      confluent.ErrRequestForwarding,
	"ErrUnknownLeader":                          confluent.ErrUnknownLeader,
}

// fxOp makes one kind of call; result is the type the method returns
// (nil for a method that returns only an error).
type fxOp struct {
	run    func(ctx context.Context, c *confluent.Client, a fxArgs) (any, error)
	result reflect.Type
}

// fxOpts decodes a call's options into O, refusing fields O lacks.
func fxOpts[O any](raw json.RawMessage) (O, error) {
	var o O
	if len(raw) == 0 {
		return o, nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&o); err != nil {
		return o, fmt.Errorf("options %s for %T: %w", raw, o, err)
	}
	return o, nil
}

// fxWith is an op whose method takes an options struct O and returns R.
func fxWith[O, R any](f func(context.Context, *confluent.Client, fxArgs, O) (R, error)) fxOp {
	return fxOp{
		run: func(ctx context.Context, c *confluent.Client, a fxArgs) (any, error) {
			o, err := fxOpts[O](a.Options)
			if err != nil {
				return nil, err
			}
			return f(ctx, c, a, o)
		},
		result: reflect.TypeFor[R](),
	}
}

// fxPlain is an op whose method takes no options.
func fxPlain[R any](f func(context.Context, *confluent.Client, fxArgs) (R, error)) fxOp {
	return fxOp{
		run: func(ctx context.Context, c *confluent.Client, a fxArgs) (any, error) {
			if len(a.Options) > 0 {
				return nil, errors.New("this method takes no options")
			}
			return f(ctx, c, a)
		},
		result: reflect.TypeFor[R](),
	}
}

func fxSchema(a fxArgs) confluent.Schema {
	if a.Schema == nil {
		return confluent.Schema{}
	}
	return *a.Schema
}

func fxConfig(a fxArgs) confluent.Config {
	if a.Config == nil {
		return confluent.Config{}
	}
	return *a.Config
}

// fxTemplate is Get, Post, Put, Patch or Delete. A var is a string, a list
// of strings or an object of strings; the body is sent compact.
func fxTemplate(method string) fxOp {
	return fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (json.RawMessage, error) {
		vars := protocol.Vars{}
		for name, raw := range a.Vars {
			var (
				s    string
				list []string
				obj  map[string]string
			)
			switch {
			case json.Unmarshal(raw, &s) == nil:
				vars[name] = s
			case json.Unmarshal(raw, &list) == nil:
				vars[name] = list
			case json.Unmarshal(raw, &obj) == nil:
				vars[name] = obj
			default:
				return nil, fmt.Errorf("var %q: %s is not a string, a list or an object of strings", name, raw)
			}
		}
		var body any
		if len(a.Body) > 0 {
			var b bytes.Buffer
			if err := json.Compact(&b, a.Body); err != nil {
				return nil, fmt.Errorf("body: %w", err)
			}
			body = json.RawMessage(b.Bytes())
		}
		switch method {
		case "GET":
			return c.Get(ctx, a.Template, vars)
		case "POST":
			return c.Post(ctx, a.Template, vars, body)
		case "PUT":
			return c.Put(ctx, a.Template, vars, body)
		case "PATCH":
			return c.Patch(ctx, a.Template, vars, body)
		}
		return c.Delete(ctx, a.Template, vars, body)
	})
}

// fxOps has one entry per method of Client that talks to the registry.
var fxOps = map[string]fxOp{
	"GetRoot": fxPlain(func(ctx context.Context, c *confluent.Client, _ fxArgs) (confluent.RawJSON, error) {
		return c.GetRoot(ctx)
	}),
	"GetSchemaTypes": fxPlain(func(ctx context.Context, c *confluent.Client, _ fxArgs) ([]confluent.SchemaType, error) {
		return c.GetSchemaTypes(ctx)
	}),

	"GetSchemaByID": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (*confluent.Schema, error) {
		return c.GetSchemaByID(ctx, a.ID)
	}),
	"GetSchemaByGUID": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (*confluent.Schema, error) {
		return c.GetSchemaByGUID(ctx, a.GUID)
	}),
	"GetSchemaBySubject": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (*confluent.SubjectSchema, error) {
		return c.GetSchemaBySubject(ctx, a.Subject, a.Version)
	}),
	"RegisterSchema": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (int, error) {
		return c.RegisterSchema(ctx, a.Subject, fxSchema(a))
	}),
	"LookupSchema": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (*confluent.SubjectSchema, error) {
		return c.LookupSchema(ctx, a.Subject, fxSchema(a))
	}),

	"FetchSchemaByID": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.GetSchemaByIDOptions) (*confluent.SchemaByID, error) {
		return c.FetchSchemaByID(ctx, a.ID, o)
	}),
	"FetchSchemaByGUID": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.GetSchemaByGUIDOptions) (*confluent.SchemaByID, error) {
		return c.FetchSchemaByGUID(ctx, a.GUID, o)
	}),
	"GetIDsByGUID": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) ([]confluent.ContextID, error) {
		return c.GetIDsByGUID(ctx, a.GUID)
	}),
	"GetRawSchemaByID": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.RawSchemaOptions) (string, error) {
		return c.GetRawSchemaByID(ctx, a.ID, o)
	}),
	"GetSubjectsByID": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.SchemaUsageOptions) ([]string, error) {
		return c.GetSubjectsByID(ctx, a.ID, o)
	}),
	"GetVersionsByID": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.SchemaUsageOptions) ([]confluent.SubjectVersion, error) {
		return c.GetVersionsByID(ctx, a.ID, o)
	}),
	"ListSchemas": fxWith(func(ctx context.Context, c *confluent.Client, _ fxArgs, o confluent.ListSchemasOptions) ([]confluent.SubjectSchema, error) {
		return c.ListSchemas(ctx, o)
	}),
	// Schemas pages through GET /schemas; the result is every item.
	"Schemas": fxWith(func(ctx context.Context, c *confluent.Client, _ fxArgs, o confluent.ListSchemasOptions) ([]confluent.SubjectSchema, error) {
		var all []confluent.SubjectSchema
		for s, err := range c.Schemas(ctx, o) {
			if err != nil {
				return all, err
			}
			all = append(all, s)
		}
		return all, nil
	}),

	"ListSubjects": fxWith(func(ctx context.Context, c *confluent.Client, _ fxArgs, o confluent.ListSubjectsOptions) ([]string, error) {
		return c.ListSubjects(ctx, o)
	}),
	"Lookup": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.LookupOptions) (*confluent.SubjectSchema, error) {
		return c.Lookup(ctx, a.Subject, fxSchema(a), o)
	}),
	"DeleteSubject": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.DeleteOptions) ([]int, error) {
		return c.DeleteSubject(ctx, a.Subject, o)
	}),
	"ListVersions": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.ListVersionsOptions) ([]int, error) {
		return c.ListVersions(ctx, a.Subject, o)
	}),
	"Register": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.RegisterOptions) (confluent.RegisterResult, error) {
		var r confluent.RegisterRequest
		if a.Request != nil {
			r = *a.Request
		}
		return c.Register(ctx, a.Subject, r, o)
	}),
	"GetVersion": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.GetVersionOptions) (*confluent.SubjectSchema, error) {
		return c.GetVersion(ctx, a.Subject, a.Version, o)
	}),
	"DeleteVersion": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.DeleteOptions) (int, error) {
		return c.DeleteVersion(ctx, a.Subject, a.Version, o)
	}),
	"GetRawSchemaByVersion": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.RawSchemaOptions) (string, error) {
		return c.GetRawSchemaByVersion(ctx, a.Subject, a.Version, o)
	}),
	"GetReferencedBy": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.ReferencedByOptions) ([]int, error) {
		return c.GetReferencedBy(ctx, a.Subject, a.Version, o)
	}),

	"CheckCompatibility": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.CompatibilityOptions) (confluent.CompatibilityResult, error) {
		return c.CheckCompatibility(ctx, a.Subject, fxSchema(a), o)
	}),
	"CheckCompatibilityWithVersion": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.CompatibilityOptions) (confluent.CompatibilityResult, error) {
		return c.CheckCompatibilityWithVersion(ctx, a.Subject, a.Version, fxSchema(a), o)
	}),

	"GetGlobalConfig": fxWith(func(ctx context.Context, c *confluent.Client, _ fxArgs, o confluent.GetConfigOptions) (confluent.Config, error) {
		return c.GetGlobalConfig(ctx, o)
	}),
	"GetConfig": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.GetConfigOptions) (confluent.Config, error) {
		return c.GetConfig(ctx, a.Subject, o)
	}),
	"UpdateGlobalConfig": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (confluent.Config, error) {
		return c.UpdateGlobalConfig(ctx, fxConfig(a))
	}),
	"UpdateConfig": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (confluent.Config, error) {
		return c.UpdateConfig(ctx, a.Subject, fxConfig(a))
	}),
	"DeleteGlobalConfig": fxPlain(func(ctx context.Context, c *confluent.Client, _ fxArgs) (confluent.Config, error) {
		return c.DeleteGlobalConfig(ctx)
	}),
	"DeleteConfig": fxPlain(func(ctx context.Context, c *confluent.Client, a fxArgs) (confluent.Config, error) {
		return c.DeleteConfig(ctx, a.Subject)
	}),

	"GetGlobalMode": fxWith(func(ctx context.Context, c *confluent.Client, _ fxArgs, o confluent.GetModeOptions) (confluent.Mode, error) {
		return c.GetGlobalMode(ctx, o)
	}),
	"GetMode": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.GetModeOptions) (confluent.Mode, error) {
		return c.GetMode(ctx, a.Subject, o)
	}),
	"UpdateGlobalMode": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.UpdateModeOptions) (confluent.Mode, error) {
		return c.UpdateGlobalMode(ctx, a.Mode, o)
	}),
	"UpdateMode": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.UpdateModeOptions) (confluent.Mode, error) {
		return c.UpdateMode(ctx, a.Subject, a.Mode, o)
	}),
	"DeleteGlobalMode": fxWith(func(ctx context.Context, c *confluent.Client, _ fxArgs, o confluent.DeleteModeOptions) (confluent.Mode, error) {
		return c.DeleteGlobalMode(ctx, o)
	}),
	"DeleteMode": fxWith(func(ctx context.Context, c *confluent.Client, a fxArgs, o confluent.DeleteModeOptions) (confluent.Mode, error) {
		return c.DeleteMode(ctx, a.Subject, o)
	}),

	"ListContexts": fxWith(func(ctx context.Context, c *confluent.Client, _ fxArgs, o confluent.ListContextsOptions) ([]string, error) {
		return c.ListContexts(ctx, o)
	}),
	"DeleteContext": {
		run: func(ctx context.Context, c *confluent.Client, a fxArgs) (any, error) {
			return nil, c.DeleteContext(ctx, a.Context)
		},
	},

	"Get":    fxTemplate("GET"),
	"Post":   fxTemplate("POST"),
	"Put":    fxTemplate("PUT"),
	"Patch":  fxTemplate("PATCH"),
	"Delete": fxTemplate("DELETE"),
}

// fxDescribe is the fixture form of err.
func fxDescribe(err error) *fxError {
	var ae *protocol.APIError
	if !errors.As(err, &ae) {
		return &fxError{Text: err.Error()}
	}
	e := &fxError{Status: ae.Status, Code: ae.Code, Message: ae.Message}
	for name, s := range fxSentinels {
		if errors.Is(err, s) {
			e.Sentinel = name
		}
	}
	return e
}

// fxJSONEqual compares raw JSON by value.
var fxJSONEqual = cmp.Options{
	cmp.Comparer(func(a, b confluent.RawJSON) bool { return fxSameJSON(a, b) }),
	cmp.Comparer(func(a, b json.RawMessage) bool { return fxSameJSON(a, b) }),
}

func fxSameJSON(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

// fxCheck makes f's call on c and compares the outcome with f's want.
func fxCheck(t *testing.T, c *confluent.Client, call fxCall, want fxWant) {
	t.Helper()
	op := fxOps[call.Op]
	got, err := op.run(t.Context(), c, call.Args)
	if want.Error != nil {
		if err == nil {
			t.Fatalf("got result %+v, want error %+v", got, *want.Error)
		}
		if d := cmp.Diff(want.Error, fxDescribe(err)); d != "" {
			t.Errorf("error %v (-want +got):\n%s", err, d)
		}
		return
	}
	if err != nil {
		t.Fatalf("got error %v, want a result", err)
	}
	if op.result == nil {
		if len(want.Result) != 0 && string(want.Result) != "null" {
			t.Errorf("want has result %s for a method without one", want.Result)
		}
		return
	}
	wantVal := reflect.New(op.result)
	if err := json.Unmarshal(want.Result, wantVal.Interface()); err != nil {
		t.Fatalf("want.result %s as %v: %v", want.Result, op.result, err)
	}
	if d := cmp.Diff(wantVal.Elem().Interface(), got, fxJSONEqual); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

// fxClient is the client the corpus was recorded with: caches off, so
// each call is exactly its requests, and no retries.
func fxClient(t *testing.T, d protocol.Doer, base string) *confluent.Client {
	t.Helper()
	c, err := confluent.NewClient(d, confluent.URLs(base),
		confluent.Caching(confluent.CacheConfig{Disabled: true}),
		confluent.Retry(protocol.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestFixtures runs every recorded fixture but the tour three ways:
// against the pure core through replay.New (no sockets), and through the
// net/http and fasthttp drivers against replay.Serve. Each must make the
// recorded requests, in order, and return the recorded result. A fixture
// whose op this file does not know fails.
func TestFixtures(t *testing.T) {
	fixtures, err := replay.LoadDir(fxCorpus)
	if err != nil {
		t.Fatal(err)
	}
	if len(fixtures) == 0 {
		t.Fatalf("no fixtures in %s", fxCorpus)
	}
	names := make([]string, 0, len(fixtures))
	for name := range fixtures {
		names = append(names, name)
	}
	slices.Sort(names)

	ways := []struct {
		name string
		doer func(t *testing.T, f *replay.Fixture) (protocol.Doer, string)
	}{
		{"core", func(t *testing.T, f *replay.Fixture) (protocol.Doer, string) {
			const base = "http://registry.test:8081"
			return replay.New(t, f, base), base
		}},
		{"nethttp", func(t *testing.T, f *replay.Fixture) (protocol.Doer, string) {
			base := replay.Serve(t, f)
			d := nethttp.New(nethttp.Options{Timeout: 10 * time.Second})
			t.Cleanup(d.CloseIdleConnections)
			return d, base
		}},
		{"fasthttp", func(t *testing.T, f *replay.Fixture) (protocol.Doer, string) {
			base := replay.Serve(t, f)
			d := fasthttp.New(fasthttp.Options{Timeout: 10 * time.Second})
			t.Cleanup(d.CloseIdleConnections)
			return d, base
		}},
	}

	ran := 0
	for _, name := range names {
		if name == "tour" {
			continue // codec steps: conformance and cmd/unwired replay it
		}
		f := fixtures[name]
		t.Run(name, func(t *testing.T) {
			var call fxCall
			d := json.NewDecoder(bytes.NewReader(f.Call))
			d.DisallowUnknownFields()
			if err := d.Decode(&call); err != nil {
				t.Fatalf("call: %v", err)
			}
			var want fxWant
			d = json.NewDecoder(bytes.NewReader(f.Want))
			d.DisallowUnknownFields()
			if err := d.Decode(&want); err != nil {
				t.Fatalf("want: %v", err)
			}
			if _, ok := fxOps[call.Op]; !ok {
				t.Fatalf("unknown op %q", call.Op)
			}
			for _, way := range ways {
				t.Run(way.name, func(t *testing.T) {
					doer, base := way.doer(t, f)
					fxCheck(t, fxClient(t, doer, base), call, want)
				})
			}
		})
		ran++
	}
	if ran == 0 {
		t.Error("no fixture ran")
	}
}
