package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// fixtureCall is the "call" section of a testdata/confluent fixture: the
// client method (Op) and its arguments, {"op": ..., "args": {...}}.
// protocol/confluent/fixtures_test.go reads the same shape and makes the
// same call, independently of this file, and the replayed requests must
// then match the recorded ones.
type fixtureCall struct {
	Op          string `json:"op"`
	fixtureArgs `json:"args,omitzero"`
}

// fixtureArgs are the arguments of a call; each method reads those it
// takes.
type fixtureArgs struct {
	Subject string                     `json:"subject,omitempty"`
	Version confluent.Version          `json:"version,omitempty"`
	ID      int                        `json:"id,omitempty"`
	GUID    string                     `json:"guid,omitempty"`
	Context string                     `json:"context,omitempty"`
	Schema  *confluent.Schema          `json:"schema,omitempty"`
	Request *confluent.RegisterRequest `json:"request,omitempty"`
	Config  *confluent.Config          `json:"config,omitempty"`
	Mode    confluent.Mode             `json:"mode,omitempty"`
	// Options is the method's options struct, by Go field name; fields at
	// their zero value are left out.
	Options json.RawMessage `json:"options,omitempty"`
	// Template, Vars and Body are the arguments of Get, Post, Put, Patch
	// and Delete. A var is a string, a list of strings or an object of
	// strings.
	Template string          `json:"template,omitempty"`
	Vars     json.RawMessage `json:"vars,omitempty"`
	Body     json.RawMessage `json:"body,omitempty"`

	// The tour only: its steps, and the codec steps' data.
	Steps []fixtureCall   `json:"steps,omitempty"`
	Value json.RawMessage `json:"value,omitempty"` // Serialize: the value, as Avro JSON
	Wire  string          `json:"wire,omitempty"`  // Deserialize: the framed bytes, in hex
}

// op returns the call of method name with args.
func op(name string, args fixtureArgs) fixtureCall {
	return fixtureCall{Op: name, fixtureArgs: args}
}

// fixtureWant is the "want" section: the method's result as JSON, or the
// error it returned.
type fixtureWant struct {
	Result json.RawMessage `json:"result,omitempty"`
	Error  *fixtureError   `json:"error,omitempty"`
	Steps  []fixtureWant   `json:"steps,omitempty"` // the tour only
}

// fixtureError describes an error: an *protocol.APIError by its fields and
// the confluent sentinel it matches, any other error by its text.
type fixtureError struct {
	Status   int    `json:"status,omitempty"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"message,omitempty"`
	Sentinel string `json:"sentinel,omitempty"`
	Text     string `json:"text,omitempty"`
}

// sentinelNames are the confluent sentinels a fixture may name.
var sentinelNames = []struct {
	name string
	err  error
}{
	{"ErrSubjectNotFound", confluent.ErrSubjectNotFound},
	{"ErrVersionNotFound", confluent.ErrVersionNotFound},
	{"ErrSchemaNotFound", confluent.ErrSchemaNotFound},
	{"ErrSubjectSoftDeleted", confluent.ErrSubjectSoftDeleted},
	{"ErrSubjectNotSoftDeleted", confluent.ErrSubjectNotSoftDeleted},
	{"ErrSchemaVersionSoftDeleted", confluent.ErrSchemaVersionSoftDeleted},
	{"ErrSchemaVersionNotSoftDeleted", confluent.ErrSchemaVersionNotSoftDeleted},
	{"ErrSubjectLevelCompatibilityNotConfigured", confluent.ErrSubjectLevelCompatibilityNotConfigured},
	{"ErrSubjectLevelModeNotConfigured", confluent.ErrSubjectLevelModeNotConfigured},
	{"ErrIncompatibleSchema", confluent.ErrIncompatibleSchema},
	{"ErrInvalidSchema", confluent.ErrInvalidSchema},
	{"ErrInvalidVersion", confluent.ErrInvalidVersion},
	{"ErrInvalidCompatibilityLevel", confluent.ErrInvalidCompatibilityLevel},
	{"ErrInvalidMode", confluent.ErrInvalidMode},
	{"ErrOperationNotPermitted", confluent.ErrOperationNotPermitted},
	{"ErrReferenceExists", confluent.ErrReferenceExists},
	{"ErrIDDoesNotMatch", confluent.ErrIDDoesNotMatch},
	{"ErrInvalidSubject", confluent.ErrInvalidSubject},
	{"ErrSchemaTooLarge", confluent.ErrSchemaTooLarge},
	{"ErrInvalidRuleSet", confluent.ErrInvalidRuleSet},
	{"ErrContextNotEmpty", confluent.ErrContextNotEmpty},
	{"ErrInvalidAssociation", confluent.ErrInvalidAssociation},
	{"ErrStore", confluent.ErrStore},
	{"ErrOperationTimeout", confluent.ErrOperationTimeout},
	{"ErrRequestForwarding", confluent.ErrRequestForwarding},
	{"ErrUnknownLeader", confluent.ErrUnknownLeader},
}

// describeError turns err into its fixture form.
func describeError(err error) *fixtureError {
	var ae *protocol.APIError
	if !errors.As(err, &ae) {
		return &fixtureError{Text: err.Error()}
	}
	e := &fixtureError{Status: ae.Status, Code: ae.Code, Message: ae.Message}
	for _, s := range sentinelNames {
		if errors.Is(err, s.err) {
			e.Sentinel = s.name
			break
		}
	}
	return e
}

// optionsJSON encodes an options struct for fixtureCall.Options, leaving
// out the fields at their zero value so the call shows only what is set.
// A struct with nothing set gives nil.
func optionsJSON(opts any) json.RawMessage {
	v := reflect.ValueOf(opts)
	fields := map[string]any{}
	for i := range v.NumField() {
		if f := v.Field(i); !f.IsZero() {
			fields[v.Type().Field(i).Name] = f.Interface()
		}
	}
	if len(fields) == 0 {
		return nil
	}
	b, err := json.Marshal(fields) // map keys come out sorted
	if err != nil {
		panic(err)
	}
	return b
}

// decodeOptions reads fixtureCall.Options into the method's options type,
// refusing fields it does not have.
func decodeOptions[T any](raw json.RawMessage) (T, error) {
	var opts T
	if len(raw) == 0 {
		return opts, nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&opts); err != nil {
		return opts, fmt.Errorf("options %s for %T: %w", raw, opts, err)
	}
	return opts, nil
}

// decodeVars reads fixtureCall.Vars into protocol.Vars.
func decodeVars(raw json.RawMessage) (protocol.Vars, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("vars: %w", err)
	}
	vars := protocol.Vars{}
	for name, v := range m {
		var (
			s    string
			list []string
			obj  map[string]string
		)
		switch {
		case json.Unmarshal(v, &s) == nil:
			vars[name] = s
		case json.Unmarshal(v, &list) == nil:
			vars[name] = list
		case json.Unmarshal(v, &obj) == nil:
			vars[name] = obj
		default:
			return nil, fmt.Errorf("var %q: %s is not a string, a list of strings or an object of strings", name, v)
		}
	}
	return vars, nil
}

func schemaArg(call fixtureCall) confluent.Schema {
	if call.Schema == nil {
		return confluent.Schema{}
	}
	return *call.Schema
}

// errUnknownOp reports a call this dispatcher does not know.
var errUnknownOp = errors.New("unknown op")

// opNames are the ops dispatch knows, sorted.
var opNames = func() []string {
	names := make([]string, 0, len(dispatchers))
	for name := range dispatchers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}()

// dispatch makes call on c and returns the method's result.
func dispatch(ctx context.Context, c *confluent.Client, call fixtureCall) (any, error) {
	d, ok := dispatchers[call.Op]
	if !ok {
		return nil, fmt.Errorf("%w %q", errUnknownOp, call.Op)
	}
	return d(ctx, c, call)
}

// withOpts adapts a method taking an options struct.
func withOpts[O, R any](f func(context.Context, *confluent.Client, fixtureCall, O) (R, error)) func(context.Context, *confluent.Client, fixtureCall) (any, error) {
	return func(ctx context.Context, c *confluent.Client, call fixtureCall) (any, error) {
		opts, err := decodeOptions[O](call.Options)
		if err != nil {
			return nil, err
		}
		return f(ctx, c, call, opts)
	}
}

// plain adapts a method without options.
func plain[R any](f func(context.Context, *confluent.Client, fixtureCall) (R, error)) func(context.Context, *confluent.Client, fixtureCall) (any, error) {
	return func(ctx context.Context, c *confluent.Client, call fixtureCall) (any, error) {
		if len(call.Options) > 0 {
			return nil, fmt.Errorf("%s takes no options", call.Op)
		}
		return f(ctx, c, call)
	}
}

// template adapts Get, Post, Put, Patch and Delete.
func template(method string) func(context.Context, *confluent.Client, fixtureCall) (any, error) {
	return func(ctx context.Context, c *confluent.Client, call fixtureCall) (any, error) {
		vars, err := decodeVars(call.Vars)
		if err != nil {
			return nil, err
		}
		// The body goes out compact, whatever the layout of the call.
		var body any
		if len(call.Body) > 0 {
			var b bytes.Buffer
			if err := json.Compact(&b, call.Body); err != nil {
				return nil, fmt.Errorf("body: %w", err)
			}
			body = json.RawMessage(b.Bytes())
		}
		switch method {
		case "GET":
			return c.Get(ctx, call.Template, vars)
		case "POST":
			return c.Post(ctx, call.Template, vars, body)
		case "PUT":
			return c.Put(ctx, call.Template, vars, body)
		case "PATCH":
			return c.Patch(ctx, call.Template, vars, body)
		default:
			return c.Delete(ctx, call.Template, vars, body)
		}
	}
}

// dispatchers has one entry per method of confluent.Client that talks to
// the registry.
var dispatchers = map[string]func(context.Context, *confluent.Client, fixtureCall) (any, error){
	"GetRoot": plain(func(ctx context.Context, c *confluent.Client, _ fixtureCall) (confluent.RawJSON, error) {
		return c.GetRoot(ctx)
	}),
	"GetSchemaTypes": plain(func(ctx context.Context, c *confluent.Client, _ fixtureCall) ([]confluent.SchemaType, error) {
		return c.GetSchemaTypes(ctx)
	}),

	// Cached methods (the replaying client has its caches off).
	"GetSchemaByID": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (*confluent.Schema, error) {
		return c.GetSchemaByID(ctx, call.ID)
	}),
	"GetSchemaByGUID": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (*confluent.Schema, error) {
		return c.GetSchemaByGUID(ctx, call.GUID)
	}),
	"GetSchemaBySubject": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (*confluent.SubjectSchema, error) {
		return c.GetSchemaBySubject(ctx, call.Subject, call.Version)
	}),
	"RegisterSchema": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (int, error) {
		return c.RegisterSchema(ctx, call.Subject, schemaArg(call))
	}),
	"LookupSchema": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (*confluent.SubjectSchema, error) {
		return c.LookupSchema(ctx, call.Subject, schemaArg(call))
	}),

	// Schemas.
	"FetchSchemaByID": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.GetSchemaByIDOptions) (*confluent.SchemaByID, error) {
		return c.FetchSchemaByID(ctx, call.ID, o)
	}),
	"FetchSchemaByGUID": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.GetSchemaByGUIDOptions) (*confluent.SchemaByID, error) {
		return c.FetchSchemaByGUID(ctx, call.GUID, o)
	}),
	"GetIDsByGUID": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) ([]confluent.ContextID, error) {
		return c.GetIDsByGUID(ctx, call.GUID)
	}),
	"GetRawSchemaByID": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.RawSchemaOptions) (string, error) {
		return c.GetRawSchemaByID(ctx, call.ID, o)
	}),
	"GetSubjectsByID": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.SchemaUsageOptions) ([]string, error) {
		return c.GetSubjectsByID(ctx, call.ID, o)
	}),
	"GetVersionsByID": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.SchemaUsageOptions) ([]confluent.SubjectVersion, error) {
		return c.GetVersionsByID(ctx, call.ID, o)
	}),
	"ListSchemas": withOpts(func(ctx context.Context, c *confluent.Client, _ fixtureCall, o confluent.ListSchemasOptions) ([]confluent.SubjectSchema, error) {
		return c.ListSchemas(ctx, o)
	}),
	// Schemas pages through GET /schemas; the result is every item.
	"Schemas": withOpts(func(ctx context.Context, c *confluent.Client, _ fixtureCall, o confluent.ListSchemasOptions) ([]confluent.SubjectSchema, error) {
		var all []confluent.SubjectSchema
		for s, err := range c.Schemas(ctx, o) {
			if err != nil {
				return all, err
			}
			all = append(all, s)
		}
		return all, nil
	}),

	// Subjects and versions.
	"ListSubjects": withOpts(func(ctx context.Context, c *confluent.Client, _ fixtureCall, o confluent.ListSubjectsOptions) ([]string, error) {
		return c.ListSubjects(ctx, o)
	}),
	"Lookup": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.LookupOptions) (*confluent.SubjectSchema, error) {
		return c.Lookup(ctx, call.Subject, schemaArg(call), o)
	}),
	"DeleteSubject": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.DeleteOptions) ([]int, error) {
		return c.DeleteSubject(ctx, call.Subject, o)
	}),
	"ListVersions": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.ListVersionsOptions) ([]int, error) {
		return c.ListVersions(ctx, call.Subject, o)
	}),
	"Register": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.RegisterOptions) (confluent.RegisterResult, error) {
		var r confluent.RegisterRequest
		if call.Request != nil {
			r = *call.Request
		}
		return c.Register(ctx, call.Subject, r, o)
	}),
	"GetVersion": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.GetVersionOptions) (*confluent.SubjectSchema, error) {
		return c.GetVersion(ctx, call.Subject, call.Version, o)
	}),
	"DeleteVersion": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.DeleteOptions) (int, error) {
		return c.DeleteVersion(ctx, call.Subject, call.Version, o)
	}),
	"GetRawSchemaByVersion": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.RawSchemaOptions) (string, error) {
		return c.GetRawSchemaByVersion(ctx, call.Subject, call.Version, o)
	}),
	"GetReferencedBy": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.ReferencedByOptions) ([]int, error) {
		return c.GetReferencedBy(ctx, call.Subject, call.Version, o)
	}),

	// Compatibility.
	"CheckCompatibility": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.CompatibilityOptions) (confluent.CompatibilityResult, error) {
		return c.CheckCompatibility(ctx, call.Subject, schemaArg(call), o)
	}),
	"CheckCompatibilityWithVersion": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.CompatibilityOptions) (confluent.CompatibilityResult, error) {
		return c.CheckCompatibilityWithVersion(ctx, call.Subject, call.Version, schemaArg(call), o)
	}),

	// Config.
	"GetGlobalConfig": withOpts(func(ctx context.Context, c *confluent.Client, _ fixtureCall, o confluent.GetConfigOptions) (confluent.Config, error) {
		return c.GetGlobalConfig(ctx, o)
	}),
	"GetConfig": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.GetConfigOptions) (confluent.Config, error) {
		return c.GetConfig(ctx, call.Subject, o)
	}),
	"UpdateGlobalConfig": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (confluent.Config, error) {
		return c.UpdateGlobalConfig(ctx, configArg(call))
	}),
	"UpdateConfig": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (confluent.Config, error) {
		return c.UpdateConfig(ctx, call.Subject, configArg(call))
	}),
	"DeleteGlobalConfig": plain(func(ctx context.Context, c *confluent.Client, _ fixtureCall) (confluent.Config, error) {
		return c.DeleteGlobalConfig(ctx)
	}),
	"DeleteConfig": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (confluent.Config, error) {
		return c.DeleteConfig(ctx, call.Subject)
	}),

	// Mode.
	"GetGlobalMode": withOpts(func(ctx context.Context, c *confluent.Client, _ fixtureCall, o confluent.GetModeOptions) (confluent.Mode, error) {
		return c.GetGlobalMode(ctx, o)
	}),
	"GetMode": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.GetModeOptions) (confluent.Mode, error) {
		return c.GetMode(ctx, call.Subject, o)
	}),
	"UpdateGlobalMode": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.UpdateModeOptions) (confluent.Mode, error) {
		return c.UpdateGlobalMode(ctx, call.Mode, o)
	}),
	"UpdateMode": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.UpdateModeOptions) (confluent.Mode, error) {
		return c.UpdateMode(ctx, call.Subject, call.Mode, o)
	}),
	"DeleteGlobalMode": withOpts(func(ctx context.Context, c *confluent.Client, _ fixtureCall, o confluent.DeleteModeOptions) (confluent.Mode, error) {
		return c.DeleteGlobalMode(ctx, o)
	}),
	"DeleteMode": withOpts(func(ctx context.Context, c *confluent.Client, call fixtureCall, o confluent.DeleteModeOptions) (confluent.Mode, error) {
		return c.DeleteMode(ctx, call.Subject, o)
	}),

	// Contexts.
	"ListContexts": withOpts(func(ctx context.Context, c *confluent.Client, _ fixtureCall, o confluent.ListContextsOptions) ([]string, error) {
		return c.ListContexts(ctx, o)
	}),
	"DeleteContext": plain(func(ctx context.Context, c *confluent.Client, call fixtureCall) (any, error) {
		return nil, c.DeleteContext(ctx, call.Context)
	}),

	// Any endpoint, through a URI template.
	"Get":    template("GET"),
	"Post":   template("POST"),
	"Put":    template("PUT"),
	"Patch":  template("PATCH"),
	"Delete": template("DELETE"),
}

func configArg(call fixtureCall) confluent.Config {
	if call.Config == nil {
		return confluent.Config{}
	}
	return *call.Config
}
